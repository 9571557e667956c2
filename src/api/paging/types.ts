/**
 * The page pool's public types: what a page must tell it, the "fetch page N" it is given, its
 * options, what it reports (progress, retries) and what each pass hands over and ends with.
 * pool.ts re-exports them all.
 */
import type { FailureClass } from '../retry';

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
