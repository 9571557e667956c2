/** The accounts in VS Code: the stored list (model.ts), each with its credentials, host approvals and connection. */
import * as vscode from 'vscode';
import { parseBaseUrl } from '../api';
import { type AppEntry, SECTION, type Settings, writeApps } from '../config/settings';
import { Connection } from './connection';
import { CredentialStore, MemoryCredentials, type Credentials, type CredentialSource } from '../auth/credentials';
import { HostApprovals, type HostAnswer } from '../auth/trust';
import { safeValue } from '../ui/safety';
import type { SettingsState } from '../config/settingsState';
import type { UserInput } from '../ui/userInput';
import * as model from './model';
import { ActiveAccount } from './active';

/** An account that is never saved (Try the Demo): its credentials stay in memory. */
export interface EphemeralAccountInit {
  name: string;
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  apps?: AppEntry[];
  /**
   * Called once when the account goes (Remove Account, or the window closes: the demo stops its
   * server), before it leaves the list; remove() resolves after it.
   */
  onRemoved?: () => void | Promise<void>;
}

interface Deps {
  memento: vscode.Memento;
  secrets: vscode.SecretStorage;
  settingsState: SettingsState;
  log: vscode.LogOutputChannel;
  ui: UserInput;
}

/** One account: its name, base URL, apps, credentials, host approvals and connection. */
export class Account implements vscode.Disposable {
  readonly credentials: CredentialSource;
  readonly approvals: HostApprovals;
  readonly connection: Connection;
  readonly #baseUrlChanged = new vscode.EventEmitter<void>();

