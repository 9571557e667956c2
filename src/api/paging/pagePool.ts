/**
 * The PagePool class: the pool's lifecycle (passes, stop, cancel, failure) and the pump that
 * starts requests as the concurrency, the backoff and the window allow. What it is and how it
 * behaves is told in pool.ts; the parts it drives live beside it (see there).
 */
import { setMaxListeners } from 'node:events';
import { PnsAbortError } from '../errors';
import { classifyFailure, describeError, retryDelay, type FailureClass } from '../retry';
import { endlessPagesError, recordArrival } from './arrival';
import { ConcurrencyController } from './concurrency';
import { deliver, type DeliveryHost } from './delivery';
import { MAX_POOL_CONCURRENCY, resolvePoolOptions } from './options';
import { createPass, lastPage, plannedPages, summarize, type Pass } from './pass';
import { queueRetry, takeReadyJob, WakeTimer, type Job } from './schedule';
import type { FetchPage, Page, PassOptions, PassSummary, PoolOptions, PoolProgress } from './types';

/** A bounded, adaptive pool reading every page of one paged endpoint, in order (see pool.ts). */
export class PagePool<T, P extends Page<T>> {
  readonly pageSize: number;
  readonly maxAttempts: number;
  readonly backoff: { base: number; max: number };
  readonly maxPages: number;
  readonly maxChars: number;
  readonly maxAhead: number;
  /** The concurrency the run started with (server errors never take it below half). */
  readonly startConcurrency: number;
  concurrency: number;
  minConcurrency: number;
  retries = 0;
  /** Pages handed over, all passes. */
  pagesDone = 0;
  /** Pages that arrived (handed over or not), all passes. */
  pagesFetched = 0;
  totalChanged = false;
  firstTotal = -1;
  lastTotal = 0;

