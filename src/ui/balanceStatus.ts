/**
 * The ACTIVE account's balance in the status bar while the bindings view is visible: read when the
 * view appears (at most once a minute), when the connection changes, after a bind and on Refresh
 * Balance; below laafficPns.lowBalance in the warning colour. With several accounts it names the
 * account (and says when it has no credentials). A click runs Switch Active Account…. Selecting a
 * node of another account in the tree makes that account the active one.
 */
import * as vscode from 'vscode';
import { noIcons, PnsError, type Balance } from '../api';
import type { Account, Accounts } from '../accounts/accounts';
import { NoCredentialsError } from '../accounts/connection';
import { accountOf } from '../tree/nodes';
import type { Settings } from '../config/settings';
import { Cmd } from '../config/ids';
import { errorText } from './language';
import { safeMessage } from './safety';

/** A shown balance is read again when the view reappears after this long. */
const STALE_MS = 60_000;

export type BalanceState =
  | { kind: 'none' }
  | { kind: 'loading' }
  /** The active account has none (shown, with several accounts, so that a click can switch). */
  | { kind: 'noCredentials' }
  | { kind: 'ok'; balance: Balance; low: boolean; at: number }
  | { kind: 'error'; message: string };

export class BalanceStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** Per account id: what was last read, its latest request (older answers are dropped), its connection's change. */
  readonly #states = new Map<string, BalanceState>();
  readonly #requests = new Map<string, number>();
  readonly #watch = new Map<string, { account: Account; sub: vscode.Disposable }>();
  #visible = false;
  readonly #subs: vscode.Disposable[];
  readonly #changed = new vscode.EventEmitter<BalanceState>();
  readonly onDidChange = this.#changed.event;

  constructor(
    private readonly accounts: Accounts,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    view: vscode.TreeView<unknown>,
  ) {
    this.item = vscode.window.createStatusBarItem('laafficPns.balance', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Laaffic PNS Balance');
    this.item.command = Cmd.switchAccount;
    this.#subs = [
      view.onDidChangeVisibility((e) => this.#setVisible(e.visible)),
      // The simplest rule: the account of the tree's selection is the active one.
      view.onDidChangeSelection((e) => {
        const picked = accountOf(e.selection[0]);
        if (picked && picked !== accounts.active) void accounts.setActive(picked);
      }),
      accounts.onDidChangeActive(() => this.#setVisible(this.#visible)),
      accounts.onDidChange(() => {
        this.#watchAccounts();
        this.#setVisible(this.#visible);
      }),
    ];
    this.#watchAccounts();
    this.#setVisible(view.visible);
  }

  /** Makes this account the active one (its balance is shown from now on). */
  select(account: Account): void {
    void this.accounts.setActive(account);
  }

  /** The account whose balance is shown: the active one. */
  get account(): Account {
    return this.accounts.active;
  }

  get state(): BalanceState {
    return this.#states.get(this.account.id) ?? { kind: 'none' };
  }

  /** Each account's connection change drops what was read for it. */
  #watchAccounts(): void {
    const all = new Set(this.accounts.all());
    for (const [id, w] of [...this.#watch]) {
      if (all.has(w.account)) continue;
      w.sub.dispose();
      this.#watch.delete(id);
      this.#states.delete(id);
    }
    for (const a of all) {
      if (this.#watch.get(a.id)?.account === a) continue;
      const sub = a.connection.onDidChange(() => {
        this.#states.delete(a.id);
        if (this.#visible && a === this.account) void this.refresh(a);
      });
      this.#watch.set(a.id, { account: a, sub });
    }
  }

  /** Reads an account's balance now (default: the shown account) and shows it, or why it could not be read. */
  async refresh(account: Account = this.account): Promise<BalanceState> {
    const id = (this.#requests.get(account.id) ?? 0) + 1;
    this.#requests.set(account.id, id);
    this.#show(account, { kind: 'loading' });
    let next: BalanceState;
    try {
      const client = await account.connection.client();
      const balance = await client.getBalance();
      const amount = Number(balance.balance);
      const threshold = this.settings().lowBalance;
      next = { kind: 'ok', balance, low: threshold > 0 && Number.isFinite(amount) && amount < threshold, at: Date.now() };
    } catch (e) {
      if (e instanceof NoCredentialsError) next = { kind: this.#several() ? 'noCredentials' : 'none' };
      else {
        const shown = errorText(e);
        next = { kind: 'error', message: `${shown.message}${shown.hint ? ` ${shown.hint}` : ''}` };
        this.log.warn(`Balance${this.#several() ? ` of ${account.name}` : ''}: ${(e as Error).message}${e instanceof PnsError ? ` ${e.hint}` : ''}`);
      }
    }
    if (id === this.#requests.get(account.id)) this.#show(account, next);
    return next;
  }

  #several(): boolean {
    return this.accounts.all().length > 1;
  }

  #setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!visible) {
      this.item.hide();
      return;
    }
    const account = this.account;
    const s = this.state;
    if (s.kind === 'none' || s.kind === 'noCredentials' || s.kind === 'error' || (s.kind === 'ok' && Date.now() - s.at > STALE_MS)) void this.refresh(account);
    else this.#show(account, s);
  }

  #show(account: Account, state: BalanceState): void {
    this.#states.set(account.id, state);
    // Another account's answer is kept for when it is selected.
    if (account !== this.account) return;
    const item = this.item;
    // With several accounts the item says whose balance it is; in the item's text (where `$(…)`
    // draws an icon) its name cannot draw one. Tooltips are plain text.
    const name = this.#several() ? safeMessage(account.name, 40) : undefined;
    const label = name === undefined ? undefined : noIcons(name);
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'none':
        item.hide();
        break;
      case 'noCredentials':
        item.text = vscode.l10n.t('$(account) {0}: no credentials', label ?? '');
        item.tooltip = vscode.l10n.t('The active account {0} has no credentials. Click to switch the active account.', name ?? '');
        break;
      case 'loading':
        item.text = label ? vscode.l10n.t('$(loading~spin) {0}: Balance', label) : vscode.l10n.t('$(loading~spin) Balance');
        item.tooltip = name ? vscode.l10n.t('Reading the Laaffic balance of {0}…', name) : vscode.l10n.t('Reading the Laaffic balance…');
        break;
      case 'ok': {
        const { gift, credit, currency } = state.balance;
        const balance = currency ? `${state.balance.balance} ${currency}` : state.balance.balance;
        item.text = `$(credit-card) ${label ? `${label}: ` : ''}${balance}`;
        const low = state.low ? vscode.l10n.t(' — below {0} (laafficPns.lowBalance)', this.settings().lowBalance) : '';
        const at = new Date(state.at).toLocaleTimeString();
        item.tooltip = safeMessage(
          name
            ? vscode.l10n.t('Laaffic balance of {0} (the active account): {1}, gift {2}, credit {3}{4}. Read at {5}. Click to switch the active account or read the balance again.', name, balance || vscode.l10n.t('unknown'), gift || '0', credit || '0', low, at)
            : vscode.l10n.t('Laaffic balance {0}, gift {1}, credit {2}{3}. Read at {4}. Click to read it again or switch the account.', balance || vscode.l10n.t('unknown'), gift || '0', credit || '0', low, at),
          400,
        );
        if (state.low) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error':
        item.text = label ? vscode.l10n.t('$(credit-card) {0}: Balance ?', label) : vscode.l10n.t('$(credit-card) Balance ?');
        item.tooltip = safeMessage(
          name
            ? vscode.l10n.t('Could not read the balance of {0}: {1} Click to try again or switch the active account.', name, state.message)
            : vscode.l10n.t('Could not read the balance: {0} Click to try again or switch the account.', state.message),
          600,
        );
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    if (state.kind !== 'none' && this.#visible) item.show();
    this.#changed.fire(state);
  }

  dispose(): void {
    for (const s of this.#subs) s.dispose();
    for (const w of this.#watch.values()) w.sub.dispose();
    this.item.dispose();
    this.#changed.dispose();
  }
}
