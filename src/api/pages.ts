/**
 * The one way to read a paged endpoint: `orderedPages(fetchPage, options)` reads pages
 * start, start+1, … with at most `concurrency` requests in flight and yields them in page
 * order, each page's items de-duplicated (by `key`) against everything yielded before.
 *
 * Where it ends is decided here, once, in page order:
 * - the server's total: every page it reports was read (a growing total is followed);
 * - an empty page;
 * - with no usable total (`totalReported: false`): a short page, or a page repeating items
 *   already seen;
 * - the caps: more pages than `maxPages`, or more reply text than `maxChars` (PnsWalkError).
 * A failed page is retried through retry.ts's policy (up to `maxAttempts`); when the server
 * pushes back, fewer requests are sent for the rest of the stream: half on "too frequent"
 * (-15, HTTP 429), one fewer on overload (5xx, timeout, network; never below half the start).
 * Leaving the loop (break, return, an exception) or aborting `signal` aborts what is in flight.
 * Load more is the same stream with concurrency 1 and a `startPage`.
 */
import { setMaxListeners } from 'node:events';
import { PnsAbortError, PnsValidationError, PnsWalkError } from './errors';
import { classifyFailure, describeError, retryDelay, sleep, type FailureClass } from './retry';

/** What a page must tell the stream. */
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

/** A de-duplication key (see compactKey: numbers take far less memory than strings). */
export type PageKey = string | number;

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
  random?: () => number;
  /** Before each retry; an exception ends the stream with it. */
  onRetry?: (r: PageRetry) => void;
}

/** One page, in page order. */
export interface StreamPage<T, P> {
  n: number;
  page: P;
  /** Its items not yielded before, in the server's order. */
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
  /** The pages did not line up: the total changed, an item came twice, a page had the wrong length. */
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
  const stats: PagesStats = {
    pages: 0,
    items: 0,
    duplicates: 0,
    skipped: 0,
    planned: 1,
    firstTotal: -1,
    lastTotal: 0,
    totalChanged: false,
    anomaly: false,
    concurrency: start,
    minConcurrency: start,
    retries: 0,
    endedBy: undefined,
  };
  return { stats, [Symbol.asyncIterator]: () => run(fetchPage, options, stats) };
}

