/**
 * Sums of money as the vendor writes it (decimals as text), exactly: never a float sum. Each
 * amount is read as an integer of 10^-12 units (the vendor writes at most 12 decimals); amounts
 * with at most 6 decimals (the usual) are added as whole micro-units in a double (exact below
 * 2^53) and moved into a bigint before they could lose a digit.
 */

/** Units of 10^-12 per micro-unit. */
const MICRO_TO_PICO = 1_000_000n;
const PICO = 1_000_000_000_000n;
/** Whole micro-units a double holds exactly, with room for one more amount. */
const FLUSH_AT = 2 ** 52;
const PLAIN = /^(-?)(\d{1,15})(?:\.(\d{1,12}))?$/;

/** An amount in 10^-12 units, or undefined when the text is no decimal ('' included). */
export function parseAmount(text: string): bigint | undefined {
  if (typeof text !== 'string') return undefined;
  let s = text.trim();
  // A JSON number the core printed with String() may read "1e-7".
  if (/^-?\d+(\.\d+)?e[-+]?\d+$/i.test(s)) {
    const n = Number(s);
    if (!Number.isFinite(n) || Math.abs(n) >= 1e15) return undefined;
    s = n.toFixed(12);
  }
  const m = PLAIN.exec(s);
  if (!m) return undefined;
  const v = BigInt(m[2] + (m[3] ?? '').padEnd(12, '0'));
  return m[1] === '-' ? -v : v;
}

/** Micro-units of a plain decimal with at most 6 decimals and 9 whole digits, read without a regular expression; undefined otherwise. */
function quickMicro(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > 16) return undefined;
  let i = 0;
  let neg = false;
  if (s.charCodeAt(0) === 0x2d) {
    neg = true;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) break;
    const d = c - 0x30;
    if (d < 0 || d > 9 || ++digits > 9) return undefined;
    whole = whole * 10 + d;
  }
  if (digits === 0) return undefined;
  let frac = 0;
  let places = 0;
  if (i < n) {
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9 || ++places > 6) return undefined;
      frac = frac * 10 + d;
    }
    if (places === 0) return undefined;
  }
  for (let p = places; p < 6; p++) frac *= 10;
  const v = whole * 1_000_000 + frac;
  return neg ? -v : v;
}

/** A running exact sum of decimal amounts. */
export class DecimalSum {
  #micro = 0;
  #pico = 0n;

  /** Adds a decimal written as text; false (nothing added) when it is none. */
  add(text: string): boolean {
    const q = quickMicro(text);
    if (q !== undefined) {
      this.#micro += q;
      if (this.#micro >= FLUSH_AT || this.#micro <= -FLUSH_AT) this.#flush();
      return true;
    }
    const v = parseAmount(text);
    if (v === undefined) return false;
    this.#pico += v;
    return true;
  }

  /** The sum in 10^-12 units. */
  get pico(): bigint {
    return this.#pico + BigInt(this.#micro) * MICRO_TO_PICO;
  }

  #flush(): void {
    this.#pico += BigInt(this.#micro) * MICRO_TO_PICO;
    this.#micro = 0;
  }

  /** The sum as text: formatAmount(pico). */
  toString(): string {
    return formatAmount(this.pico);
  }
}

/** 10^-12 units as a decimal without trailing zeros ('0', '12.5', '-0.0031'). */
export function formatAmount(pico: bigint): string {
  const neg = pico < 0n;
  const a = neg ? -pico : pico;
  const whole = a / PICO;
  const frac = (a % PICO).toString().padStart(12, '0').replace(/0+$/, '');
  const text = frac === '' ? whole.toString() : `${whole.toString()}.${frac}`;
  return neg && a !== 0n ? `-${text}` : text;
}

/** n ÷ d rounded half away from zero (d ≠ 0). */
export function roundDiv(n: bigint, d: bigint): bigint {
  const neg = (n < 0n) !== (d < 0n);
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return neg ? -q : q;
}

/** 10^-12 units per whole unit (1). */
export const UNIT = PICO;
