/**
 * A set of pairs of phones (pairKey, src/api/pairs.ts) held as hashes: the health dashboard's
 * "calls without a live binding" looks calls up in it (the live bindings' pairs). Only the health
 * core uses it, so it is part of the dashboard's own bundle (dist/health.js).
 */
import { digitsOnly } from '../state';

/** Slots of an empty PairSet (a power of two). */
const FIRST_PAIR_SLOTS = 1024;
const TWO_POW_21 = 2_097_152;

// The two 32-bit lanes of the hash being computed (module state: no object per hash).
let lane1 = 0;
let lane2 = 0;

/** Feeds the characters of `s` to both lanes (FNV-1a, and a multiply-add). */
function feed(s: string): void {
  let h1 = lane1;
  let h2 = lane2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 + c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  lane1 = h1;
  lane2 = h2;
}

/** Both lanes mixed (murmur3's finaliser on each) into 53 bits, never 0. */
function finish(): number {
  let h1 = lane1;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  let h2 = lane2;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  const h = (h1 >>> 0) * TWO_POW_21 + (h2 >>> 11);
  return h === 0 ? 1 : h;
}

/**
 * A 53-bit hash of a pair key (pairKey's text), never 0. Two different keys share it with a
 * chance of about n / 2^53 per lookup among n keys.
 */
export function pairHash(key: string): number {
  lane1 = 0x811c9dc5;
  lane2 = 0x9747b28c;
  feed(key);
  return finish();
}

/** pairHash(pairKey(x, y)) without building the key; 0 when either has no digits. */
export function pairHashOf(x: string, y: string): number {
  const a = typeof x === 'string' ? digitsOnly(x) : '';
  const b = typeof y === 'string' ? digitsOnly(y) : '';
  if (a === '' || b === '') return 0;
  lane1 = 0x811c9dc5;
  lane2 = 0x9747b28c;
  feed(a < b ? a : b);
  feed('|');
  feed(a < b ? b : a);
  return finish();
}

/**
 * A bounded set of pairs of phones (pairKey), held as 53-bit hashes in an open-addressing table
 * of doubles: no string is kept. The table is at most half full and doubles when it must, so it
 * costs 16 to 32 bytes a pair (8 bytes a slot): 1,000,000 live bindings take 16 MB. A pair that
 * was never added is reported as present only when its hash collides with an added one (about
 * n / 2^53 per lookup). The health dashboard's "calls without a live binding" looks calls up in it.
 */
export class PairSet {
  #table = new Float64Array(FIRST_PAIR_SLOTS);
  #count = 0;

  /** Pairs held. */
  get size(): number {
    return this.#count;
  }

  /** Bytes the table takes now. */
  get bytes(): number {
    return this.#table.byteLength;
  }

  /** Adds the pair of `x` and `y` (either order; by digits); false when it was there or has no digits. */
  add(x: string, y: string): boolean {
    const h = pairHashOf(x, y);
    return h === 0 ? false : this.addHash(h);
  }

  /** Whether the pair of `x` and `y` was added (either order; by digits). */
  has(x: string, y: string): boolean {
    const h = pairHashOf(x, y);
    return h !== 0 && this.hasHash(h);
  }

  /** Adds a pairHash() value (not 0). */
  addHash(h: number): boolean {
    if ((this.#count + 1) * 2 > this.#table.length) this.#grow();
    const i = this.#slotOf(h);
    if (this.#table[i] === h) return false;
    this.#table[i] = h;
    this.#count++;
    return true;
  }

  /** Whether a pairHash() value was added (0 never is). */
  hasHash(h: number): boolean {
    return h !== 0 && this.#table[this.#slotOf(h)] === h;
  }

  /** The slot holding `h`, else the free slot where it would go (linear probing). */
  #slotOf(h: number): number {
    const t = this.#table;
    const mask = t.length - 1;
    let i = (h % 0x40000000) & mask;
    for (;;) {
      const v = t[i];
      if (v === h || v === 0) return i;
      i = (i + 1) & mask;
    }
  }

  #grow(): void {
    const old = this.#table;
    this.#table = new Float64Array(old.length * 2);
    for (let i = 0; i < old.length; i++) {
      const v = old[i];
      if (v !== 0) this.#table[this.#slotOf(v)] = v;
    }
  }
}
