import * as vscode from 'vscode';
import type { BindingRecord } from '../api';
import type { Account } from '../accounts/accounts';
import { safeValue } from '../ui/safety';
import type { Settings } from '../config/settings';
import { Cmd, Item } from '../config/ids';
import { DISPLAY_TEXT, type LoadMoreWhat } from '../display/text';
import { countryLocale } from '../ui/language';
import { forUser } from '../config/settingNames';
import { pageOf, vendorZoneMinutes } from '../shared/binding';
import type { AppModel, ModelEntry } from './appModel';
import { bindingItem } from './bindingItem';
import { errorNodes } from './errorNodes';
import type { ViewState } from './viewState';
import type { NumberNode, NumbersLoadMoreNode, NumbersNode } from './numberNodes';

/** What nodes need to draw themselves and find their children. */
export interface TreeContext {
  settings(): Settings;
  view: ViewState;
  /** The current model of an app (a new one after a refresh). */
  model(app: AppNode): AppModel;
}

/**
 * A node of the bindings tree: it draws itself and knows its children, so a new kind of node
 * is one class here.
 */
export abstract class TreeNode {
  abstract readonly kind: string;
  abstract readonly parent: TreeNode | undefined;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

const nf = new Intl.NumberFormat('en-US');

/**
 * An account, at the top of the tree when there are several (with one account, its apps and
 * Numbers are the top level, as before accounts existed). Its children come from the provider.
 */
export class AccountNode extends TreeNode {
  readonly kind = 'account';
  readonly parent = undefined;
  constructor(
    readonly account: Account,
    private readonly children: (node: AccountNode) => Promise<TreeNode[]>,
    /** Whether the account has credentials, as last seen (undefined before the first look). */
    private readonly hasCredentials: () => boolean | undefined,
  ) {
    super();
  }

  /** Stable key of this account in the tree (its children's keys start with it). */
  get key(): string {
    return accountKey(this.account.id);
  }

  getTreeItem(): vscode.TreeItem {
    const a = this.account;
    const item = new vscode.TreeItem(a.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.key;
    item.iconPath = new vscode.ThemeIcon(a.ephemeral ? 'beaker' : 'account');
    item.contextValue = a.ephemeral ? Item.memoryAccount : Item.account;
    item.description = a.host();
    const apps = a.apps().length;
    const creds = this.hasCredentials();
    const appCount = apps === 1 ? vscode.l10n.t('1 app') : vscode.l10n.t('{0} apps', nf.format(apps));
    const baseUrl = safeValue(a.baseUrl(), 200);
    item.tooltip = [
      vscode.l10n.t('Account {0}', a.name),
      a.usesSettings ? vscode.l10n.t('Base URL: {0} (laafficPns.baseUrl)', baseUrl) : vscode.l10n.t('Base URL: {0}', baseUrl),
      `${appCount} · ${creds === undefined ? vscode.l10n.t('credentials not checked yet') : creds ? vscode.l10n.t('credentials set') : vscode.l10n.t('credentials not set')}`,
      ...(a.ephemeral ? [vscode.l10n.t('This window only: never saved')] : []),
    ].join('\n');
    item.accessibilityInformation = { label: vscode.l10n.t('Account {0}, {1}, {2}', a.name, a.host(), appCount) };
    return item;
  }

  override getChildren(): Promise<TreeNode[]> {
    return this.children(this);
  }
}

export function accountKey(id: string): string {
  return `a:${id}`;
}

/** The account a tree node belongs to (a command's node), or undefined. */
export function accountOf(x: unknown): Account | undefined {
  let n = x instanceof TreeNode ? x : undefined;
  while (n) {
    const a = (n as { account?: Account }).account;
    if (a) return a;
    n = n.parent;
  }
  return undefined;
}

/** An app root: a configured app, or "All apps" (no appId: every app of the key). */
export class AppNode extends TreeNode {
  readonly kind = 'app';
  /** Binding nodes by model entry, so the same binding stays the same node. */
  #nodes = new WeakMap<ModelEntry, BindingNode>();
  constructor(
    readonly appId: string | undefined,
    readonly label: string,
    private readonly ctx: TreeContext,
    /** The account the app belongs to. */
    readonly account: Account,
    /** The account's node when there are several accounts; undefined at the top. */
    readonly parent: AccountNode | undefined = undefined,
  ) {
    super();
  }

