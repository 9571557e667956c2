/**
 * The page streams the dashboard reads: an app's bindings, the calls of a window, the numbers.
 * readHealth reads the figures through them, and the extension reads the set behind a figure
 * through them again (same page groups, so pages of the last minute come from the cache) and
 * keeps what healthSetFilter accepts.
 */
import { cachedFetchPage, cachedSource, type PageCache } from '../cache';
import type { RequestOptions } from '../options';
import type { BindPageQuery } from '../client';
import type { BindPage, BindingRecord } from '../normalize';
import { compactKey, orderedPages, type FetchPage, type Page, type PageStream } from '../pages';
import { bindingPages, type BindPageResult, type BindPageSource, type CachedRequestOptions } from '../walk';
import { MAX_PAGE_SIZE } from '../endpoints/fields';
import { QUERY_CALL_RECORD_PAGE_PATH, type CallRecord, type CallRecordPage } from '../endpoints/records';
import type { CallRecordSource, TimeWindow } from '../endpoints/callRecordsFor';
import { numberPageFetcher, QUERY_NUMBER_PAGE_PATH, type MiddleNumber, type NumberPageSource } from '../endpoints/numbers';
import type { RequestGate } from './gate';

/** How the dashboard's streams read (each part; readHealth shares one gate among them). */
export interface HealthStreamOptions {
  /** Page requests in flight at most (default 6, 1..16). */
  concurrency?: number;
  /** Pages of the last minute are reused from it, and what is fetched is stored in it. */
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

const gated = <T>(o: HealthStreamOptions, signal: AbortSignal | undefined, send: () => Promise<T>): Promise<T> => (o.gate ? o.gate.run(signal, send) : send());

/** Every binding of one app (undefined = all apps of the key), each once. */
export function healthBindingStream(source: BindPageSource, appId: string | undefined, o: HealthStreamOptions): PageStream<BindingRecord, BindPageResult> {
  let s: BindPageSource = { queryBindPage: (q: BindPageQuery, opts?: CachedRequestOptions): Promise<BindPage> => gated(o, opts?.signal, () => source.queryBindPage(q, opts)) };
  if (o.cache) s = cachedSource(s, o.cache);
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
export function callPageGroup(w: TimeWindow) {
  return { endpoint: QUERY_CALL_RECORD_PAGE_PATH, params: { strTime: w.from, endTime: w.to }, size: HEALTH_PAGE_SIZE };
}

/** Every call record of one window of at most 31 days (as splitWindow cuts it), each once. */
export function healthCallStream(source: CallRecordSource, w: TimeWindow, o: HealthStreamOptions): PageStream<CallRecord, Page<CallRecord>> {
  let fetch: FetchPage<CallRecordPage> = (current, { signal }) =>
    gated(o, signal, () => source.queryCallRecordPage({ current, size: HEALTH_PAGE_SIZE, strTime: w.from, endTime: w.to }, { signal, retries: 0 } satisfies RequestOptions));
  if (o.cache) fetch = cachedFetchPage(fetch, o.cache, callPageGroup(w));
  const f = fetch;
  return orderedPages<CallRecord, Page<CallRecord>>((n, ctx) => f(n, ctx).then((p) => ({ items: p.records, total: p.total, totalReported: p.totalReported, skipped: p.skipped, replyChars: p.replyChars })), {
    pageSize: HEALTH_PAGE_SIZE,
    key: (r) => compactKey(r.callId),
    concurrency: o.concurrency,
    maxAttempts: o.maxAttemptsPerPage,
    backoffMs: o.backoffMs,
    maxPages: o.maxPages,
    signal: o.signal,
    abortMessage: 'Reading the health figures was cancelled.',
    noun: 'call records',
  });
}

/** The cache's group of the numbers pages of one app (undefined = all apps). */
export function numberPageGroup(appId: string | undefined) {
  return { endpoint: QUERY_NUMBER_PAGE_PATH, params: appId === undefined ? {} : { appId }, size: HEALTH_PAGE_SIZE };
}

/** Every middle number of one app (undefined = all apps of the key), each (app, number) once. */
export function healthNumberStream(source: NumberPageSource, appId: string | undefined, o: HealthStreamOptions): PageStream<MiddleNumber, Page<MiddleNumber>> {
  const s: NumberPageSource = { queryNumberPage: (q, opts) => gated(o, opts?.signal, () => source.queryNumberPage(q, opts)) };
  let fetch = numberPageFetcher(s, { size: HEALTH_PAGE_SIZE, appId });
  if (o.cache) fetch = cachedFetchPage(fetch, o.cache, numberPageGroup(appId));
  return orderedPages<MiddleNumber, Page<MiddleNumber>>(fetch, {
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
