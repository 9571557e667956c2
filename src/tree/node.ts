/** The base of every tree node, and the nodes any list shows: a message and Load more. Imports no other tree file. */
import * as vscode from 'vscode';
import { Cmd, Item } from '../config/ids';
import { forUser } from '../config/settingNames';
import { DISPLAY_TEXT, type LoadMoreWhat } from '../display/text';
import type { PagedList } from './pagedList';

/** A node of the bindings tree: it draws itself and knows its children. */
export abstract class TreeNode {
  abstract readonly kind: string;
  abstract readonly parent: TreeNode | undefined;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Promise<TreeNode[]> {
    return Promise.resolve([]);
  }
}

/** A node whose key prefixes its children's ids. */
export interface KeyedNode extends TreeNode {
  readonly key: string;
}

/** A node that holds a paged list (an app, Numbers). */
export interface ListNode extends KeyedNode {
  readonly list: PagedList<unknown>;
}

export const nf = new Intl.NumberFormat('en-US');

/** "Load more (n of m)" at the end of a paged list; "Loading…" while a page is on its way. */
export class LoadMoreNode extends TreeNode {
  readonly kind = 'loadMore';
  constructor(
    readonly parent: ListNode,
    readonly what: LoadMoreWhat,
    readonly loaded: number,
    readonly total: number,
    readonly loading: boolean,
  ) {
    super();
  }
  getTreeItem(): vscode.TreeItem {
    const [loaded, total] = [nf.format(this.loaded), nf.format(this.total)];
    const item = new vscode.TreeItem(this.loading ? vscode.l10n.t('Loading…') : vscode.l10n.t('Load more ({0} of {1})', loaded, total), vscode.TreeItemCollapsibleState.None);
    item.accessibilityInformation = { label: DISPLAY_TEXT.spokenLoadMore({ what: this.what, loaded, total, loading: this.loading }) };
    item.id = `${this.parent.key}/more`;
    item.iconPath = new vscode.ThemeIcon(this.loading ? 'loading~spin' : 'fold-down');
    item.contextValue = Item.loadMore;
    if (!this.loading) item.command = { command: Cmd.loadMore, title: vscode.l10n.t('Load More'), arguments: [this] };
    return item;
  }
}

/** Information, an error, or a next step; never a silent blank. */
export class MessageNode extends TreeNode {
  readonly kind = 'message';
  readonly label: string;
  readonly detail: string;
  constructor(
    /** The node it is shown under (undefined: the top). */
    readonly parent: TreeNode | undefined,
    readonly id: string,
    readonly severity: 'info' | 'error' | 'action',
    label: string,
    detail: string,
    readonly command?: vscode.Command,
    readonly contextValue?: string,
  ) {
    super();
    // Plain text in the tree; the core's option names become setting names.
    this.label = forUser(label);
    this.detail = forUser(detail);
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
