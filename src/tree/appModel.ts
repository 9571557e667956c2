import * as vscode from 'vscode';
import { BindingRecord, BindPageSource, loadAll, PnsError, walkBindPages, WalkStep, WalkSummary } from '../api';

/** A loaded binding and its place in the vendor's order (0-based; the page is derived from it). */
export interface ModelEntry {
  readonly record: BindingRecord;
  readonly position: number;
}

export interface LoadAllResult {
  loaded: number;
  total: number;
  /** True when the limit stopped the load before the end (more bindings exist). */
  truncated: boolean;
}

export interface LoadAllOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
}

/** What a model needs from the rest of the extension. */
export interface AppModelDeps {
  /** undefined = every app of the API key. */
  appId: string | undefined;
  /** For log lines. */
  label: string;
  /** The client for page-by-page loading (no cache: Load more always reads the server). */
  pages(): Promise<BindPageSource>;
  /** The client behind the page cache (Load All reuses pages Find or Export just read). */
  cachedPages(): Promise<BindPageSource>;
  pageSize(): number;
  /** Pages Load All fetches at once (laafficPns.searchConcurrency). */
  concurrency(): number;
  log: vscode.LogOutputChannel;
  /**
   * The most bindings the app holds, by Load All and Load more alike (laafficPns.loadAllMaxBindings;
   * default 50,000): past it the tree says so and points to Find and Export.
   */
  maxLoadAll?: number;
}

export const DEFAULT_MAX_LOAD_ALL = 50_000;
/** Load All reads the largest pages the vendor allows. */
const LOAD_ALL_PAGE_SIZE = 100;

/**
 * The bindings of one app as loaded so far: one page at a time (loadMore), or all of them
 * (loadAll). One load at a time; after dispose() nothing it still receives is kept and no
 * event fires.
 */
