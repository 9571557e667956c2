/**
 * A call's or a binding's two customer phones as one key, whichever side is which: a call
 * belongs to a binding when {caller, called} is {phone A, phone B} (compared by digits).
 */
import { digitsOnly } from './state';

/** The unordered pair of two numbers' digits, e.g. "447700900123|919876543210"; '' when either has no digits. */
export function pairKey(x: string, y: string): string {
  const a = typeof x === 'string' ? digitsOnly(x) : '';
  const b = typeof y === 'string' ? digitsOnly(y) : '';
  if (a === '' || b === '') return '';
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}
