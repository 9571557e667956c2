/**
 * The paging engine's concurrent half: a bounded, adaptive pool that reads every page of a
 * paged endpoint and hands the pages over IN PAGE ORDER (page k only after every page < k),
 * de-duplicated by a key, as they arrive.
 *
 * It knows nothing of bindings: it is given "fetch page N" and the page size. Page 1 goes
 * alone first (to learn the total), then the other pages through the pool. When the server
 * pushes back it backs off and lowers its concurrency for the rest of the run: it halves it
 * on "too frequent" (-15, HTTP 429) and takes one step down (never below half the start) on
 * HTTP 5xx, timeouts and network errors (retry.ts classifies; retry.ts computes the waits,
 * Retry-After included). A failed page is retried up to `maxAttemptsPerPage` times; a fatal
 * error, an abort, a callback's exception or the page/char caps end the run with that error.
 * The pool never runs more than `maxAhead` pages ahead of the consumer, and awaits an
 * `onPage` that returns a promise (backpressure), so memory stays bounded however many pages.
 *
 * A pool can make several passes (a search rescans once when the pages did not line up); the
 * adaptive state (concurrency, retries) carries over from one pass to the next.
 */
import { setMaxListeners } from 'node:events';
import { PnsAbortError, PnsValidationError, PnsWalkError } from '../errors';
import { classifyFailure, describeError, retryDelay, type FailureClass } from '../retry';

/** What a page must tell the pool. */
export interface Page<T> {
  items: readonly T[];
  /** The server's total count of items (all pages). */
  total: number;
  /** False when the server reported no usable total: the pool then reads on until a short page. Default true. */
  totalReported?: boolean;
  /** Items the server sent that could not be read (they count for the page's length). */
  skipped?: number;
  /** Length of the reply text, for the `maxChars` cap. */
  replyChars?: number;
}

export interface FetchContext {
  /** Aborted when the run ends early (cancel, fatal error, stop): pass it on to the request. */
  signal: AbortSignal;
  /** 1 for the first request of this page, 2 for its first retry, … */
  attempt: number;
  /** True in a rescan: the page must come from the server, not from a cache. */
  fresh: boolean;
}

/** "Fetch page N" (1-based). Must not retry by itself: the pool does. */
export type FetchPage<P> = (page: number, ctx: FetchContext) => Promise<P>;

/** A de-duplication key: numbers take far less memory than strings at a million items. */
export type PageKey = string | number;

export const DEFAULT_POOL_CONCURRENCY = 6;
export const MAX_POOL_CONCURRENCY = 16;
export const DEFAULT_POOL_ATTEMPTS = 5;
export const DEFAULT_POOL_BACKOFF_MS: Readonly<{ base: number; max: number }> = { base: 250, max: 8000 };
export const DEFAULT_POOL_MAX_PAGES = 10_000;
/** Per pass, like the walker's: about 50 KB a page over 10,000 pages. */
export const DEFAULT_POOL_MAX_CHARS = 512 * 1024 * 1024;

export interface PoolProgress {
  /** Pages handed over so far (all passes). */
  pagesDone: number;
  /** Pages the run plans to read (all passes; grows when the total does). */
  pagesTotal: number;
  /** Unique items handed over in the current pass. */
  items: number;
  concurrency: number;
  retries: number;
  /** The server's total changed at some point of the run. */
  totalChanged: boolean;
}

export interface PoolRetry {
  page: number;
  /** The attempt that failed (1 = the first request). */
  attempt: number;
  delayMs: number;
  kind: FailureClass;
  /** describeError(): a short, secret-free label. */
  error: string;
}

