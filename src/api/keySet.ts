/**
 * The stream's de-duplication set for a million ids: positive safe integers (what compactKey makes
 * of ids) in an open-addressing table of doubles, anything else in a Set. No entry object per key
 * and one probe sequence per add: at 1,000,000 bindings a Set of numbers boxes every key on the
 * heap and the export's CPU per page is ~10 % higher (scripts/bench-compare.mjs).
 */
/** A de-duplication key (see compactKey in pages.ts). */
export type PageKey = string | number;

/** Slots of an empty table (a power of two). */
const FIRST_SLOTS = 1024;

/** Adds and counts like a Set<PageKey>; 0 marks a free slot of the table, so 0 goes to the Set. */
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
