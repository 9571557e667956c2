/**
 * An app's bindings (or all apps') read through orderedPages: walkBindPages one page at a time
 * (the tree's "load more"), collectBindings, and loadAll (concurrent, in the server's order, up
 * to a cap). bindPageFetcher is the "fetch page N" of bind pages for every other reader.
 */
import type { BindPage, BindingRecord } from './normalize';
import type { BindPageQuery, RequestOptions } from './client';
import { PnsValidationError } from './errors';
import { checkPageSize } from './endpoints/fields';
import { compactKey, orderedPages, type FetchPage, type Page, type PageKey, type PageRetry, type PagesEnd, type PageStream } from './pages';

export { DEFAULT_MAX_PAGES } from './pages';

/** Request options a BindPageSource understands on top of the client's. */
export interface CachedRequestOptions extends RequestOptions {
  /** 'reload': skip a page cache and fetch (the answer is still stored), e.g. for a rescan. */
  cache?: 'default' | 'reload';
}

/** Anything that serves pages like PnsClient does. */
export interface BindPageSource {
  queryBindPage(query: BindPageQuery, options?: CachedRequestOptions): Promise<BindPage>;
}

/** A bind page as orderedPages sees it (`items` = `records`), with the page itself. */
export interface BindPageResult extends Page<BindingRecord> {
  bindPage: BindPage;
}

function asPage(p: BindPage): BindPageResult {
  return { items: p.records, total: p.total, totalReported: p.totalReported, skipped: p.skipped, replyChars: p.replyChars, bindPage: p };
}

export function bindingKey(r: BindingRecord): PageKey {
  return compactKey(r.bindId);
}

/** "Fetch page N" of an app's bindings: no retries of its own (the stream retries); `fresh` skips the page cache. */
export function bindPageFetcher(source: BindPageSource, query: { appId?: string; size: number }, fresh = false): FetchPage<BindPageResult> {
  return (current, { signal }) => source.queryBindPage({ current, size: query.size, appId: query.appId }, fresh ? { signal, retries: 0, cache: 'reload' } : { signal, retries: 0 }).then(asPage);
}

/** What every concurrent reader of an app's bindings (Load All, Find, findBinding, Export) passes on to the stream. */
export interface BindingPagesOptions {
  /** One app; undefined = all apps of the key. */
  appId?: string;
  /** Page size (checked by the caller). */
  size: number;
  concurrency?: number;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  maxPages?: number;
  signal?: AbortSignal;
  abortMessage: string;
  /** Past the page cache (a rescan). */
  fresh?: boolean;
  onRetry?: (r: PageRetry) => void;
}

/** Every bind page of an app at `o.size`, in page order, each binding once (by bindingKey). */
export function bindingPages(source: BindPageSource, o: BindingPagesOptions): PageStream<BindingRecord, BindPageResult> {
  return orderedPages<BindingRecord, BindPageResult>(bindPageFetcher(source, { appId: o.appId, size: o.size }, o.fresh), {
    pageSize: o.size,
    key: bindingKey,
    concurrency: o.concurrency,
    maxAttempts: o.maxAttemptsPerPage,
    backoffMs: o.backoffMs,
    maxPages: o.maxPages,
    signal: o.signal,
    abortMessage: o.abortMessage,
    noun: 'bindings',
    onRetry: o.onRetry,
  });
}

export interface WalkOptions {
  appId?: string;
  /** Page size, 1..100 (default 100). */
  size?: number;
  /** Default 10,000; beyond it PnsWalkError. */
  maxPages?: number;
  signal?: AbortSignal;
  /** First page to fetch (to resume a walk after an error). Default 1. */
  startPage?: number;
  /** bindIds already seen (shared with the caller when resuming). */
  seen?: Set<string>;
  /** Cap on the reply text read, in characters (default 512 Mi); beyond it PnsWalkError. */
  maxChars?: number;
}

export type WalkEnd = PagesEnd;

export interface WalkStep {
  page: BindPage;
  /** The bindings of this page not seen before. */
  records: BindingRecord[];
  duplicates: number;
  /** Unique bindings seen so far. */
  seen: number;
  /** The walk ends without another request. */
  last: boolean;
}

export interface WalkSummary {
  pagesFetched: number;
  records: number;
  duplicates: number;
  skipped: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  endedBy: WalkEnd;
}

