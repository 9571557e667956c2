/**
 * Request-field rules shared by the endpoint modules (numbers, bind, unbind): an app id, a
 * phone or middle number, a page query. Each returns the value to send or throws
 * PnsValidationError, so nothing is sent with a bad field.
 */
import { PnsValidationError } from '../errors';
import { appIdProblem } from '../appId';

export const MAX_PAGE_SIZE = 100;

export { appIdProblem };

/** A valid app id, trimmed, else PnsValidationError(field 'appId'). */
export function checkAppId(id: unknown): string {
  const problem = appIdProblem(id);
  if (problem) throw new PnsValidationError('appId', problem, 'Copy the app id from the Laaffic console.');
  return (id as string).trim();
}

/**
 * A phone or middle number as the vendor wants it: digits with the country code, no '+'.
 * Accepts an optional leading '+' and 6..20 digits (surrounding blanks trimmed).
 */
export function checkPhone(field: string, value: unknown, what: string): string {
  const s = typeof value === 'string' ? value.trim() : '';
  if (!/^\+?\d{6,20}$/.test(s)) {
    throw new PnsValidationError(field, `${what} must be 6 to 20 digits with the country code, optionally after a + (got ${typeof value === 'string' ? `${value.length} characters` : typeof value}).`, `Enter ${what.toLowerCase()} as digits with the country code, e.g. 915027021995.`);
  }
  return s.replace(/^\+/, '');
}

/** A page size 1..100, else PnsValidationError naming `field`. */
export function checkPageSize(size: unknown, field = 'size'): number {
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PnsValidationError(field, `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(size).slice(0, 20)}).`, `Set the page size (${field}) to a value from 1 to ${MAX_PAGE_SIZE}.`);
  }
  return size;
}

/** `current` 1..N and `size` 1..100, else PnsValidationError. */
export function checkPaging(current: unknown, size: unknown): { current: number; size: number } {
  if (typeof current !== 'number' || !Number.isSafeInteger(current) || current < 1) {
    throw new PnsValidationError('current', `The page number must be a whole number of at least 1 (got ${String(current).slice(0, 20)}).`, 'Ask for page 1 or later.');
  }
  return { current, size: checkPageSize(size) };
}
