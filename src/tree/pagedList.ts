/**
 * A paged list of the tree (an app's bindings, the middle numbers): the items loaded so far with
 * their place in the server's order, the server's total, whether more exist, the load under way
 * and the last error. Load more reads the next page, Load All every item up to a cap; one load at
 * a time, and one change event for the nodes, which only draw. No vscode import.
 */
import { loadAll, PnsError, type BindingRecord, type BindPageSource, type ListPage, type MiddleNumber, type PnsClient } from '../api';
import { orderedPages, type PageKey } from '../api/pages';

export interface Entry<T> {
  readonly record: T;
  /** 0-based place in the list, the server's order (the page is derived from it). */
  readonly position: number;
}

export interface LoadAllResult {
  loaded: number;
  total: number;
  /** The cap stopped the load before the end. */
  truncated: boolean;
}

export interface LoadAllOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
}

export interface ListLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface PagedListOptions<T> {
  /** For log lines. */
  label: string;
  log: ListLog;
  pageSize(): number;
  key(item: T): PageKey;
  /** Page `n` (1-based) of `size` items. */
  fetchPage(n: number, size: number, signal: AbortSignal): Promise<ListPage<T>>;
  /** The most items the list holds, by Load more and Load All alike (default: no limit). */
  max?: number;
  /** Load All (only lists that have it call it): every item in the server's order, up to `max`. */
  fetchAll?(max: number, signal: AbortSignal, onProgress?: (loaded: number, total: number) => void): Promise<{ records: T[]; total: number; truncated: boolean }>;
}

export class PagedList<T> {
  readonly #abort = new AbortController();
  readonly #listeners = new Set<() => void>();
  #entries: Entry<T>[] = [];
  #seen = new Set<PageKey>();
  #total = 0;
  #next = 1;
  #done = false;
  #started = false;
  #loading: Promise<void> | undefined;
  #error: unknown;

  constructor(private readonly o: PagedListOptions<T>) {}

