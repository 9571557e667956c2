/**
 * Export bindings as CSV (RFC 4180) or JSON. The CSV is safe to open in a spreadsheet: a cell
 * that would start a formula is prefixed with a single quote (OWASP "CSV injection" guidance),
 * judged by its first non-blank character, since spreadsheets skip leading blanks.
 * In the export columns (CSV and JSON alike; the JSON `raw` stays as the vendor sent it),
 * `bindId`, `phoneA`, `phoneB`, `pnsNumberA` and `pnsNumberB` keep only their digits 0-9 (no
 * leading '+' either: it would start a formula), and `appId` and `expireTime` are trimmed of
 * Unicode blanks.
 */
import type { BindingRecord } from './normalize';
import { capDepth } from './json';
import { bindingState, digitsOnly, formatInZone, inYears0To9999, isoString, type BindingState } from './state';

export interface ExportOptions {
  /** The moment the state (active / expiring / expired) is computed for, epoch ms. */
  now: number;
  /** "Expiring soon" threshold, hours. */
  expiringSoonHours: number;
  /** The vendor's zone, minutes east of UTC, for `expiresAtVendorZone`. */
  zoneOffsetMinutes: number;
  /** The app the records come from, when known (a record's own `appId` field wins). */
  appId?: string;
  /** CSV only: start with a UTF-8 byte order mark (U+FEFF), for Excel. Default false: no BOM. */
  bom?: boolean;
}

export const EXPORT_COLUMNS: readonly string[] = Object.freeze([
  'bindId',
  'appId',
  'phoneA',
  'phoneB',
  'pnsNumberA',
  'pnsNumberB',
  'mode',
  'expireTime',
  'expiresAt',
  'expiresAtVendorZone',
  'state',
]);

/** One exported binding: the columns in order (null where a value is unknown). */
export interface ExportRow {
  bindId: string;
  appId: string | null;
  phoneA: string;
  phoneB: string;
  pnsNumberA: string;
  pnsNumberB: string;
  mode: string;
  /** As the vendor sent it, with leading and trailing blanks (see BLANK) removed. */
  expireTime: string;
  /** ISO 8601 in UTC, e.g. "2023-10-22T01:00:00.000Z". */
  expiresAt: string | null;
  /** "2023-10-22 09:00:00 +08:00". */
  expiresAtVendorZone: string | null;
  state: BindingState;
}

/**
 * One blank: Unicode white space (space, TAB, CR, LF, NBSP, U+2000-U+200A, U+2028/2029,
 * U+202F, U+205F, U+3000, ...), control characters, and invisible format characters such as
 * the zero-width space U+200B, the BOM U+FEFF, U+200C-U+200F, U+180E and U+2060.
 */
const BLANK = '[\\p{White_Space}\\p{Cc}\\p{Cf}\\p{Default_Ignorable_Code_Point}]';
const LEADING_BLANKS = new RegExp(`^${BLANK}+`, 'u');
const TRAILING_BLANKS = new RegExp(`${BLANK}+$`, 'u');

/** A visible ASCII character (not a blank): the usual first and last character of a cell. */
function visibleAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

/** `v` without leading and trailing blanks. */
function trimBlanks(v: string): string {
  // Fast path (almost every value): nothing to trim at either end.
  if (v.length > 0 && visibleAscii(v.charCodeAt(0)) && visibleAscii(v.charCodeAt(v.length - 1))) return v;
  return v.replace(LEADING_BLANKS, '').replace(TRAILING_BLANKS, '');
}

function recordAppId(r: BindingRecord, fallback: string | undefined): string | null {
  const v = r.raw?.appId;
  if (typeof v === 'string' && trimBlanks(v) !== '') return trimBlanks(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return fallback === undefined ? null : trimBlanks(fallback);
}

/** The export columns of one record. */
export function exportRow(r: BindingRecord, o: ExportOptions): ExportRow {
  const at = r.expiresAt;
  const valid = validTime(at);
  return {
    bindId: digitsOnly(r.bindId),
    appId: recordAppId(r, o.appId),
    phoneA: digitsOnly(r.phoneA),
    phoneB: digitsOnly(r.phoneB),
    pnsNumberA: digitsOnly(r.pnsNumberA),
    pnsNumberB: digitsOnly(r.pnsNumberB),
    mode: r.mode,
    expireTime: trimBlanks(r.expireTime),
    expiresAt: valid ? isoString(at) : null,
    expiresAtVendorZone: valid ? formatInZone(at, o.zoneOffsetMinutes) : null,
    state: bindingState(valid ? at : null, o.now, o.expiringSoonHours),
  };
}

/** A TAB or CR at the very start, as OWASP lists them. */
const CONTROL_START = /^[\t\r]/;
/** What starts a formula once the blanks are skipped, ASCII or full-width (＝ ＋ － ＠). */
const FORMULA_CHAR = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A separator (',' or ';', which some locales use), a quote, CR, LF or TAB. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * One CSV field: a value starting with TAB or CR, or whose first non-blank character is =, +,
 * -, @ (or a full-width one), gets a leading ' (so a spreadsheet shows it as text instead of
 * running it), then the field is quoted when it holds a comma, a semicolon, a double quote,
 * TAB, CR or LF, with its double quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  let v = value ?? '';
  const first = v.charCodeAt(0);
  // Fast path (almost every cell): a visible ASCII first character is itself the first
  // non-blank one, so only = + - @ there can start a formula.
  const formula = visibleAscii(first) ? first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 : CONTROL_START.test(v) || FORMULA_CHAR.test(v.replace(LEADING_BLANKS, ''));
  if (formula) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The largest time value a Date holds (ECMAScript TimeClip): beyond it `new Date(t)` is invalid. */
