/**
 * The Pinned node of an account (first among its children, only while it has pins): each pinned
 * binding read again from the server when the node is expanded (the vendor has no get-by-id: the
 * core's findBinding, through the page cache, a few pins at a time), drawn as a normal binding
 * node; one no longer found says so and offers Unpin. Results are kept until the pins change or
 * the tree is refreshed.
 */
import * as vscode from 'vscode';
import { findBinding, type BindingRecord } from '../api';
import type { Account } from '../accounts/accounts';
import { Cmd, Item } from '../config/ids';
import { errorText } from '../ui/language';
import { type AppNode, BindingNode, type TreeContext } from './nodes';
import { type KeyedNode, MessageNode, nf, TreeNode } from './node';
import type { Pin, PinStore } from './pins';
import { asWalk } from './walks';

/** Pins read at once. */
const CONCURRENCY = 4;

export interface PinnedDeps {
  account: Account;
  /** The account's node when there are several accounts; undefined at the top. */
  parent: KeyedNode | undefined;
  ctx: TreeContext;
  store(): PinStore | undefined;
  /** The account's app nodes (its configured apps, then "All apps"). */
  apps(): AppNode[];
  log: vscode.LogOutputChannel;
}

/** A pinned binding as read again: a binding node whose id is the Pinned node's (the app lists it too). */
export class PinnedBindingNode extends BindingNode {
  constructor(
    readonly pinned: PinnedNode,
    readonly pin: Pin,
    app: AppNode,
    record: BindingRecord,
    position: number,
    ctx: TreeContext,
  ) {
    super(app, { record, position }, ctx);
  }
  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    item.id = `${this.pinned.key}/${item.id}`;
    return item;
  }
}

/** A pin whose binding is not found (expired or unbound), or could not be read. */
export class PinMessageNode extends MessageNode {
  constructor(
    parent: PinnedNode,
    readonly account: Account,
    readonly pin: Pin,
    gone: boolean,
    label: string,
    detail: string,
  ) {
    const click: vscode.Command | undefined = gone ? { command: Cmd.unpinBinding, title: vscode.l10n.t('Unpin Binding') } : undefined;
    super(parent, `${parent.key}/${pin.appId ?? '*'}/${gone ? 'gone' : 'error'}:${pin.bindId}`, gone ? 'info' : 'error', label, detail, click, gone ? Item.pinGone : Item.error);
    // A click unpins a binding that is gone; an error is read again with Refresh.
    if (click) click.arguments = [this];
  }
}

export class PinnedNode extends TreeNode {
  readonly kind = 'pinned';
  readonly parent: KeyedNode | undefined;
  readonly key: string;
  #read: Promise<TreeNode[]> | undefined;
  /** The page each pinned binding was last seen on (this window only: a hint, never stored). */
  readonly #pages = new Map<string, number>();

  constructor(private readonly deps: PinnedDeps) {
    super();
    this.parent = deps.parent;
    this.key = deps.parent ? `${deps.parent.key}/pinned` : 'pinned';
  }

  get account(): Account {
    return this.deps.account;
  }

  pins(): Pin[] {
    return this.deps.store()?.list(this.deps.account.id) ?? [];
  }

  /** Remembers where a binding was seen (its page at the tree's page size). */
  hint(bindId: string, page: number): void {
    this.#pages.set(bindId, page);
  }

  /** The next expand reads every pin again. */
  reset(): void {
    this.#read = undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.pins().length;
    const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.iconPath = new vscode.ThemeIcon('pinned');
    item.contextValue = Item.pinned;
    item.description = nf.format(n);
    item.tooltip = vscode.l10n.t('{0} pinned bindings of {1}, read again from the server when shown', nf.format(n), this.deps.account.name);
    return item;
  }

  override getChildren(): Promise<TreeNode[]> {
    this.#read ??= asWalk(() => this.#readAll());
    return this.#read;
  }

  async #readAll(): Promise<TreeNode[]> {
    const pins = this.pins();
    const out: TreeNode[] = new Array(pins.length);
    let next = 0;
    const worker = async () => {
      while (next < pins.length) {
        const i = next++;
        out[i] = await this.#readOne(pins[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pins.length) }, worker));
    return out;
  }

  async #readOne(pin: Pin): Promise<TreeNode> {
    const account = this.deps.account;
    const apps = this.deps.apps();
    const appId = pin.appId ?? undefined;
    const app = apps.find((a) => a.appId === appId) ?? apps[apps.length - 1];
    const s = this.deps.ctx.settings();
    try {
      const source = await account.connection.cachedSource();
      const r = await findBinding(source, { bindId: pin.bindId, appId, size: s.pageSize, pageHint: this.#pages.get(pin.bindId), concurrency: s.searchConcurrency });
      if (r.found) {
        this.#pages.set(pin.bindId, r.found.page);
        return new PinnedBindingNode(this, pin, app, r.found.record, r.found.position, this.deps.ctx);
      }
      this.deps.log.info(`Pinned binding ${pin.bindId} no longer exists (${r.checked} bindings looked at).`);
      return new PinMessageNode(this, account, pin, true, vscode.l10n.t('binding {0} — no longer exists', pin.bindId), vscode.l10n.t('It expired or was unbound. Click to unpin it.'));
    } catch (e) {
      this.deps.log.warn(`Pinned binding ${pin.bindId} was not read: ${(e as Error).message}`);
      const shown = errorText(e);
      return new PinMessageNode(this, account, pin, false, vscode.l10n.t('binding {0} — could not be read', pin.bindId), `${shown.message}${shown.hint ? ` ${shown.hint}` : ''}`);
    }
  }
}

/** The pin of a command's node: a binding (any), or a pin that is gone; with its account. */
export function pinOf(x: unknown): { account: Account; pin: Pin; page?: number } | undefined {
  if (x instanceof PinMessageNode) return { account: x.account, pin: x.pin };
  if (x instanceof PinnedBindingNode) return { account: x.app.account, pin: x.pin };
  if (x instanceof BindingNode) return { account: x.app.account, pin: { appId: x.app.appId ?? null, bindId: x.record.bindId }, page: x.page };
  return undefined;
}