  constructor(
    readonly id: string,
    readonly ephemeral: boolean,
    private readonly owner: Accounts,
    credentials: CredentialSource,
    deps: Deps,
  ) {
    this.credentials = credentials;
    this.approvals = new HostApprovals(
      { all: () => ({ ...(this.#record.approvals ?? {}) }), set: (origin, answer) => owner.update(this, (s) => model.setApproval(s, id, origin, answer)) },
      deps.ui,
      {
        accountId: id,
        describe: () => (owner.all().length > 1 ? `account “${this.name}”` : undefined),
        baseUrlWhere: () => (this.usesSettings ? 'laafficPns.baseUrl (user settings)' : `the base URL of account “${this.name}” (Laaffic PNS: Set Account Base URL…)`),
      },
    );
    this.connection = new Connection({ accountId: id, accountName: () => (owner.all().length > 1 ? this.name : undefined), baseUrl: () => this.baseUrl(), onDidChangeBaseUrl: this.#baseUrlChanged.event }, credentials, deps.log, deps.settingsState, this.approvals);
  }

  get #record(): model.AccountRecord {
    return this.owner.record(this.id) ?? { id: this.id, name: '' };
  }
  get name(): string {
    return this.#record.name;
  }
  /** How carefully writes go on it (model.Protection). */
  get protection(): model.Protection {
    return this.#record.protection ?? 'none';
  }
  /** Its base URL and apps are the settings laafficPns.baseUrl and laafficPns.apps. */
  get usesSettings(): boolean {
    return this.#record.settings === true;
  }
  baseUrl(): string {
    return this.usesSettings ? this.owner.settings().baseUrl : (this.#record.baseUrl ?? '');
  }
  apps(): AppEntry[] {
    return this.usesSettings ? this.owner.settings().apps : (this.#record.apps ?? []);
  }
  /** host[:port] of the base URL, or the URL as typed (made safe) when it is not one. */
  host(): string {
    try {
      return parseBaseUrl(this.baseUrl()).host;
    } catch {
      return safeValue(this.baseUrl(), 60) || 'no base URL';
    }
  }

  /** Called by the owner when the base URL of an account kept here changed. */
  baseUrlChanged(): void {
    this.#baseUrlChanged.fire();
  }

  dispose(): void {
    this.connection.dispose();
    this.approvals.dispose();
    this.credentials.dispose();
    this.#baseUrlChanged.dispose();
  }
}

/**
 * Every account, in the order they were added (ephemeral ones last). `onDidChange` fires when the
 * list, a name, or the base URL or apps of an account kept here changed (the settings account's
 * changes arrive as settings changes through each connection).
 */
export class Accounts implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#emitter.event;
  #state!: model.AccountsState;
  readonly #memory: model.AccountRecord[] = [];
  #accounts = new Map<string, Account>();
  /** Ephemeral accounts' onRemoved, by id. */
  readonly #onRemoved = new Map<string, () => void | Promise<void>>();
  #saving: Promise<void> = Promise.resolve();
  /** Resolves when start-up (a migration, moving the old secret) has finished. */
  ready!: Promise<void>;

  /** The active account (active.ts). */
  readonly #active: ActiveAccount<Account>;

  constructor(private readonly deps: Deps) {
    this.#active = new ActiveAccount(this, deps.memento);
    this.#open();
    this.#emitter.event(() => this.#active.look());
    this.#active.look();
  }

  /** The account palette commands act on and the status bar shows (active.ts). */
  get active(): Account {
    return this.#active.current;
  }
  get onDidChangeActive(): vscode.Event<void> {
    return this.#active.onDidChange;
  }
  /** The active account once it is known which accounts have credentials. */
  resolveActive(): Promise<Account> {
    return this.#active.resolve();
  }
  /** Makes `account` the active one (kept per user unless it lives in memory only). */
  setActive(account: Account): Promise<void> {
    return this.#active.set(account);
  }

  /** The settings (the settings account's base URL and apps, and everything else). */
  settings(): Settings {
    return this.deps.settingsState.current;
  }

  /** Reads the list from storage again, migrating the single-account layout when there is no list: what activation does. */
  async reload(): Promise<void> {
    await this.#saving.catch(() => undefined);
    for (const a of this.#accounts.values()) if (!a.ephemeral) a.dispose();
    for (const id of [...this.#accounts.keys()]) if (!this.#memory.some((m) => m.id === id)) this.#accounts.delete(id);
    this.#open();
    this.#active.reread();
    await this.ready;
    this.#emitter.fire();
  }

  #open(): void {
    const opened = model.loadOrMigrate(this.deps.memento);
    this.#state = opened.state;
    for (const p of opened.problems) this.deps.log.warn(`Accounts: ${p}`);
    this.ready = model.commitStartup(this.deps.memento, this.deps.secrets, opened).then(
      (moved) => {
        if (opened.migrated) this.deps.log.info(`Accounts: the existing setup became account “${opened.state.accounts[0].name}”${moved ? '; its credentials moved to its own secret' : ''}.`);
        if (opened.dropped.length) this.deps.log.info(`Accounts: deleted the saved credentials of the stored accounts left out (${opened.dropped.join(', ')}).`);
      },
      (e: unknown) => this.deps.log.error(`Accounts: start-up failed: ${(e as Error).message}`),
    );
    const fresh = new Map<string, Account>();
    for (const r of this.#state.accounts) fresh.set(r.id, this.#make(r.id, false, new CredentialStore(this.deps.secrets, model.secretKeyOf(r.id), this.ready)));
    for (const [id, a] of this.#accounts) if (a.ephemeral) fresh.set(id, a);
    this.#accounts = fresh;
  }

  #make(id: string, ephemeral: boolean, credentials: CredentialSource): Account {
    // Credentials set or cleared may move the active account (when none was chosen).
    credentials.onDidChange(() => this.#active.look());
    return new Account(id, ephemeral, this, credentials, this.deps);
  }

  all(): Account[] {
    return [...this.#accounts.values()];
  }
  get(id: string | undefined): Account | undefined {
    return id === undefined ? undefined : this.#accounts.get(id);
  }
  /** The account, when there is exactly one. */
  only(): Account | undefined {
    return this.#accounts.size === 1 ? this.all()[0] : undefined;
  }
  /** The first account (there is always one). */
  first(): Account {
    return this.all()[0];
  }
  record(id: string): model.AccountRecord | undefined {
    return this.#state.accounts.find((a) => a.id === id) ?? this.#memory.find((a) => a.id === id);
  }
  #names(): string[] {
    return [...this.#state.accounts, ...this.#memory].map((a) => a.name);
  }
  /** Why `name` cannot name a new account (or `except`, renamed), or undefined. */
  nameProblem(name: string, except?: Account): string | undefined {
    return model.validateAccountName(name, [...this.#state.accounts, ...this.#memory].filter((a) => a.id !== except?.id).map((a) => a.name));
  }

  /** Adds an account kept in globalState, with its credentials in SecretStorage (bound to its base URL's origin). */
  async add(a: model.NewAccount, credentials?: Credentials): Promise<Account> {
    await this.ready;
    const id = model.newAccountId([...this.#accounts.keys()]);
    this.#state = model.addAccount(this.#state, id, a);
    const account = this.#make(id, false, new CredentialStore(this.deps.secrets, model.secretKeyOf(id)));
    this.#accounts.set(id, account);
    await this.#save();
    if (credentials) await account.credentials.set(credentials);
    this.deps.log.info(`Accounts: added “${account.name}” (${account.host()}).`);
    this.#emitter.fire();
    return account;
  }

  /** Adds an account that lives in this window's memory only; its credentials are bound to its base URL's origin. */
  addEphemeral(init: EphemeralAccountInit): Account {
    const id = model.newAccountId([...this.#accounts.keys()]);
    const problem = model.validateAccountName(init.name, this.#names());
    if (problem) throw new Error(problem);
    let origin: string | undefined;
    try {
      origin = parseBaseUrl(init.baseUrl).origin;
    } catch {
      origin = undefined;
    }
    this.#memory.push({ id, name: init.name.trim(), baseUrl: init.baseUrl.trim(), apps: init.apps ?? [] });
    const account = this.#make(id, true, new MemoryCredentials({ apiKey: init.apiKey, apiSecret: init.apiSecret, origin }));
    this.#accounts.set(id, account);
    if (init.onRemoved) this.#onRemoved.set(id, init.onRemoved);
    this.deps.log.info(`Accounts: added “${account.name}” (${account.host()}, this window only).`);
    this.#emitter.fire();
    return account;
  }

  async rename(account: Account, name: string): Promise<void> {
    const problem = this.nameProblem(name, account);
    if (problem) throw new Error(problem);
    await this.update(account, (s) => model.renameAccount(s, account.id, name));
    this.#emitter.fire();
  }

  /** The accounts kept in globalState (not the in-memory ones); there is always at least one. */
  saved(): Account[] {
    return this.all().filter((a) => !a.ephemeral);
  }

  /**
   * Removes an account and deletes its credentials (the last saved account stays; an in-memory one
   * can always go). A saved account's secret is deleted first: when that fails, the account stays
   * listed (so it can be removed again), never a secret without an account.
   */
  async remove(account: Account): Promise<void> {
    if (!account.ephemeral && this.saved().length <= 1) throw new Error('The only saved account cannot be removed. Clear its credentials instead.');
    const name = account.name;
    if (!account.ephemeral) await account.credentials.clear();
    const removed = this.#removed(account.id);
    try {
      if (account.ephemeral) this.#memory.splice(this.#memory.findIndex((m) => m.id === account.id), 1);
      else {
        this.#state = model.removeAccount(this.#state, account.id);
        await this.#save();
      }
      this.#accounts.delete(account.id);
      this.#emitter.fire();
      this.deps.log.info(`Accounts: removed “${name}” and its credentials.`);
    } finally {
      account.dispose();
      await removed;
    }
  }

  async #removed(id: string): Promise<void> {
    const f = this.#onRemoved.get(id);
    this.#onRemoved.delete(id);
    try {
      await f?.();
    } catch (e) {
      this.deps.log.warn(`Accounts: ${(e as Error).message}`);
    }
  }

  /** The apps of an account: laafficPns.apps for the settings account. */
  async setApps(account: Account, apps: AppEntry[]): Promise<void> {
    if (account.usesSettings) return writeApps(apps);
    await this.update(account, (s) => model.updateAccount(s, account.id, { apps }));
    this.#emitter.fire();
  }

  /** The base URL of an account: laafficPns.baseUrl (user settings) for the settings account. */
  async setBaseUrl(account: Account, baseUrl: string): Promise<void> {
    if (account.usesSettings) return vscode.workspace.getConfiguration(SECTION).update('baseUrl', baseUrl, vscode.ConfigurationTarget.Global);
    await this.update(account, (s) => model.updateAccount(s, account.id, { baseUrl }));
    account.baseUrlChanged();
    this.#emitter.fire();
  }

  /** Marks an account protected or read-only, or neither; fires onDidChange. */
  async setProtection(account: Account, protection: model.Protection): Promise<void> {
    await this.update(account, (s) => model.setProtection(s, account.id, protection));
    this.deps.log.info(`Accounts: “${account.name}” is now ${protection === 'none' ? 'unprotected' : protection === 'readOnly' ? 'read-only' : 'protected'}.`);
    this.#emitter.fire();
  }

  /** Every account forgets its host approvals. */
  async forgetApprovals(): Promise<Array<[Account, string, HostAnswer]>> {
    const forgotten: Array<[Account, string, HostAnswer]> = [];
    for (const a of this.all()) {
      const list = a.approvals.list();
      if (!list.length) continue;
      forgotten.push(...list.map(([o, ans]) => [a, o, ans] as [Account, string, HostAnswer]));
      await a.approvals.forget();
    }
    return forgotten;
  }

  /** Applies a change to an account's record (saved unless the account is ephemeral). */
  async update(account: Account, f: (s: model.AccountsState) => model.AccountsState): Promise<void> {
    const i = this.#memory.findIndex((m) => m.id === account.id);
    if (i >= 0) {
      this.#memory[i] = f({ v: 1, accounts: [this.#memory[i]] }).accounts[0];
      return;
    }
    this.#state = f(this.#state);
    await this.#save();
  }

  #save(): Promise<void> {
    const state = this.#state;
    this.#saving = this.#saving.catch(() => undefined).then(() => this.deps.memento.update(model.ACCOUNTS_KEY, state));
    return this.#saving;
  }

  dispose(): void {
    for (const a of this.#accounts.values()) a.dispose();
    for (const id of [...this.#onRemoved.keys()]) void this.#removed(id);
    this.#emitter.dispose();
    this.#active.dispose();
  }
}
