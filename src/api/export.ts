/**
 * Export bindings as CSV (RFC 4180) or JSON. The CSV is safe to open in a spreadsheet: a cell
 * that would start a formula is prefixed with a single quote (OWASP "CSV injection" guidance).
 */
import type { BindingRecord } from './normalize';
import { bindingState, formatInZone, type BindingState } from './state';

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
  /** Exactly as the vendor sent it. */
  expireTime: string;
  /** ISO 8601 in UTC, e.g. "2023-10-22T01:00:00.000Z". */
  expiresAt: string | null;
  /** "2023-10-22 09:00:00 +08:00". */
  expiresAtVendorZone: string | null;
  state: BindingState;
}

function recordAppId(r: BindingRecord, fallback: string | undefined): string | null {
  const v = r.raw?.appId;
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return fallback ?? null;
}

/** The export columns of one record. */
export function exportRow(r: BindingRecord, o: ExportOptions): ExportRow {
  const at = r.expiresAt;
  const valid = at !== null && Number.isFinite(at) && !Number.isNaN(new Date(at).getTime());
  return {
    bindId: r.bindId,
    appId: recordAppId(r, o.appId),
    phoneA: r.phoneA,
    phoneB: r.phoneB,
    pnsNumberA: r.pnsNumberA,
    pnsNumberB: r.pnsNumberB,
    mode: r.mode,
    expireTime: r.expireTime,
    expiresAt: valid ? new Date(at).toISOString() : null,
    expiresAtVendorZone: valid ? formatInZone(at, o.zoneOffsetMinutes) : null,
    state: bindingState(valid ? at : null, o.now, o.expiringSoonHours),
  };
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field: a value starting with =, +, -, @, TAB or CR gets a leading ' (so a
 * spreadsheet shows it as text instead of running it), then the field is quoted when it holds
 * a comma, a double quote, CR or LF, with its double quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  let v = value ?? '';
  if (FORMULA_START.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Header + one row per record, fields separated by commas, lines ended by CRLF (the last one
 * too). No byte order mark unless `o.bom`.
 */
export function toCsv(records: readonly BindingRecord[], o: ExportOptions): string {
  const lines: string[] = [EXPORT_COLUMNS.map(csvCell).join(',')];
  for (const r of records) {
    const row = exportRow(r, o) as unknown as Record<string, string | null>;
    lines.push(EXPORT_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(','));
  }
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
