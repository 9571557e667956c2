import * as vscode from 'vscode';
import { AUTH_STATUSES, bindingState, BindingRecord, BindingState, PnsApiError, PnsError, PnsTransportError, PnsValidationError, walkBindPages, WalkStep, WalkSummary } from '../api';
import { matchBinding, type SearchQuery } from '../api/search';
import { Connection, NoCredentialsError } from '../connection';
import { HostNotApprovedError } from '../auth/trust';
import { Settings } from '../config/settings';
import { vendorZoneMinutes } from '../shared/binding';
import { AppNode, appItem, BindingNode, bindingItem, LoadMoreNode, loadMoreItem, MessageNode, messageItem, Node } from './nodes';
import { Cmd, Ctx, BuiltinCmd } from '../ids';

/** What the tree knows of one app: the pages loaded so far and the walk that continues them. */
interface AppState {
  nodes: BindingNode[];
  seen: Set<string>;
  total: number;
  /** The next page to fetch. */
  nextPage: number;
  done: boolean;
  walker?: AsyncGenerator<WalkStep, WalkSummary, undefined>;
  loading?: Promise<void>;
  error?: unknown;
  abort: AbortController;
}

/** What the tree shows of the loaded bindings. */
export interface TreeFilter {
  /** Only bindings with a number (or bind id) matching these digits. */
  query?: SearchQuery;
  /** Only bindings in these states. */
  states?: ReadonlySet<BindingState>;
}
export type TreeSort = 'vendor' | 'expiry';

