/**
 * Whose calls: the one place a call record is matched to what the user asked about. The vendor
 * filters call records only by time (number/record/queryPage), so callRecordsFor reads every
 * record of the window and keeps those this predicate accepts:
 * - a binding: caller, called or the middle number has the digits of one of its numbers
 *   (the details panel passes phones A and B: middle numbers are shared across the pool);
 * - an app: the record's `appId` is that app id (exactly, surrounding blanks ignored);
 * - a middle number: the record's `number` (the number the call went through) has its digits;
 * - a phone (Find Calls by Number): the caller or the called party has its digits (never the
 *   middle number: middle numbers are shared and never name a customer).
 * The predicate reads the fields as `unknown`: anything that is not a string (a JSON number an
 * un-normalised record might carry, an object, an array) never matches and never throws.
 */
import { appIdProblem } from '../appId';
import { PnsValidationError } from '../errors';
import { digitsOnly } from '../state';

export type CallScope =
  /** A binding's numbers (phones; middle numbers too if passed), compared by digits with caller, called and number. */
  | { kind: 'binding'; numbers: readonly string[] }
  /** Every call whose record names this app. */
  | { kind: 'app'; appId: string }
  /** Every call through this middle number. */
  | { kind: 'number'; number: string }
  /** Every call a customer's phone made or received (caller or called; the middle number never matches). */
  | { kind: 'phone'; phone: string };

/** The fields of a call record a predicate reads (a CallRecord has them as strings). */
export interface CallFields {
  caller?: unknown;
  called?: unknown;
  number?: unknown;
  appId?: unknown;
}

export type CallPredicate = (r: CallFields) => boolean;

/** A phone or middle number has at most this many characters (longer text is no number). */
const MAX_NUMBER_CHARS = 64;
/** Digits a middle number of a scope may have (E.164 has at most 15; a national form a few less). */
export const MIN_NUMBER_DIGITS = 3;
export const MAX_NUMBER_DIGITS = 20;

/** The digits of a number as a record or a scope carries it; '' for anything else. */
function digitsOf(v: unknown): string {
  if (typeof v !== 'string' || v.length > MAX_NUMBER_CHARS) return '';
  return digitsOnly(v);
}

/**
 * The predicate of a scope, or PnsValidationError when the scope cannot match anything sensibly
 * (no digits, an app id that is not one, a middle number that is too short or too long): then
 * nothing is read.
 */
export function callPredicate(scope: CallScope): CallPredicate {
  const s = scope as unknown;
  if (typeof s !== 'object' || s === null) throw new PnsValidationError('scope', 'Whose calls to show is missing.', 'Pass a binding\'s numbers, an app id or a middle number.');
  const kind = (s as { kind?: unknown }).kind;
  if (kind === 'binding') {
    const list = (s as { numbers?: unknown }).numbers;
    const wanted = new Set((Array.isArray(list) ? list : []).map(digitsOf).filter((d) => d !== ''));
    if (wanted.size === 0) {
      throw new PnsValidationError('numbers', 'No number to look for: call records are matched by the digits of the binding\'s numbers.', 'Pass the binding\'s phones and middle numbers.');
    }
    const has = (v: unknown) => {
      const d = digitsOf(v);
      return d !== '' && wanted.has(d);
    };
    return (r) => has(r.caller) || has(r.called) || has(r.number);
  }
  if (kind === 'app') {
    const appId = (s as { appId?: unknown }).appId;
    const problem = appIdProblem(appId);
    if (problem !== undefined) throw new PnsValidationError('appId', `Cannot look for the calls of that app: ${problem}`, 'Pass the app id as the settings have it.');
    const want = (appId as string).trim();
    return (r) => typeof r.appId === 'string' && r.appId.length <= 200 && r.appId.trim() === want;
  }
  if (kind === 'number') {
    const want = digitsOf((s as { number?: unknown }).number);
    if (want.length < MIN_NUMBER_DIGITS || want.length > MAX_NUMBER_DIGITS) {
      throw new PnsValidationError('number', `A middle number has ${MIN_NUMBER_DIGITS} to ${MAX_NUMBER_DIGITS} digits; cannot look for the calls of that one.`, 'Pass the middle number as the Numbers list shows it.');
    }
    return (r) => digitsOf(r.number) === want;
  }
  if (kind === 'phone') {
    const want = digitsOf((s as { phone?: unknown }).phone);
    if (want.length < MIN_NUMBER_DIGITS || want.length > MAX_NUMBER_DIGITS) {
      throw new PnsValidationError('phone', `A phone number has ${MIN_NUMBER_DIGITS} to ${MAX_NUMBER_DIGITS} digits; cannot look for the calls of that one.`, 'Type the phone number with its country code, e.g. +91 98765 43210.');
    }
    return (r) => digitsOf(r.caller) === want || digitsOf(r.called) === want;
  }
  throw new PnsValidationError('scope', 'Whose calls to show is not a binding, an app, a middle number or a phone.', 'Pass { kind: \'binding\' | \'app\' | \'number\' | \'phone\', … }.');
}
