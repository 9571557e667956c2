/**
 * Find bindings by number across every page of an app (or of all apps): the vendor has no
 * server-side filter but appId, so the client reads every page and matches locally.
 *
 * Pages are fetched concurrently by the paging engine's pool (paging/pool.ts), which is adaptive: when the server
 * pushes back it backs off and lowers its concurrency for the rest of the search: it halves it
 * on -15 and HTTP 429 ("too frequent"), and takes one step down (to half at most) on HTTP 5xx,
 * timeouts and network errors. Results are exact: every matching binding once,
 * none lost to failed pages, and when the data changes during the search (the total moves,
 * pages overlap or come up short) it does one fresh rescan so the result matches the data.
 */
import { PnsAbortError, PnsValidationError } from './errors';
import type { BindingRecord } from './normalize';
import { DEFAULT_MAX_PAGES, bindingKey, bindPageFetcher, type BindPageResult, type BindPageSource } from './walk';
import { digitsOnly } from './state';
import { MAX_PAGE_SIZE } from './client';
import { PagePool, DEFAULT_POOL_ATTEMPTS, DEFAULT_POOL_BACKOFF_MS, DEFAULT_POOL_CONCURRENCY, MAX_POOL_CONCURRENCY } from './paging/pool';

export type MatchMode = 'exact' | 'partial';
export type MatchField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId';
export interface SearchQuery {
  digits: string;
  mode: MatchMode;
}

