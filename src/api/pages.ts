/**
 * The one way to read a paged endpoint: `orderedPages(fetchPage, options)` reads pages
 * start, start+1, … with at most `concurrency` requests in flight and yields them in page
 * order, each page's items de-duplicated (by `key`) against everything yielded before.
 *
 * Where it ends is decided here, once, in page order:
 * - the server's total: every page it reports was read (a growing total is followed; a server
 *   that serves fewer items a page than asked is read at its own page size);
 * - an empty page;
 * - with no usable total (`totalReported: false`): a short page;
 * - a page of items all seen before while the total stands still (a server repeating a page);
 * - the caps: more pages than `maxPages`, or more reply text than `maxChars` (PnsWalkError).
 * A failed page is retried through retry.ts's policy (up to `maxAttempts`); when the server
 * pushes back, fewer requests are sent for the rest of the stream: half on "too frequent"
 * (-15, HTTP 429, which also holds every new request for its wait), one fewer on overload
 * (5xx, timeout, network; never below half the start).
 * Leaving the loop (break, return, an exception) or aborting `signal` aborts what is in flight.
 * Load more is the same stream with concurrency 1 and a `startPage`.
 */
import { setMaxListeners } from 'node:events';
import { PnsAbortError, PnsValidationError, PnsWalkError } from './errors';
import { classifyFailure, describeError, retryDelay, sleep, type FailureClass } from './retry';
import { KeySet, type PageKey } from './keySet';

export interface Page<T> {
  items: readonly T[];
  /** The server's count of all items. */
  total: number;
  /** False when the server reported no usable total: the stream reads on until a short page. */
  totalReported?: boolean;
  /** Items the server sent that could not be read (they count for the page's length). */
  skipped?: number;
  /** Length of the reply text, for `maxChars`. */
  replyChars?: number;
}

export interface FetchContext {
  /** Aborted when the stream ends early: pass it on to the request. */
  signal: AbortSignal;
  /** 1 for the first request of the page, 2 for its first retry, … */
  attempt: number;
}

/** "Fetch page N" (1-based). It must not retry by itself: the stream does. */
export type FetchPage<P> = (page: number, ctx: FetchContext) => Promise<P>;

export type { PageKey };

export const DEFAULT_CONCURRENCY = 6;
export const MAX_CONCURRENCY = 16;
export const DEFAULT_MAX_PAGES = 10_000;
/** About 50 KB a page over 10,000 pages: twice what 100 real records take. */
export const DEFAULT_MAX_CHARS = 512 * 1024 * 1024;
export const DEFAULT_ATTEMPTS = 5;
export const DEFAULT_BACKOFF_MS: Readonly<{ base: number; max: number }> = { base: 250, max: 8000 };

export interface PageRetry {
  page: number;
  /** The attempt that failed (1 = the first request). */
  attempt: number;
  delayMs: number;
  kind: FailureClass;
  /** describeError(): a short label without secrets. */
  error: string;
}

export interface OrderedPagesOptions<T> {
  /** Items per page, to turn the total into a page count. */
  pageSize: number;
  /** De-duplication key; an item whose key was yielded before is dropped. Default: none. */
  key?: (item: T) => PageKey;
  /** Keys yielded before (shared across streams to resume). */
  seen?: Set<PageKey>;
  /** Requests in flight at most (default 6, 1..16). */
  concurrency?: number;
  startPage?: number;
  maxPages?: number;
  maxChars?: number;
  /** Attempts per page before the stream fails with that page's error (default 5). */
  maxAttempts?: number;
  /** Equal-jitter exponential backoff; Retry-After is honoured up to `max`. */
  backoffMs?: { base: number; max: number };
  signal?: AbortSignal;
  abortMessage?: string;
  /** What the items are, for messages ("bindings"). */
  noun?: string;
  /** Before each retry, after the concurrency was lowered; an exception ends the stream with it. */
  onRetry?: (r: PageRetry) => void;
}

export interface StreamPage<T, P> {
  n: number;
  page: P;
  /** Its items not yielded before. */
  items: T[];
  duplicates: number;
  /** Index (in the de-duplicated order) of items[0]. */
  position: number;
  /** The stream ends after this page. */
  last: boolean;
}

export type PagesEnd = 'complete' | 'empty-page' | 'short-page' | 'repeated-page';

/** Where a stream stands; read it at any time. */
export interface PagesStats {
  pages: number;
  items: number;
  duplicates: number;
  skipped: number;
  /** Pages planned as things stand (grows with the total). */
  planned: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  /** The pages did not line up: the total changed, an item came twice, or a page had the wrong length. */
  anomaly: boolean;
  concurrency: number;
  minConcurrency: number;
  retries: number;
  endedBy: PagesEnd | undefined;
}

export interface PageStream<T, P> extends AsyncIterable<StreamPage<T, P>> {
  readonly stats: PagesStats;
}

