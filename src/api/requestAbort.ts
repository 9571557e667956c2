import { PnsAbortError } from './errors';

/**
 * What node-fetch is given as the signal of one request, aborted by the timeout or the
 * caller's signal: the minimal AbortSignal node-fetch uses (`aborted`, add/removeEventListener).
 * node-fetch 2 recognises a signal by its constructor's name, so the class carries that name
 * (set below, where minifying cannot rename it). A Node AbortController with its EventTarget
 * cost ~35 us of every request (npm run bench); this costs almost nothing.
 */
export class RequestAbort {
  aborted = false;
  reason: unknown = undefined;
  onabort: null | ((this: unknown, event: unknown) => unknown) = null;
  readonly [Symbol.toStringTag] = 'AbortSignal';
  #listeners: Array<(this: unknown, event: unknown) => unknown> = [];
  addEventListener(type: 'abort', listener: (this: unknown, event: unknown) => unknown): void {
    if (type === 'abort' && !this.#listeners.includes(listener)) this.#listeners.push(listener);
  }
  removeEventListener(type: 'abort', listener: (this: unknown, event: unknown) => unknown): void {
    const i = this.#listeners.indexOf(listener);
    if (i !== -1) this.#listeners.splice(i, 1);
  }
  dispatchEvent(event: { type?: unknown }): boolean {
    if (event?.type === 'abort') this.abort();
    return true;
  }
  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = new PnsAbortError();
    const event = { type: 'abort', target: this };
    const listeners = this.#listeners.splice(0);
    if (this.onabort) listeners.unshift(this.onabort);
    for (const listener of listeners) {
      try {
        listener.call(this, event);
      } catch {
        /* node-fetch's own listener; a failure there must not hide the timeout or the abort */
      }
    }
  }
}
Object.defineProperty(RequestAbort, 'name', { value: 'AbortSignal' });
