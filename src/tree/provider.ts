import * as vscode from 'vscode';
import { Connection, NoCredentialsError } from '../connection';
import { Settings } from '../config/settings';
import { AppModel, LoadAllOptions, LoadAllResult } from './appModel';
import { AppNode, appKey, BindingNode, Node, TreeContext } from './nodes';
import { ViewState } from './viewState';
import { NumbersNode } from './numberNodes';

/**
 * The bindings tree: its roots (one node per app, and "All apps"), one AppModel per app, and
 * the change events VS Code listens to. Nodes draw themselves and find their own children.
 */
export class BindingsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.#emitter.event;
  readonly #apps = new Map<string, AppNode>();
  readonly #models = new Map<string, { model: AppModel; sub: vscode.Disposable }>();
  readonly #ticker: ReturnType<typeof setInterval>;
  readonly #ctx: TreeContext;
  readonly #subs: vscode.Disposable[];
  #hasCredentials: boolean | undefined;
  /** The root "Numbers" (the middle numbers), after the apps. */
  readonly numbers: NumbersNode;

  constructor(
    private readonly connection: Connection,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    readonly view: ViewState,
    /** The most bindings Load All keeps per app (default 50,000). */
    private readonly maxLoadAll?: number,
  ) {
    this.#ctx = { settings, view, model: (app) => this.model(app) };
    this.numbers = new NumbersNode({ client: () => connection.client(), settings, log, changed: (n) => this.#emitter.fire(n) });
    // Relative expiry texts ("in 3 h") and state icons age: redraw from memory every minute.
    this.#ticker = setInterval(() => {
      if (this.#models.size > 0) this.#emitter.fire(undefined);
    }, 60_000);
    this.#subs = [
      view.onDidChange(() => this.#emitter.fire(undefined)),
      // Settings, credentials, approvals or the demo changed: everything loaded is dropped.
      connection.onDidChange(() => {
        view.setDemo(connection.demo !== undefined);
        this.refresh();
      }),
    ];
  }

  // ---- TreeDataProvider -------------------------------------------------------------

  getTreeItem(node: Node): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: Node): Promise<Node[]> {
    return node ? (node.getChildren() as Promise<Node[]>) : this.#roots();
  }

  getParent(node: Node): Node | undefined {
    return node.parent as Node | undefined;
  }

  // ---- models --------------------------------------------------------------------------

  /** The current model of an app, created on first use; a change of it redraws the app. */
  model(app: AppNode): AppModel {
    const key = app.key;
    const have = this.#models.get(key);
    if (have) return have.model;
    const model = new AppModel({
      appId: app.appId,
      label: app.label,
      pages: () => this.connection.client(),
      cachedPages: () => this.connection.cachedSource(),
      pageSize: () => this.settings().pageSize,
      concurrency: () => this.settings().searchConcurrency,
      log: this.log,
      maxLoadAll: this.maxLoadAll ?? this.settings().loadAllMaxBindings,
    });
    const sub = model.onDidChange(() => this.#emitter.fire(this.#apps.get(key) ?? app));
    this.#models.set(key, { model, sub });
    return model;
  }

  /** A binding was unbound: it leaves every app that shows it ("All apps" too). */
  removeBinding(bindId: string): void {
    for (const { model } of this.#models.values()) model.remove(bindId);
  }

  #drop(key: string): void {
    const m = this.#models.get(key);
    if (!m) return;
    m.sub.dispose();
    m.model.dispose();
    this.#models.delete(key);
  }

  // ---- actions used by commands ------------------------------------------------------

  /** Forgets everything loaded and redraws from the roots. */
  refresh(): void {
    for (const key of [...this.#models.keys()]) this.#drop(key);
    this.numbers.reset();
    this.#emitter.fire(undefined);
  }

  /** Back to page 1 for one app. */
  refreshApp(app: AppNode): void {
    this.#drop(app.key);
    this.#emitter.fire(this.#apps.get(app.key) ?? app);
  }

  /** Fetches and appends the next page; does nothing while a load of that app is under way. */
  loadMore(app: AppNode): Promise<void> {
    return this.model(app).loadMore();
  }

  /** Retries what failed: page 1 if nothing is loaded, else the page after the last one loaded. */
  async retry(app: AppNode | undefined): Promise<void> {
    if (!app) return this.refresh();
    const model = this.model(app);
    if (model.records.length === 0) return this.refreshApp(app);
    return model.retry();
  }

  /** Every binding of an app (see AppModel.loadAll). */
  loadAll(app: AppNode, options: LoadAllOptions = {}): Promise<LoadAllResult> {
    return this.model(app).loadAll(options);
  }

  /** Every binding loaded so far, per app (for Copy Number…, Export and revealing a match). */
  loaded(): Array<{ app: AppNode; nodes: readonly BindingNode[] }> {
    const out: Array<{ app: AppNode; nodes: readonly BindingNode[] }> = [];
    for (const [key, { model }] of this.#models) {
      const app = this.#apps.get(key);
      if (app && model.records.length) out.push({ app, nodes: app.bindingNodes() });
    }
    return out;
  }

  /** The app nodes of the configured apps (the demo's while it runs), then "All apps". */
  appNodes(): AppNode[] {
    return [...this.connection.apps().map((a) => this.#appNode(a.appId, a.label || a.appId)), this.#appNode(undefined, 'All apps')];
  }

  /** Whether credentials are stored, as last seen (undefined before the first look). */
  get hasCredentials(): boolean | undefined {
    return this.#hasCredentials;
  }

  dispose(): void {
    clearInterval(this.#ticker);
    this.numbers.reset();
    for (const key of [...this.#models.keys()]) this.#drop(key);
    for (const s of this.#subs) s.dispose();
    this.#emitter.dispose();
  }

  // ---- internals ---------------------------------------------------------------------

  async #roots(): Promise<Node[]> {
    let hasCreds: boolean;
    try {
      await this.connection.client();
      hasCreds = true;
    } catch (e) {
      hasCreds = !(e instanceof NoCredentialsError);
    }
    this.#hasCredentials = hasCreds;
    const apps = this.connection.apps();
    this.view.setConnection(hasCreds, apps.length > 0);
    if (!hasCreds || apps.length === 0) {
      this.#apps.clear();
      return [];
    }
    const wanted = this.appNodes();
    const keys = new Set(wanted.map((a) => a.key));
    for (const k of [...this.#apps.keys()]) if (!keys.has(k)) this.#apps.delete(k);
    for (const k of [...this.#models.keys()]) if (!keys.has(k)) this.#drop(k);
    return [...wanted, this.numbers];
  }

  /** Keeps one AppNode object per app so that refreshes of that node reach VS Code. */
  #appNode(appId: string | undefined, label: string): AppNode {
    const key = appKey(appId);
    const have = this.#apps.get(key);
    if (have && have.label === label) return have;
    const node = new AppNode(appId, label, this.#ctx);
    this.#apps.set(key, node);
    return node;
  }
}

