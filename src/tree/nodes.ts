import * as vscode from 'vscode';
import type { BindingRecord } from '../api';
import type { Account } from '../accounts/accounts';
import { safeValue } from '../ui/safety';
import type { Settings } from '../config/settings';
import { Cmd, Item, READ_ONLY_SUFFIX } from '../config/ids';
import { DISPLAY_TEXT } from '../display/text';
import { countryLocale } from '../ui/language';
import { pageOf, vendorZoneMinutes } from '../shared/binding';
import { bindingItem } from './bindingItem';
import { errorNodes } from './errorNodes';
import { LoadMoreNode, MessageNode, nf, TreeNode } from './node';
import type { NumberNode, NumbersNode } from './numberNodes';
import type { PinnedNode } from './pinNodes';
import type { Entry, PagedList } from './pagedList';
import type { ViewState } from './viewState';

export { LoadMoreNode, MessageNode, TreeNode } from './node';

/** What nodes need to draw themselves and find their children. */
export interface TreeContext {
  settings(): Settings;
  view: ViewState;
  /** The current list of an app's bindings (a new one after a refresh). */
  model(app: AppNode): PagedList<BindingRecord>;
  /** What replaces the app's paged list now (Filter All Pages), if anything. */
  overlay(app: AppNode): AppOverlay | undefined;
}

/** What an app shows instead of its loaded pages (Filter All Pages: every page's matches), until the filter changes or the app is refreshed. */
export interface AppOverlay {
  children(app: AppNode): TreeNode[];
  /** The app row's description. */
  description(): string;
  /** A binding was unbound: it leaves what is shown. */
  remove(bindId: string): void;
  /** Stops what still runs (Cancel, and when it is no longer shown). */
  stop(): void;
}

/** An account, at the top of the tree when there are several; its children come from the provider. */
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
    item.iconPath = new vscode.ThemeIcon(a.ephemeral ? 'beaker' : a.protection === 'readOnly' ? 'lock' : a.protection === 'protected' ? 'shield' : 'account');
    item.contextValue = (a.ephemeral ? Item.memoryAccount : Item.account) + readOnly(a);
    const protection = protectionText(a);
    item.description = protection ? `${a.host()} · ${protection}` : a.host();
    const apps = a.apps().length;
    const creds = this.hasCredentials();
    const appCount = apps === 1 ? vscode.l10n.t('1 app') : vscode.l10n.t('{0} apps', nf.format(apps));
    const baseUrl = safeValue(a.baseUrl(), 200);
    item.tooltip = [
      vscode.l10n.t('Account {0}', a.name),
      a.usesSettings ? vscode.l10n.t('Base URL: {0} (laafficPns.baseUrl)', baseUrl) : vscode.l10n.t('Base URL: {0}', baseUrl),
      `${appCount} · ${creds === undefined ? vscode.l10n.t('credentials not checked yet') : creds ? vscode.l10n.t('credentials set') : vscode.l10n.t('credentials not set')}`,
      ...(a.ephemeral ? [vscode.l10n.t('This window only: never saved')] : []),
      ...(a.protection === 'readOnly' ? [vscode.l10n.t('Read-only: Bind and Unbind are not offered')] : a.protection === 'protected' ? [vscode.l10n.t('Protected: a write needs the last four digits of phone A typed')] : []),
    ].join('\n');
    item.accessibilityInformation = { label: vscode.l10n.t('Account {0}, {1}, {2}', a.name, a.host(), appCount) };
    return item;
  }

  override getChildren(): Promise<TreeNode[]> {
    return this.children(this);
  }
}

/** "Read-only" or "Protected" (the account node's description), or undefined. */
function protectionText(a: Account): string | undefined {
  return a.protection === 'readOnly' ? vscode.l10n.t('Read-only') : a.protection === 'protected' ? vscode.l10n.t('Protected') : undefined;
}