  get records(): readonly Entry<T>[] {
    return this.#entries;
  }
  /** The server's total as last reported (at least what is loaded). */
  get total(): number {
    return this.#total;
  }
  get hasMore(): boolean {
    return !this.#done;
  }
  /** More exist, but the list holds as many as it may. */
  get full(): boolean {
    return !this.#done && this.#entries.length >= this.#max;
  }
  get started(): boolean {
    return this.#started;
  }
  get loading(): boolean {
    return !!this.#loading;
  }
  /** What the last load failed with; the next load tries again. */
  get error(): unknown {
    return this.#error;
  }
  get disposed(): boolean {
    return this.#abort.signal.aborted;
  }
  /** Aborted by dispose(). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }
  get #max(): number {
    return this.o.max ?? Infinity;
  }

  onDidChange(fn: () => void): { dispose(): void } {
    this.#listeners.add(fn);
    return { dispose: () => this.#listeners.delete(fn) };
  }

  async whenIdle(): Promise<void> {
    while (this.#loading) await this.#loading;
  }

  /** Reads the next page (after a failure, the page that failed); joins the load under way. Never throws. */
  loadMore(): Promise<void> {
    if (this.#loading) return this.#loading;
    if (this.#done || this.disposed || this.full) return Promise.resolve();
    this.#started = true;
    this.#error = undefined;
    // Only a list already shown gets a "Loading…" node; the first page is its node's children.
    return this.#track(this.#nextPage(), this.#entries.length > 0);
  }

  /** Forgets one item (a binding was unbound): those after it move up one place. True when it was here. */
  remove(key: PageKey): boolean {
    const i = this.#entries.findIndex((e) => this.o.key(e.record) === key);
    if (i < 0) return false;
    this.#entries = [...this.#entries.slice(0, i), ...this.#entries.slice(i + 1).map((e) => ({ record: e.record, position: e.position - 1 }))];
    this.#seen.delete(key);
    this.#total = Math.max(0, this.#total - 1);
    this.#fire();
    return true;
  }

  /** Every item up to the cap; waits for a load under way. Cancellable; throws what failed. */
  async loadAll(options: LoadAllOptions = {}): Promise<LoadAllResult> {
    await this.whenIdle();
    this.#started = true;
    const signal = options.signal ? AbortSignal.any([options.signal, this.#abort.signal]) : this.#abort.signal;
    let truncated = false;
    const run = async () => {
      const all = await this.o.fetchAll!(this.#max, signal, options.onProgress);
      if (signal.aborted) return;
      // Entries already loaded stay the same objects (same item, same place), so their nodes do too.
      const had = new Map(this.#entries.map((e) => [this.o.key(e.record), e]));
      this.#entries = all.records.map((record, position) => {
        const old = had.get(this.o.key(record));
        return old?.position === position ? old : { record, position };
      });
      this.#seen = new Set(this.#entries.map((e) => this.o.key(e.record)));
      this.#total = Math.max(all.total, this.#entries.length);
      truncated = all.truncated;
      this.#done = !truncated;
      this.#error = undefined;
      this.#next = Math.floor(this.#entries.length / this.o.pageSize()) + 1;
      this.o.log.info(`${this.o.label}: loaded ${truncated ? `the first ${this.#entries.length} of ${this.#total}` : `all ${this.#entries.length}`}.`);
    };
    const p = run();
    void this.#track(p.catch(() => undefined), true);
    await p;
    return { loaded: this.#entries.length, total: this.#total, truncated };
  }

  /** Nothing it still receives is kept, and no listener is called. */
  dispose(): void {
    this.#abort.abort();
    this.#listeners.clear();
  }

  async #nextPage(): Promise<void> {
    const signal = this.#abort.signal;
    const size = this.o.pageSize();
    const want = this.#next;
    try {
      // The client retries a failed request itself, so the stream tries once.
      const pages = orderedPages<T, ListPage<T> & { items: T[] }>(
        (n, ctx) => this.o.fetchPage(n, size, ctx.signal).then((p) => ({ ...p, items: p.records })),
        { pageSize: size, key: this.o.key, seen: this.#seen, startPage: want, concurrency: 1, maxAttempts: 1, maxPages: Number.MAX_SAFE_INTEGER, signal },
      );
      for await (const { page, items, last } of pages) {
        for (const w of page.warnings) this.o.log.warn(`${this.o.label}, page ${want}: ${w}`);
        const kept = items.slice(0, Math.max(0, this.#max - this.#entries.length));
        this.#entries.push(...kept.map((record, i) => ({ record, position: this.#entries.length + i })));
        this.#total = Math.max(page.total, this.#entries.length);
        // Those past the cap are read again should room be made (an unbind).
        for (const r of items.slice(kept.length)) this.#seen.delete(this.o.key(r));
        this.#next = kept.length < items.length ? want : want + 1;
        this.#done = kept.length === items.length && last;
        break;
      }
    } catch (e) {
      if (signal.aborted) return;
      this.#error = e;
      this.o.log.error(`${this.o.label}: ${(e as Error).message}${e instanceof PnsError && e.hint ? ` — ${e.hint}` : ''}`);
    }
  }

  #track(p: Promise<void>, announce: boolean): Promise<void> {
    const tracked = p.finally(() => {
      if (this.#loading === tracked) this.#loading = undefined;
      this.#fire();
    });
    this.#loading = tracked;
    if (announce) this.#fire();
    return tracked;
  }

  #fire(): void {
    if (!this.disposed) for (const fn of [...this.#listeners]) fn();
  }
}

/** The bindings of one app (undefined: every app of the key). */
export function bindingList(o: {
  appId: string | undefined;
  label: string;
  log: ListLog;
  /** For Load more: always the server. */
  source(): Promise<BindPageSource>;
  /** For Load All: through the page cache (it reuses pages Find or Export just read). */
  cachedSource(): Promise<BindPageSource>;
  pageSize(): number;
  /** Pages Load All reads at once. */
  concurrency(): number;
  max: number;
}): PagedList<BindingRecord> {
  return new PagedList<BindingRecord>({
    label: o.label,
    log: o.log,
    pageSize: o.pageSize,
    key: (r) => r.bindId,
    max: o.max,
    fetchPage: async (n, size, signal) => (await o.source()).queryBindPage({ current: n, size, appId: o.appId }, { signal }),
    fetchAll: async (max, signal, onProgress) =>
      // The largest pages the server allows: the fewest requests.
      loadAll(await o.cachedSource(), { appId: o.appId, size: 100, concurrency: o.concurrency(), maxRecords: max, signal, onPage: ({ loaded, total }) => onProgress?.(loaded, total) }),
  });
}

/** The middle numbers of an API key. */
export function numberList(o: { log: ListLog; client(): Promise<PnsClient>; pageSize(): number }): PagedList<MiddleNumber> {
  return new PagedList<MiddleNumber>({
    label: 'Numbers',
    log: o.log,
    pageSize: o.pageSize,
    key: (n) => `${n.appId}:${n.number}`,
    fetchPage: async (n, size, signal) => (await o.client()).queryNumberPage({ current: n, size }, { signal }),
  });
}
