import * as vscode from 'vscode';
import type { Account, Accounts } from '../accounts/accounts';
import type { BindingRecord } from '../api';
import { Settings } from '../config/settings';
import { AccountBranch, BranchHooks } from './accountBranch';
import { noAppsNodes, noCredentialsNodes, shownAccounts } from './accountLayout';
import { AccountNode, AppNode, BindingNode, Node, type AppOverlay } from './nodes';
import { ViewState } from './viewState';
import { NumbersNode } from './numberNodes';
import { bindingList, type LoadAllOptions, type LoadAllResult, type PagedList } from './pagedList';
import type { PinStore } from './pins';

/**
 * The bindings tree. With one account its top level is that account's apps ("All apps" too) and
 * its Numbers; with several, the accounts, each holding its own (one AccountBranch each). One
 * list of bindings per app and account; nodes draw themselves and find their own children.
 */
export class BindingsProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.#emitter.event;
  readonly #branches = new Map<string, AccountBranch>();
  readonly #models = new Map<string, PagedList<BindingRecord>>();
  /** What replaces an app's paged list (Filter All Pages), by app key; it goes with the app's list and when the filter changes. */
  readonly #overlays = new Map<string, AppOverlay>();
  readonly #ticker: ReturnType<typeof setInterval>;
  readonly #hooks: BranchHooks;
  readonly #subs: vscode.Disposable[];
  #hasCredentials: boolean | undefined;
  /** The pinned bindings' ids (set by activate()). */
  pins: PinStore | undefined;
  /** The accounts at the top level as last drawn (undefined before the first draw: every account). */
  #shown: readonly Account[] | undefined;

  constructor(
    private readonly accounts: Accounts,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    readonly view: ViewState,
    /** The most bindings Load All keeps per app (default 50,000). */
    private readonly maxLoadAll?: number,
  ) {
    this.#hooks = {
      ctx: { settings, view, model: (app) => this.model(app), overlay: (app) => this.overlay(app) },
      log,
      children: (b) => this.#accountChildren(b),
      changed: (n) => this.#emitter.fire(n),
      connectionChanged: (a) => this.refreshAccount(a),
      dropModel: (key) => this.#drop(key),
      pins: () => this.pins,
    };
    // Relative expiry texts ("in 3 h") and state icons age: redraw from memory every minute.
    let filter = view.filter;
    this.#ticker = setInterval(() => {
      if (this.#models.size > 0) this.#emitter.fire(undefined);
    }, 60_000);
    this.#subs = [
      view.onDidChange(() => {
        // Another filter: every app is back to its loaded pages, filtered anew (Filter All Pages' matches go).
        if (view.filter !== filter) for (const key of [...this.#overlays.keys()]) this.#dropOverlay(key);
        filter = view.filter;
        this.#emitter.fire(undefined);
      }),
      // Accounts added, removed or renamed, or an account's apps or base URL changed.
      accounts.onDidChange(() => {
        view.setAccounts(accounts.all().length);
        this.#emitter.fire(undefined);
      }),
    ];
  }


  getTreeItem(node: Node): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: Node): Promise<Node[]> {
    return node ? (node.getChildren() as Promise<Node[]>) : this.#roots();
  }

  getParent(node: Node): Node | undefined {
    return node.parent as Node | undefined;
  }


  /** The current list of an app's bindings, created on first use; a change of it redraws the app. */
  model(app: AppNode): PagedList<BindingRecord> {
    const key = app.key;
    const have = this.#models.get(key);
    if (have) return have;
    const connection = app.account.connection;
    const model = bindingList({
      appId: app.appId,
      label: this.accounts.all().length > 1 ? `${app.account.name} / ${app.label}` : app.label,
      log: this.log,
      source: () => connection.client(),
      cachedSource: () => connection.cachedSource(),
      pageSize: () => this.settings().pageSize,
      concurrency: () => this.settings().searchConcurrency,
      max: this.maxLoadAll ?? this.settings().loadAllMaxBindings,
    });
    model.onDidChange(() => this.redrawApp(app));
    this.#models.set(key, model);
    return model;
  }

  /** A binding was unbound: it leaves every app that shows it ("All apps" too). */
  removeBinding(bindId: string, account?: Account): void {
    for (const b of this.#branches.values()) {
      if (!account || b.account === account) {
        for (const app of b.apps.values()) {
          this.#models.get(app.key)?.remove(bindId);
          this.#overlays.get(app.key)?.remove(bindId);
        }
      }
    }
  }

  /** Shows `overlay` instead of the app's paged list; the one it replaces is stopped. */
  setOverlay(app: AppNode, overlay: AppOverlay): void {
    this.#dropOverlay(app.key);
    this.#overlays.set(app.key, overlay);
    this.view.setAllPages(true);
    this.redrawApp(app);
  }

  overlay(app: AppNode): AppOverlay | undefined {
    return this.#overlays.get(app.key);
  }

  /** Draws an app again (only a node still in the tree: VS Code would not find one of an older layout). */
  redrawApp(app: AppNode): void {
    const current = this.#branches.get(app.account.id)?.apps.get(app.key);
    if (current) this.#emitter.fire(current);
  }

  #dropOverlay(key: string): void {
    this.#overlays.get(key)?.stop();
    this.#overlays.delete(key);
    this.view.setAllPages(this.#overlays.size > 0);
  }

  #drop(key: string): void {
    this.#dropOverlay(key);
    this.#models.get(key)?.dispose();
    this.#models.delete(key);
  }


  /** Forgets everything loaded (every account) and redraws from the roots. */
  refresh(): void {
    for (const key of [...this.#models.keys()]) this.#drop(key);
    for (const b of this.#branches.values()) b.numbers.reset();
    this.pinsChanged();
  }

  /** The pins changed (or are to be read again): every Pinned node reads them on its next expand. */
  pinsChanged(): void {
    for (const b of this.#branches.values()) b.pinned.reset();
    this.#emitter.fire(undefined);
  }

  /** Forgets what one account loaded and redraws it. */
  refreshAccount(account: Account): void {
    // A removed account's last changes (its credentials deleted) draw nothing.
    if (this.accounts.get(account.id) !== account) return;
    const b = this.#branches.get(account.id);
    if (!b) return this.#emitter.fire(undefined);
    b.forget();
    // Redraw its node; or the top level when it is left out or shown beside an in-memory account
    // (a change of credentials can bring it back or leave it out, see shownAccounts()).
    const top = !b.nested || !this.shownAccounts().includes(account) || this.accounts.all().some((a) => a.ephemeral);
    this.#emitter.fire(top ? undefined : b.node);
  }

  /** Back to page 1 for one app. */
  refreshApp(app: AppNode): void {
    this.#drop(app.key);
    this.#emitter.fire(this.#branch(app.account).apps.get(app.key) ?? app);
  }

  /** Retries what failed: page 1 if nothing is loaded, else the page after the last one loaded. */
  async retry(app: AppNode | undefined): Promise<void> {
    if (!app) return this.refresh();
    const model = this.model(app);
    if (model.records.length === 0) return this.refreshApp(app);
    return model.loadMore();
  }

  /** Every binding of an app, up to the cap. */
  loadAll(app: AppNode, options: LoadAllOptions = {}): Promise<LoadAllResult> {
    return this.model(app).loadAll(options);
  }

  /** Every binding loaded so far, per app of every account (for Copy Number…, Export and revealing a match). */
  loaded(): Array<{ app: AppNode; nodes: readonly BindingNode[] }> {
    const out: Array<{ app: AppNode; nodes: readonly BindingNode[] }> = [];
    for (const b of this.#branches.values()) {
      for (const app of b.apps.values()) {
        const m = this.#models.get(app.key);
        if (m?.records.length) out.push({ app, nodes: app.bindingNodes() });
      }
    }
    return out;
  }

  /** The app nodes of an account (its configured apps, then "All apps"); without one, of every account shown. */
  appNodes(account?: Account): AppNode[] {
    if (!account) return this.shownAccounts().flatMap((a) => this.appNodes(a));
    return this.#branch(account).appNodes();
  }

  /** The Numbers node of an account (default: the first account shown). */
  numbersOf(account: Account = this.shownAccounts()[0] ?? this.accounts.first()): NumbersNode {
    return this.#branch(account).numbers;
  }

  /** The accounts at the top level as last drawn (see shownAccounts() in ./accountLayout.ts). */
  shownAccounts(): Account[] {
    const all = this.accounts.all();
    const shown = this.#shown?.filter((a) => all.includes(a));
    return shown?.length ? shown : all;
  }

  /** The Numbers node of the first (or only) account shown. */
  get numbers(): NumbersNode {
    return this.numbersOf();
  }

  /** The node of an account (shown when there are several). */
  accountNode(account: Account): AccountNode {
    return this.#branch(account).node;
  }

  /** Whether credentials are stored (the only account's, or any account's), as last seen (undefined before the first look). */
  get hasCredentials(): boolean | undefined {
    return this.#hasCredentials;
  }

  dispose(): void {
    clearInterval(this.#ticker);
    for (const b of this.#branches.values()) this.#dropBranch(b);
    for (const key of [...this.#models.keys()]) this.#drop(key);
    for (const s of this.#subs) s.dispose();
    this.#emitter.dispose();
  }


  async #roots(): Promise<Node[]> {
    const all = this.accounts.all();
    const creds = await Promise.all(all.map((a) => a.credentials.get().then((c) => !!c, () => false)));
    const accounts = shownAccounts(all, creds);
    this.#shown = accounts;
    const nested = accounts.length > 1;
    // Branches of removed accounts, or built for the other layout, go.
    for (const [id, b] of [...this.#branches]) {
      if (this.accounts.get(id) !== b.account || b.nested !== this.#nested(b.account)) this.#dropBranch(b);
    }
    // Every account's changes reach the tree, also those of an account left out (its credentials may bring it back).
    for (const a of all) this.#branch(a);
    this.view.setAccounts(all.length);
    this.view.setDemoAlone(accounts.every((a) => a.ephemeral));
    if (!nested) {
      const b = this.#branch(accounts[0]);
      const hasCreds = await b.checkCredentials();
      this.#hasCredentials = hasCreds;
      const apps = b.account.apps();
      this.view.setConnection(hasCreds, apps.length > 0);
      // No credentials or no apps: nothing, so that the welcome view says what to do.
      if (!hasCreds || apps.length === 0) {
        b.apps.clear();
        return [];
      }
      return this.#children(b);
    }
    this.#hasCredentials = creds.some(Boolean);
    this.view.setConnection(this.#hasCredentials, accounts.some((a) => a.apps().length > 0));
    return accounts.map((a) => this.#branch(a).node);
  }

  /** An account node's children: Set credentials… without credentials; else its apps, Numbers, and Add App… when it has none. */
  async #accountChildren(b: AccountBranch): Promise<Node[]> {
    const hasCreds = await b.checkCredentials();
    // Removed meanwhile (its credentials went with it): nothing to draw under a node that is gone.
    if (this.accounts.get(b.account.id) !== b.account) return [];
    if (!hasCreds) {
      b.apps.clear();
      return noCredentialsNodes(b.node);
    }
    const kids = this.#children(b);
    if (b.account.apps().length === 0) kids.unshift(...noAppsNodes(b.node));
    return kids;
  }

  /** The account's app nodes, "All apps" and Numbers; models of apps no longer configured go. */
  #children(b: AccountBranch): Node[] {
    const wanted = this.appNodes(b.account);
    b.keepApps(new Set(wanted.map((a) => a.key)));
    return [...b.pinnedNodes(), ...wanted, b.numbers];
  }

  #branch(account: Account): AccountBranch {
    const have = this.#branches.get(account.id);
    if (have && have.account === account) return have;
    if (have) this.#dropBranch(have);
    const b = new AccountBranch(account, this.#nested(account), this.#hooks);
    this.#branches.set(account.id, b);
    return b;
  }

  /** Whether the account's apps hang under its node: several accounts shown, or it is left out. */
  #nested(account: Account): boolean {
    const shown = this.shownAccounts();
    return shown.length > 1 || !shown.includes(account);
  }

  #dropBranch(b: AccountBranch): void {
    b.dispose();
    if (this.#branches.get(b.account.id) === b) this.#branches.delete(b.account.id);
  }
}
