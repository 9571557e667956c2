/**
 * At most `limit` requests in flight across several page streams that share one budget: the
 * windows of a call-records read (callRecordsFor), the parts of the health dashboard (readHealth).
 * Waiters go first come, first served; an aborted waiter leaves the queue at once and never takes
 * a turn. The limit may be a function, read at every turn (callRecordsFor lowers it when the
 * vendor pushes back on one of its streams).
 */
import { PnsAbortError } from './errors';

export class RequestGate {
  #inFlight = 0;
  readonly #waiting: Array<() => void> = [];
  readonly #limit: () => number;

  constructor(limit: number | (() => number)) {
    this.#limit = typeof limit === 'number' ? () => limit : limit;
  }

  /** Runs `send` when a slot is free; PnsAbortError (with `abortMessage`) when `signal` aborts first. */
  async run<T>(signal: AbortSignal | undefined, send: () => Promise<T>, abortMessage?: string): Promise<T> {
    if (signal?.aborted) throw new PnsAbortError(abortMessage);
    if (this.#inFlight < this.#limit() && this.#waiting.length === 0) this.#inFlight++;
    else {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', leave);
          resolve();
        };
        const leave = () => {
          this.#waiting.splice(this.#waiting.indexOf(go), 1);
          reject(new PnsAbortError(abortMessage));
        };
        this.#waiting.push(go);
        signal?.addEventListener('abort', leave, { once: true });
      });
    }
    try {
      return await send();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    this.#inFlight--;
    while (this.#waiting.length > 0 && this.#inFlight < this.#limit()) {
      this.#inFlight++;
      this.#waiting.shift()!();
    }
  }
}
