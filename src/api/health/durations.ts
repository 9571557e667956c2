/**
 * Percentiles of call durations in bounded memory: a count per whole second up to a cap (exact
 * within it; a longer call counts as the cap), 4 bytes a second: 14,401 counters = 56 KB.
 */

/** Durations at or beyond this many seconds (4 h) count as it. */
export const DURATION_CAP_S = 14_400;

export class DurationHistogram {
  readonly #counts = new Uint32Array(DURATION_CAP_S + 1);
  #n = 0;

  /** Adds a duration in whole seconds (a fraction is cut); a negative or non-finite one is ignored. */
  add(seconds: number | null): void {
    if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return;
    this.#counts[Math.min(DURATION_CAP_S, Math.floor(seconds))]++;
    this.#n++;
  }

  get count(): number {
    return this.#n;
  }

  /**
   * The nearest-rank percentile: the value at rank ceil(p · n) (1-based) of the sorted
   * durations, so the median of an even count is the lower middle; null without durations.
   */
  percentile(p: number): number | null {
    if (this.#n === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.#n));
    let seen = 0;
    for (let s = 0; s <= DURATION_CAP_S; s++) {
      seen += this.#counts[s];
      if (seen >= rank) return s;
    }
    return DURATION_CAP_S;
  }
}
