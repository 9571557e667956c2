/**
 * A small in-memory cache of pages fetched recently, so that repeating a search (or a search
 * right after browsing) does not ask the vendor for the same pages again.
 *
 * Entries are keyed by (endpoint, canonical JSON of the params, size, page), live `ttlMs`, and
 * the least recently used go beyond `maxPages` pages or `maxChars` of reply text. A page whose
 * `total` differs from the one its group (endpoint, params, size) was cached with means the
 * data changed: the group's pages are dropped, their offsets no longer line up.
 */
import { PnsAbortError, PnsValidationError } from './errors';
import type { BindPage } from './normalize';
import type { BindPageQuery } from './client';
import type { FetchPage } from './pages';
import type { BindPageSource, CachedRequestOptions } from './walk';

export type { CachedRequestOptions } from './walk';

export const DEFAULT_CACHE_TTL_MS = 60_000;
export const DEFAULT_CACHE_MAX_PAGES = 2000;
/** About 64 KB per page at 2,000 pages (a real page of 100 bindings is about 25 KB). */
export const DEFAULT_CACHE_MAX_CHARS = 128 * 1024 * 1024;

export interface PageCacheOptions {
  /** How long a page is reused, in ms (default 60,000; 0 = never reused). */
  ttlMs?: number;
  /** Most pages kept; the least recently used are evicted (default 2,000). */
  maxPages?: number;
  /**
   * Most reply text kept, in characters (pages' `replyChars`; default 128 Mi): a server that
   * sends huge pages cannot make the cache hold gigabytes. Least recently used go first.
   */
  maxChars?: number;
  /** The clock, epoch ms (for tests). Default Date.now. */
  now?: () => number;
}

/** Where a page comes from: the cache key without the page number. */
export interface PageGroup {
  /** Endpoint path below the base URL, e.g. "number/queryPage". */
  endpoint: string;
  /** The request's params (JSON-able; key order and undefined values do not matter). */
  params?: unknown;
  size: number;
}

export interface CacheablePage {
  total: number;
  /** False: no usable total, the group is never dropped for it. */
  totalReported?: boolean;
  replyChars?: number;
}

export const BIND_PAGE_ENDPOINT = 'number/pns/queryBindPage';

interface Entry {
  page: CacheablePage;
  chars: number;
  at: number;
  group: string;
}

function checkTtl(ttlMs: number): number {
  if (typeof ttlMs !== 'number' || Number.isNaN(ttlMs) || ttlMs < 0) {
    throw new PnsValidationError('ttlMs', `The cache lifetime must be a number of milliseconds of at least 0 (got ${String(ttlMs).slice(0, 20)}).`, 'Use 0 to turn the page cache off.');
  }
  return ttlMs;
}

export class PageCache {
  readonly maxPages: number;
  readonly maxChars: number;
  #chars = 0;
  readonly #now: () => number;
  #ttlMs: number;
  /** Insertion order = recency order (oldest first): a hit moves to the end. */
  readonly #entries = new Map<string, Entry>();
  readonly #groupTotals = new Map<string, number>();
  #generation = 0;

  constructor(options: PageCacheOptions = {}) {
    this.#ttlMs = checkTtl(options.ttlMs ?? DEFAULT_CACHE_TTL_MS);
    const max = options.maxPages ?? DEFAULT_CACHE_MAX_PAGES;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new PnsValidationError('maxPages', `The cache size must be a whole number of pages of at least 1 (got ${String(max).slice(0, 20)}).`, 'Use a positive number of pages.');
    }
    this.maxPages = max;
    const maxChars = options.maxChars ?? DEFAULT_CACHE_MAX_CHARS;
    if (!Number.isSafeInteger(maxChars) || maxChars < 1) {
      throw new PnsValidationError('maxChars', `The cache's text limit must be a whole number of at least 1 (got ${String(maxChars).slice(0, 20)}).`, 'Leave maxChars at its default.');
    }
    this.maxChars = maxChars;
    this.#now = options.now ?? Date.now;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }
  set ttlMs(value: number) {
    this.#ttlMs = checkTtl(value);
  }

  /** Pages currently stored (expired ones included until they are looked up or evicted). */
  get size(): number {
    return this.#entries.size;
  }

  /** Reply text held by the stored pages, in characters. */
  get chars(): number {
    return this.#chars;
  }

  /** A bind page of app `appId` (undefined = all apps) at page size `size`. */
  get(appId: string | undefined, size: number, current: number): BindPage | undefined {
    return this.getPage<BindPage>(bindGroup(appId, size), current);
  }

  /** Stores a bind page (its `current` says which). */
  set(appId: string | undefined, size: number, page: BindPage): void {
    this.setPage(bindGroup(appId, size), page.current, page);
  }

