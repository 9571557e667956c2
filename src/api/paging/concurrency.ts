/**
 * The page pool's adaptive concurrency: when the server pushes back, the pool lowers its
 * concurrency for the rest of the run (all passes) and holds every new request back for the
 * wait. It halves it on "too frequent" (throttle: -15, HTTP 429) and takes one step down on
 * overload (HTTP 5xx, timeouts, network errors), never below half the starting concurrency
 * for an overload, never below 1 for a throttle.
 */

/** The pool's concurrency fields the controller lowers. */
export interface ConcurrencyState {
  /** Requests in flight at most, now. */
  concurrency: number;
  /** The lowest it went in the run. */
  minConcurrency: number;
  /** What the run started with (overload never takes it below half). */
  readonly startConcurrency: number;
}

/** The concurrency after one push-back of `kind` (never higher than `current`). */
export function lowerConcurrency(kind: 'throttle' | 'overload', current: number, start: number): number {
  // Halve it when told "too frequent", one step (to half the start at most) otherwise.
  const floor = kind === 'throttle' ? 1 : Math.max(1, Math.ceil(start / 2));
  const next = kind === 'throttle' ? Math.floor(current / 2) : current - 1;
  return Math.max(Math.min(floor, current), next);
}

export class ConcurrencyController {
  /** Bumped on every decrease: failures of requests started before it don't decrease again. */
  #epoch = 0;
  /** No request starts before this (a throttle backoff applies to the whole pool). */
  #resumeAt = 0;

  /** Tag a request with this when it starts, and hand it back to pushBack() if it is pushed back. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Epoch ms before which no request may start. */
  get resumeAt(): number {
    return this.#resumeAt;
  }

  /**
   * A request started at `epoch` was pushed back and will be retried after `waitMs`: lowers
   * the concurrency if it is the first push-back since the last decrease (a burst of failures
   * of requests in flight together counts once), and holds every request back for the wait.
   */
  pushBack(s: ConcurrencyState, kind: 'throttle' | 'overload', epoch: number, waitMs: number): void {
    if (epoch === this.#epoch) {
      const lowered = lowerConcurrency(kind, s.concurrency, s.startConcurrency);
      if (lowered < s.concurrency) this.#epoch++;
      s.concurrency = lowered;
      s.minConcurrency = Math.min(s.minConcurrency, s.concurrency);
    }
    this.#resumeAt = Math.max(this.#resumeAt, Date.now() + waitMs);
  }
}