  /** Stable key of this app in the tree and in the provider's state. */
  get key(): string {
    return `${this.parent ? `${this.parent.key}/` : ''}${appKey(this.appId)}`;
  }

  get model(): AppModel {
    return this.ctx.model(this);
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.model;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.iconPath = new vscode.ThemeIcon(this.appId === undefined ? 'layers' : 'device-mobile');
    item.contextValue = this.appId === undefined ? Item.allApps : Item.app;
    const loaded = m.records.length;
    if (m.started && m.loading && loaded === 0) item.description = vscode.l10n.t('loading…');
    else if (m.started && (loaded > 0 || !m.error)) item.description = vscode.l10n.t('{0} of {1}', nf.format(loaded), nf.format(m.total));
    else if (this.appId !== undefined && this.label !== this.appId) item.description = this.appId;
    item.tooltip = `${this.label} — ${this.appId === undefined ? vscode.l10n.t('every app of this API key') : vscode.l10n.t('app id {0}', this.appId)}`;
    let matches = '';
    if (m.started && this.ctx.view.filterActive && loaded) {
      const n = this.#visible(m).length;
      matches = n === 1 ? vscode.l10n.t('1 match') : vscode.l10n.t('{0} matches', n);
      item.description = `${matches} · ${item.description}`;
    }
    const progress = m.started && m.loading && loaded === 0 ? DISPLAY_TEXT.spokenLoading : m.started && (loaded > 0 || !m.error) ? DISPLAY_TEXT.spokenLoaded(nf.format(loaded), nf.format(m.total)) : '';
    item.accessibilityInformation = { label: DISPLAY_TEXT.spokenApp({ label: this.label, appId: this.appId, account: this.parent ? this.account.name : undefined, loaded: DISPLAY_TEXT.spokenList([progress, matches]) }) };
    return item;
  }

  /** The loaded bindings (filtered and sorted), then an error, "empty" or Load more; page 1 first. */
  override async getChildren(): Promise<TreeNode[]> {
    const m = this.model;
    if (!m.started) await m.loadMore();
    else if (m.loading && m.records.length === 0) await m.whenIdle();
    const shown = this.#visible(m).map((e) => this.bindingNode(e));
    const out: TreeNode[] = [...shown];
    const loaded = m.records.length;
    if (this.ctx.view.filterActive && loaded > 0 && shown.length === 0 && !m.error) {
      out.push(
        new MessageNode(this, `${this.key}/filtered`, 'info', vscode.l10n.t('None of the {0} loaded bindings match the filter', loaded), vscode.l10n.t('Clear the filter, or load more bindings.'), {
          command: Cmd.clearFilter,
          title: vscode.l10n.t('Clear Filter'),
        }),
      );
    }
    if (m.error) out.push(...errorNodes(this, m.error));
    else if (!m.hasMore && loaded === 0) {
      out.push(new MessageNode(this, `${this.key}/empty`, 'info', this.appId === undefined ? vscode.l10n.t('No bindings for this API key') : vscode.l10n.t('No bindings in this app'), ''));
    }
    else if (m.full) {
      out.push(
        new MessageNode(this, `${this.key}/full`, 'info', vscode.l10n.t('The first {0} bindings are loaded, the most one app holds (laafficPns.loadAllMaxBindings)', nf.format(loaded)), vscode.l10n.t('Find or Export read all of them.')),
      );
    } else if (m.hasMore && (loaded > 0 || m.loading)) out.push(new LoadMoreNode(this, loaded, m.total, m.loading));
    return out;
  }

  /** Every loaded binding, in the vendor's order, unfiltered. */
  bindingNodes(): BindingNode[] {
    return this.model.records.map((e) => this.bindingNode(e));
  }

  bindingNode(e: ModelEntry): BindingNode {
    let n = this.#nodes.get(e);
    if (!n) this.#nodes.set(e, (n = new BindingNode(this, e, this.ctx)));
    return n;
  }

