/**
 * Walks every page of an app's bindings once (sequentially, through the paging engine's
 * walker), de-duplicating by bindId, and always ends:
 * on an empty page, on a page made only of bindings already seen (a server repeating a
 * page), once every binding the server reports has been seen, or at a hard page cap
 * (an error, never a silent truncation).
 */
import type { BindPage, BindingRecord } from './normalize';
import { MAX_PAGE_SIZE, type BindPageQuery, type RequestOptions } from './client';
import { PnsAbortError, PnsValidationError } from './errors';
import type { CachedRequestOptions } from './cache';
import { walkPages } from './paging/walker';
import { compactKey } from './paging/keys';
import { PagePool, type FetchPage, type Page, type PageKey } from './paging/pool';

/** Anything that serves pages like PnsClient does. */
export interface BindPageSource {
  queryBindPage(query: BindPageQuery, options?: RequestOptions): Promise<BindPage>;
}

export interface WalkOptions {
  appId?: string;
  /** Page size, 1..100 (default 100: fewest requests). */
  size?: number;
  /** Hard cap on pages fetched; exceeding it throws PnsWalkError. Default 10,000. */
  maxPages?: number;
  signal?: AbortSignal;
  /** First page to fetch (to resume a walk after an error). Default 1. */
  startPage?: number;
  /** bindIds already seen (shared with the caller when resuming). Default: a new set. */
  seen?: Set<string>;
  /**
   * Cap on the reply text read by this walk, in characters (default 512 Mi): a server sending
   * replies far larger than their records need cannot make one Load All or Export hold
   * gigabytes. Exceeding it throws PnsWalkError.
   */
  maxChars?: number;
}

export type WalkEnd = 'complete' | 'empty-page' | 'repeated-page' | 'short-page';

export interface WalkStep {
  /** The page as the server sent it (normalised). */
  page: BindPage;
  /** The bindings of this page not seen on an earlier page. */
  records: BindingRecord[];
  /** Bindings of this page already seen earlier (server reshuffles, shifted offsets). */
  duplicates: number;
  /** Unique bindings seen so far. */
  seen: number;
  /** True on the last step: the walk ends without another request. */
  last: boolean;
}

export interface WalkSummary {
  pagesFetched: number;
  records: number;
  duplicates: number;
  skipped: number;
  /** The server's total on the first and on the last page. */
  firstTotal: number;
  lastTotal: number;
  /** The reported total changed during the walk: the data changed while it was read. */
  totalChanged: boolean;
  endedBy: WalkEnd;
}

export const DEFAULT_MAX_PAGES = 10_000;
/** About 50 KB per page over 10,000 pages: twice what 100 real records take. */
export const DEFAULT_MAX_WALK_CHARS = 512 * 1024 * 1024;

export async function* walkBindPages(source: BindPageSource, options: WalkOptions = {}): AsyncGenerator<WalkStep, WalkSummary, undefined> {
  const size = options.size ?? 100;
  const it = walkPages<BindingRecord, BindPageResult>((current, signal) => source.queryBindPage({ current, size, appId: options.appId }, { signal }).then(asPage), {
    pageSize: size,
    key: (r) => r.bindId, // the caller's `seen` holds bindIds
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
    maxChars: options.maxChars ?? DEFAULT_MAX_WALK_CHARS,
    signal: options.signal,
    startPage: options.startPage,
    seen: options.seen,
    noun: 'bindings',
  });
  for (;;) {
    const step = await it.next();
    if (step.done) {
      const { items, ...rest } = step.value;
      return { ...rest, records: items };
    }
    const s = step.value;
    yield { page: s.page.bindPage, records: s.items, duplicates: s.duplicates, seen: s.seen, last: s.last };
  }
}

/** A bind page as the paging engine sees it (`items` = `records`), with the page itself. */
export interface BindPageResult extends Page<BindingRecord> {
  bindPage: BindPage;
}

function asPage(p: BindPage): BindPageResult {
  return { items: p.records, total: p.total, totalReported: p.totalReported, skipped: p.skipped, replyChars: p.replyChars, bindPage: p };
}

/** The de-duplication key of a binding for the pool (its bindId, compact). */
export function bindingKey(r: BindingRecord): PageKey {
  return compactKey(r.bindId);
}

/**
 * "Fetch page N" of an app's bindings, for the pool: no retries of its own (the pool retries),
 * and `cache: 'reload'` on a fresh pass (understood by cachedSource).
 */
export function bindPageFetcher(source: BindPageSource, query: { appId?: string; size: number }): FetchPage<BindPageResult> {
  return (current, ctx) => {
    const opts: CachedRequestOptions = { signal: ctx.signal, retries: 0 };
    if (ctx.fresh) opts.cache = 'reload';
    return source.queryBindPage({ current, size: query.size, appId: query.appId }, opts).then(asPage);
  };
}

