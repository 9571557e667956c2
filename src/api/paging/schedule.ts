/**
 * The page pool's retry scheduling: the queue of page requests waiting for their backoff to
 * pass, and the single timer that wakes the pool when the earliest of them (or the end of a
 * pool-wide throttle wait) is due.
 */

/** A request of one page, first or retry. */
export interface Job {
  page: number;
  attempt: number;
  /** Epoch ms before which it must not start (backoff). */
  notBefore: number;
}

/**
 * Takes the first queued job that may start at `now` out of the queue, dropping the jobs of
 * pages past `last` on the way. When none is ready, `wait` is the earliest time one will be
 * (Infinity when the queue is empty).
 */
export function takeReadyJob(queue: Job[], last: number, now: number): { job: Job | undefined; wait: number } {
  let wait = Infinity;
  for (let i = 0; i < queue.length; i++) {
    const j = queue[i];
    if (j.page > last) {
      // The end moved below it: nothing to read there.
      queue.splice(i--, 1);
      continue;
    }
    if (j.notBefore <= now) {
      queue.splice(i, 1);
      return { job: j, wait };
    }
    wait = Math.min(wait, j.notBefore);
  }
  return { job: undefined, wait };
}

/** Queues the next attempt of a failed job, due `waitMs` from now. */
export function queueRetry(queue: Job[], failed: Job, waitMs: number): void {
  // Retries go first: they are the oldest pages, and the consumer may be waiting for them.
  queue.unshift({ page: failed.page, attempt: failed.attempt + 1, notBefore: Date.now() + waitMs });
}

/** One timer calling `wake` at the earliest time it was armed for. */
export class WakeTimer {
  readonly #wake: () => void;
  #timer: NodeJS.Timeout | undefined;
  #at = Infinity;

  constructor(wake: () => void) {
    this.#wake = wake;
  }

  /** Wakes at `at` (epoch ms), unless already armed for that time or earlier. */
  arm(at: number): void {
    if (this.#timer && this.#at <= at) return;
    this.clear();
    this.#at = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#at = Infinity;
      this.#wake();
    }, Math.max(0, at - Date.now()));
  }

  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = Infinity;
  }
}
