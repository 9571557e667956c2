/**
 * Turns what the vendor sends into predictable records, tolerating every inconsistency of
 * its documentation: numeric or string ids and numbers, several expiry formats, size echoes
 * that differ from the request.
 */
import { PnsTransportError, PnsValidationError } from './errors';
import { allDigits } from './state';
import { capDepth } from './json';

export type BindingMode = 'AXB' | 'AXXB';

/** One binding as the client hands it out. Numbers are always strings. */
export interface BindingRecord {
  bindId: string;
  phoneA: string;
  phoneB: string;
  pnsNumberA: string;
  pnsNumberB: string;
  /** `expireTime` exactly as received, stringified ('' when absent). */
  expireTime: string;
  /** Expiry as epoch milliseconds, or null when `expireTime` could not be read. */
  expiresAt: number | null;
  /** AXB: one middle number for both sides; AXXB: two different ones. */
  mode: BindingMode;
  /** The record as the vendor sent it (big integers kept as strings). */
  raw: Readonly<Record<string, unknown>>;
}

export type BindPage = ListPage<BindingRecord>;

/** Minutes east of UTC for "+08:00", "-0530", "Z", "UTC". Throws PnsValidationError otherwise. */
export function parseZoneOffset(zone: string): number {
  const z = zone.trim();
  if (/^(z|utc|gmt)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) {
    throw new PnsValidationError(
      'expireTimeZone',
      `"${zone.slice(0, 40)}" is not a time zone offset.`,
      'Use an offset such as +08:00, -05:30 or Z for the time zone of the vendor\'s expiry times.',
    );
  }
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

const TEXT_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads an expiry as the vendor may send it: unix seconds (10 digits, or any number below
 * 1e11), milliseconds (12–14 digits), either as a number or a string, or text
 * "yyyy-MM-dd HH:mm[:ss]" in `zoneOffsetMinutes` unless the text names its own zone.
 * Returns epoch ms, or null when the value is absent or not a real time.
 */
export function parseExpireTime(value: unknown, zoneOffsetMinutes: number): number | null {
  if (typeof value === 'number') return fromEpochNumber(value);
  if (typeof value !== 'string') return null;
  if (value.length === 19) {
    const fast = fromPlainTextTime(value, zoneOffsetMinutes);
    if (fast !== undefined) return fast;
  }
  if (allDigits(value)) return fromEpochNumber(Number(value)); // unix seconds or ms as text, the other usual form
  const s = value.trim();
  if (s === '') return null;
  if (/^\d+(\.\d+)?$/.test(s)) return fromEpochNumber(Number(s));
  const m = TEXT_TIME.exec(s);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  if (d > daysInMonth(y, mo)) return null; // 2023-02-30
  const utc = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  let offset = zoneOffsetMinutes;
  if (m[8]) {
    try {
      offset = parseZoneOffset(m[8]);
    } catch {
      return null;
    }
  }
  return utc - offset * 60_000;
}

/**
 * The vendor's usual form, exactly "yyyy-MM-dd HH:mm:ss", read without a regular expression
 * (100 of them per page). Gives what the general path gives; undefined for any other shape.
 */
function fromPlainTextTime(s: string, zoneOffsetMinutes: number): number | null | undefined {
  if (s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(10) !== 0x20 || s.charCodeAt(13) !== 0x3a || s.charCodeAt(16) !== 0x3a) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  if (d > daysInMonth(y, mo)) return null;
  // Date.UTC reads the years 0-99 as 1900-1999; every other year by arithmetic (cheaper).
  const utc = y < 100 ? Date.UTC(y, mo - 1, d, h, mi, sec, 0) : daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000;
  return utc - zoneOffsetMinutes * 60_000;
}

/** Days from 1970-01-01 to the (proleptic Gregorian) date y-m-d, as Date.UTC counts them (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The number written by `length` ASCII digits at `start`, or -1. */
function digits(s: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function fromEpochNumber(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const ms = n < 1e11 ? n * 1000 : n < 1e14 ? n : NaN;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

/** A phone number, middle number or id as a string, never through a JS number that could round. */
export function digitsField(v: unknown): string | null {
  if (typeof v === 'string') return hasEdgeSpace(v) ? v.trim() : v;
  if (typeof v === 'number' && Number.isFinite(v)) {
    // Safe integers print exactly; anything else already lost digits in transit.
    return Number.isSafeInteger(v) ? String(v) : null;
  }
  if (typeof v === 'bigint') return v.toString();
  return null;
}

/** Whether trim() could change `s` (its first or last character is not plain visible ASCII). */
function hasEdgeSpace(s: string): boolean {
  if (s.length === 0) return false;
  const a = s.charCodeAt(0);
  const b = s.charCodeAt(s.length - 1);
  return a <= 0x20 || a >= 0x7f || b <= 0x20 || b >= 0x7f;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One raw record -> BindingRecord, or a string saying why it can't be used.
 * Fields other than bindId that are missing or of a strange type become '' (the record is
 * still shown); a record without a usable bindId cannot be identified and is skipped.
 */
export function normaliseRecord(raw: unknown, zoneOffsetMinutes: number): BindingRecord | string {
  if (!isPlainObject(raw)) return `a record is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not an object`;
  const bindId = digitsField(raw.bindId);
  if (bindId === null || bindId === '') return 'a record has no usable bindId';
  const pnsNumberA = digitsField(raw.pnsNumberA) ?? '';
  const pnsNumberB = digitsField(raw.pnsNumberB) ?? '';
  const e = raw.expireTime;
  const expireTime = e === undefined || e === null ? '' : typeof e === 'string' ? e : typeof e === 'object' ? JSON.stringify(capDepth(e)) : String(e);
  return {
    bindId,
    phoneA: digitsField(raw.phoneA) ?? '',
    phoneB: digitsField(raw.phoneB) ?? '',
    pnsNumberA,
    pnsNumberB,
    expireTime,
    expiresAt: parseExpireTime(e, zoneOffsetMinutes),
    mode: pnsNumberA === pnsNumberB ? 'AXB' : 'AXXB',
    raw,
  };
}

/** A non-negative safe integer from a number or numeric string, else null. */
export function count(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** One page of any of the vendor's paged lists, normalised. */
export interface ListPage<R> {
  /** Total records the server reports (or, when it reports none usable, what was seen so far). */
  total: number;
  /** False when the server's `total` was missing or unusable. */
  totalReported: boolean;
  /** The page size that was requested (the vendor's echo is not trusted). */
  size: number;
  /** The page number that was requested. */
  current: number;
  /** Pages at the requested size: ceil(total / size). */
  pages: number;
  records: R[];
  /** Records that could not be used (not an object, no id). */
  skipped: number;
  /** Oddities in the reply worth logging (size echo differs, total missing, …). */
  warnings: string[];
  /** Size of the reply body in characters, when it came over the network (the page stream caps their total). */
  replyChars?: number;
}

/**
 * Validates and normalises the `data` of a queryBindPage reply for the page that was asked
 * for. Throws PnsTransportError('invalid-response') when the shape is unusable.
 */
export function normaliseBindPage(
  data: unknown,
  request: { current: number; size: number },
  zoneOffsetMinutes: number,
  host: string,
): BindPage {
  return normaliseListPage(data, request, host, 'queryBindPage', (r) => normaliseRecord(r, zoneOffsetMinutes));
}

/**
 * The `data` of any paged reply (`{ total, size, current, pages, records }`) for the page that
 * was asked for, each record through `normaliseOne` (a string = why it was skipped). The
 * request, not the echo, gives size and page; an unusable total is replaced by what was seen.
 * Throws PnsTransportError('invalid-response') when the shape is unusable.
 */
export function normaliseListPage<R>(
  data: unknown,
  request: { current: number; size: number },
  host: string,
  endpoint: string,
  normaliseOne: (raw: unknown) => R | string,
): ListPage<R> {
  const invalid = (what: string) =>
    new PnsTransportError(
      'invalid-response',
      `The server's reply to ${endpoint} is not usable: ${what}.`,
      'Check that baseUrl points at the Laaffic API (…/v3). If it does, the vendor sent a malformed reply: try again later.',
      { host, retryable: false },
    );
  if (data === undefined || data === null) throw invalid('it has no data');
  if (!isPlainObject(data)) throw invalid(`its data is ${Array.isArray(data) ? 'an array' : `a ${typeof data}`}, not an object`);

  const warnings: string[] = [];
  const { current, size } = request;
  const reportedTotal = count(data.total);
  let rawRecords: unknown[];
  if (Array.isArray(data.records)) rawRecords = data.records;
  else if ((data.records === undefined || data.records === null) && (reportedTotal === 0 || reportedTotal !== null && reportedTotal <= (current - 1) * size)) rawRecords = [];
  else if (data.records === undefined || data.records === null) throw invalid('it has no records list');
  else throw invalid(`its records are ${typeof data.records}, not a list`);
  if (rawRecords.length > size) {
    // A page larger than asked for is not a page: a broken or hostile server could hand over
    // any number of records this way (220,000 for a size of 50 was seen), past every cap of the page stream.
    throw new PnsTransportError(
      'invalid-response',
      `The server's reply to ${endpoint} is not usable: it sent ${rawRecords.length} records for a page of ${size}.`,
      'A server that does not keep to the page size cannot be read safely. Check that baseUrl points at the Laaffic API (…/v3); if it does, report the reply to the vendor.',
      { host, retryable: false },
    );
  }

  const records: R[] = [];
  let skipped = 0;
  for (const r of rawRecords) {
    const rec = normaliseOne(r);
    if (typeof rec === 'string') {
      skipped++;
      if (skipped <= 3) warnings.push(`skipped ${rec}`);
    } else records.push(rec);
  }
  if (skipped > 3) warnings.push(`skipped ${skipped} unusable records in all`);

  const echoedSize = count(data.size);
  if (echoedSize !== null && echoedSize !== size) warnings.push(`the server echoed size ${echoedSize} for a request of ${size}`);
  const echoedCurrent = count(data.current);
  if (echoedCurrent !== null && echoedCurrent !== current) warnings.push(`the server echoed page ${echoedCurrent} for a request of page ${current}`);

  const seenSoFar = (current - 1) * size + rawRecords.length;
  let total: number;
  let totalReported = true;
  if (reportedTotal === null) {
    totalReported = false;
    total = seenSoFar;
    warnings.push(`the server's total (${JSON.stringify(data.total)?.slice(0, 30)}) is not a count`);
  } else total = reportedTotal;
  const pages = Math.max(Math.ceil(total / size), totalReported ? 0 : current);
  return { total, totalReported, size, current, pages, records, skipped, warnings };
}