/** Every binding of an app (or of all apps), with the walk's summary. */
export async function collectBindings(source: BindPageSource, options: WalkOptions = {}): Promise<{ records: BindingRecord[]; summary: WalkSummary }> {
  const records: BindingRecord[] = [];
  const it = walkBindPages(source, options);
  for (;;) {
    const step = await it.next();
    if (step.done) return { records, summary: step.value };
    records.push(...step.value.records);
  }
}

// ---------------------------------------------------------------------------------------------
// Load All: every binding of an app, concurrently, in the server's order, up to a cap.

export const DEFAULT_LOAD_ALL_MAX_RECORDS = 50_000;

export interface LoadAllOptions {
  /** One app; undefined = all apps of the key. */
  appId?: string;
  /** Page size of the requests, 1..100 (default 100: fewest requests). */
  size?: number;
  /** Requests in flight at most (default 6, clamped to 1..16). */
  concurrency?: number;
  /** Stop once this many bindings are loaded (default 50,000): the result says `truncated`. */
  maxRecords?: number;
  signal?: AbortSignal;
  /** Each page's new bindings, in order, with their positions. An exception ends the load with it. */
  onPage?: (p: LoadAllPage) => void;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  /** Hard cap on pages (default 10,000). */
  maxPages?: number;
}

/** A binding and its position: its index in the vendor's order (0-based, each binding once). */
export interface PositionedRecord {
  record: BindingRecord;
  position: number;
}

export interface LoadAllPage {
  records: PositionedRecord[];
  /** Bindings loaded so far. */
  loaded: number;
  /** The server's latest total. */
  total: number;
  pagesDone: number;
  pagesTotal: number;
}

export interface LoadAllResult {
  /** The bindings in the vendor's order: records[i] is at position i. */
  records: BindingRecord[];
  /** The server's total at the end (may exceed records.length when truncated). */
  total: number;
  pages: number;
  duplicates: number;
  skipped: number;
  totalChanged: boolean;
  firstTotal: number;
  lastTotal: number;
  /** True when the load stopped at maxRecords with more bindings left: suggest Find or Export. */
  truncated: boolean;
  maxRecords: number;
}

/** The paging engine's pool over an app's bind pages, as Load All and Export use it. */
export function bindPagePool(
  source: BindPageSource,
  o: { appId?: string; size: number; concurrency?: number; maxAttemptsPerPage?: number; backoffMs?: { base: number; max: number }; maxPages?: number; signal?: AbortSignal },
  abortMessage: string,
): PagePool<BindingRecord, BindPageResult> {
  return new PagePool<BindingRecord, BindPageResult>(bindPageFetcher(source, { appId: o.appId, size: o.size }), {
    pageSize: o.size,
    key: bindingKey,
    concurrency: o.concurrency,
    maxAttemptsPerPage: o.maxAttemptsPerPage,
    backoffMs: o.backoffMs,
    maxPages: o.maxPages ?? DEFAULT_MAX_PAGES,
    signal: o.signal,
    abortMessage,
    noun: 'bindings',
  });
}

/**
 * Loads every binding of an app (or all apps) through the paging engine's pool: pages fetched
 * concurrently, bindings delivered in the vendor's order with their positions, each once. Stops
 * (no further requests) when `maxRecords` are loaded and more remain: `truncated: true`.
 */
export async function loadAll(source: BindPageSource, options: LoadAllOptions = {}): Promise<LoadAllResult> {
  const size = options.size ?? 100;
  const maxRecords = options.maxRecords ?? DEFAULT_LOAD_ALL_MAX_RECORDS;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) {
    throw new PnsValidationError('maxRecords', `maxRecords must be a whole number of at least 1 (got ${String(maxRecords).slice(0, 20)}).`, 'Use a cap such as 50,000.');
  }
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PnsValidationError('size', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(size).slice(0, 20)}).`, 'Use a page size from 1 to 100.');
  }
  const abortMessage = 'Loading the bindings was cancelled.';
  if (options.signal?.aborted) throw new PnsAbortError(abortMessage);
  const records: BindingRecord[] = [];
  let truncated = false;
  const pool = bindPagePool(source, { ...options, size }, abortMessage);
  try {
    const summary = await pool.pass({
      onPage: ({ items, position }) => {
        const room = maxRecords - records.length;
        const take = items.length > room ? items.slice(0, room) : items;
        for (const r of take) records.push(r);
        if (options.onPage) {
          options.onPage({
            records: take.map((record, i) => ({ record, position: position + i })),
            loaded: records.length,
            total: pool.lastTotal,
            pagesDone: pool.pagesDone,
            pagesTotal: pool.pagesTotal,
          });
        }
        if (items.length > room) {
          truncated = true;
          pool.stop();
        }
      },
    });
    return {
      records,
      total: Math.max(pool.lastTotal, records.length),
      pages: summary.pages,
      duplicates: summary.duplicates,
      skipped: summary.skipped,
      totalChanged: pool.totalChanged,
      firstTotal: summary.firstTotal,
      lastTotal: summary.lastTotal,
      truncated,
      maxRecords,
    };
  } finally {
    pool.close();
  }
}
