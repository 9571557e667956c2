/**
 * De-duplication keys that stay small at a million items: an id of 1 to 15 digits without a
 * leading zero becomes a number (a Set of numbers takes a fraction of the memory of a Set of
 * strings); anything else stays the string. A number never equals a string in a Set, and
 * only canonical digit strings become numbers, so two different ids never share a key.
 * KeySet holds the keys of a pass.
 */
import type { PageKey } from './pool';

const SMALL_ID = /^[1-9]\d{0,14}$/;

export function compactKey(id: string): PageKey {
  if (typeof id !== 'string') return SMALL_ID.test(id) ? Number(id) : id;
  // What SMALL_ID says, in one look at each character (once per item of every page).
  const n = id.length;
  if (n === 0 || n > 15) return id;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9 || (i === 0 && d === 0)) return id;
    value = value * 10 + d; // exact: below 10^15 < 2^53
  }
  return value;
}

/** Slots of an empty table (a power of two). */
const FIRST_SLOTS = 1024;

/**
 * A set of keys, as a Set<PageKey> with SameValueZero, but with the positive safe integers
 * (what compactKey makes of ids) in an open-addressing table of doubles: no entry objects and
 * one probe sequence per key instead of Set's has + add, a few times cheaper at a million keys,
 * and 8 to 16 bytes per key. 0 marks a free slot, so 0 and every other key go to a Set.
 */
export class KeySet {
  #table = new Float64Array(FIRST_SLOTS);
  #count = 0;
  #other: Set<PageKey> | undefined;

  /** Keys held. */
  get size(): number {
    return this.#count + (this.#other?.size ?? 0);
  }

  /** Adds `k`; false when it was there already. */
  add(k: PageKey): boolean {
    if (isTableKey(k)) return this.#addInteger(k);
    const other = (this.#other ??= new Set<PageKey>());
    const before = other.size;
    other.add(k);
    return other.size !== before;
  }

  has(k: PageKey): boolean {
    if (isTableKey(k)) return this.#table[this.#slotOf(k)] === k;
    return this.#other?.has(k) ?? false;
  }

  clear(): void {
    this.#table = new Float64Array(FIRST_SLOTS);
    this.#count = 0;
    this.#other = undefined;
  }

  #addInteger(k: number): boolean {
    // At most half full, so a free slot is always near.
    if ((this.#count + 1) * 2 > this.#table.length) this.#grow();
    const i = this.#slotOf(k);
    if (this.#table[i] === k) return false;
    this.#table[i] = k;
    this.#count++;
    return true;
  }

  /** The slot holding `k`, or the free slot where it would go (linear probing). */
  #slotOf(k: number): number {
    const t = this.#table;
    const mask = t.length - 1;
    let i = slot(k) & mask;
    while (t[i] !== k && t[i] !== 0) i = (i + 1) & mask;
    return i;
  }

  #grow(): void {
    const old = this.#table;
    const t = new Float64Array(old.length * 2);
    const mask = t.length - 1;
    for (let j = 0; j < old.length; j++) {
      const v = old[j];
      if (v === 0) continue;
      let i = slot(v) & mask;
      while (t[i] !== 0) i = (i + 1) & mask;
      t[i] = v;
    }
    this.#table = t;
  }
}

/** A key the table holds: a positive safe integer (0 marks a free slot). */
function isTableKey(k: PageKey): k is number {
  return typeof k === 'number' && k > 0 && k <= Number.MAX_SAFE_INTEGER && Math.floor(k) === k;
}

/** A well-mixed 32-bit hash of a positive safe integer (both halves of it count). */
function slot(k: number): number {
  const low = k >>> 0;
  const high = (k / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
