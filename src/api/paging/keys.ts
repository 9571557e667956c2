/**
 * De-duplication keys that stay small at a million items: an id of 1 to 15 digits without a
 * leading zero becomes a number (a Set of numbers takes a fraction of the memory of a Set of
 * strings); anything else stays the string. A number never equals a string in a Set, and
 * only canonical digit strings become numbers, so two different ids never share a key.
 */
import type { PageKey } from './pool';

const SMALL_ID = /^[1-9]\d{0,14}$/;

export function compactKey(id: string): PageKey {
  return SMALL_ID.test(id) ? Number(id) : id;
}
