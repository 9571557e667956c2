/**
 * The active account: the one palette commands act on (src/commands/pick.ts) and the status bar
 * shows. Chosen (Switch Active Account…, Make Active Account, a selection in the tree) and kept
 * per user in globalState (an in-memory account such as the demo only in this window); until one
 * is chosen, the first account with credentials; else the first.
 */
import * as vscode from 'vscode';

/** Where the active account's id is kept (globalState, per user). */
export const ACTIVE_ACCOUNT_KEY = 'laafficPns.activeAccount';

/** What it needs of an account (accounts.ts Account). */
export interface Candidate {
  readonly id: string;
  readonly ephemeral: boolean;
  readonly credentials: { get(): Promise<unknown> };
}

/** What it needs of the account list (accounts.ts Accounts). */
export interface AccountList<Account extends Candidate> {
  all(): Account[];
  get(id: string | undefined): Account | undefined;
  first(): Account;
}

export class ActiveAccount<Account extends Candidate> implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  /** Fires when the active account changed (chosen, or the default moved). */
  readonly onDidChange = this.#emitter.event;
  /** An in-memory account chosen as active (never saved). */
  #memory: string | undefined;
  /** The saved account chosen as active (as kept in globalState). */
  #chosen: string | undefined;
  /** The first account with credentials, as last looked at. */
  #withCredentials: string | undefined;
  #looked: Promise<void> = Promise.resolve();
  #last: string | undefined;

  constructor(
    private readonly list: AccountList<Account>,
    private readonly memento: vscode.Memento,
  ) {
    this.reread();
  }

  /** Reads the chosen account from globalState again (what a reload of the list does). */
  reread(): void {
    this.#chosen = this.memento.get<string>(ACTIVE_ACCOUNT_KEY);
  }

  get current(): Account {
    const l = this.list;
    return l.get(this.#memory) ?? l.get(this.#chosen) ?? l.get(this.#withCredentials) ?? l.first();
  }

  /** The active account once it is known which accounts have credentials. */
  async resolve(): Promise<Account> {
    await this.#looked;
    return this.current;
  }

  /** Makes `account` the active one: at once, then kept per user (unless it lives in memory only). */
  async set(account: Account): Promise<void> {
    if (this.list.get(account.id) !== account) return;
    this.#memory = account.ephemeral ? account.id : undefined;
    if (!account.ephemeral) this.#chosen = account.id;
    this.#check();
    if (!account.ephemeral && this.memento.get(ACTIVE_ACCOUNT_KEY) !== account.id) await this.memento.update(ACTIVE_ACCOUNT_KEY, account.id);
  }

  /** Looks again which accounts have credentials (the list or a credential changed). */
  look(): void {
    const all = this.list.all();
    this.#looked = Promise.all(all.map((a) => a.credentials.get().then((c) => !!c, () => false))).then((has) => {
      this.#withCredentials = all[has.indexOf(true)]?.id;
      this.#check();
    });
  }

  #check(): void {
    const now = this.list.all().length ? this.current.id : undefined;
    if (now === this.#last) return;
    this.#last = now;
    this.#emitter.fire();
  }

  dispose(): void {
    this.#emitter.dispose();
  }
}
