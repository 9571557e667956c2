/**
 * At most `max` requests in flight across every part of a reading (bindings, calls, numbers,
 * balance read side by side): the configured concurrency is the whole reading's, not each
 * part's. Waiters go first come, first served; an aborted waiter leaves the queue at once.
 */
import { PnsAbortError } from '../errors';

export class RequestGate {
  #free: number;
  readonly #waiting: Array<{ go: () => void }> = [];

  constructor(readonly max: number) {
    this.#free = max;
  }

  /** Runs `send` when a slot is free (PnsAbortError when `signal` aborts first). */
  async run<T>(signal: AbortSignal | undefined, send: () => Promise<T>): Promise<T> {
    await this.#take(signal);
    try {
      return await send();
    } finally {
      this.#release();
    }
  }

  #take(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new PnsAbortError());
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        go: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.#waiting.indexOf(waiter);
        if (i >= 0) this.#waiting.splice(i, 1);
        reject(new PnsAbortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiter);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next.go();
    else this.#free++;
  }
}
