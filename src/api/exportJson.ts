/**
 * One element of the streamed JSON export, written by hand: exactly what
 * `'  ' + JSON.stringify({ ...exportRow(r, o), raw: r.raw }, null, 2).replace(/\n/g, '\n  ')`
 * gives (toJson's element, indented once more), without the row object's copy, without one
 * stringify of the whole element and without a regular expression over all of its text.
 */
import type { BindingRecord } from './normalize';
import { EXPORT_COLUMNS, exportRow, type ExportOptions } from './export';
import { capDepth } from './json';

/** A string as JSON.stringify writes it: quoted as it is when nothing in it needs escaping. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, '"', '\' and surrogates (a lone one is escaped) take JSON.stringify.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
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
  const text = JSON.stringify(capDepth(raw), null, 2) as string | undefined;
  return text === undefined || !text.includes('\n') ? text : text.replace(/\n/g, '\n    ');
}

/** The element the generic way (a `raw` with a toJSON method of its own, or a column neither text nor null). */
function genericElement(r: BindingRecord, o: ExportOptions): string {
  return '  ' + JSON.stringify({ ...exportRow(r, o), raw: capDepth(r.raw) }, null, 2).replace(/\n/g, '\n  ');
}

/** What comes before each column's value in an element: its separator, indent and key. */
const COLUMN_STARTS = EXPORT_COLUMNS.map((column, i) => (i === 0 ? '\n    ' : ',\n    ') + quote(column) + ': ');

/**
 * One array element of the JSON export (no separator), indented by two: the export columns in
 * order (EXPORT_COLUMNS, the order exportRow writes them), then `raw`.
 */
export function jsonElement(r: BindingRecord, o: ExportOptions): string {
  const raw = r.raw as unknown;
  if (raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function') return genericElement(r, o);
  const row = exportRow(r, o) as unknown as Record<string, unknown>;
  let out = '  {';
  for (let i = 0; i < EXPORT_COLUMNS.length; i++) {
    const v = row[EXPORT_COLUMNS[i]];
    if (typeof v !== 'string' && v !== null) return genericElement(r, o);
    out += COLUMN_STARTS[i] + (v === null ? 'null' : quote(v));
  }
  const rawJson = rawText(raw);
  return out + (rawJson === undefined ? '' : ',\n    "raw": ' + rawJson) + '\n  }';
}
