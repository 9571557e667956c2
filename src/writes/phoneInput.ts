/**
 * A phone number as Bind reads it from what was typed: digits by Find's own rule
 * (queryInputProblem / parseSearchQuery: spaces, '+', dashes, dots and brackets are ignored),
 * then whether they carry a country code:
 * - a leading '+' or '00' says so (and the number must be one of some country);
 * - otherwise, with laafficPns.defaultCountry set, a valid national number of that country is
 *   completed with its calling code (a leading trunk '0' dropped);
 * - otherwise digits that are a valid international number count as having one
 *   ("919876543210" is +91 98765 43210, the form the vendor itself uses);
 * - otherwise it is refused with a hint.
 * The country read is shown in the input box as it is typed.
 */
import * as vscode from 'vscode';
import { parseSearchQuery } from '../api';
import { countryName, formatNumber, parsePhoneDigits } from '../display/phone';
import { queryInputProblem } from '../commands/find';

export interface PhoneReading {
  /** With the country code, no '+': what is sent. */
  digits: string;
  /** Completed from laafficPns.defaultCountry. */
  completed: boolean;
  /** ISO country ("IN"), when the library knows it. */
  iso?: string;
}

export type PhoneCheck = { reading: PhoneReading; problem?: undefined } | { problem: string; reading?: undefined };

/** `input` as a phone number with its country code, or why it is not one. `defaultCode`: the calling code of laafficPns.defaultCountry ('' when unset). */
export function readPhone(input: string, defaultCode: string): PhoneCheck {
  const problem = queryInputProblem(input, 'exact');
  if (problem) return { problem };
  let digits = parseSearchQuery(input, 'exact').digits;
  const lead = input.trim().replace(/^[([\s]+/, '');
  const explicit = lead.startsWith('+') || lead.startsWith('00');
  if (!lead.startsWith('+') && lead.startsWith('00')) digits = digits.slice(2);
  if (digits.length > 20) return { problem: vscode.l10n.t('Too many digits for a phone number ({0}).', digits.length) };
  if (explicit) {
    const p = parsePhoneDigits(digits);
    return p ? { reading: { digits, completed: false, iso: p.iso } } : { problem: vscode.l10n.t('+{0} is no phone number of any country: check the country code and the length.', digits) };
  }
  const national = defaultCode ? parsePhoneDigits(defaultCode + digits.replace(/^0/, '')) : undefined;
  if (national?.valid) return { reading: { digits: national.callingCode + national.national, completed: true, iso: national.iso } };
  const intl = parsePhoneDigits(digits);
  if (intl?.valid) return { reading: { digits, completed: false, iso: intl.iso } };
  if (national) return { reading: { digits: national.callingCode + national.national, completed: true, iso: national.iso } };
  return {
    problem: defaultCode
      ? vscode.l10n.t('Not a number of +{0} (laafficPns.defaultCountry) nor one with a country code: start with + and the country code, e.g. +91 98765 43210.', defaultCode)
      : vscode.l10n.t('Start with + and the country code, e.g. +91 98765 43210, or set laafficPns.defaultCountry.'),
  };
}

/** "India · +91 98765 43210", with " — completed from laafficPns.defaultCountry" when it was. */
export function readingText(r: PhoneReading): string {
  const name = countryName(r.iso, vscode.env.language);
  const number = formatNumber(r.digits);
  const shown = name ? `${name} · ${number}` : number;
  return r.completed ? vscode.l10n.t('{0} — completed from laafficPns.defaultCountry', shown) : shown;
}

/**
 * The input box's check: an error while the text is no usable number, else the reading as an
 * Info message (the box accepts it). `other`: phone A's reading, for phone B (they must differ).
 */
export function phoneValidation(defaultCode: string, other?: PhoneReading): (v: string) => vscode.InputBoxValidationMessage | string | undefined {
  return (v) => {
    const r = readPhone(v, defaultCode);
    if (!r.reading) return r.problem;
    if (other && other.digits === r.reading.digits) return vscode.l10n.t('Phone B must differ from phone A.');
    return { message: readingText(r.reading), severity: vscode.InputBoxValidationSeverity.Info };
  };
}
