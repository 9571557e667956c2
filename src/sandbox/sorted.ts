/** Binary search helpers for ascending number arrays (the overlay's deleted positions, the checkpoints). */

/** Where `x` goes in the ascending `xs` (the first index with xs[i] >= x). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when the ascending `sorted` contains `x`. */
export function has(sorted: number[], x: number): boolean {
  const i = lowerBound(sorted, x);
  return i < sorted.length && sorted[i] === x;
}

/** Inserts `x` into the ascending `sorted`, keeping it ascending. */
export function insertSorted(sorted: number[], x: number): void {
  sorted.splice(lowerBound(sorted, x), 0, x);
}
