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
import { bindingState, digitsOnly, formatInZone, isoString, type BindingState } from './state';

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
  const valid = at !== null && Number.isFinite(at) && !Number.isNaN(new Date(at).getTime());
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

/**
 * One CSV line (no line end) of a record: exactly the cells of exportRow() through csvCell(),
 * joined by commas, without building the row object. The five digit columns (bindId, the
 * phones and the middle numbers) hold only 0-9 after digitsOnly(), which csvCell() leaves as
 * they are; every other cell goes through csvCell().
 */
export function csvRow(r: BindingRecord, o: ExportOptions): string {
  const at = r.expiresAt;
  const valid = at !== null && Number.isFinite(at) && !Number.isNaN(new Date(at).getTime());
  const appId = recordAppId(r, o.appId);
  return (
    digitsOnly(r.bindId) +
    ',' +
    csvCell(appId ?? '') +
    ',' +
    digitsOnly(r.phoneA) +
    ',' +
    digitsOnly(r.phoneB) +
    ',' +
    digitsOnly(r.pnsNumberA) +
    ',' +
    digitsOnly(r.pnsNumberB) +
    ',' +
    csvCell(r.mode) +
    ',' +
    csvCell(trimBlanks(r.expireTime)) +
    ',' +
    (valid ? csvCell(isoString(at)) : '') +
    ',' +
    (valid ? csvCell(formatInZone(at, o.zoneOffsetMinutes)) : '') +
    ',' +
    csvCell(bindingState(valid ? at : null, o.now, o.expiringSoonHours))
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

/** A pretty-printed JSON array: per binding the export columns (null when unknown) plus `raw`, the record as the vendor sent it. */
export function toJson(records: readonly BindingRecord[], o: ExportOptions): string {
  return JSON.stringify(
    records.map((r) => ({ ...exportRow(r, o), raw: r.raw })),
    null,
    2,
  );
}
