/**
 * Find bindings by number across every page of an app (or of all apps): the vendor has no
 * server-side filter but appId, so the client reads every page and matches locally.
 *
 * Pages are fetched concurrently by a bounded pool. The pool is adaptive: when the server
 * pushes back it backs off and lowers its concurrency for the rest of the search: it halves it
 * on -15 and HTTP 429 ("too frequent"), and takes one step down (to half at most) on HTTP 5xx,
 * timeouts and network errors. Results are exact: every matching binding once,
 * none lost to failed pages, and when the data changes during the search (the total moves,
 * pages overlap or come up short) it does one fresh rescan so the result matches the data.
 */
import { PnsAbortError, PnsApiError, PnsTransportError, PnsValidationError, PnsWalkError } from './errors';
import type { BindingRecord, BindPage } from './normalize';
import type { CachedRequestOptions } from './cache';
import { DEFAULT_MAX_PAGES, type BindPageSource } from './walk';
import { digitsOnly } from './state';
import { MAX_PAGE_SIZE } from './client';
import { setMaxListeners } from 'node:events';

export type MatchMode = 'exact' | 'partial';
export type MatchField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId';
export interface SearchQuery {
  digits: string;
  mode: MatchMode;
}

export const MATCH_FIELDS: readonly MatchField[] = ['phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'bindId'];
/** Fewest digits a partial search accepts (fewer would match nearly everything). */
export const MIN_PARTIAL_DIGITS = 3;
export const DEFAULT_SEARCH_CONCURRENCY = 6;
export const MAX_SEARCH_CONCURRENCY = 16;
export const DEFAULT_MAX_ATTEMPTS_PER_PAGE = 5;
export const DEFAULT_BACKOFF_MS: Readonly<{ base: number; max: number }> = { base: 250, max: 8000 };

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
    const d = /^\d+$/.test(v) ? v : digitsOnly(v);
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
   * Streamed as found, each binding at most once. `SearchResult.matches` is authoritative: after
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
}

// ---------------------------------------------------------------------------------------------

type ErrorClass = 'throttle' | 'overload' | 'retry' | 'fatal';

/**
 * -15 and HTTP 429 say "too many requests": 'throttle' (halve the concurrency, down to 1).
 * HTTP 5xx/408, timeouts and network errors may be load or just a failure: 'overload' (one
 * step down, not below half the starting concurrency, so scattered server errors don't turn
 * the search sequential). Other retryable errors are just retried.
 */
function classify(e: unknown): ErrorClass {
  if (e instanceof PnsApiError) {
    if (e.status === '-15') return 'throttle';
    return e.retryable ? 'retry' : 'fatal';
  }
  if (e instanceof PnsTransportError) {
    if (e.kind === 'http' && e.httpStatus === 429) return 'throttle';
    if (e.kind === 'timeout' || (e.kind === 'network' && e.retryable)) return 'overload';
    if (e.kind === 'http' && e.httpStatus !== undefined && (e.httpStatus === 408 || e.httpStatus >= 500)) return 'overload';
    return e.retryable ? 'retry' : 'fatal';
  }
  return 'fatal';
}

interface Job {
  page: number;
  attempt: number;
  /** epoch ms before which it must not start (backoff). */
  notBefore: number;
}

interface Found {
  match: SearchMatch;
  order: number;
}

