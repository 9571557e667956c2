/**
 * The balance in the status bar while the bindings view is visible: read when the view appears
 * (at most once a minute), when the connection changes, after a bind and on click; below
 * laafficPns.lowBalance in the warning colour. With several accounts: the selected account's
 * (the first's until one is selected), named.
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
  | { kind: 'ok'; balance: Balance; low: boolean; at: number }
  | { kind: 'error'; message: string };

export class BalanceStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  /** Per account id: what was last read, its latest request (older answers are dropped), its connection's change. */
  readonly #states = new Map<string, BalanceState>();
  readonly #requests = new Map<string, number>();
  readonly #watch = new Map<string, { account: Account; sub: vscode.Disposable }>();
  /** The account of the tree's selection, while it exists. */
  #selected: Account | undefined;
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
    this.item.command = Cmd.refreshBalance;
    this.#subs = [
      view.onDidChangeVisibility((e) => this.#setVisible(e.visible)),
      view.onDidChangeSelection((e) => {
        const picked = accountOf(e.selection[0]);
        if (!picked || picked === this.#selected) return;
        this.#selected = picked;
        this.#setVisible(this.#visible);
      }),
      accounts.onDidChange(() => {
        this.#watchAccounts();
        this.#setVisible(this.#visible);
      }),
    ];
    this.#watchAccounts();
    this.#setVisible(view.visible);
  }

  /** Shows this account's balance from now on (as if selected in the tree). */
  select(account: Account): void {
    if (account === this.#selected) return;
    this.#selected = account;
    this.#setVisible(this.#visible);
  }

  /** The account whose balance is shown: the selected one, else the first. */
  get account(): Account {
    const s = this.#selected;
    return s && this.accounts.get(s.id) === s ? s : this.accounts.first();
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
      if (e instanceof NoCredentialsError) next = { kind: 'none' };
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
    if (s.kind === 'none' || s.kind === 'error' || (s.kind === 'ok' && Date.now() - s.at > STALE_MS)) void this.refresh(account);
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
            ? vscode.l10n.t('Laaffic balance of {0}: {1}, gift {2}, credit {3}{4}. Read at {5}; click to read again.', name, balance || vscode.l10n.t('unknown'), gift || '0', credit || '0', low, at)
            : vscode.l10n.t('Laaffic balance {0}, gift {1}, credit {2}{3}. Read at {4}; click to read again.', balance || vscode.l10n.t('unknown'), gift || '0', credit || '0', low, at),
          400,
        );
        if (state.low) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error':
        item.text = label ? vscode.l10n.t('$(credit-card) {0}: Balance ?', label) : vscode.l10n.t('$(credit-card) Balance ?');
        item.tooltip = safeMessage(
          name ? vscode.l10n.t('Could not read the balance of {0}: {1} Click to try again.', name, state.message) : vscode.l10n.t('Could not read the balance: {0} Click to try again.', state.message),
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
