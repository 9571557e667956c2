/**
 * The page streams the dashboard reads: an app's bindings, the calls of a window, the numbers.
 * readHealth reads the figures through them, and the extension reads the set behind a figure
 * through them again (same page groups, so pages of the last minute come from the cache) and
 * keeps what healthSetFilter accepts.
 *
 * The cache: a page of the last minute is never fetched again; a fetched page is stored only
 * while its stream needs at most a quarter of the cache's pages (500 of the default 2,000): a
 * bigger stream (an app of a million bindings) would evict everything else, and its own first
 * pages before it could reuse them, while holding a hundred megabytes.
 */
import { bindGroup, type CacheablePage, type PageCache, type PageGroup } from '../cache';
import { PnsAbortError } from '../errors';
import type { BindPageQuery } from '../client';
import type { BindPage, BindingRecord } from '../normalize';
import { compactKey, orderedPages, type Page, type PageStream } from '../pages';
import { bindingPages, type BindPageResult, type BindPageSource, type CachedRequestOptions } from '../walk';
import { MAX_PAGE_SIZE } from '../endpoints/fields';
import { QUERY_CALL_RECORD_PAGE_PATH, type CallRecord } from '../endpoints/records';
import type { CallRecordSource, TimeWindow } from '../endpoints/callRecordsFor';
import { numberPageFetcher, QUERY_NUMBER_PAGE_PATH, type MiddleNumber, type NumberPageSource } from '../endpoints/numbers';
import type { RequestGate } from '../gate';

/** How the dashboard's streams read (each part; readHealth shares one gate among them). */
export interface HealthStreamOptions {
  /** Page requests in flight at most (default 6, 1..16). */
  concurrency?: number;
  /** Pages of the last minute are reused from it; fetched pages are stored in it while their stream is small (see above). */
  cache?: PageCache;
  signal?: AbortSignal;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  maxPages?: number;
  /** Shared by the parts of one reading (internal). */
  gate?: RequestGate;
}

/** The dashboard's page size: the largest the vendor serves. */
export const HEALTH_PAGE_SIZE = MAX_PAGE_SIZE;

/** The most pages a stream may need for its pages to be stored in `cache`. */
export function cacheStoreLimit(cache: PageCache): number {
  return Math.floor(cache.maxPages / 4);
}

/** Page `n` of `group`: from the cache when it has it, else fetched (through the gate) and stored when its stream is small. */
async function read<P extends CacheablePage>(o: HealthStreamOptions, group: PageGroup, n: number, signal: AbortSignal | undefined, fetch: () => Promise<P>, fresh = false): Promise<P> {
  const send = () => (o.gate ? o.gate.run(signal, fetch) : fetch());
  const cache = o.cache;
  if (!cache) return send();
  if (signal?.aborted) throw new PnsAbortError();
  const hit = fresh ? undefined : cache.getPage<P>(group, n);
  if (hit) return hit;
  const generation = cache.generation;
  const page = await send();
  // Read before a clear() (a bind or unbind meanwhile): handed over, not kept.
  if (cache.generation === generation && page.totalReported !== false && Math.ceil(page.total / group.size) <= cacheStoreLimit(cache)) cache.setPage(group, n, page);
  return page;
}

/** Every binding of one app (undefined = all apps of the key), each once. */
export function healthBindingStream(source: BindPageSource, appId: string | undefined, o: HealthStreamOptions): PageStream<BindingRecord, BindPageResult> {
  const s: BindPageSource = {
    queryBindPage: (q: BindPageQuery, opts?: CachedRequestOptions): Promise<BindPage> => read(o, bindGroup(q.appId, q.size), q.current, opts?.signal, () => source.queryBindPage(q, opts), opts?.cache === 'reload'),
  };
  return bindingPages(s, {
    appId,
    size: HEALTH_PAGE_SIZE,
    concurrency: o.concurrency,
    maxAttemptsPerPage: o.maxAttemptsPerPage,
    backoffMs: o.backoffMs,
    maxPages: o.maxPages,
    signal: o.signal,
    abortMessage: 'Reading the health figures was cancelled.',
  });
}

/** The cache's group of a window's call-record pages. */
export function callPageGroup(w: TimeWindow): PageGroup {
  return { endpoint: QUERY_CALL_RECORD_PAGE_PATH, params: { strTime: w.from, endTime: w.to }, size: HEALTH_PAGE_SIZE };
}

/** Every call record of one window of at most 31 days (as splitWindow cuts it), each once. */
export function healthCallStream(source: CallRecordSource, w: TimeWindow, o: HealthStreamOptions): PageStream<CallRecord, Page<CallRecord>> {
  const group = callPageGroup(w);
  return orderedPages<CallRecord, Page<CallRecord>>(
    (current, { signal }) =>
      read(o, group, current, signal, () => source.queryCallRecordPage({ current, size: HEALTH_PAGE_SIZE, strTime: w.from, endTime: w.to }, { signal, retries: 0 })).then((p) => ({
        items: p.records,
        total: p.total,
        totalReported: p.totalReported,
        skipped: p.skipped,
        replyChars: p.replyChars,
      })),
    {
      pageSize: HEALTH_PAGE_SIZE,
      key: (r) => compactKey(r.callId),
      concurrency: o.concurrency,
      maxAttempts: o.maxAttemptsPerPage,
      backoffMs: o.backoffMs,
      maxPages: o.maxPages,
      signal: o.signal,
      abortMessage: 'Reading the health figures was cancelled.',
      noun: 'call records',
    },
  );
}

/** The cache's group of the numbers pages of one app (undefined = all apps). */
export function numberPageGroup(appId: string | undefined): PageGroup {
  return { endpoint: QUERY_NUMBER_PAGE_PATH, params: appId === undefined ? {} : { appId }, size: HEALTH_PAGE_SIZE };
}

/** Every middle number of one app (undefined = all apps of the key), each (app, number) once. */
export function healthNumberStream(source: NumberPageSource, appId: string | undefined, o: HealthStreamOptions): PageStream<MiddleNumber, Page<MiddleNumber>> {
  const s: NumberPageSource = { queryNumberPage: (q, opts) => read(o, numberPageGroup(q.appId), q.current, opts?.signal, () => source.queryNumberPage(q, opts)) };
  return orderedPages<MiddleNumber, Page<MiddleNumber>>(numberPageFetcher(s, { size: HEALTH_PAGE_SIZE, appId }), {
    pageSize: HEALTH_PAGE_SIZE,
    key: (n) => `${n.appId}\u0000${n.number}`,
    concurrency: o.concurrency,
    maxAttempts: o.maxAttemptsPerPage,
    backoffMs: o.backoffMs,
    maxPages: o.maxPages,
    signal: o.signal,
    abortMessage: 'Reading the health figures was cancelled.',
    noun: 'numbers',
  });
}
