/** The one module that loads libphonenumber-js; phone.ts require()s it lazily, and it is a bundle of its own. */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/** "91", "7414913233", "+91 74149 13233", "IN" (undefined for non-geographic numbers). */
export interface ParsedPhone {
  callingCode: string;
  national: string;
  international: string;
  iso: string | undefined;
  /** Whether the digits are a valid number of that country, not just of a possible length (Bind's reading of typed numbers). */
  valid: boolean;
}

/** `digits` (with the country code, no '+') as the library reads it, or undefined when it can't. */
export function parsePhone(digits: string): ParsedPhone | undefined {
  const p = parsePhoneNumberFromString(`+${digits}`, metadata);
  if (!p || !p.isPossible()) return undefined;
  return { callingCode: p.countryCallingCode, national: p.nationalNumber, international: p.formatInternational(), iso: p.country, valid: p.isValid() };
}

/** The library's metadata, for another bundle that needs its country calling codes without a second copy (dist/health.js; scripts/build.mjs). */
export { metadata as phoneMetadata };