  /** The numbers of the bind pages of app `appId` (undefined = all apps) at page size `size` held now. */
  bindPagesHeld(appId: string | undefined, size: number): number[] {
    const group = groupKey(bindGroup(appId, size));
    const now = this.#now();
    const held: number[] = [];
    for (const [k, e] of this.#entries) if (e.group === group && now - e.at < this.#ttlMs) held.push(Number(k.slice(group.length + 1)));
    return held;
  }

  /** What a fetched bind page says (a changed total drops its group's pages), without storing it. */
  saw(appId: string | undefined, size: number, page: BindPage): void {
    this.#saw(groupKey(bindGroup(appId, size)), page);
  }

  #saw(group: string, page: CacheablePage): void {
    if (page.totalReported === false) return;
    const known = this.#groupTotals.get(group);
    if (known !== undefined && known !== page.total) {
      for (const [k, e] of this.#entries) if (e.group === group) this.#delete(k);
    }
    this.#groupTotals.set(group, page.total);
  }

  /** A page of any endpoint, or undefined when absent or expired. */
  getPage<P extends CacheablePage>(group: PageGroup, current: number): P | undefined {
    const key = entryKey(groupKey(group), current);
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (this.#now() - e.at >= this.#ttlMs) {
      this.#delete(key);
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e.page as P;
  }

  /** Stores page `current` of any endpoint. */
  setPage(pageGroup: PageGroup, current: number, page: CacheablePage): void {
    if (this.#ttlMs <= 0) return;
    const group = groupKey(pageGroup);
    this.#saw(group, page);
    const key = entryKey(group, current);
    const chars = page.replyChars ?? 0;
    this.#delete(key);
    if (chars > this.maxChars) return;
    this.#entries.set(key, { page, chars, at: this.#now(), group });
    this.#chars += chars;
    while (this.#entries.size > this.maxPages || this.#chars > this.maxChars) {
      this.#delete(this.#entries.keys().next().value as string);
    }
  }

  #delete(key: string): void {
    const e = this.#entries.get(key);
    if (!e) return;
    this.#entries.delete(key);
    this.#chars -= e.chars;
  }

  /**
   * Counts clear()s: a page whose request started before a clear() may predate what cleared it
   * (a bind), so cachedSource and cachedFetchPage do not store it when this has moved on.
   */
  get generation(): number {
    return this.#generation;
  }

  /** Forgets every page (e.g. after a bind or unbind, or a change of credentials). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#groupTotals.clear();
    this.#chars = 0;
  }
}

/**
 * JSON with object keys sorted and undefined values left out, so that equal params give equal
 * keys whatever order they were built in. Arrays keep their order.
 */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(typeof v === 'bigint' ? String(v) : v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

function groupKey(g: PageGroup): string {
  return `[${JSON.stringify(g.endpoint)},${canonicalJson(g.params ?? {})},${JSON.stringify(g.size)}]`;
}

function entryKey(group: string, current: number): string {
  return `${group}#${current}`;
}

/** The group of bind pages of one app (undefined = all apps, no appId sent) at one page size. */
export function bindGroup(appId: string | undefined, size: number): PageGroup {
  return { endpoint: BIND_PAGE_ENDPOINT, params: appId === undefined || appId === null ? {} : { appId }, size };
}

/** A cached "fetch page N" of any paged endpoint: answers from the cache when it can (unless `fresh`), stores what it fetches. */
export function cachedFetchPage<P extends CacheablePage>(fetchPage: FetchPage<P>, cache: PageCache, group: PageGroup, fresh = false): FetchPage<P> {
  return async (page, ctx) => {
    if (ctx.signal.aborted) throw new PnsAbortError();
    const hit = fresh ? undefined : cache.getPage<P>(group, page);
    if (hit) return hit;
    const generation = cache.generation;
    const p = await fetchPage(page, ctx);
    if (cache.generation === generation) cache.setPage(group, page, p);
    return p;
  };
}

/**
 * A BindPageSource that answers from the cache when it can and stores what it fetches; with
 * `store` false it only reads (and still drops a group whose total changed).
 */
export function cachedSource(source: BindPageSource, cache: PageCache, store = true): BindPageSource {
  return {
    async queryBindPage(query: BindPageQuery, options?: CachedRequestOptions): Promise<BindPage> {
      if (options?.signal?.aborted) throw new PnsAbortError();
      const hit = options?.cache === 'reload' ? undefined : cache.get(query.appId, query.size, query.current);
      if (hit) return hit;
      const generation = cache.generation;
      const page = await source.queryBindPage(query, options);
      // Read before a clear() (a bind or unbind meanwhile): handed over, neither kept nor compared.
      if (cache.generation === generation) {
        if (store) cache.set(query.appId, query.size, page);
        else cache.saw(query.appId, query.size, page);
      }
      return page;
    },
  };
}
