/**
 * Find bindings by number across every page of an app (or of all apps): the vendor has no
 * server-side filter but appId, so the client reads every page (orderedPages, concurrently)
 * and matches locally. Exact: every matching binding once, none lost to failed pages; when the
 * pages do not line up (the data changed under the search) one fresh rescan follows.
 */
import { PnsValidationError } from './errors';
import type { BindingRecord } from './normalize';
import { bindingPages, type BindPageSource } from './walk';
import { digitsOnly } from './state';
import { checkPageSize } from './endpoints/fields';
import { DEFAULT_CONCURRENCY, type PagesStats } from './pages';

export type MatchMode = 'exact' | 'partial';
export type MatchField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId';
export interface SearchQuery {
  digits: string;
  mode: MatchMode;
}

export const MATCH_FIELDS: readonly MatchField[] = ['phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'bindId'];
/** Fewest digits a partial search accepts (fewer would match nearly everything). */
export const MIN_PARTIAL_DIGITS = 3;
export const DEFAULT_SEARCH_CONCURRENCY = DEFAULT_CONCURRENCY;
/** The most matches one search keeps: a short query over a huge account cannot hold millions. */
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
  /** Hard cap on the pages of one pass (default 10,000); beyond it: PnsWalkError. */
  maxPages?: number;
  onProgress?: (p: SearchProgress) => void;
  /**
   * The most matches kept (default MAX_SEARCH_MATCHES): on reaching it the search stops (no
   * further pages, those in flight aborted) and resolves with `capped: true`.
   */
  maxMatches?: number;
  /**
   * Streamed as found, in the server's order, each binding at most once. `SearchResult.matches`
   * is authoritative: after a rescan, a binding streamed earlier that no longer exists is not in it.
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

/**
 * Every binding of an app (or all apps) that matches the query. Rejects with PnsAbortError
 * when `signal` aborts, with a page's error when it keeps failing, with PnsWalkError at a cap.
 */
export async function searchBindings(source: BindPageSource, options: SearchOptions): Promise<SearchResult> {
  const started = Date.now();
  if (!options || !options.query || typeof options.query.digits !== 'string' || !/^\d+$/.test(options.query.digits)) {
    throw new PnsValidationError('query', 'The search query has no digits.', 'Build the query with parseSearchQuery().');
  }
  const size = checkPageSize(options.size ?? 100);
  const maxMatches = options.maxMatches ?? MAX_SEARCH_MATCHES;
  if (!Number.isSafeInteger(maxMatches) || maxMatches < 1) {
    throw new PnsValidationError('maxMatches', `The most matches must be a whole number of at least 1 (got ${String(maxMatches).slice(0, 20)}).`, `Leave maxMatches at its default (${MAX_SEARCH_MATCHES}).`);
  }
  const query = options.query;
  /** bindIds already handed to onMatch. */
  const reported = new Set<string>();
  const passes: PagesStats[] = [];
  const sum = (f: (s: PagesStats) => number) => passes.reduce((n, s) => n + f(s), 0);
  const totalChanged = () => passes.some((s) => s.totalChanged) || (passes.length > 1 && passes[1].pages > 0 && passes[1].firstTotal !== passes[0].lastTotal);
  const progress = () =>
    options.onProgress?.({
      pagesScanned: sum((s) => s.pages),
      pagesTotal: sum((s) => s.planned),
      matches: reported.size,
      concurrency: passes[passes.length - 1].concurrency,
      retries: sum((s) => s.retries),
      totalChanged: totalChanged(),
    });
  let capped = false;
  /** One pass: its matches in the server's order, by bindId; it stops at maxMatches. */
  const pass = async (fresh: boolean) => {
    const found = new Map<string, SearchMatch>();
    const stream = bindingPages(source, {
      ...options,
      size,
      concurrency: passes.length ? passes[0].concurrency : options.concurrency,
      abortMessage: 'The search was cancelled.',
      fresh,
      onRetry: progress,
    });
    passes.push(stream.stats);
    for await (const { n, items } of stream) {
      for (const record of items) {
        const fields = matchBinding(record, query);
        if (fields.length === 0) continue;
        const match: SearchMatch = { record, fields, page: n };
        found.set(record.bindId, match);
        if (!reported.has(record.bindId)) {
          reported.add(record.bindId);
          options.onMatch?.(match);
        }
        if (found.size >= maxMatches) {
          capped = true;
          break;
        }
      }
      if (capped) break;
      progress();
    }
    return { found, anomaly: stream.stats.anomaly };
  };
  const first = await pass(false);
  let final = [...first.found.values()];
  let consistent = true;
  if (first.anomaly && !capped) {
    // Offset paging over changing data can skip or repeat bindings: one fresh pass over all pages.
    const second = await pass(true);
    final = [...second.found.values()];
    if (second.anomaly && !capped) {
      // Still moving: keep everything either pass saw, the rescan's view first.
      consistent = false;
      for (const m of first.found.values()) if (!second.found.has(m.record.bindId)) final.push(m);
    }
  }
  const last = passes[passes.length - 1];
  return {
    matches: final,
    pagesScanned: sum((s) => s.pages),
    pagesTotal: sum((s) => s.planned),
    total: last.lastTotal,
    firstTotal: Math.max(0, passes[0].firstTotal),
    lastTotal: last.lastTotal,
    totalChanged: totalChanged(),
    rescanned: passes.length > 1,
    consistent,
    retries: sum((s) => s.retries),
    minConcurrency: Math.min(...passes.map((s) => s.minConcurrency)),
    elapsedMs: Date.now() - started,
    capped,
  };
}