/** The contextValue suffix of a read-only account's nodes (Item, src/config/ids.ts). */
function readOnly(a: Account): string {
  return a.protection === 'readOnly' ? READ_ONLY_SUFFIX : '';
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
  /** The same binding stays the same node. */
  #nodes = new WeakMap<Entry<BindingRecord>, BindingNode>();
  constructor(
    readonly appId: string | undefined,
    readonly label: string,
    private readonly ctx: TreeContext,
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

  get list(): PagedList<BindingRecord> {
    return this.ctx.model(this);
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.list;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.iconPath = new vscode.ThemeIcon(this.appId === undefined ? 'layers' : 'device-mobile');
    item.contextValue = (this.appId === undefined ? Item.allApps : Item.app) + readOnly(this.account);
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
    const overlay = this.ctx.overlay(this);
    if (overlay) matches = item.description = overlay.description();
    const progress = overlay ? '' : m.started && m.loading && loaded === 0 ? DISPLAY_TEXT.spokenLoading : m.started && (loaded > 0 || !m.error) ? DISPLAY_TEXT.spokenLoaded(nf.format(loaded), nf.format(m.total)) : '';
    item.accessibilityInformation = { label: DISPLAY_TEXT.spokenApp({ label: this.label, appId: this.appId, account: this.parent ? this.account.name : undefined, loaded: DISPLAY_TEXT.spokenList([progress, matches]) }) };
    return item;
  }

  /** The loaded bindings (filtered and sorted), then an error, "empty" or Load more; page 1 first. */
  override async getChildren(): Promise<TreeNode[]> {
    const overlay = this.ctx.overlay(this);
    if (overlay) return overlay.children(this);
    const m = this.list;
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
    // The filter sees the loaded pages only: offer every page (Filter All Pages).
    if (this.ctx.view.filterActive && loaded > 0 && m.hasMore && !m.error) {
      out.push(
        new MessageNode(this, `${this.key}/filter-all`, 'action', vscode.l10n.t('Filter all {0} bindings…', nf.format(m.total)), '', {
          command: Cmd.filterAllPages,
          title: vscode.l10n.t('Filter All Pages'),
          arguments: [this, true],
        }),
      );
    }
    if (m.error) out.push(...errorNodes(this, m.error, { command: Cmd.retry, title: vscode.l10n.t('Retry'), arguments: [this] }));
    else if (!m.hasMore && loaded === 0) {
      out.push(new MessageNode(this, `${this.key}/empty`, 'info', this.appId === undefined ? vscode.l10n.t('No bindings for this API key') : vscode.l10n.t('No bindings in this app'), ''));
    } else if (m.full) {
      out.push(
        new MessageNode(this, `${this.key}/full`, 'info', vscode.l10n.t('The first {0} bindings are loaded, the most one app holds (laafficPns.loadAllMaxBindings)', nf.format(loaded)), vscode.l10n.t('Find or Export read all of them.')),
      );
    } else if (m.hasMore && (loaded > 0 || m.loading)) out.push(new LoadMoreNode(this, 'bindings', loaded, m.total, m.loading));
    return out;
  }

  /** Every loaded binding, in the vendor's order, unfiltered. */
  bindingNodes(): BindingNode[] {
    return this.list.records.map((e) => this.bindingNode(e));
  }

  bindingNode(e: Entry<BindingRecord>): BindingNode {
    let n = this.#nodes.get(e);
    if (!n) this.#nodes.set(e, (n = new BindingNode(this, e, this.ctx)));
    return n;
  }

  #visible(m: PagedList<BindingRecord>): readonly Entry<BindingRecord>[] {
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
    readonly entry: Entry<BindingRecord>,
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
    const item = bindingItem({
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
    item.contextValue += readOnly(this.app.account);
    return item;
  }
}

export type Node = AccountNode | AppNode | BindingNode | LoadMoreNode | MessageNode | NumbersNode | NumberNode | PinnedNode;

const CLASSES = { account: AccountNode, app: AppNode, binding: BindingNode, loadMore: LoadMoreNode, message: MessageNode };
type NodeOfKind = { [K in keyof typeof CLASSES]: InstanceType<(typeof CLASSES)[K]> };

/**
 * The one check of a command argument: `x` when it is a tree node of that kind, else undefined
 * (menus and keybindings may pass anything).
 */
export function asNode<K extends keyof NodeOfKind>(x: unknown, kind: K): NodeOfKind[K] | undefined {
  return x instanceof CLASSES[kind] ? (x as NodeOfKind[K]) : undefined;
}
