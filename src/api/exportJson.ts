/**
 * One element of the streamed JSON export, written by hand: exactly what
 * `'  ' + JSON.stringify({ ...exportRow(r, o), raw: r.raw }, null, 2).replace(/\n/g, '\n  ')`
 * gives (toJson's element, indented once more), without the row object's copy, without one
 * stringify of the whole element and without a regular expression over all of its text.
 */
import type { BindingRecord } from './normalize';
import { exportRow, type ExportOptions } from './export';

/** A string as JSON.stringify writes it: quoted as it is when nothing in it needs escaping. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, '"', '\' and surrogates (a lone one is escaped) take JSON.stringify.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/** A column's value: a string, or null when unknown. */
function value(v: string | null): string {
  return v === null ? 'null' : quote(v);
}

/**
 * `raw` as the element holds it: JSON.stringify(raw, null, 2) with every line after the first
 * indented by four more. A flat object of strings, numbers, booleans and nulls (the vendor's
 * record) is written by hand; anything else (nested values, a toJSON, …) through
 * JSON.stringify. undefined when JSON.stringify gives nothing (the key is then left out).
 */
function rawText(raw: unknown): string | undefined {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && typeof (raw as { toJSON?: unknown }).toJSON !== 'function') {
    const o = raw as Record<string, unknown>;
    let out = '';
    for (const k of Object.keys(o)) {
      const v = o[k];
      let text: string;
      if (typeof v === 'string') text = quote(v);
      else if (typeof v === 'number') text = Number.isFinite(v) ? String(v) : 'null';
      else if (typeof v === 'boolean') text = v ? 'true' : 'false';
      else if (v === null) text = 'null';
      else if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue; // left out, as JSON.stringify does
      else return generic(raw);
      out += (out === '' ? '{\n      ' : ',\n      ') + quote(k) + ': ' + text;
    }
    return out === '' ? '{}' : out + '\n    }';
  }
  return generic(raw);
}

/** `raw` through JSON.stringify, one level deeper (JSON.stringify breaks lines only between tokens, never inside a string). */
function generic(raw: unknown): string | undefined {
  const text = JSON.stringify(raw, null, 2) as string | undefined;
  return text === undefined || !text.includes('\n') ? text : text.replace(/\n/g, '\n    ');
}

/** The element the generic way (a `raw` with a toJSON method of its own, or a column that is not text). */
function genericElement(r: BindingRecord, o: ExportOptions): string {
  return '  ' + JSON.stringify({ ...exportRow(r, o), raw: r.raw }, null, 2).replace(/\n/g, '\n  ');
}

/** One array element of the JSON export (no separator), indented by two. */
export function jsonElement(r: BindingRecord, o: ExportOptions): string {
  const row = exportRow(r, o);
  const raw = r.raw as unknown;
  if (
    typeof row.bindId !== 'string' ||
    typeof row.phoneA !== 'string' ||
    typeof row.phoneB !== 'string' ||
    typeof row.pnsNumberA !== 'string' ||
    typeof row.pnsNumberB !== 'string' ||
    typeof row.mode !== 'string' ||
    typeof row.expireTime !== 'string' ||
    (raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function')
  ) {
    return genericElement(r, o);
  }
  const rawJson = rawText(raw);
  return (
    '  {\n    "bindId": ' +
    quote(row.bindId) +
    ',\n    "appId": ' +
    value(row.appId) +
    ',\n    "phoneA": ' +
    quote(row.phoneA) +
    ',\n    "phoneB": ' +
    quote(row.phoneB) +
    ',\n    "pnsNumberA": ' +
    quote(row.pnsNumberA) +
    ',\n    "pnsNumberB": ' +
    quote(row.pnsNumberB) +
    ',\n    "mode": ' +
    quote(row.mode) +
    ',\n    "expireTime": ' +
    quote(row.expireTime) +
    ',\n    "expiresAt": ' +
    value(row.expiresAt) +
    ',\n    "expiresAtVendorZone": ' +
    value(row.expiresAtVendorZone) +
    ',\n    "state": ' +
    quote(row.state) +
    (rawJson === undefined ? '' : ',\n    "raw": ' + rawJson) +
    '\n  }'
  );
}