export const MATCH_FIELDS: readonly MatchField[] = ['phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'bindId'];
/** Fewest digits a partial search accepts (fewer would match nearly everything). */
export const MIN_PARTIAL_DIGITS = 3;
export const DEFAULT_SEARCH_CONCURRENCY = DEFAULT_POOL_CONCURRENCY;
export const MAX_SEARCH_CONCURRENCY = MAX_POOL_CONCURRENCY;
export const DEFAULT_MAX_ATTEMPTS_PER_PAGE = DEFAULT_POOL_ATTEMPTS;
export const DEFAULT_BACKOFF_MS: Readonly<{ base: number; max: number }> = DEFAULT_POOL_BACKOFF_MS;
/**
 * The most matches one search keeps (default of SearchOptions.maxMatches): a short partial query
 * over a large account, or a hostile server, cannot make a search hold millions of matches.
 */
export const MAX_SEARCH_MATCHES = 10_000;

/** User input -> query: keeps digits only ("+91 502-702 1995" -> "915027021995"). */
export function parseSearchQuery(input: string, mode: MatchMode): SearchQuery {
  if (mode !== 'exact' && mode !== 'partial') {
    throw new PnsValidationError('mode', `Unknown match mode "${String(mode).slice(0, 20)}".`, 'Use "exact" or "partial".');
  }
  const digits = digitsOnly(typeof input === 'string' ? input : '');
  if (digits === '') {
    throw new PnsValidationError(
      'query',
      'The search text contains no digits: phone numbers, middle numbers and bind ids are searched by their digits.',
      'Type a number, e.g. +91 502-702 1995 (spaces, dashes, brackets and + are ignored).',
    );
  }
  if (mode === 'partial' && digits.length < MIN_PARTIAL_DIGITS) {
    throw new PnsValidationError(
      'query',
      `A partial search needs at least ${MIN_PARTIAL_DIGITS} digits (got ${digits.length}): fewer would match almost every binding.`,
      `Type at least ${MIN_PARTIAL_DIGITS} digits of the number, or search for the exact number.`,
    );
  }
  return { digits, mode };
}

/** Which fields of a record match (exact: the field's digits equal the query; partial: contain it). [] when none. */
export function matchBinding(r: BindingRecord, q: SearchQuery): MatchField[] {
  const out: MatchField[] = [];
  if (q.digits === '') return out;
  for (const f of MATCH_FIELDS) {
    const v = r[f];
    if (!v) continue;
    const d = digitsOnly(v);
    if (q.mode === 'exact' ? d === q.digits : d.includes(q.digits)) out.push(f);
  }
  return out;
}

export interface SearchProgress {
  pagesScanned: number;
  pagesTotal: number;
  matches: number;
  concurrency: number;
  retries: number;
  totalChanged: boolean;
}
export interface SearchMatch {
  record: BindingRecord;
  fields: MatchField[];
  /** The page (at the search's page size) the binding was found on. */
  page: number;
}
export interface SearchOptions {
  /** One app; undefined = all apps of the key (no appId sent). */
  appId?: string;
  query: SearchQuery;
  /** Page size, 1..100 (default 100: fewest requests). */
  size?: number;
  /** Requests in flight at most (default 6, clamped to 1..16). */
  concurrency?: number;
  /** Cancel: no new requests, in-flight ones aborted, the promise rejects with PnsAbortError. */
  signal?: AbortSignal;
  /** Attempts per page before the search fails with that page's error (default 5). */
  maxAttemptsPerPage?: number;
  /** Exponential backoff between attempts, with jitter (default { base: 250, max: 8000 }); a server's Retry-After is honoured up to `max`. */
  backoffMs?: { base: number; max: number };
  /** Hard cap on the pages of one pass (default 10,000, like the walker); beyond it: PnsWalkError. */
  maxPages?: number;
  onProgress?: (p: SearchProgress) => void;
  /**
   * The most matches kept (default MAX_SEARCH_MATCHES): on reaching it the search stops (no
   * further pages, those in flight aborted) and resolves with `capped: true`.
   */
  maxMatches?: number;
  /**
   * Streamed as found, in the server's order (pages are handed over in order), each binding at
   * most once. `SearchResult.matches` is authoritative: after
   * a rescan, a binding streamed earlier that no longer exists is not in it.
   */
  onMatch?: (m: SearchMatch) => void;
}
export interface SearchResult {
  /** Every matching binding once, in the server's order. */
  matches: SearchMatch[];
  /** Pages read successfully (both passes). */
  pagesScanned: number;
  /** Pages the search planned to read (both passes). */
  pagesTotal: number;
  /** The server's total at the end (= lastTotal). */
  total: number;
  /** The total reported with the first page, and with the last page read. */
  firstTotal: number;
  lastTotal: number;
  /** The server's total changed while the search ran (the data changed under it). */
  totalChanged: boolean;
  /** A second, fresh pass was made because the pages did not line up (total changed, overlaps, short pages). */
  rescanned: boolean;
  /**
   * False when even the rescan saw the data change: the matches are then the union of both passes
   * (nothing that was seen is lost, but a binding removed meanwhile may still be listed).
   */
  consistent: boolean;
  /** Page requests repeated after an error. */
  retries: number;
  /** The lowest concurrency the search dropped to. */
  minConcurrency: number;
  elapsedMs: number;
  /** The search stopped at `maxMatches`: more bindings may match (the pages after were not read). */
  capped: boolean;
}

// ---------------------------------------------------------------------------------------------

function validSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PnsValidationError('size', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(size).slice(0, 20)}).`, 'Use a page size from 1 to 100.');
  }
  return size;
}

/**
 * Every binding of an app (or all apps) that matches the query, reading all pages concurrently
 * through the paging engine's pool (pages in order, so matches stream in the server's order).
 * Rejects with PnsAbortError when `signal` aborts, with the page's error when a page keeps
 * failing (or fails with a non-retryable error), with PnsWalkError beyond the page cap.
 */
export async function searchBindings(source: BindPageSource, options: SearchOptions): Promise<SearchResult> {
  const started = Date.now();
  if (!options || !options.query || typeof options.query.digits !== 'string' || !/^\d+$/.test(options.query.digits)) {
    throw new PnsValidationError('query', 'The search query has no digits.', 'Build the query with parseSearchQuery().');
  }
  const size = validSize(options.size ?? 100);
  const maxMatches = options.maxMatches ?? MAX_SEARCH_MATCHES;
  if (!Number.isSafeInteger(maxMatches) || maxMatches < 1) {
    throw new PnsValidationError('maxMatches', `The most matches must be a whole number of at least 1 (got ${String(maxMatches).slice(0, 20)}).`, `Leave maxMatches at its default (${MAX_SEARCH_MATCHES}).`);
  }
  const abortMessage = 'The search was cancelled.';
  if (options.signal?.aborted) throw new PnsAbortError(abortMessage);
  const query = options.query;
  /** bindIds already handed to onMatch. */
  const reported = new Set<string>();
  const pool = new PagePool<BindingRecord, BindPageResult>(bindPageFetcher(source, { appId: options.appId, size }), {
    pageSize: size,
    key: bindingKey,
    concurrency: options.concurrency ?? DEFAULT_SEARCH_CONCURRENCY,
    maxAttemptsPerPage: options.maxAttemptsPerPage ?? DEFAULT_MAX_ATTEMPTS_PER_PAGE,
    backoffMs: options.backoffMs ?? DEFAULT_BACKOFF_MS,
    maxPages: options.maxPages ?? DEFAULT_MAX_PAGES,
    signal: options.signal,
    abortMessage,
    noun: 'bindings',
    onProgress: options.onProgress
      ? (p) =>
          options.onProgress!({
            pagesScanned: p.pagesDone,
            pagesTotal: p.pagesTotal,
            matches: reported.size,
            concurrency: p.concurrency,
            retries: p.retries,
            totalChanged: p.totalChanged,
          })
      : undefined,
  });
  let capped = false;
  /** One pass: its matches in the server's order (pages come in order), by bindId; it stops at maxMatches. */
  const pass = async (fresh: boolean) => {
    const found = new Map<string, SearchMatch>();
    const summary = await pool.pass({
      fresh,
      onPage: ({ page, items }) => {
        for (const record of items) {
          if (capped) return;
          const fields = matchBinding(record, query);
          if (fields.length === 0) continue;
          const match: SearchMatch = { record, fields, page };
          found.set(record.bindId, match);
          if (found.size >= maxMatches) {
            capped = true;
            pool.stop(); // no further pages; those in flight are aborted
          }
          if (!reported.has(record.bindId)) {
            reported.add(record.bindId);
            options.onMatch?.(match);
          }
        }
      },
    });
    return { found, summary };
  };
  try {
    const first = await pass(false);
    let final = [...first.found.values()];
    let rescanned = false;
    let consistent = true;
    if (first.summary.anomaly && !capped) {
      // Offset paging over changing data can skip or repeat bindings: one fresh pass over all pages.
      rescanned = true;
      if (options.onProgress) {
        const p = pool.progress;
        options.onProgress({ pagesScanned: p.pagesDone, pagesTotal: p.pagesTotal, matches: reported.size, concurrency: p.concurrency, retries: p.retries, totalChanged: p.totalChanged });
      }
      const second = await pass(true);
      final = [...second.found.values()];
      if (second.summary.anomaly && !capped) {
        // Still moving: keep everything either pass saw, the rescan's view first.
        consistent = false;
        for (const m of first.found.values()) if (!second.found.has(m.record.bindId)) final.push(m);
      }
    }
    return {
      matches: final,
      pagesScanned: pool.pagesFetched,
      pagesTotal: Math.max(pool.pagesTotal, pool.pagesFetched),
      total: pool.lastTotal,
      firstTotal: Math.max(0, pool.firstTotal),
      lastTotal: pool.lastTotal,
      totalChanged: pool.totalChanged,
      rescanned,
      consistent,
      retries: pool.retries,
      minConcurrency: pool.minConcurrency,
      elapsedMs: Date.now() - started,
      capped,
    };
  } finally {
    pool.close();
  }
}
