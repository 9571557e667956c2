/**
 * A phone's country calling code ('1', '44', '91'): the first 1 to 3 digits that are an ITU
 * calling code, from libphonenumber-js's list (a prefix-free set: at most one prefix matches).
 * Three small tables, no string built per lookup: millions of phones cost a few milliseconds.
 * Bundling: this brings libphonenumber-js's min metadata (about 90 KB minified) into whichever
 * bundle holds the health core (dist/phoneLib.js holds the same metadata).
 */
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';

interface Tables {
  /** By the value of the first 1, 2 and 3 digits: 1 when that prefix is a calling code. */
  one: Uint8Array;
  two: Uint8Array;
  three: Uint8Array;
  /** The code's text by its value, per length. */
  text1: string[];
  text2: string[];
  text3: string[];
}

let tables: Tables | undefined;

function build(): Tables {
  const t: Tables = { one: new Uint8Array(10), two: new Uint8Array(100), three: new Uint8Array(1000), text1: [], text2: [], text3: [] };
  for (const country of getCountries()) {
    const code = String(getCountryCallingCode(country));
    if (!/^[1-9]\d{0,2}$/.test(code)) continue;
    const v = Number(code);
    const [flags, texts] = code.length === 1 ? [t.one, t.text1] : code.length === 2 ? [t.two, t.text2] : [t.three, t.text3];
    flags[v] = 1;
    texts[v] = code;
  }
  return t;
}

/** Every calling code known, as text (for tests and the page's legend). */
export function callingCodes(): string[] {
  const t = (tables ??= build());
  return [...t.text1, ...t.text2, ...t.text3].filter((c) => c !== undefined);
}

/**
 * The calling code a phone starts with, '' when none does. The phone is read as the vendor
 * writes it (country code first, no '+'); a leading '+' or '00' (the international prefix) is
 * skipped, and anything but digits ends the prefix.
 */
export function callingCode(phone: string): string {
  const t = (tables ??= build());
  if (typeof phone !== 'string') return '';
  let i = 0;
  const n = phone.length;
  if (i < n && phone.charCodeAt(i) === 0x2b) i++;
  else if (n > 2 && phone.charCodeAt(0) === 0x30 && phone.charCodeAt(1) === 0x30) i = 2;
  const d1 = i < n ? phone.charCodeAt(i) - 0x30 : -1;
  if (d1 < 1 || d1 > 9) return '';
  if (t.one[d1] === 1) return t.text1[d1];
  const d2 = i + 1 < n ? phone.charCodeAt(i + 1) - 0x30 : -1;
  if (d2 < 0 || d2 > 9) return '';
  const v2 = d1 * 10 + d2;
  if (t.two[v2] === 1) return t.text2[v2];
  const d3 = i + 2 < n ? phone.charCodeAt(i + 2) - 0x30 : -1;
  if (d3 < 0 || d3 > 9) return '';
  const v3 = v2 * 10 + d3;
  return t.three[v3] === 1 ? t.text3[v3] : '';
}