export interface PoolOptions<T> {
  /** Items per page (1..n), to turn the total into a page count. */
  pageSize: number;
  /** De-duplication key of an item; an item whose key was handed over earlier in the pass is dropped. */
  key: (item: T) => PageKey;
  /** Requests in flight at most (default 6, clamped to 1..16). */
  concurrency?: number;
  /** Attempts per page before the run fails with that page's error (default 5). */
  maxAttemptsPerPage?: number;
  /** Exponential backoff between attempts, "equal jitter" (default { base: 250, max: 8000 }); Retry-After is honoured up to `max`. */
  backoffMs?: { base: number; max: number };
  /** Hard cap on the pages of one pass (default 10,000): beyond it PnsWalkError. */
  maxPages?: number;
  /** Cap on the reply text read in one pass, in characters (default 512 Mi): beyond it PnsWalkError. */
  maxChars?: number;
  /** Pages fetched ahead of the one the consumer waits for (default max(8, 4 × concurrency)). */
  maxAhead?: number;
  /** Cancels the run: no new requests, in-flight ones aborted, the pass rejects with PnsAbortError. */
  signal?: AbortSignal;
  /** Message of the PnsAbortError on cancel. */
  abortMessage?: string;
  /** What the items are, for error messages ("bindings", "numbers"). Default "items". */
  noun?: string;
  /** Jitter source (tests). Default Math.random. */
  random?: () => number;
  /** After every page handed over and every failure. An exception ends the run with it. */
  onProgress?: (p: PoolProgress) => void;
  /** Before each retry. An exception ends the run with it. */
  onRetry?: (r: PoolRetry) => void;
}

/** One page handed to the consumer. */
export interface PoolPage<T, P> {
  page: number;
  /** The page as fetched. */
  result: P;
  /** Its items not handed over before in this pass, in the server's order. */
  items: T[];
  /** Items of this page already handed over (offsets shifted under the run). */
  duplicates: number;
  /** Index (in this pass's de-duplicated order) of `items[0]`: items[i] is at position + i. */
  position: number;
}

export interface PassOptions<T, P> {
  /** Fetch fresh (FetchContext.fresh), e.g. for a rescan past a cache. */
  fresh?: boolean;
  /** Pages in order; a returned promise is awaited before the next page is handed over. */
  onPage?: (p: PoolPage<T, P>) => void | Promise<void>;
}

export type PassEnd = 'complete' | 'empty-page' | 'short-page' | 'repeated-page' | 'stopped';

export interface PassSummary {
  /** Pages handed over. */
  pages: number;
  /** Unique items handed over. */
  items: number;
  duplicates: number;
  skipped: number;
  /** The server's total with the first page that arrived and with the last. */
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  /** The pages did not line up: total changed, an item on two pages, or a page of the wrong length. */
  anomaly: boolean;
  chars: number;
  endedBy: PassEnd;
}

interface Job {
  page: number;
  attempt: number;
  /** Epoch ms before which it must not start (backoff). */
  notBefore: number;
}

interface Pass<T, P> {
  fresh: boolean;
  onPage?: (p: PoolPage<T, P>) => void | Promise<void>;
  /** Highest page to read; Infinity while the total is unknown. */
  limit: number;
  /** Pages from this one on are not read (an empty or repeated page came before the end). */
  stopAt: number;
  endedBy: PassEnd;
  nextPage: number;
  deliverNext: number;
  delivering: boolean;
  queue: Job[];
  running: number;
  buffer: Map<number, P>;
  keys: Set<PageKey>;
  pages: number;
  items: number;
  duplicates: number;
  skipped: number;
  chars: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  anomaly: boolean;
  resolve: (s: PassSummary) => void;
  reject: (e: unknown) => void;
}

