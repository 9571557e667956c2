/**
 * The Pinned node of an account (first among its children, only while it has pins). Expanded, it
 * reads every pinned binding again from the server (dist/pins.js: src/pins/read.ts) and keeps
 * what it read until the pins change or the tree is refreshed. No import of ./nodes.ts (which
 * names this node in its Node type).
 */
import * as vscode from 'vscode';
import type { Account } from '../accounts/accounts';
import { Item } from '../config/ids';
import { type KeyedNode, nf, TreeNode } from './node';
import type { Pin, PinStore } from './pins';
import { asWalk } from './walks';

export interface PinnedDeps {
  account: Account;
  /** The account's node when there are several accounts; undefined at the top. */
  parent: KeyedNode | undefined;
  store(): PinStore | undefined;
  /** Reads every pin again: a binding node each, or what became of it. */
  read(pinned: PinnedNode): Promise<TreeNode[]>;
}

export class PinnedNode extends TreeNode {
  readonly kind = 'pinned';
  readonly parent: KeyedNode | undefined;
  readonly key: string;
  #read: Promise<TreeNode[]> | undefined;
  /** The page each pinned binding was last seen on (this window only: a hint, never stored). */
  readonly pages = new Map<string, number>();

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

  /** The next expand reads every pin again. */
  reset(): void {
    this.#read = undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Pinned'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.iconPath = new vscode.ThemeIcon('pinned');
    item.contextValue = Item.pinned;
    item.description = nf.format(this.pins().length);
    return item;
  }

  override getChildren(): Promise<TreeNode[]> {
    // A walk: auto refresh waits while a pin that is gone is looked for on every page.
    return (this.#read ??= asWalk(() => this.deps.read(this)));
  }
}