  #visible(m: AppModel): readonly ModelEntry[] {
    return this.ctx.view.visible(m.records, Date.now(), this.ctx.settings().expiringSoonHours);
  }
}

export function appKey(appId: string | undefined): string {
  return appId === undefined ? '*' : `app:${appId}`;
}

export class BindingNode extends TreeNode {
  readonly kind = 'binding';
  constructor(
    readonly app: AppNode,
    readonly entry: ModelEntry,
    private readonly ctx: TreeContext,
  ) {
    super();
  }
  get parent(): AppNode {
    return this.app;
  }
  get record(): BindingRecord {
    return this.entry.record;
  }
  /** The page it is on at the current page size (Refresh in the details panel looks there first). */
  get page(): number {
    return pageOf(this.entry.position, this.ctx.settings().pageSize);
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.ctx.settings();
    return bindingItem({
      id: `${this.app.key}/b:${this.record.bindId}`,
      record: this.record,
      app: this.app,
      now: Date.now(),
      soonHours: s.expiringSoonHours,
      zoneOffsetMinutes: vendorZoneMinutes(s),
      masked: s.maskNumbers,
      locale: countryLocale(),
      node: this,
    });
  }
}

export class LoadMoreNode extends TreeNode {
  readonly kind = 'loadMore';
  constructor(
    readonly app: AppNode,
    readonly loaded: number,
    readonly total: number,
    readonly loading: boolean,
  ) {
    super();
  }
  get parent(): AppNode {
    return this.app;
  }
  getTreeItem(): vscode.TreeItem {
    return loadMoreItem(`${this.app.key}/more`, this, { command: Cmd.loadMore, title: vscode.l10n.t('Load More'), arguments: [this] }, 'bindings');
  }
}

/** The "Load more (n of m)" item of any paged list: "Loading…" while a page is on its way. */
export function loadMoreItem(id: string, state: { loaded: number; total: number; loading: boolean }, command: vscode.Command, what: LoadMoreWhat): vscode.TreeItem {
  const label = state.loading ? vscode.l10n.t('Loading…') : vscode.l10n.t('Load more ({0} of {1})', nf.format(state.loaded), nf.format(state.total));
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.accessibilityInformation = { label: DISPLAY_TEXT.spokenLoadMore({ what, loaded: nf.format(state.loaded), total: nf.format(state.total), loading: state.loading }) };
  item.id = id;
  item.iconPath = new vscode.ThemeIcon(state.loading ? 'loading~spin' : 'fold-down');
  item.contextValue = Item.loadMore;
  if (!state.loading) item.command = command;
  return item;
}

/** Information, an error, or a next step; never a silent blank. */
export class MessageNode extends TreeNode {
  readonly kind = 'message';
  constructor(
    /** The node it is shown under (undefined: the top). */
    readonly owner: TreeNode | undefined,
    readonly id: string,
    readonly severity: 'info' | 'error' | 'action',
    label: string,
    detail: string,
    readonly command?: vscode.Command,
    readonly contextValue?: string,
  ) {
    super();
    // Shown in the tree (plain text, not markdown; server text in it was made safe by the
    // core): the core's option names become setting names.
    this.label = forUser(label);
    this.detail = forUser(detail);
  }
  readonly label: string;
  readonly detail: string;
  get parent(): TreeNode | undefined {
    return this.owner;
  }
  /** The app it is about, if any (Retry reloads it). */
  get app(): AppNode | undefined {
    return this.owner instanceof AppNode ? this.owner : undefined;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(
      this.severity === 'error' ? 'error' : this.severity === 'action' ? 'arrow-right' : 'info',
      this.severity === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined,
    );
    item.tooltip = this.detail ? `${this.label}\n\n${this.detail}` : this.label;
    if (this.severity === 'error') item.description = this.detail;
    item.contextValue = this.contextValue ?? `laafficPns.${this.severity}`;
    if (this.command) item.command = this.command;
    item.accessibilityInformation = { label: DISPLAY_TEXT.spokenMessage(this.severity, this.label, this.detail) };
    return item;
  }
}

export type Node = AccountNode | AppNode | BindingNode | LoadMoreNode | MessageNode | NumbersNode | NumberNode | NumbersLoadMoreNode;

const CLASSES = { account: AccountNode, app: AppNode, binding: BindingNode, loadMore: LoadMoreNode, message: MessageNode };
type NodeOfKind = { [K in keyof typeof CLASSES]: InstanceType<(typeof CLASSES)[K]> };

/**
 * The one check of a command argument: `x` when it is a tree node of that kind, else undefined
 * (menus and keybindings may pass anything).
 */
export function asNode<K extends keyof NodeOfKind>(x: unknown, kind: K): NodeOfKind[K] | undefined {
  return x instanceof CLASSES[kind] ? (x as NodeOfKind[K]) : undefined;
}
