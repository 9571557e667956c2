/**
 * A list read one page at a time, for tree nodes that only draw (the middle numbers): the
 * records loaded so far, the server's total, whether more exist, the load under way and the
 * last error. No vscode import, so it is unit-tested in plain Node. One load at a time;
 * after dispose() nothing it still receives is kept and no listener is called.
 */

/** One page as the list needs it. */
export interface ListPageResult<T> {
  records: readonly T[];
  /** The server's total (at least what was seen). */
  total: number;
  /** The number of pages at this size. */
  pages: number;
}

export type FetchListPage<T> = (current: number, signal: AbortSignal) => Promise<ListPageResult<T>>;

export class PagedList<T> {
  readonly #abort = new AbortController();
  readonly #listeners = new Set<() => void>();
  #records: T[] = [];
  #total = 0;
  #next = 1;
  #done = false;
  #started = false;
  #loading: Promise<void> | undefined;
  #error: unknown;

  constructor(private readonly fetchPage: FetchListPage<T>) {}

  get records(): readonly T[] {
    return this.#records;
  }
  get total(): number {
    return this.#total;
  }
  get hasMore(): boolean {
    return !this.#done;
  }
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
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Calls `fn` after every change (records, loading, error, hasMore); returns the unsubscribe. */
  onDidChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Resolves when no load is under way. */
  async whenIdle(): Promise<void> {
    while (this.#loading) await this.#loading;
  }

  /**
   * Fetches and appends the next page (after a failure: the page that failed); joins the load
   * under way. Errors are kept in `error`, never thrown.
   */
  loadMore(): Promise<void> {
    if (this.#loading) return this.#loading;
    if (this.#done || this.disposed) return Promise.resolve();
    this.#started = true;
    const p = this.#once().finally(() => {
      if (this.#loading === p) this.#loading = undefined;
      this.#fire();
    });
    this.#loading = p;
    this.#fire();
    return p;
  }

  dispose(): void {
    this.#abort.abort();
    this.#listeners.clear();
  }

  async #once(): Promise<void> {
    const signal = this.#abort.signal;
    try {
      const page = await this.fetchPage(this.#next, signal);
      if (signal.aborted) return;
      this.#records.push(...page.records);
      this.#total = Math.max(page.total, this.#records.length);
      this.#done = this.#next >= page.pages || page.records.length === 0 || this.#records.length >= this.#total;
      this.#next++;
      this.#error = undefined;
    } catch (e) {
      if (signal.aborted) return;
      this.#error = e;
    }
  }

  #fire(): void {
    if (this.disposed) return;
    for (const fn of [...this.#listeners]) fn();
  }
}
