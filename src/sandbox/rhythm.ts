/**
 * The daily rhythm of the sandbox's calls: when, before the anchor, a call starts, from one
 * uniform draw (records.ts hashes it), so that nights are quiet, days busy and weekends calmer
 * in the given zone.
 */
import { DAY_S } from './model';

const HOUR_S = 3_600;
/**
 * Relative call volume by hour of the day in the zone: quiet nights, busy days, a dip at lunch,
 * a long evening.
 */
const HOUR_WEIGHTS = [1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.2, 5.4, 5.8, 5.6, 4.6, 4.8, 5.5, 5.6, 5.4, 5.2, 4.8, 4.4, 3.8, 3.0, 2.3, 1.7];
/** Saturdays and Sundays carry this share of a weekday's calls. */
const WEEKEND_FACTOR = 0.6;
/** Entries of the guide table that starts the bucket search. */
const GUIDE = 4096;

/**
 * The start times' density over `days` days before the anchor, one bucket an hour of offset
 * (bucket i: offsets [i * HOUR_S, (i + 1) * HOUR_S)): HOUR_WEIGHTS by the local hour at the
 * bucket's middle, WEEKEND_FACTOR on Saturdays and Sundays, nothing within `marginS` (whole
 * hours) of either end. ~12 KB whatever the number of calls.
 */
export class Rhythm {
  /** cum[i] = the share of buckets 0..i */
  private readonly cum: Float64Array;
  /** guide[j] = the first bucket whose cum exceeds j / GUIDE */
  private readonly guide: Uint16Array;

  constructor(anchorS: number, zoneOffsetMinutes: number, days: number, marginS: number) {
    const buckets = (days * DAY_S) / HOUR_S;
    const empty = Math.ceil(marginS / HOUR_S);
    const cum = new Float64Array(buckets);
    let total = 0;
    for (let i = 0; i < buckets; i++) {
      const local = anchorS - i * HOUR_S - HOUR_S / 2 + zoneOffsetMinutes * 60;
      const hour = ((Math.floor(local / HOUR_S) % 24) + 24) % 24;
      const weekday = (((Math.floor(local / DAY_S) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
      const inMargin = i < empty || i >= buckets - empty;
      total += inMargin ? 0 : HOUR_WEIGHTS[hour] * (weekday === 0 || weekday === 6 ? WEEKEND_FACTOR : 1);
      cum[i] = total;
    }
    // x / x is exactly 1: the buckets after the last weighted one are never reached.
    for (let i = 0; i < buckets; i++) cum[i] /= total;
    const guide = new Uint16Array(GUIDE);
    for (let j = 0, i = 0; j < GUIDE; j++) {
      while (cum[i] <= j / GUIDE) i++;
      guide[j] = i;
    }
    this.cum = cum;
    this.guide = guide;
  }

  /** Seconds before the anchor for a uniform draw u in [0, 1). */
  offset(u: number): number {
    const { cum, guide } = this;
    let i = guide[Math.floor(u * GUIDE)];
    while (cum[i] <= u) i++;
    const before = i === 0 ? 0 : cum[i - 1];
    return i * HOUR_S + Math.min(HOUR_S - 1, Math.floor(((u - before) / (cum[i] - before)) * HOUR_S));
  }
}