async function* run<T, P extends Page<T>>(fetchPage: FetchPage<P>, o: OrderedPagesOptions<T>, stats: PagesStats): AsyncGenerator<StreamPage<T, P>, void, undefined> {
  const size = o.pageSize;
  const first = whole(o.startPage, 1, Number.MAX_SAFE_INTEGER, 1);
  const maxPages = whole(o.maxPages, 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_PAGES);
  const maxChars = whole(o.maxChars, 1, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_CHARS);
  const maxAttempts = whole(o.maxAttempts, 1, 100, DEFAULT_ATTEMPTS);
  const backoff = o.backoffMs ?? DEFAULT_BACKOFF_MS;
  const random = o.random ?? Math.random;
  const noun = o.noun ?? 'items';
  const seen = o.key ? (o.seen ?? new Set<PageKey>()) : undefined;
  const startConcurrency = stats.concurrency;
  // Pages requested beyond the one the consumer waits for; one at a time reads only what is asked for.
  const ahead = startConcurrency === 1 ? 1 : Math.max(8, 4 * startConcurrency);
  const abortError = () => new PnsAbortError(o.abortMessage);

  const controller = new AbortController();
  setMaxListeners(4 * MAX_CONCURRENCY, controller.signal);
  /** Settles (rejects) when the stream must end with an error: abort, fatal failure, a callback's exception. */
  let fail!: (e: unknown) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  let error: unknown;
  const end = (e: unknown) => {
    if (error !== undefined) return;
    error = e;
    controller.abort();
    fail(e);
  };
  const onAbort = () => end(abortError());
  if (o.signal?.aborted) throw abortError();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const requests = new Map<number, Promise<P>>();
  let inFlight = 0;
  let next = first; // the next page to request
  let limit = first; // the last page known to exist (Infinity: read on until a short page)
  let holdUntil = 0; // no request starts before (a throttle's wait holds them all)
  let epoch = 0; // bumped on every decrease: a burst of failures lowers the concurrency once
  let holdTimer: NodeJS.Timeout | undefined;
  let chars = 0;
  let learned = false; // a page arrived: the others may go (the first goes alone, to learn the total)

  const learn = (page: P) => {
    learned = true;
    if (page.totalReported === false) {
      if (page.items.length + (page.skipped ?? 0) >= size) limit = Infinity;
    } else limit = Math.max(limit, Math.ceil(page.total / size));
    if (Number.isFinite(limit) && limit > maxPages) {
      end(new PnsWalkError(`This would need more than ${maxPages} pages (the server reports ${page.total} ${noun}).`, 'Narrow it down (a single app), or use a larger page size.', stats.pages));
    }
  };

  const fetchWithRetries = async (n: number): Promise<P> => {
    for (let attempt = 1; ; attempt++) {
      const started = epoch;
      try {
        const page = await fetchPage(n, { signal: controller.signal, attempt });
        learn(page);
        return page;
      } catch (e) {
        if (error !== undefined) throw error;
        const kind = e instanceof PnsAbortError ? 'fatal' : classifyFailure(e);
        if (kind === 'fatal' || attempt >= maxAttempts) throw e;
        const delayMs = retryDelay(e, attempt, backoff.base, backoff.max, random, 0.5);
        if ((kind === 'throttle' || kind === 'overload') && started === epoch) {
          const floor = kind === 'throttle' ? 1 : Math.max(1, Math.ceil(startConcurrency / 2));
          const lowered = Math.max(Math.min(floor, stats.concurrency), kind === 'throttle' ? Math.floor(stats.concurrency / 2) : stats.concurrency - 1);
          if (lowered < stats.concurrency) epoch++;
          stats.concurrency = lowered;
          stats.minConcurrency = Math.min(stats.minConcurrency, lowered);
        }
        if (kind === 'throttle') holdUntil = Math.max(holdUntil, Date.now() + delayMs);
        stats.retries++;
        o.onRetry?.({ page: n, attempt, delayMs, kind, error: describeError(e) });
        await sleep(delayMs, controller.signal);
      }
    }
  };

  /** Starts what the concurrency, the hold and the window ahead allow. */
  const pump = (head: number) => {
    if (error !== undefined) return;
    const wait = holdUntil - Date.now();
    if (wait > 0) {
      holdTimer ??= setTimeout(() => {
        holdTimer = undefined;
        pump(head);
      }, wait);
      return;
    }
    while (inFlight < stats.concurrency && next <= limit && next <= maxPages && next - head < ahead && (next === first || learned)) {
      const n = next++;
      inFlight++;
      const p = fetchWithRetries(n).finally(() => {
        inFlight--;
        pump(current);
      });
      p.catch((e: unknown) => end(e));
      requests.set(n, p);
    }
  };

  let current = first;
  try {
    for (; ; current++) {
      if (current > maxPages) {
        throw new PnsWalkError(`Stopped at ${maxPages} pages: the server kept reporting more ${noun} (last total ${stats.lastTotal}).`, "The server's paging looks broken. Try again later; if it persists, report it to Laaffic.", stats.pages);
      }
      pump(current);
      const request = requests.get(current);
      if (!request) throw error ?? new Error(`page ${current} was not requested`);
      const page = await Promise.race([request, failed]);
      requests.delete(current);

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
        items = [];
        for (const item of page.items) {
          const k = o.key(item);
          if (seen.has(k)) continue;
          seen.add(k);
          items.push(item);
        }
      }
      const duplicates = page.items.length - items.length;
      if (duplicates > 0) stats.anomaly = true;
      if (reported && raw !== Math.max(0, Math.min(size, page.total - (current - 1) * size))) stats.anomaly = true;

      let endedBy: PagesEnd | undefined;
      if (raw === 0) endedBy = 'empty-page';
      else if (!reported && raw < size) endedBy = 'short-page';
      else if (!reported && items.length === 0 && skipped === 0) endedBy = 'repeated-page';
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
    if (error === undefined) error = abortError();
    controller.abort();
    for (const r of requests.values()) r.catch(() => undefined);
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