interface Pass {
  fresh: boolean;
  /** Highest page to read; Infinity while the total is unknown (server reports none). */
  limit: number;
  /** Pages from this one on are not read (an empty page came back before the reported end). */
  stopAt: number;
  nextPage: number;
  queue: Job[];
  running: number;
  pagesDone: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  /** Pages did not line up: total changed, a binding on two pages, or a page of the wrong length. */
  anomaly: boolean;
  ids: Set<string>;
  found: Map<string, Found>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function validSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PnsValidationError('size', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(size).slice(0, 20)}).`, 'Use a page size from 1 to 100.');
  }
  return size;
}

class SearchRun {
  readonly size: number;
  readonly maxAttempts: number;
  readonly backoff: { base: number; max: number };
  readonly maxPages: number;
  readonly controller = new AbortController();
  concurrency: number;
  /** The concurrency the search started with (server errors never take it below half). */
  readonly startConcurrency: number;
  minConcurrency: number;
  /** Bumped on every decrease: failures of requests started before it don't decrease again. */
  epoch = 0;
  /** No request starts before this (a throttle backoff applies to the whole pool). */
  resumeAt = 0;
  retries = 0;
  pagesScanned = 0;
  pagesPlannedBefore = 0;
  totalChanged = false;
  firstTotal = -1;
  lastTotal = 0;
  timer: NodeJS.Timeout | undefined;
  timerAt = Infinity;
  finished = false;
  error: unknown;
  /** bindIds already handed to onMatch. */
  readonly reported = new Set<string>();
  pass: Pass | undefined;

  constructor(
    readonly source: BindPageSource,
    readonly options: SearchOptions,
  ) {
    this.size = validSize(options.size ?? 100);
    const c = options.concurrency ?? DEFAULT_SEARCH_CONCURRENCY;
    this.concurrency = Number.isFinite(c) ? Math.min(MAX_SEARCH_CONCURRENCY, Math.max(1, Math.floor(c))) : DEFAULT_SEARCH_CONCURRENCY;
    this.minConcurrency = this.concurrency;
    this.startConcurrency = this.concurrency;
    const a = options.maxAttemptsPerPage ?? DEFAULT_MAX_ATTEMPTS_PER_PAGE;
    this.maxAttempts = Number.isFinite(a) ? Math.max(1, Math.floor(a)) : DEFAULT_MAX_ATTEMPTS_PER_PAGE;
    const b = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    const base = Number.isFinite(b.base) && b.base >= 0 ? b.base : DEFAULT_BACKOFF_MS.base;
    this.backoff = { base, max: Number.isFinite(b.max) && b.max >= base ? b.max : Math.max(base, DEFAULT_BACKOFF_MS.max) };
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    // Every request in flight listens to this signal (up to 16 at once): not a leak.
    setMaxListeners(4 * MAX_SEARCH_CONCURRENCY, this.controller.signal);
  }

  /** Runs one pass over every page; resolves when all are read, rejects on a fatal error or abort. */
  runPass(fresh: boolean): Promise<Pass> {
    return new Promise<Pass>((resolve, reject) => {
      if (this.finished) {
        reject(this.error ?? new PnsAbortError('The search was cancelled.'));
        return;
      }
      const pass: Pass = {
        fresh,
        limit: 1, // page 1 alone first, to learn the total
        stopAt: Infinity,
        nextPage: 1,
        queue: [],
        running: 0,
        pagesDone: 0,
        firstTotal: -1,
        lastTotal: 0,
        totalChanged: false,
        anomaly: false,
        ids: new Set(),
        found: new Map(),
        resolve: () => resolve(pass),
        reject,
      };
      this.pass = pass;
      this.pump();
    });
  }

  /** Stops everything: no new requests, in-flight ones aborted, the current pass rejected. */
  fail(e: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.error = e;
    this.clearTimer();
    this.controller.abort();
    this.pass?.reject(e);
  }

  done(): void {
    this.finished = true;
    this.clearTimer();
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  arm(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - Date.now()));
  }

  lastPage(p: Pass): number {
    return Math.min(p.limit, p.stopAt - 1);
  }

  /** Starts as many requests as the limit and the backoff allow; ends the pass when nothing is left. */
  pump(): void {
    const p = this.pass;
    if (!p || this.finished) return;
    let inFlight = p.running;
    while (inFlight < this.concurrency) {
      const now = Date.now();
      if (now < this.resumeAt) {
        this.arm(this.resumeAt);
        break;
      }
      let job: Job | undefined;
      let wait = Infinity;
      for (let i = 0; i < p.queue.length; i++) {
        const j = p.queue[i];
        if (j.page > this.lastPage(p)) {
          // The end moved below it (an empty page came back earlier): nothing to read there.
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
      if (!job && p.nextPage <= this.lastPage(p)) {
        if (p.nextPage > this.maxPages) {
          this.fail(
            new PnsWalkError(
              `Stopped the search at ${this.maxPages} pages: the server kept reporting more bindings (last total ${p.lastTotal}).`,
              "The server's paging looks broken. Try again later; if it persists, report it to Laaffic.",
              p.pagesDone,
            ),
          );
          return;
        }
        job = { page: p.nextPage++, attempt: 1, notBefore: 0 };
      }
      if (!job) {
        if (wait < Infinity) this.arm(wait);
        break;
      }
      this.start(p, job);
      inFlight++;
    }
    if (p.running === 0 && p.queue.length === 0 && p.nextPage > this.lastPage(p)) {
      this.pagesPlannedBefore += this.planned(p);
      this.pass = undefined;
      p.ids.clear(); // only needed while the pass runs
      p.resolve();
    }
  }

  start(p: Pass, job: Job): void {
    if (job.attempt > 1) this.retries++;
    p.running++;
    const epoch = this.epoch;
    const opts: CachedRequestOptions = { signal: this.controller.signal, retries: 0 };
    if (p.fresh) opts.cache = 'reload';
    let req: Promise<BindPage>;
    try {
      req = this.source.queryBindPage({ current: job.page, size: this.size, appId: this.options.appId }, opts);
    } catch (e) {
      req = Promise.reject(e);
    }
    req.then(
      (page) => {
        p.running--;
        if (this.finished) return;
        try {
          this.onPage(p, job, page);
        } catch (e) {
          this.fail(e);
          return;
        }
        this.pump();
      },
      (e: unknown) => {
        p.running--;
        if (this.finished) return;
        this.onError(p, job, e, epoch);
      },
    );
  }

  delay(attempt: number): number {
    const d = Math.min(this.backoff.max, this.backoff.base * 2 ** (attempt - 1));
    return d / 2 + Math.random() * (d / 2); // "equal jitter": never less than half the step
  }

  onError(p: Pass, job: Job, e: unknown, epoch: number): void {
    if (this.controller.signal.aborted) return;
    const kind = e instanceof PnsAbortError ? 'fatal' : classify(e);
    if (kind === 'fatal' || job.attempt >= this.maxAttempts) {
      this.fail(e);
      return;
    }
    let wait = this.delay(job.attempt);
    // The server's Retry-After (HTTP 429/503), when the client reports one, within backoff.max.
    const retryAfter = (e as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > wait) wait = Math.min(this.backoff.max, retryAfter);
    if (kind === 'throttle' || kind === 'overload') {
      if (epoch === this.epoch) {
        // First push-back seen since the last decrease: lower the concurrency for the rest of
        // the search — halve it when told "too frequent", one step (to half at most) otherwise.
        const floor = kind === 'throttle' ? 1 : Math.max(1, Math.ceil(this.startConcurrency / 2));
        const next = kind === 'throttle' ? Math.floor(this.concurrency / 2) : this.concurrency - 1;
        const lowered = Math.max(Math.min(floor, this.concurrency), next);
        if (lowered < this.concurrency) this.epoch++;
        this.concurrency = lowered;
        this.minConcurrency = Math.min(this.minConcurrency, this.concurrency);
      }
      this.resumeAt = Math.max(this.resumeAt, Date.now() + wait);
    }
    // Retries go first: they are the oldest pages.
    p.queue.unshift({ page: job.page, attempt: job.attempt + 1, notBefore: Date.now() + wait });
    this.progress();
    this.pump();
  }

  onPage(p: Pass, job: Job, page: BindPage): void {
    const size = this.size;
    p.pagesDone++;
    this.pagesScanned++;
    const rawCount = page.records.length + page.skipped;

    if (page.totalReported) {
      if (p.firstTotal < 0) p.firstTotal = page.total;
      else if (page.total !== p.lastTotal) {
        p.totalChanged = true;
        p.anomaly = true;
      }
      p.lastTotal = page.total;
      if (this.firstTotal < 0) this.firstTotal = page.total;
      else if (page.total !== this.lastTotal) this.totalChanged = true;
      this.lastTotal = page.total;
      // Read every page the server says there is (new ones too, if the total grew).
      const pages = Math.max(1, Math.ceil(page.total / size));
      p.limit = Math.max(p.limit, pages);
      const expected = Math.max(0, Math.min(size, page.total - (job.page - 1) * size));
      if (rawCount !== expected) p.anomaly = true;
      if (rawCount === 0 && job.page <= pages) p.stopAt = Math.min(p.stopAt, job.page);
    } else {
      // No usable total: read on until a short page.
      if (p.firstTotal < 0) p.firstTotal = page.total;
      p.lastTotal = Math.max(p.lastTotal, page.total);
      if (this.firstTotal < 0) this.firstTotal = page.total;
      this.lastTotal = Math.max(this.lastTotal, page.total);
      if (rawCount < size) p.stopAt = Math.min(p.stopAt, job.page + 1);
      else if (p.stopAt === Infinity) p.limit = Infinity;
    }
    if (Number.isFinite(this.lastPage(p)) && this.lastPage(p) > this.maxPages) {
      throw new PnsWalkError(
        `The search would need more than ${this.maxPages} pages (the server reports ${page.total} bindings).`,
        'Search a single app, or use a larger page size.',
        p.pagesDone,
      );
    }

    const q = this.options.query;
    const base = (job.page - 1) * size;
    page.records.forEach((r, i) => {
      if (p.ids.has(r.bindId)) {
        // The same binding on two pages: offsets shifted under us.
        p.anomaly = true;
        return;
      }
      p.ids.add(r.bindId);
      const fields = matchBinding(r, q);
      if (fields.length === 0) return;
      const match: SearchMatch = { record: r, fields, page: job.page };
      p.found.set(r.bindId, { match, order: base + i });
      if (!this.reported.has(r.bindId)) {
        this.reported.add(r.bindId);
        this.callback(this.options.onMatch, match);
      }
    });
    this.progress();
  }

  /** Pages a pass reads: up to its last page, or as far as it got while the end is unknown. */
  planned(p: Pass): number {
    const last = this.lastPage(p);
    return Math.max(Number.isFinite(last) ? last : p.nextPage - 1, p.pagesDone);
  }

  pagesTotal(): number {
    return this.pagesPlannedBefore + (this.pass ? this.planned(this.pass) : 0);
  }

  /** Calls a caller's callback; an exception in it ends the search with that exception. */
  callback<T>(cb: ((v: T) => void) | undefined, v: T): void {
    if (!cb || this.finished) return;
    try {
      cb(v);
    } catch (e) {
      this.fail(e);
    }
  }

  progress(): void {
    if (!this.options.onProgress) return;
    this.callback(this.options.onProgress, {
      pagesScanned: this.pagesScanned,
      pagesTotal: this.pagesTotal(),
      matches: this.reported.size,
      concurrency: this.concurrency,
      retries: this.retries,
      totalChanged: this.totalChanged,
    });
  }
}

function ordered(found: Map<string, Found>): SearchMatch[] {
  return [...found.values()].sort((a, b) => a.order - b.order).map((f) => f.match);
}

/**
 * Every binding of an app (or all apps) that matches the query, reading all pages concurrently.
 * Rejects with PnsAbortError when `signal` aborts, with the page's error when a page keeps
 * failing (or fails with a non-retryable error), with PnsWalkError beyond the page cap.
 */
export async function searchBindings(source: BindPageSource, options: SearchOptions): Promise<SearchResult> {
  const started = Date.now();
  if (!options || !options.query || typeof options.query.digits !== 'string' || !/^\d+$/.test(options.query.digits)) {
    throw new PnsValidationError('query', 'The search query has no digits.', 'Build the query with parseSearchQuery().');
  }
  const run = new SearchRun(source, options);
  const signal = options.signal;
  if (signal?.aborted) throw new PnsAbortError('The search was cancelled.');
  const onAbort = () => run.fail(new PnsAbortError('The search was cancelled.'));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const first = await run.runPass(false);
    let final = ordered(first.found);
    let rescanned = false;
    let consistent = true;
    if (first.anomaly) {
      // Offset paging over changing data can skip or repeat bindings: one fresh pass over all pages.
      rescanned = true;
      run.progress();
      const second = await run.runPass(true);
      if (second.anomaly) {
        // Still moving: keep everything either pass saw, the rescan's view first.
        consistent = false;
        final = ordered(second.found);
        for (const m of ordered(first.found)) if (!second.found.has(m.record.bindId)) final.push(m);
      } else {
        final = ordered(second.found);
      }
    }
    run.done();
    return {
      matches: final,
      pagesScanned: run.pagesScanned,
      pagesTotal: Math.max(run.pagesTotal(), run.pagesScanned),
      total: run.lastTotal,
      firstTotal: Math.max(0, run.firstTotal),
      lastTotal: run.lastTotal,
      totalChanged: run.totalChanged,
      rescanned,
      consistent,
      retries: run.retries,
      minConcurrency: run.minConcurrency,
      elapsedMs: Date.now() - started,
    };
  } catch (e) {
    run.fail(e);
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