const MAX_TIME_VALUE = 8.64e15;

/** Whether `at` is a readable expiry: what `!Number.isNaN(new Date(at).getTime())` says for a finite number, without the Date. */
function validTime(at: number | null): at is number {
  return at !== null && Number.isFinite(at) && Math.abs(at) <= MAX_TIME_VALUE;
}

/**
 * `value` when csvCell(trimBlanks(value)) is `value` itself, found in one pass: printable
 * ASCII only, no '"', ',' or ';', no blank at either end and no formula character first.
 * Anything else (rare) goes through trimBlanks and csvCell.
 */
function textCell(value: string): string {
  const n = typeof value === 'string' ? value.length : 0;
  if (n > 0) {
    const first = value.charCodeAt(0);
    if (first !== 0x20 && first !== 0x3d && first !== 0x2b && first !== 0x2d && first !== 0x40 && value.charCodeAt(n - 1) !== 0x20) {
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x2c || c === 0x3b) break;
      }
      if (i === n) return value;
    }
  }
  return csvCell(trimBlanks(value));
}

/**
 * The cells of a valid expiry's isoString and formatInZone: in the years 0000..9999 they start
 * with a digit and hold only digits, '-', ':', '.', ' ', 'T', 'Z' and the zone ('+08:00',
 * 'UTC'), which csvCell leaves as they are; any other year goes through csvCell.
 */
function isoCell(at: number): string {
  return inYears0To9999(at) ? isoString(at) : csvCell(isoString(at));
}

function zoneCell(at: number, offsetMinutes: number): string {
  const text = formatInZone(at, offsetMinutes);
  return inYears0To9999(at + offsetMinutes * 60_000) ? text : csvCell(text);
}

/** The appId cell of the last record (records of one export nearly always share it). */
let lastAppIdValue: unknown;
let lastAppIdFallback: string | undefined;
let lastAppIdCell: string | undefined;

/** csvCell(recordAppId(r, fallback) ?? ''), remembered for the last (value, fallback). */
function appIdCell(r: BindingRecord, fallback: string | undefined): string {
  const v = r.raw?.appId;
  if (lastAppIdCell !== undefined && v === lastAppIdValue && fallback === lastAppIdFallback) return lastAppIdCell;
  const cell = csvCell(recordAppId(r, fallback) ?? '');
  lastAppIdValue = v;
  lastAppIdFallback = fallback;
  lastAppIdCell = cell;
  return cell;
}

/**
 * One CSV line (no line end) of a record: exactly the cells of exportRow() through csvCell(),
 * joined by commas, without building the row object. The five digit columns (bindId, the
 * phones and the middle numbers) hold only 0-9 after digitsOnly(), which csvCell() leaves as
 * they are, and so do the mode (AXB, AXXB) and the state; the other cells take csvCell()'s
 * fast paths above (textCell, timeCell, appIdCell), which give what csvCell() gives.
 */
export function csvRow(r: BindingRecord, o: ExportOptions): string {
  const at = r.expiresAt;
  const valid = validTime(at);
  const mode = r.mode;
  return (
    digitsOnly(r.bindId) +
    ',' +
    appIdCell(r, o.appId) +
    ',' +
    digitsOnly(r.phoneA) +
    ',' +
    digitsOnly(r.phoneB) +
    ',' +
    digitsOnly(r.pnsNumberA) +
    ',' +
    digitsOnly(r.pnsNumberB) +
    ',' +
    (mode === 'AXXB' || mode === 'AXB' ? mode : csvCell(mode)) +
    ',' +
    textCell(r.expireTime) +
    ',' +
    (valid ? isoCell(at) : '') +
    ',' +
    (valid ? zoneCell(at, o.zoneOffsetMinutes) : '') +
    ',' +
    bindingState(valid ? at : null, o.now, o.expiringSoonHours)
  );
}

/**
 * Header + one row per record, fields separated by commas, lines ended by CRLF (the last one
 * too). No byte order mark unless `o.bom`.
 */
export function toCsv(records: readonly BindingRecord[], o: ExportOptions): string {
  const lines: string[] = [EXPORT_COLUMNS.map(csvCell).join(',')];
  for (const r of records) lines.push(csvRow(r, o));
  return (o.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}

/** One element of the JSON export: the export columns (null when unknown) plus `raw`, the record as the vendor sent it. */
export function jsonRow(r: BindingRecord, o: ExportOptions): ExportRow & { raw: unknown } {
  return { ...exportRow(r, o), raw: capDepth(r.raw) };
}

/** A pretty-printed JSON array of jsonRow()s. */
export function toJson(records: readonly BindingRecord[], o: ExportOptions): string {
  return JSON.stringify(
    records.map((r) => jsonRow(r, o)),
    null,
    2,
  );
}