function whole(v: number | undefined, min: number, max: number, dflt: number): number {
  return v !== undefined && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.floor(v))) : dflt;
}

export function orderedPages<T, P extends Page<T>>(fetchPage: FetchPage<P>, options: OrderedPagesOptions<T>): PageStream<T, P> {
  const size = options.pageSize;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new PnsValidationError('pageSize', `The page size must be a whole number of at least 1 (got ${String(size).slice(0, 20)}).`, 'Use a page size such as 100.');
  }
  const start = whole(options.concurrency, 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY);
  const stats: PagesStats = { pages: 0, items: 0, duplicates: 0, skipped: 0, planned: 1, firstTotal: -1, lastTotal: 0, totalChanged: false, anomaly: false, concurrency: start, minConcurrency: start, retries: 0, endedBy: undefined };
  return { stats, [Symbol.asyncIterator]: () => run(fetchPage, options, stats) };
}

async function* run<T, P extends Page<T>>(fetchPage: FetchPage<P>, o: OrderedPagesOptions<T>, stats: PagesStats): AsyncGenerator<StreamPage<T, P>, void, undefined> {
  const size = o.pageSize;
  const first = whole(o.startPage, 1, Number.MAX_SAFE_INTEGER, 1);
  const maxPages = whole(o.maxPages, 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_PAGES);
  const maxChars = whole(o.maxChars, 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_CHARS);
  const maxAttempts = whole(o.maxAttempts, 1, 100, DEFAULT_ATTEMPTS);
  const backoff = o.backoffMs ?? DEFAULT_BACKOFF_MS;
  const noun = o.noun ?? 'items';
  const seen: { readonly size: number; add(k: PageKey): unknown } | undefined = o.key ? (o.seen ?? new KeySet()) : undefined;
  const startConcurrency = stats.concurrency;
  // Pages requested ahead of the consumer; one at a time is on demand (load more reads no page before it is asked for).
  const ahead = startConcurrency === 1 ? 1 : Math.max(8, 4 * startConcurrency);
  const abortError = () => new PnsAbortError(o.abortMessage);
  if (o.signal?.aborted) throw abortError();

  const controller = new AbortController();
  setMaxListeners(4 * MAX_CONCURRENCY, controller.signal);
  /** Each page's answer to come; the consumer awaits the slot of the page it is at. */
  type Slot = { promise: Promise<P>; resolve: (p: P) => void; reject: (e: unknown) => void };
  const slots = new Map<number, Slot>();
  const slot = (n: number): Slot => {
    let s = slots.get(n);
    if (!s) {
      let resolve!: Slot['resolve'], reject!: Slot['reject'];
      const promise = new Promise<P>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => undefined);
      slots.set(n, (s = { promise, resolve, reject }));
    }
    return s;
  };
  /** The error the stream ends with (abort, a page's failure, a callback's exception). */
  let error: unknown;
  const end = (e: unknown) => {
    if (error !== undefined) return;
    error = e;
    controller.abort();
    for (const s of slots.values()) s.reject(e);
  };
  const onAbort = () => end(abortError());
  o.signal?.addEventListener('abort', onAbort, { once: true });

  let current = first; // the page the consumer is at
  let inFlight = 0;
  let next = first; // the next page to request
  let limit = first; // the last page known to exist (Infinity: read on until a short page)
  let stop = Infinity; // no page after this one exists (an empty page, a short one without total)
  let perPage = size; // the server's page size: fewer than asked when page 1 says so
  let holdUntil = 0; // no request starts before (a throttle's wait holds them all)
  let holdTimer: NodeJS.Timeout | undefined;
  let epoch = 0; // bumped on every decrease: a burst of failures lowers the concurrency once
  let chars = 0;
  let learned = false; // a page arrived: the others may go (the first goes alone, to learn the total)

  const learn = (n: number, page: P) => {
    learned = true;
    const raw = page.items.length + (page.skipped ?? 0);
    if (raw === 0 || (page.totalReported === false && raw < size)) stop = Math.min(stop, n);
    if (page.totalReported === false) {
      if (raw >= size) limit = Infinity;
    } else {
      if (n === 1 && raw > 0 && raw < Math.min(size, page.total)) perPage = raw;
      limit = Math.max(limit, Math.ceil(page.total / perPage));
    }
    if (Number.isFinite(limit) && limit > maxPages) {
      throw new PnsWalkError(`This would need more than ${maxPages} pages (the server reports ${page.total} ${noun}).`, 'Narrow it down (a single app), or use a larger page size.', stats.pages);
    }
  };

  const fetchWithRetries = async (n: number): Promise<P> => {
    for (let attempt = 1; ; attempt++) {
      const started = epoch;
      let page: P;
      try {
        page = await fetchPage(n, { signal: controller.signal, attempt });
      } catch (e) {
        if (error !== undefined) throw error;
        const kind = e instanceof PnsAbortError ? 'fatal' : classifyFailure(e);
        if (kind === 'fatal' || attempt >= maxAttempts) throw e;
        const delayMs = retryDelay(e, attempt, backoff.base, backoff.max, Math.random, 0.5);
        if ((kind === 'throttle' || kind === 'overload') && started === epoch) {
          const lowered = kind === 'throttle' ? Math.max(1, Math.floor(stats.concurrency / 2)) : Math.max(Math.min(Math.ceil(startConcurrency / 2), stats.concurrency), stats.concurrency - 1);
          if (lowered < stats.concurrency) epoch++;
          stats.concurrency = lowered;
          stats.minConcurrency = Math.min(stats.minConcurrency, lowered);
        }
        if (kind === 'throttle') holdUntil = Math.max(holdUntil, Date.now() + delayMs);
        stats.retries++;
        o.onRetry?.({ page: n, attempt, delayMs, kind, error: describeError(e) });
        await sleep(delayMs, controller.signal);
        continue;
      }
      learn(n, page);
      return page;
    }
  };

  /** Starts what the concurrency, the hold and the window ahead allow. */
  const pump = () => {
    if (error !== undefined) return;
    const wait = holdUntil - Date.now();
    if (wait > 0) {
      holdTimer ??= setTimeout(() => {
        holdTimer = undefined;
        pump();
      }, wait);
      return;
    }
    while (inFlight < stats.concurrency && next <= Math.min(limit, stop) && next <= maxPages && next - current < ahead && (next === first || learned)) {
      const s = slot(next);
      inFlight++;
      fetchWithRetries(next++).then(
        (page) => {
          inFlight--;
          s.resolve(page);
          pump();
        },
        (e: unknown) => {
          inFlight--;
          end(e);
        },
      );
    }
  };

  try {
    for (; ; current++) {
      if (current > maxPages) {
        throw new PnsWalkError(`Stopped at ${maxPages} pages: the server kept reporting more ${noun} (last total ${stats.lastTotal}).`, "The server's paging looks broken. Try again later; if it persists, report it to Laaffic.", stats.pages);
      }
      pump();
      if (error !== undefined) throw error;
      const page = await slot(current).promise;
      slots.delete(current);

      chars += page.replyChars ?? 0;
      if (chars > maxChars) {
        throw new PnsWalkError(
          `Stopped after ${stats.pages + 1} pages: the replies reached ${Math.round(chars / 1048576)} MB, far more than ${stats.items + page.items.length} ${noun} take.`,
          'The server is sending much more than the data asked for. Check baseUrl.',
          stats.pages,
        );
      }
      const skipped = page.skipped ?? 0;
      const raw = page.items.length + skipped;
      const reported = page.totalReported !== false;
      if (stats.firstTotal < 0) stats.firstTotal = page.total;
      else if (reported && page.total !== stats.lastTotal) stats.totalChanged = stats.anomaly = true;
      stats.lastTotal = reported ? page.total : Math.max(stats.lastTotal, page.total);

      let items = page.items as T[];
      if (seen && o.key) {
        // One hash lookup per item, and no copy of a page without duplicates (the common case).
        let fresh: T[] | undefined;
        for (let i = 0; i < items.length; i++) {
          const had = seen.size;
          seen.add(o.key(items[i]));
          if (seen.size === had) fresh ??= items.slice(0, i);
          else fresh?.push(items[i]);
        }
        if (fresh) items = fresh;
      }
      const duplicates = page.items.length - items.length;
      if (duplicates > 0) stats.anomaly = true;
      if (reported && raw !== Math.max(0, Math.min(perPage, page.total - (current - 1) * perPage))) stats.anomaly = true;

      let endedBy: PagesEnd | undefined;
      if (raw === 0) endedBy = 'empty-page';
      else if (!reported && raw < size) endedBy = 'short-page';
      else if (items.length === 0 && skipped === 0 && !stats.totalChanged) endedBy = 'repeated-page';
      else if (current >= limit) endedBy = 'complete';
      const position = stats.items;
      stats.pages++;
      stats.items += items.length;
      stats.duplicates += duplicates;
      stats.skipped += skipped;
      stats.planned = Math.max(stats.pages, Number.isFinite(limit) ? limit - first + 1 : next - first);
      if (endedBy) {
        stats.endedBy = endedBy;
        stats.planned = stats.pages;
      }
      yield { n: current, page, items, duplicates, position, last: endedBy !== undefined };
      if (endedBy) return;
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    if (holdTimer) clearTimeout(holdTimer);
    end(abortError());
    slots.clear();
  }
}

/**
 * The key of an id: 1 to 15 digits without a leading zero become a number (a Set of a million
 * numbers takes a fraction of the memory of a Set of strings); anything else stays the string.
 */
export function compactKey(id: string): PageKey {
  const n = id.length;
  if (n === 0 || n > 15) return id;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = id.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9 || (i === 0 && d === 0)) return id;
    value = value * 10 + d;
  }
  return value;
}