function wholeAtLeast(v: number | undefined, min: number, dflt: number): number {
  return v !== undefined && Number.isFinite(v) ? Math.max(min, Math.floor(v)) : dflt;
}

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
  /** Bumped on every decrease: failures of requests started before it don't decrease again. */
  #epoch = 0;
  /** No request starts before this (a throttle backoff applies to the whole pool). */
  #resumeAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #closed = false;
  #error: unknown;
  #pass: Pass<T, P> | undefined;
  #plannedBefore = 0;
  #onAbort: (() => void) | undefined;

  constructor(fetchPage: FetchPage<P>, options: PoolOptions<T>) {
    this.#fetchPage = fetchPage;
    this.#o = options;
    if (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1) {
      throw new PnsValidationError('pageSize', `The page size must be a whole number of at least 1 (got ${String(options.pageSize).slice(0, 20)}).`, 'Use a page size from 1 to 100.');
    }
    this.pageSize = options.pageSize;
    const c = options.concurrency ?? DEFAULT_POOL_CONCURRENCY;
    this.concurrency = Number.isFinite(c) ? Math.min(MAX_POOL_CONCURRENCY, Math.max(1, Math.floor(c))) : DEFAULT_POOL_CONCURRENCY;
    this.startConcurrency = this.concurrency;
    this.minConcurrency = this.concurrency;
    this.maxAttempts = wholeAtLeast(options.maxAttemptsPerPage, 1, DEFAULT_POOL_ATTEMPTS);
    const b = options.backoffMs ?? DEFAULT_POOL_BACKOFF_MS;
    const base = Number.isFinite(b.base) && b.base >= 0 ? b.base : DEFAULT_POOL_BACKOFF_MS.base;
    this.backoff = { base, max: Number.isFinite(b.max) && b.max >= base ? b.max : Math.max(base, DEFAULT_POOL_BACKOFF_MS.max) };
    this.maxPages = options.maxPages ?? DEFAULT_POOL_MAX_PAGES;
    this.maxChars = options.maxChars ?? DEFAULT_POOL_MAX_CHARS;
    this.maxAhead = wholeAtLeast(options.maxAhead, 1, Math.max(8, 4 * this.concurrency));
    this.#random = options.random ?? Math.random;
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
      const p: Pass<T, P> = {
        fresh: options.fresh ?? false,
        onPage: options.onPage,
        limit: 1, // page 1 alone first, to learn the total
        stopAt: Infinity,
        endedBy: 'complete',
        nextPage: 1,
        deliverNext: 1,
        delivering: false,
        queue: [],
        running: 0,
        buffer: new Map(),
        keys: new Set(),
        pages: 0,
        items: 0,
        duplicates: 0,
        skipped: 0,
        chars: 0,
        firstTotal: -1,
        lastTotal: 0,
        totalChanged: false,
        anomaly: false,
        resolve,
        reject,
      };
      this.#pass = p;
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
    this.#clearTimer();
    this.#controller.abort();
    this.#detach();
    if (p) {
      p.endedBy = 'stopped';
      this.#pass = undefined;
      p.resolve(this.#summary(p));
    }
  }

  /** Releases the timer and the caller's signal listener. Call when done with the pool. */
  close(): void {
    this.#clearTimer();
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
    return Math.max(this.#plannedBefore + (this.#pass ? this.#planned(this.#pass) : 0), this.pagesDone);
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
    this.#clearTimer();
    this.#controller.abort();
    this.#detach();
    const p = this.#pass;
    this.#pass = undefined;
    p?.reject(e);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
  }

  #arm(at: number): void {
    if (this.#timer && this.#timerAt <= at) return;
    this.#clearTimer();
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      this.#pump();
    }, Math.max(0, at - Date.now()));
  }

  #lastPage(p: Pass<T, P>): number {
    return Math.min(p.limit, p.stopAt - 1);
  }

  #planned(p: Pass<T, P>): number {
    const last = this.#lastPage(p);
    return Math.max(Number.isFinite(last) ? last : p.nextPage - 1, p.pages);
  }

  /** Starts as many requests as the limit, the backoff and the window allow; ends the pass when all is handed over. */
  #pump(): void {
    const p = this.#pass;
    if (!p || this.#closed) return;
    while (p.running < this.concurrency) {
      const now = Date.now();
      if (now < this.#resumeAt) {
        this.#arm(this.#resumeAt);
        break;
      }
      const last = this.#lastPage(p);
      let job: Job | undefined;
      let wait = Infinity;
      for (let i = 0; i < p.queue.length; i++) {
        const j = p.queue[i];
        if (j.page > last) {
          // The end moved below it: nothing to read there.
          p.queue.splice(i--, 1);
          continue;
        }
        if (j.notBefore <= now) {
          job = j;
          p.queue.splice(i, 1);
          break;
        }
        wait = Math.min(wait, j.notBefore);
      }
      if (!job && p.nextPage <= last && p.nextPage < p.deliverNext + this.maxAhead) {
        if (p.nextPage > this.maxPages) {
          this.#fail(
            new PnsWalkError(
              `Stopped at ${this.maxPages} pages: the server kept reporting more ${this.#o.noun ?? 'items'} (last total ${p.lastTotal}).`,
              "The server's paging looks broken. Try again later; if it persists, report it to Laaffic.",
              p.pages,
            ),
          );
          return;
        }
        job = { page: p.nextPage++, attempt: 1, notBefore: 0 };
      }
      if (!job) {
        if (wait < Infinity) this.#arm(wait);
        break;
      }
      this.#start(p, job);
    }
    const last = this.#lastPage(p);
    if (p.running === 0 && !p.delivering && p.deliverNext > last && p.nextPage > last) {
      this.#plannedBefore += this.#planned(p);
      this.#pass = undefined;
      p.keys.clear();
      p.buffer.clear();
      p.resolve(this.#summary(p));
    }
  }

  #summary(p: Pass<T, P>): PassSummary {
    return {
      pages: p.pages,
      items: p.items,
      duplicates: p.duplicates,
      skipped: p.skipped,
      firstTotal: Math.max(0, p.firstTotal),
      lastTotal: p.lastTotal,
      totalChanged: p.totalChanged,
      anomaly: p.anomaly,
      chars: p.chars,
      endedBy: p.endedBy,
    };
  }

  #start(p: Pass<T, P>, job: Job): void {
    if (job.attempt > 1) this.retries++;
    p.running++;
    const epoch = this.#epoch;
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
          this.#arrived(p, job.page, page);
        } catch (e) {
          this.#fail(e);
          return;
        }
        this.#deliver(p);
        this.#pump();
      },
      (e: unknown) => {
        p.running--;
        if (this.#closed || this.#pass !== p) return;
        this.#failed(p, job, e, epoch);
      },
    );
  }

  #failed(p: Pass<T, P>, job: Job, e: unknown, epoch: number): void {
    const kind: FailureClass = e instanceof PnsAbortError ? 'fatal' : classifyFailure(e);
    if (kind === 'fatal' || job.attempt >= this.maxAttempts) {
      this.#fail(e);
      return;
    }
    const wait = retryDelay(e, job.attempt, this.backoff.base, this.backoff.max, this.#random, 0.5);
    if (kind === 'throttle' || kind === 'overload') {
      if (epoch === this.#epoch) {
        // First push-back since the last decrease: lower the concurrency for the rest of the
        // run — halve it when told "too frequent", one step (to half at most) otherwise.
        const floor = kind === 'throttle' ? 1 : Math.max(1, Math.ceil(this.startConcurrency / 2));
        const next = kind === 'throttle' ? Math.floor(this.concurrency / 2) : this.concurrency - 1;
        const lowered = Math.max(Math.min(floor, this.concurrency), next);
        if (lowered < this.concurrency) this.#epoch++;
        this.concurrency = lowered;
        this.minConcurrency = Math.min(this.minConcurrency, this.concurrency);
      }
      this.#resumeAt = Math.max(this.#resumeAt, Date.now() + wait);
    }
    // Retries go first: they are the oldest pages, and the consumer may be waiting for them.
    p.queue.unshift({ page: job.page, attempt: job.attempt + 1, notBefore: Date.now() + wait });
    if (this.#o.onRetry && !this.#callback(this.#o.onRetry, { page: job.page, attempt: job.attempt, delayMs: wait, kind, error: describeError(e) })) return;
    if (!this.#progress()) return;
    this.#pump();
  }

  /** Bookkeeping of a page that arrived (in any order): the end, the total, the caps. */
  #arrived(p: Pass<T, P>, n: number, page: P): void {
    this.pagesFetched++;
    p.chars += page.replyChars ?? 0;
    if (p.chars > this.maxChars) {
      throw new PnsWalkError(
        `Stopped after ${p.pages + 1} pages: the replies reached ${Math.round(p.chars / 1048576)} MB, far more than ${p.items + page.items.length} ${this.#o.noun ?? 'items'} take.`,
        'The server is sending much more than the data asked for. Check baseUrl.',
        p.pages,
      );
    }
    const size = this.pageSize;
    const rawCount = page.items.length + (page.skipped ?? 0);
    const total = page.total;
    if (page.totalReported !== false) {
      if (p.firstTotal < 0) p.firstTotal = total;
      else if (total !== p.lastTotal) {
        p.totalChanged = true;
        p.anomaly = true;
      }
      p.lastTotal = total;
      if (this.firstTotal < 0) this.firstTotal = total;
      else if (total !== this.lastTotal) this.totalChanged = true;
      this.lastTotal = total;
      // Read every page the server says there is (new ones too, if the total grew).
      const pages = Math.max(1, Math.ceil(total / size));
      p.limit = Math.max(p.limit, pages);
      const expected = Math.max(0, Math.min(size, total - (n - 1) * size));
      if (rawCount !== expected) p.anomaly = true;
      if (rawCount === 0 && n <= pages && n < p.stopAt) {
        p.stopAt = n;
        p.endedBy = 'empty-page';
      }
    } else {
      // No usable total: read on until a short page.
      if (p.firstTotal < 0) p.firstTotal = total;
      p.lastTotal = Math.max(p.lastTotal, total);
      if (this.firstTotal < 0) this.firstTotal = total;
      this.lastTotal = Math.max(this.lastTotal, total);
      if (rawCount < size) {
        if (n + 1 < p.stopAt) {
          p.stopAt = n + 1;
          p.endedBy = 'short-page';
        }
      } else if (p.stopAt === Infinity) p.limit = Infinity;
    }
    const last = this.#lastPage(p);
    if (Number.isFinite(last) && last > this.maxPages) {
      throw new PnsWalkError(
        `This would need more than ${this.maxPages} pages (the server reports ${total} ${this.#o.noun ?? 'items'}).`,
        'Narrow it down (a single app), or use a larger page size.',
        p.pages,
      );
    }
    if (n <= last) p.buffer.set(n, page);
  }

  /** Hands the buffered pages over in order, awaiting the consumer when it asks to. */
  #deliver(p: Pass<T, P>): void {
    if (p.delivering) return;
    p.delivering = true;
    const step = (): void => {
      for (;;) {
        if (this.#closed || this.#pass !== p) {
          p.delivering = false;
          return;
        }
        const n = p.deliverNext;
        const page = n <= this.#lastPage(p) ? p.buffer.get(n) : undefined;
        if (page === undefined) break;
        p.buffer.delete(n);
        p.deliverNext++;
        const fresh: T[] = [];
        let dup = 0;
        for (const item of page.items) {
          const k = this.#o.key(item);
          if (p.keys.has(k)) {
            dup++;
            continue;
          }
          p.keys.add(k);
          fresh.push(item);
        }
        const skipped = page.skipped ?? 0;
        if (dup > 0) p.anomaly = true; // the same item on two pages: offsets shifted under us
        if (fresh.length === 0 && dup > 0 && skipped === 0 && page.totalReported === false && n + 1 < p.stopAt) {
          // A server repeating a page, with no total to bound it: read no further.
          p.stopAt = n + 1;
          p.endedBy = 'repeated-page';
        }
        const position = p.items;
        p.items += fresh.length;
        p.duplicates += dup;
        p.skipped += skipped;
        p.pages++;
        this.pagesDone++;
        let r: void | Promise<void>;
        try {
          r = p.onPage?.({ page: n, result: page, items: fresh, duplicates: dup, position });
        } catch (e) {
          p.delivering = false;
          this.#fail(e);
          return;
        }
        if (r && typeof (r as Promise<void>).then === 'function') {
          (r as Promise<void>).then(
            () => {
              if (!this.#progress()) {
                p.delivering = false;
                return;
              }
              this.#pump(); // the window moved
              step();
            },
            (e: unknown) => {
              p.delivering = false;
              this.#fail(e);
            },
          );
          return;
        }
        if (!this.#progress()) {
          p.delivering = false;
          return;
        }
      }
      p.delivering = false;
      this.#pump();
    };
    step();
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

/** One pass over every page with a fresh pool (closed afterwards). */
export async function readPages<T, P extends Page<T>>(
  fetchPage: FetchPage<P>,
  options: PoolOptions<T> & PassOptions<T, P>,
): Promise<PassSummary & { retries: number; minConcurrency: number }> {
  const pool = new PagePool<T, P>(fetchPage, options);
  try {
    const s = await pool.pass({ fresh: options.fresh, onPage: options.onPage });
    return { ...s, retries: pool.retries, minConcurrency: pool.minConcurrency };
  } finally {
    pool.close();
  }
}
