/**
 * One account's part of the bindings tree: its node (drawn when there are several accounts), its
 * app nodes, its Numbers, whether it had credentials when last looked at, and its subscription to
 * the account's connection. The apps' lists are the provider's (reached through hooks).
 */
import * as vscode from 'vscode';
import type { Account } from '../accounts/accounts';
import { NoCredentialsError } from '../accounts/connection';
import { AccountNode, AppNode, appKey, Node, TreeContext } from './nodes';
import { NumbersNode } from './numberNodes';
import { PinnedNode } from './pinNodes';
import { pinsBundle } from './pinsLazy';
import type { PinStore } from './pins';

/** What a branch needs from the provider that holds it. */
export interface BranchHooks {
  ctx: TreeContext;
  log: vscode.LogOutputChannel;
  /** The children of an account node (the provider decides them). */
  children(b: AccountBranch): Promise<Node[]>;
  /** Redraw a node of this branch (its Numbers). */
  changed(node: Node): void;
  /** Settings, credentials, base URL or approvals of the account changed. */
  connectionChanged(account: Account): void;
  /** Forget the data model of an app node (by its key). */
  dropModel(key: string): void;
  /** The pinned bindings' ids, once the extension has set them. */
  pins(): PinStore | undefined;
}

export class AccountBranch implements vscode.Disposable {
  /** Only shown when there are several accounts. */
  readonly node: AccountNode;
  readonly apps = new Map<string, AppNode>();
  readonly numbers: NumbersNode;
  /** Its pinned bindings: shown first while there are any. */
  readonly pinned: PinnedNode;
  /** Whether the account has credentials, as last seen. */
  hasCredentials: boolean | undefined;
  readonly #sub: vscode.Disposable;

  constructor(
    readonly account: Account,
    /** Under the account node (several accounts) or at the top (one). */
    readonly nested: boolean,
    private readonly hooks: BranchHooks,
  ) {
    this.node = new AccountNode(account, () => hooks.children(this), () => this.hasCredentials);
    this.numbers = new NumbersNode({ account, parent: nested ? this.node : undefined, client: () => account.connection.client(), settings: hooks.ctx.settings, log: hooks.log, changed: (n) => hooks.changed(n) });
    this.pinned = new PinnedNode({
      account,
      parent: nested ? this.node : undefined,
      store: () => hooks.pins(),
      read: (p) => pinsBundle().readPinned(p, this.appNodes(), hooks.ctx, hooks.log),
    });
    // What the account loaded is dropped when its connection changes.
    this.#sub = account.connection.onDidChange(() => hooks.connectionChanged(account));
  }

  /** The account's configured apps, then "All apps". */
  appNodes(): AppNode[] {
    return [...this.account.apps().map((a) => this.#appNode(a.appId, a.label || a.appId)), this.#appNode(undefined, vscode.l10n.t('All apps'))];
  }

  /** The Pinned node while the account has pins. */
  pinnedNodes(): PinnedNode[] {
    return this.pinned.pins().length ? [this.pinned] : [];
  }

  /** Keeps only the app nodes with these keys: the others, and their models, go. */
  keepApps(keys: ReadonlySet<string>): void {
    for (const [k, app] of [...this.apps]) {
      if (keys.has(k)) continue;
      this.apps.delete(k);
      this.hooks.dropModel(app.key);
    }
  }

  /** Forgets what the account loaded: its apps' models and its Numbers. */
  forget(): void {
    for (const app of this.apps.values()) this.hooks.dropModel(app.key);
    this.numbers.reset();
    this.pinned.reset();
  }

  /** Builds the account's client (asking about its host if needed): false only when it has no credentials. */
  async checkCredentials(): Promise<boolean> {
    try {
      await this.account.connection.client();
      this.hasCredentials = true;
    } catch (e) {
      this.hasCredentials = !(e instanceof NoCredentialsError);
    }
    return this.hasCredentials;
  }

  dispose(): void {
    this.#sub.dispose();
    this.forget();
  }

  /** Keeps one AppNode object per app so that refreshes of that node reach VS Code. */
  #appNode(appId: string | undefined, label: string): AppNode {
    const key = `${this.nested ? `${this.node.key}/` : ''}${appKey(appId)}`;
    const have = this.apps.get(key);
    if (have && have.label === label) return have;
    const node = new AppNode(appId, label, this.hooks.ctx, this.account, this.nested ? this.node : undefined);
    this.apps.set(key, node);
    return node;
  }
}
