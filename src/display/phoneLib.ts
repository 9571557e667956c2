/**
 * The one module that loads libphonenumber-js (its `core` functions with the `min` metadata).
 * Nothing imports it: phone.ts require()s it when it formats its first number, so activation
 * never pays for it, and scripts/build.mjs writes it to a bundle of its own (dist/phoneLib.js),
 * so that dist/extension.js stays small. No vscode import.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/** A number the library understood. */
export interface ParsedPhone {
  /** The country calling code, e.g. "91". */
  callingCode: string;
  /** The national significant number, e.g. "7414913233". */
  national: string;
  /** International format, e.g. "+91 74149 13233". */
  international: string;
  /** ISO 3166 country, e.g. "IN"; undefined for non-geographic or unassigned numbers. */
  iso: string | undefined;
}

/** `digits` (with the country code, no '+') as the library reads it, or undefined when it can't. */
export function parsePhone(digits: string): ParsedPhone | undefined {
  const p = parsePhoneNumberFromString(`+${digits}`, metadata);
  if (!p || !p.isPossible()) return undefined;
  return { callingCode: p.countryCallingCode, national: p.nationalNumber, international: p.formatInternational(), iso: p.country };
}