  readonly #fetchPage: FetchPage<P>;
  readonly #o: PoolOptions<T>;
  readonly #controller = new AbortController();
  readonly #random: () => number;
  /** Lowers the concurrency on push-back and holds requests back for the wait. */
  readonly #adaptive = new ConcurrencyController();
  readonly #timer = new WakeTimer(() => this.#pump());
  readonly #host: DeliveryHost<T, P> = {
    isCurrent: (p) => !this.#closed && this.#pass === p,
    key: (item) => this.#o.key(item),
    handedOver: () => void this.pagesDone++,
    fail: (e) => this.#fail(e),
    progress: () => this.#progress(),
    pump: () => this.#pump(),
  };
  #closed = false;
  #error: unknown;
  #pass: Pass<T, P> | undefined;
  #plannedBefore = 0;
  #onAbort: (() => void) | undefined;

  constructor(fetchPage: FetchPage<P>, options: PoolOptions<T>) {
    this.#fetchPage = fetchPage;
    this.#o = options;
    const r = resolvePoolOptions(options);
    this.pageSize = r.pageSize;
    this.concurrency = r.concurrency;
    this.startConcurrency = this.concurrency;
    this.minConcurrency = this.concurrency;
    this.maxAttempts = r.maxAttempts;
    this.backoff = r.backoff;
    this.maxPages = r.maxPages;
    this.maxChars = r.maxChars;
    this.maxAhead = r.maxAhead;
    this.#random = r.random;
    // Every request in flight listens to this signal (up to 16 at once): not a leak.
    setMaxListeners(4 * MAX_POOL_CONCURRENCY, this.#controller.signal);
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) this.#fail(this.#abortError());
      else {
        this.#onAbort = () => this.#fail(this.#abortError());
        signal.addEventListener('abort', this.#onAbort, { once: true });
      }
    }
  }

  /**
   * Reads every page once, handing them to `onPage` in order. Resolves with the pass's
   * summary; rejects on a fatal error, an abort, a callback's exception or a cap.
   */
  pass(options: PassOptions<T, P> = {}): Promise<PassSummary> {
    return new Promise<PassSummary>((resolve, reject) => {
      if (this.#closed) {
        reject(this.#error ?? this.#abortError());
        return;
      }
      if (this.#pass) {
        reject(new Error('PagePool: one pass at a time.'));
        return;
      }
      this.#pass = createPass<T, P>(options, resolve, reject);
      this.#pump();
    });
  }

  /**
   * Ends the run early without an error: no new requests, in-flight ones aborted, the current
   * pass resolves with what was handed over (endedBy 'stopped'). Safe to call from onPage.
   */
  stop(): void {
    const p = this.#pass;
    if (this.#closed) return;
    this.#closed = true;
    this.#error = this.#abortError();
    this.#timer.clear();
    this.#controller.abort();
    this.#detach();
    if (p) {
      p.endedBy = 'stopped';
      this.#pass = undefined;
      p.resolve(summarize(p));
    }
  }

  /** Releases the timer and the caller's signal listener. Call when done with the pool. */
  close(): void {
    this.#timer.clear();
    this.#detach();
    if (!this.#closed) {
      this.#closed = true;
      this.#controller.abort();
    }
  }

  /** Where the run stands (what onProgress gets). */
  get progress(): PoolProgress {
    return {
      pagesDone: this.pagesDone,
      pagesTotal: this.pagesTotal,
      items: this.#pass?.items ?? 0,
      concurrency: this.concurrency,
      retries: this.retries,
      totalChanged: this.totalChanged,
    };
  }

  get pagesTotal(): number {
    return Math.max(this.#plannedBefore + (this.#pass ? plannedPages(this.#pass) : 0), this.pagesDone);
  }

  // -------------------------------------------------------------------------------------------

  #abortError(): PnsAbortError {
    return new PnsAbortError(this.#o.abortMessage ?? 'The operation was cancelled.');
  }

  #detach(): void {
    if (this.#onAbort) this.#o.signal?.removeEventListener('abort', this.#onAbort);
    this.#onAbort = undefined;
  }

  #fail(e: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = e;
    this.#timer.clear();
    this.#controller.abort();
    this.#detach();
    const p = this.#pass;
    this.#pass = undefined;
    p?.reject(e);
  }

  /** Starts as many requests as the limit, the backoff and the window allow; ends the pass when all is handed over. */
  #pump(): void {
    const p = this.#pass;
    if (!p || this.#closed) return;
    while (p.running < this.concurrency) {
      const now = Date.now();
      const resumeAt = this.#adaptive.resumeAt;
      if (now < resumeAt) {
        this.#timer.arm(resumeAt);
        break;
      }
      const last = lastPage(p);
      const ready = takeReadyJob(p.queue, last, now);
      let job: Job | undefined = ready.job;
      if (!job && p.nextPage <= last && p.nextPage < p.deliverNext + this.maxAhead) {
        if (p.nextPage > this.maxPages) {
          this.#fail(endlessPagesError(this.maxPages, this.#o.noun ?? 'items', p));
          return;
        }
        job = { page: p.nextPage++, attempt: 1, notBefore: 0 };
      }
      if (!job) {
        if (ready.wait < Infinity) this.#timer.arm(ready.wait);
        break;
      }
      this.#start(p, job);
    }
    const last = lastPage(p);
    if (p.running === 0 && !p.delivering && p.deliverNext > last && p.nextPage > last) {
      this.#plannedBefore += plannedPages(p);
      this.#pass = undefined;
      p.keys.clear();
      p.buffer.clear();
      p.resolve(summarize(p));
    }
  }

  #start(p: Pass<T, P>, job: Job): void {
    if (job.attempt > 1) this.retries++;
    p.running++;
    const epoch = this.#adaptive.epoch;
    let req: Promise<P>;
    try {
      req = this.#fetchPage(job.page, { signal: this.#controller.signal, attempt: job.attempt, fresh: p.fresh });
    } catch (e) {
      req = Promise.reject(e);
    }
    req.then(
      (page) => {
        p.running--;
        if (this.#closed || this.#pass !== p) return;
        try {
          recordArrival(this, p, job.page, page, this.#o.noun ?? 'items');
        } catch (e) {
          this.#fail(e);
          return;
        }
        deliver(p, this.#host);
        this.#pump();
      },
      (e: unknown) => {
        p.running--;
        if (this.#closed || this.#pass !== p) return;
        this.#failed(p, job, e, epoch);
      },
    );
  }

  /** A request failed: ends the run (fatal, or out of attempts) or schedules a retry, pushed back on throttle/overload. */
  #failed(p: Pass<T, P>, job: Job, e: unknown, epoch: number): void {
    const kind: FailureClass = e instanceof PnsAbortError ? 'fatal' : classifyFailure(e);
    if (kind === 'fatal' || job.attempt >= this.maxAttempts) {
      this.#fail(e);
      return;
    }
    const wait = retryDelay(e, job.attempt, this.backoff.base, this.backoff.max, this.#random, 0.5);
    // Push-back: lower the concurrency for the rest of the run, and hold every request back.
    if (kind === 'throttle' || kind === 'overload') this.#adaptive.pushBack(this, kind, epoch, wait);
    queueRetry(p.queue, job, wait);
    if (this.#o.onRetry && !this.#callback(this.#o.onRetry, { page: job.page, attempt: job.attempt, delayMs: wait, kind, error: describeError(e) })) return;
    if (!this.#progress()) return;
    this.#pump();
  }

  /** Calls a caller's callback; an exception in it ends the run with it. False when it threw. */
  #callback<V>(cb: (v: V) => void, v: V): boolean {
    if (this.#closed) return false;
    try {
      cb(v);
      return true;
    } catch (e) {
      this.#fail(e);
      return false;
    }
  }

  #progress(): boolean {
    if (!this.#o.onProgress) return !this.#closed;
    return this.#callback(this.#o.onProgress, this.progress);
  }
}
