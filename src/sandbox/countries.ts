/** The countries the sandbox's numbers come from. Every draw, and its order, is part of the seeded data: do not reorder. */
import type { Random } from './prng';

export interface Country {
  /** calling code, no '+' */
  ccode: string;
  iso: string;
  name: string;
  /** a plausible national mobile number (without the calling code) */
  mobile(r: Random): string;
  /** The same draws as `mobile`, the whole number as a JS number (at most 15 digits, no leading 0: equal exactly when the strings are). */
  mobileValue(r: Random): number;
}

/**
 * A mobile number written as lead + one of `choices` (if any) + mid + `digits` random digits
 * (a fixed count, or r.int(min, max) drawn after the choice).
 */
interface MobileShape {
  lead?: string;
  choices?: readonly string[];
  mid?: string;
  digits: number | readonly [number, number];
}

function country(ccode: string, iso: string, name: string, shape: MobileShape): Country {
  const { lead = '', choices, mid = '', digits } = shape;
  const heads = (choices ?? ['']).map((c) => lead + c + mid);
  const headValues = heads.map((h) => Number(ccode + h));
  const count = (r: Random): number => (typeof digits === 'number' ? digits : r.int(digits[0], digits[1]));
  const headIndex = (r: Random): number => (choices ? Math.floor(r.float() * choices.length) : 0); // = r.pick(choices)
  return {
    ccode,
    iso,
    name,
    mobile: (r) => {
      const head = heads[headIndex(r)];
      return head + r.digits(count(r));
    },
    mobileValue: (r) => {
      let v = headValues[headIndex(r)];
      for (let n = count(r); n > 0; n--) v = v * 10 + Math.floor(r.float() * 10); // = r.digits(n)
      return v;
    },
  };
}

/** Countries the generated numbers come from; app i mostly uses COUNTRIES[i % n]. */
export const COUNTRIES: readonly Country[] = [
  country('91', 'IN', 'India', { choices: ['6', '7', '8', '9'], digits: 9 }),
  country('62', 'ID', 'Indonesia', { lead: '8', choices: ['1', '5', '7', '9'], digits: [7, 9] }),
  country('63', 'PH', 'Philippines', { lead: '9', digits: 9 }),
  country('55', 'BR', 'Brazil', { choices: ['11', '21', '31', '41', '51', '61', '71', '81'], mid: '9', digits: 8 }),
  country('52', 'MX', 'Mexico', { choices: ['55', '33', '81'], digits: 8 }),
  country('234', 'NG', 'Nigeria', { choices: ['70', '80', '81', '90', '91'], digits: 8 }),
  country('880', 'BD', 'Bangladesh', { lead: '1', choices: ['3', '4', '5', '6', '7', '8', '9'], digits: 8 }),
  country('84', 'VN', 'Vietnam', { choices: ['3', '7', '8', '9'], digits: 8 }),
];