export class AppModel implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  /** Fires when records, loading, error or hasMore changed. */
  readonly onDidChange = this.#emitter.event;
  readonly #abort = new AbortController();
  #entries: ModelEntry[] = [];
  #seen = new Set<string>();
  #total = 0;
  #nextPage = 1;
  #done = false;
  #started = false;
  #walker: AsyncGenerator<WalkStep, WalkSummary, undefined> | undefined;
  #loading: Promise<void> | undefined;
  #error: unknown;

  constructor(private readonly deps: AppModelDeps) {}

  get appId(): string | undefined {
    return this.deps.appId;
  }
  get records(): readonly ModelEntry[] {
    return this.#entries;
  }
  /** The vendor's total as last reported (at least what is loaded). */
  get total(): number {
    return this.#total;
  }
  get hasMore(): boolean {
    return !this.#done;
  }
  /** More bindings exist, but the app holds as many as it may (maxLoadAll): nothing more is loaded. */
  get full(): boolean {
    return !this.#done && this.#entries.length >= this.#max;
  }
  get #max(): number {
    return this.deps.maxLoadAll ?? DEFAULT_MAX_LOAD_ALL;
  }
  /** Whether a load was ever started. */
  get started(): boolean {
    return this.#started;
  }
  get loading(): boolean {
    return !!this.#loading;
  }
  /** What the last load failed with (cleared by the next success). */
  get error(): unknown {
    return this.#error;
  }
  get disposed(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Resolves when no load is under way. */
  async whenIdle(): Promise<void> {
    while (this.#loading) await this.#loading;
  }

  /** Fetches and appends the next page; joins the load under way, if any. */
  loadMore(): Promise<void> {
    if (this.#loading) return this.#loading;
    if (this.#done || this.disposed || this.full) return Promise.resolve();
    this.#started = true;
    const announce = this.#entries.length > 0; // a "Loading…" node to show
    const p = this.#track(this.#nextPageOnce());
    if (announce) this.#fire();
    return p;
  }

  /**
   * Forgets one binding (it was unbound): the records after it move up one position and the
   * total drops by one. True when it was loaded here.
   */
  remove(bindId: string): boolean {
    const i = this.#entries.findIndex((e) => e.record.bindId === bindId);
    if (i < 0) return false;
    this.#entries = [...this.#entries.slice(0, i), ...this.#entries.slice(i + 1).map((e) => ({ record: e.record, position: e.position - 1 }))];
    this.#seen.delete(bindId);
    this.#total = Math.max(0, this.#total - 1);
    this.#fire();
    return true;
  }

  /** After a failure: continue after the last page loaded (or page 1). */
  retry(): Promise<void> {
    this.#error = undefined;
    this.#walker = undefined;
    return this.loadMore();
  }

  /**
   * Every binding of the app (at most maxLoadAll), so that filter, sort and export cover all
   * of them. Waits for a load under way; cancellable.
   */
  async loadAll(options: LoadAllOptions = {}): Promise<LoadAllResult> {
    await this.whenIdle();
    this.#started = true;
    const linked = new AbortController();
    const onAbort = () => linked.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.#abort.signal.addEventListener('abort', onAbort, { once: true });
    let truncated = false;
    const run = async () => {
      const all = await this.#fetchAll(linked.signal, this.#max, options.onProgress);
      if (linked.signal.aborted) return;
      // Keep the entries already loaded (same binding, same place), so tree nodes stay the same.
      const had = new Map(this.#entries.map((e) => [e.record.bindId, e]));
      this.#entries = all.entries.map((e) => {
        const old = had.get(e.record.bindId);
        return old && old.position === e.position ? old : e;
      });
      this.#seen = new Set(this.#entries.map((e) => e.record.bindId));
      this.#total = Math.max(all.total, this.#entries.length);
      truncated = all.truncated;
      this.#done = !truncated;
      this.#walker = undefined;
      this.#error = undefined;
      this.#nextPage = Math.floor(this.#entries.length / this.deps.pageSize()) + 1;
      this.deps.log.info(`${this.deps.label}: loaded ${truncated ? `the first ${this.#entries.length} of ${this.#total}` : `all ${this.#entries.length}`} bindings.`);
    };
    const p = run();
    void this.#track(
      p.catch(() => undefined).finally(() => options.signal?.removeEventListener('abort', onAbort)),
    );
    this.#fire();
    await p;
    return { loaded: this.#entries.length, total: this.#total, truncated };
  }

  dispose(): void {
    this.#abort.abort();
    this.#emitter.dispose();
  }

  /** The one place Load All talks to the core (its concurrent loadAll, through the page cache). */
  async #fetchAll(signal: AbortSignal, max: number, onProgress?: (loaded: number, total: number) => void): Promise<{ entries: ModelEntry[]; total: number; truncated: boolean }> {
    // The core's concurrent, ordered engine: records arrive in the vendor's order with their
    // position; it stops at `max` and says so (truncated).
    const source = await this.deps.cachedPages();
    const result = await loadAll(source, {
      appId: this.deps.appId,
      size: LOAD_ALL_PAGE_SIZE,
      concurrency: this.deps.concurrency(),
      maxRecords: max,
      signal,
      onPage: ({ loaded, total }) => onProgress?.(loaded, total),
    });
    return { entries: result.records.map((record, position) => ({ record, position })), total: result.total, truncated: result.truncated };
  }

  /** One page (continuing the walk); errors are kept, not thrown. */
  async #nextPageOnce(): Promise<void> {
    const signal = this.#abort.signal;
    try {
      if (!this.#walker) {
        const source = await this.deps.pages();
        this.#walker = walkBindPages(source, { appId: this.deps.appId, size: this.deps.pageSize(), startPage: this.#nextPage, seen: this.#seen, signal });
      }
      const step = await this.#walker.next();
      if (signal.aborted) return;
      if (step.done) {
        this.#done = true;
        return;
      }
      const { page, records, last } = step.value;
      for (const w of page.warnings) this.deps.log.warn(`${this.deps.label}, page ${page.current}: ${w}`);
      const first = (page.current - 1) * page.size;
      // Never past the most the app holds: the rest of a page beyond it is not kept.
      const kept = records.slice(0, Math.max(0, this.#max - this.#entries.length));
      this.#entries.push(...kept.map((record, i) => ({ record, position: first + i })));
      this.#total = Math.max(page.total, this.#entries.length);
      this.#nextPage = page.current + 1;
      this.#done = last && kept.length === records.length;
      if (kept.length < records.length) {
        // Should room be made (an unbind), the walk resumes at this page for the ones left out.
        for (const r of records.slice(kept.length)) this.#seen.delete(r.bindId);
        this.#nextPage = page.current;
        this.#walker = undefined;
      }
      this.#error = undefined;
    } catch (e) {
      if (signal.aborted) return;
      this.#error = e;
      this.#walker = undefined;
      this.deps.log.error(`${this.deps.label}: ${(e as Error).message}${e instanceof PnsError && e.hint ? ` — ${e.hint}` : ''}`);
    }
  }

  #track(p: Promise<void>): Promise<void> {
    const tracked = p.finally(() => {
      if (this.#loading === tracked) this.#loading = undefined;
      this.#fire();
    });
    this.#loading = tracked;
    return tracked;
  }

  #fire(): void {
    if (!this.disposed) this.#emitter.fire();
  }
}