/**
 * One page at a time, each binding once. The source's own retry policy applies (the tree's
 * client retries as the user set it), so the stream makes one attempt a page.
 */
export async function* walkBindPages(source: BindPageSource, options: WalkOptions = {}): AsyncGenerator<WalkStep, WalkSummary, undefined> {
  const size = options.size ?? 100;
  const seen: Set<PageKey> = options.seen ?? new Set<string>();
  const stream = orderedPages<BindingRecord, BindPageResult>((current, { signal }) => source.queryBindPage({ current, size, appId: options.appId }, { signal }).then(asPage), {
    pageSize: size,
    key: (r) => r.bindId,
    seen,
    concurrency: 1,
    maxAttempts: 1,
    startPage: options.startPage,
    maxPages: options.maxPages,
    maxChars: options.maxChars,
    signal: options.signal,
    noun: 'bindings',
  });
  for await (const s of stream) yield { page: s.page.bindPage, records: s.items, duplicates: s.duplicates, seen: seen.size, last: s.last };
  const st = stream.stats;
  return { pagesFetched: st.pages, records: st.items, duplicates: st.duplicates, skipped: st.skipped, firstTotal: st.firstTotal, lastTotal: st.lastTotal, totalChanged: st.totalChanged, endedBy: st.endedBy ?? 'complete' };
}

export async function collectBindings(source: BindPageSource, options: WalkOptions = {}): Promise<{ records: BindingRecord[]; summary: WalkSummary }> {
  const records: BindingRecord[] = [];
  const it = walkBindPages(source, options);
  for (;;) {
    const step = await it.next();
    if (step.done) return { records, summary: step.value };
    for (const r of step.value.records) records.push(r);
  }
}

export const DEFAULT_LOAD_ALL_MAX_RECORDS = 50_000;

export interface LoadAllOptions {
  /** One app; undefined = all apps of the key. */
  appId?: string;
  /** Page size, 1..100 (default 100). */
  size?: number;
  /** Requests in flight at most (default 6, 1..16). */
  concurrency?: number;
  /** Stop once this many bindings are loaded (default 50,000): the result says `truncated`. */
  maxRecords?: number;
  signal?: AbortSignal;
  /** Each page's new bindings, in order, with their positions. An exception ends the load with it. */
  onPage?: (p: LoadAllPage) => void;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  maxPages?: number;
}

/** A binding and its index in the vendor's order (0-based, each binding once). */
export interface PositionedRecord {
  record: BindingRecord;
  position: number;
}

export interface LoadAllPage {
  records: PositionedRecord[];
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
  /** The load stopped at maxRecords with more bindings left: suggest Find or Export. */
  truncated: boolean;
  maxRecords: number;
}

/** Every binding of an app (or all apps), concurrently, in the vendor's order, each once, up to `maxRecords`. */
export async function loadAll(source: BindPageSource, options: LoadAllOptions = {}): Promise<LoadAllResult> {
  const size = checkPageSize(options.size ?? 100);
  const maxRecords = options.maxRecords ?? DEFAULT_LOAD_ALL_MAX_RECORDS;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) {
    throw new PnsValidationError('maxRecords', `maxRecords must be a whole number of at least 1 (got ${String(maxRecords).slice(0, 20)}).`, 'Use a cap such as 50,000.');
  }
  const stream = bindingPages(source, { ...options, size, abortMessage: 'Loading the bindings was cancelled.' });
  const s = stream.stats;
  const records: BindingRecord[] = [];
  let truncated = false;
  for await (const { items, position } of stream) {
    const take = items.slice(0, maxRecords - records.length);
    for (const r of take) records.push(r);
    options.onPage?.({ records: take.map((record, i) => ({ record, position: position + i })), loaded: records.length, total: s.lastTotal, pagesDone: s.pages, pagesTotal: s.planned });
    if (take.length < items.length) {
      truncated = true;
      break;
    }
  }
  return {
    records,
    total: Math.max(s.lastTotal, records.length),
    pages: s.pages,
    duplicates: s.duplicates,
    skipped: s.skipped,
    totalChanged: s.totalChanged,
    firstTotal: Math.max(0, s.firstTotal),
    lastTotal: s.lastTotal,
    truncated,
    maxRecords,
  };
}