/** Sidebar tree: apps -> bindings, one page at a time, never prefetching. */
export class BindingsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.#emitter.event;
  readonly #apps = new Map<string, AppNode>();
  readonly #state = new Map<string, AppState>();
  readonly #ticker: ReturnType<typeof setInterval>;
  #hasCredentials: boolean | undefined;
  #filter: TreeFilter = {};
  #sort: TreeSort = 'vendor';

  constructor(
    private readonly connection: Connection,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // Relative expiry texts ("in 3 h") and state icons age: redraw from memory every minute.
    this.#ticker = setInterval(() => {
      if (this.#state.size > 0) this.#emitter.fire(undefined);
    }, 60_000);
  }

  // ---- TreeDataProvider -------------------------------------------------------------

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'app': {
        const st = this.#state.get(node.key);
        const item = appItem(node, st && { loaded: st.nodes.length, total: st.total, loading: !!st.loading, error: !!st.error });
        if (st && this.filterActive && st.nodes.length) {
          const n = this.#visible(st).length;
          item.description = `${n} ${n === 1 ? 'match' : 'matches'} · ${item.description}`;
        }
        return item;
      }
      case 'binding': {
        const s = this.settings();
        return bindingItem(node, Date.now(), s.expiringSoonHours, vendorZoneMinutes(s));
      }
      case 'loadMore':
        return loadMoreItem(node);
      case 'message':
        return messageItem(node);
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.#roots();
    if (node.kind !== 'app') return [];
    let st = this.#state.get(node.key);
    if (!st) {
      st = this.#newState();
      this.#state.set(node.key, st);
      await this.#loadNext(node, st);
    } else if (st.loading && st.nodes.length === 0) {
      await st.loading;
    }
    return this.#childrenOf(node, st);
  }

  getParent(node: Node): Node | undefined {
    return node.kind === 'app' ? undefined : (node.app ?? undefined);
  }

  // ---- actions used by commands ------------------------------------------------------

  /** Forgets everything loaded and redraws from the roots. */
  refresh(): void {
    for (const st of this.#state.values()) st.abort.abort();
    this.#state.clear();
    this.#emitter.fire(undefined);
  }

  /** Back to page 1 for one app. */
  refreshApp(app: AppNode): void {
    this.#state.get(app.key)?.abort.abort();
    this.#state.delete(app.key);
    this.#emitter.fire(this.#apps.get(app.key) ?? app);
  }

  /** Fetches and appends the next page; does nothing while a load of that app is under way. */
  async loadMore(app: AppNode): Promise<void> {
    const node = this.#apps.get(app.key) ?? app;
    const st = this.#state.get(node.key);
    if (!st) {
      this.#emitter.fire(node);
      return;
    }
    if (st.loading || st.done) return st.loading;
    const p = this.#loadNext(node, st);
    this.#emitter.fire(node); // shows "Loading…"
    await p;
  }

  /** Retries what failed: page 1 if nothing is loaded, else the page after the last one loaded. */
  async retry(app: AppNode | undefined): Promise<void> {
    if (!app) return this.refresh();
    const node = this.#apps.get(app.key) ?? app;
    const st = this.#state.get(node.key);
    if (!st || st.nodes.length === 0) return this.refreshApp(node);
    st.error = undefined;
    st.walker = undefined;
    return this.loadMore(node);
  }

  /** Shows only loaded bindings that match; an empty filter shows everything. */
  setFilter(filter: TreeFilter): void {
    this.#filter = filter;
    this.#emitter.fire(undefined);
  }

  get filter(): TreeFilter {
    return this.#filter;
  }

  get filterActive(): boolean {
    return !!this.#filter.query || !!this.#filter.states;
  }

  setSort(sort: TreeSort): void {
    this.#sort = sort;
    this.#emitter.fire(undefined);
  }

  get sort(): TreeSort {
    return this.#sort;
  }

  /**
   * Loads every binding of an app (through the page cache, 100 a page), so that filter, sort
   * and export cover all of them. Cancellable; one load per app at a time.
   */
  async loadAll(app: AppNode, options: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void } = {}): Promise<{ loaded: number; total: number }> {
    const node = this.#apps.get(app.key) ?? app;
    let st = this.#state.get(node.key);
    if (!st) {
      st = this.#newState();
      this.#state.set(node.key, st);
    }
    if (st.loading) await st.loading;
    const state = st;
    const linked = new AbortController();
    const onAbort = () => linked.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    state.abort.signal.addEventListener('abort', onAbort, { once: true });
    const run = async () => {
      const source = await this.connection.cachedSource();
      const pageSize = this.settings().pageSize;
      const byId = new Map(state.nodes.map((n) => [n.record.bindId, n]));
      const nodes: BindingNode[] = [];
      let total = state.total;
      for await (const step of walkBindPages(source, { appId: node.appId, size: 100, signal: linked.signal })) {
        for (const r of step.records) nodes.push(byId.get(r.bindId) ?? new BindingNode(node, r, Math.floor(nodes.length / pageSize) + 1));
        total = step.page.total;
        options.onProgress?.(nodes.length, total);
      }
      if (linked.signal.aborted || this.#state.get(node.key) !== state) return;
      state.nodes = nodes;
      state.seen = new Set(nodes.map((n) => n.record.bindId));
      state.total = Math.max(total, nodes.length);
      state.done = true;
      state.walker = undefined;
      state.error = undefined;
      state.nextPage = Math.floor(nodes.length / pageSize) + 1;
      this.log.info(`${node.label}: loaded all ${nodes.length} bindings.`);
    };
    const p = run();
    state.loading = p
      .catch(() => undefined)
      .finally(() => {
        state.loading = undefined;
        options.signal?.removeEventListener('abort', onAbort);
        if (this.#state.get(node.key) === state) this.#emitter.fire(node);
      });
    this.#emitter.fire(node);
    await p;
    return { loaded: state.nodes.length, total: state.total };
  }

  /** Every binding loaded so far, per app (for Copy Number… and search of loaded data). */
  loaded(): Array<{ app: AppNode; nodes: readonly BindingNode[] }> {
    const out: Array<{ app: AppNode; nodes: readonly BindingNode[] }> = [];
    for (const [key, st] of this.#state) {
      const app = this.#apps.get(key);
      if (app && st.nodes.length) out.push({ app, nodes: st.nodes });
    }
    return out;
  }

  /** The app nodes currently shown. */
  appNodes(): AppNode[] {
    const s = this.settings();
    return [...s.apps.map((a) => this.#appNode(a.appId, a.label || a.appId)), this.#appNode(undefined, 'All apps')];
  }

  /** Whether credentials are stored, as last seen (undefined before the first look). */
  get hasCredentials(): boolean | undefined {
    return this.#hasCredentials;
  }

  dispose(): void {
    clearInterval(this.#ticker);
    for (const st of this.#state.values()) st.abort.abort();
    this.#emitter.dispose();
  }

  // ---- internals ---------------------------------------------------------------------

  async #roots(): Promise<Node[]> {
    let hasCreds = false;
    try {
      await this.connection.client();
      hasCreds = true;
    } catch (e) {
      hasCreds = !(e instanceof NoCredentialsError);
    }
    this.#hasCredentials = hasCreds;
    const s = this.settings();
    void vscode.commands.executeCommand(BuiltinCmd.setContext, Ctx.hasCredentials, hasCreds);
    void vscode.commands.executeCommand(BuiltinCmd.setContext, Ctx.hasApps, s.apps.length > 0);
    if (!hasCreds || s.apps.length === 0) {
      this.#apps.clear();
      return [];
    }
    const wanted: AppNode[] = s.apps.map((a) => this.#appNode(a.appId, a.label || a.appId));
    wanted.push(this.#appNode(undefined, 'All apps'));
    const keys = new Set(wanted.map((a) => a.key));
    for (const k of [...this.#apps.keys()]) if (!keys.has(k)) this.#apps.delete(k);
    for (const k of [...this.#state.keys()]) if (!keys.has(k)) this.#state.delete(k);
    return wanted;
  }

  /** Keeps one AppNode object per app so that refreshes of that node reach VS Code. */
  #appNode(appId: string | undefined, label: string): AppNode {
    const key = appId === undefined ? '*' : `app:${appId}`;
    const have = this.#apps.get(key);
    if (have && have.label === label) return have;
    const node = new AppNode(appId, label);
    this.#apps.set(key, node);
    return node;
  }

  #newState(): AppState {
    return { nodes: [], seen: new Set(), total: 0, nextPage: 1, done: false, abort: new AbortController() };
  }

  #loadNext(app: AppNode, st: AppState): Promise<void> {
    if (st.loading) return st.loading;
    const run = async () => {
      try {
        if (!st.walker) {
          const client = await this.connection.client();
          st.walker = walkBindPages(client, { appId: app.appId, size: this.settings().pageSize, startPage: st.nextPage, seen: st.seen, signal: st.abort.signal });
        }
        const step = await st.walker.next();
        if (st.abort.signal.aborted) return;
        if (step.done) {
          st.done = true;
          return;
        }
        const { page, records, last } = step.value;
        for (const w of page.warnings) this.log.warn(`${app.label}, page ${page.current}: ${w}`);
        st.nodes.push(...records.map((r: BindingRecord) => new BindingNode(app, r, page.current)));
        st.total = Math.max(page.total, st.nodes.length);
        st.nextPage = page.current + 1;
        st.done = last;
        st.error = undefined;
      } catch (e) {
        if (st.abort.signal.aborted) return;
        st.error = e;
        st.walker = undefined;
        const err = e as Error;
        this.log.error(`${app.label}: ${err.message}${(e as PnsError).hint ? ` — ${(e as PnsError).hint}` : ''}`);
      }
    };
    st.loading = run().finally(() => {
      st.loading = undefined;
      if (!st.abort.signal.aborted && this.#state.get(app.key) === st) this.#emitter.fire(this.#apps.get(app.key) ?? app);
    });
    return st.loading;
  }

  /** The loaded bindings of an app as filtered and sorted for display. */
  #visible(st: AppState): BindingNode[] {
    const { query, states } = this.#filter;
    let nodes = st.nodes;
    if (query || states) {
      const now = Date.now();
      const soon = this.settings().expiringSoonHours;
      nodes = nodes.filter((n) => (!query || matchBinding(n.record, query).length > 0) && (!states || states.has(bindingState(n.record.expiresAt, now, soon))));
    }
    if (this.#sort === 'expiry') {
      // Soonest first; unreadable expiry last; ties keep the vendor's order.
      nodes = nodes.map((n, i) => ({ n, i })).sort((a, b) => (a.n.record.expiresAt ?? Infinity) - (b.n.record.expiresAt ?? Infinity) || a.i - b.i).map((x) => x.n);
    }
    return nodes;
  }

  #childrenOf(app: AppNode, st: AppState): Node[] {
    const shown = this.#visible(st);
    const out: Node[] = [...shown];
    if (this.filterActive && st.nodes.length > 0 && shown.length === 0 && !st.error) {
      out.push(new MessageNode(app, `${app.key}/filtered`, 'info', `None of the ${st.nodes.length} loaded bindings match the filter`, 'Clear the filter, or load more bindings.', { command: Cmd.clearFilter, title: 'Clear Filter' }));
    }
    if (st.error) out.push(...this.#errorNodes(app, st.error));
    else if (st.done && st.nodes.length === 0) out.push(new MessageNode(app, `${app.key}/empty`, 'info', app.appId === undefined ? 'No bindings for this API key' : 'No bindings in this app', ''));
    else if (!st.done && (st.nodes.length > 0 || st.loading)) out.push(new LoadMoreNode(app, st.nodes.length, st.total, !!st.loading));
    return out;
  }

  #errorNodes(app: AppNode, e: unknown): MessageNode[] {
    const id = (s: string) => `${app.key}/${s}`;
    const retry: vscode.Command = { command: Cmd.retry, title: 'Retry', arguments: [app] };
    const setCreds: vscode.Command = { command: Cmd.setCredentials, title: 'Set Credentials…' };
    const showLog: vscode.Command = { command: Cmd.showLog, title: 'Show Log' };
    if (e instanceof HostNotApprovedError) {
      return [
        new MessageNode(app, id('not-approved'), 'error', `Not sent: ${new URL(e.origin).host} is not approved`, `${e.message} ${e.hint}`, undefined, 'laafficPns.error'),
        new MessageNode(app, id('not-approved-ask'), 'action', `Ask again about ${new URL(e.origin).host}…`, 'Forget the answer for this host and ask again.', { command: Cmd.forgetHostApprovals, title: 'Ask Again', arguments: [e.origin] }),
        new MessageNode(app, id('not-approved-settings'), 'action', 'Open settings…', 'Change laafficPns.baseUrl in your user settings.', { command: BuiltinCmd.openSettings, title: 'Open Settings', arguments: ['laafficPns.baseUrl'] }),
      ];
    }
    if (e instanceof NoCredentialsError) {
      return [new MessageNode(app, id('nocreds'), 'action', 'Set credentials…', e.hint, setCreds)];
    }
    if (e instanceof PnsApiError && AUTH_STATUSES.has(e.status)) {
      return [
        new MessageNode(app, id('auth'), 'error', `Authentication failed (status ${e.status}: ${e.meaning})`, e.hint, undefined, 'laafficPns.error'),
        new MessageNode(app, id('auth-fix'), 'action', 'Set credentials…', 'Enter the API key and secret again.', setCreds),
      ];
    }
    if (e instanceof PnsTransportError && (e.kind === 'network' || e.kind === 'timeout')) {
      return [new MessageNode(app, id('unreachable'), 'error', `Cannot reach ${e.host}`, `${e.message} ${e.hint}`, retry, 'laafficPns.error')];
    }
    if (e instanceof PnsValidationError) {
      return [
        new MessageNode(app, id('invalid'), 'error', e.message, e.hint, undefined, 'laafficPns.error'),
        new MessageNode(app, id('invalid-fix'), 'action', 'Open settings…', 'Open the Laaffic PNS settings.', { command: BuiltinCmd.openSettings, title: 'Open Settings', arguments: ['laafficPns'] }),
      ];
    }
    const msg = e instanceof Error ? e.message : String(e);
    const hint = e instanceof PnsError ? e.hint : 'Unexpected error. Show the log for details, then retry.';
    return [
      new MessageNode(app, id('error'), 'error', msg, hint, retry, 'laafficPns.error'),
      new MessageNode(app, id('error-log'), 'action', 'Show log', 'Open the Laaffic PNS output channel.', showLog),
    ];
  }
}
