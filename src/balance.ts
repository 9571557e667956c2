/**
 * The account balance in the status bar, only while the bindings view is visible: read when the
 * view appears (at most once a minute unless asked), when the connection changes, after a bind,
 * and on click ("Laaffic PNS: Refresh Balance"). A balance under laafficPns.lowBalance shows
 * with the warning colour, so a low balance is seen at a glance.
 */
import * as vscode from 'vscode';
import { PnsError, type Balance } from './api';
import { NoCredentialsError, type Connection } from './connection';
import type { Settings } from './config/settings';
import { Cmd } from './ids';
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
  #state: BalanceState = { kind: 'none' };
  #visible = false;
  #request = 0;
  readonly #subs: vscode.Disposable[];
  readonly #changed = new vscode.EventEmitter<BalanceState>();
  /** Fires after each change of what the item shows. */
  readonly onDidChange = this.#changed.event;

  constructor(
    private readonly connection: Connection,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    view: vscode.TreeView<unknown>,
  ) {
    this.item = vscode.window.createStatusBarItem('laafficPns.balance', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Laaffic PNS Balance');
    this.item.command = Cmd.refreshBalance;
    this.#subs = [
      view.onDidChangeVisibility((e) => this.#setVisible(e.visible)),
      connection.onDidChange(() => {
        this.#state = { kind: 'none' };
        if (this.#visible) void this.refresh();
      }),
    ];
    this.#setVisible(view.visible);
  }

  get state(): BalanceState {
    return this.#state;
  }

  /** Reads the balance now and shows it (or why it could not be read). */
  async refresh(): Promise<BalanceState> {
    const id = ++this.#request;
    this.#show({ kind: 'loading' });
    let next: BalanceState;
    try {
      const client = await this.connection.client();
      const balance = await client.getBalance();
      const amount = Number(balance.balance);
      const threshold = this.settings().lowBalance;
      next = { kind: 'ok', balance, low: threshold > 0 && Number.isFinite(amount) && amount < threshold, at: Date.now() };
    } catch (e) {
      if (e instanceof NoCredentialsError) next = { kind: 'none' };
      else {
        const shown = errorText(e);
        next = { kind: 'error', message: `${shown.message}${shown.hint ? ` ${shown.hint}` : ''}` };
        this.log.warn(`Balance: ${(e as Error).message}${e instanceof PnsError ? ` ${e.hint}` : ''}`);
      }
    }
    if (id === this.#request) this.#show(next);
    return next;
  }

  #setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!visible) {
      this.item.hide();
      return;
    }
    const s = this.#state;
    if (s.kind === 'none' || s.kind === 'error' || (s.kind === 'ok' && Date.now() - s.at > STALE_MS)) void this.refresh();
    else this.#show(s);
  }

  #show(state: BalanceState): void {
    this.#state = state;
    const item = this.item;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'none':
        item.hide();
        break;
      case 'loading':
        item.text = vscode.l10n.t('$(loading~spin) Balance');
        item.tooltip = vscode.l10n.t('Reading the Laaffic balance…');
        break;
      case 'ok': {
        const { balance, gift, credit } = state.balance;
        item.text = `$(credit-card) ${safeMessage(balance || '?', 24)}`;
        item.tooltip = safeMessage(
          vscode.l10n.t(
            'Laaffic balance {0}, gift {1}, credit {2}{3}. Read at {4}; click to read again.',
            balance || vscode.l10n.t('unknown'),
            gift || '0',
            credit || '0',
            state.low ? vscode.l10n.t(' — below {0} (laafficPns.lowBalance)', this.settings().lowBalance) : '',
            new Date(state.at).toLocaleTimeString(),
          ),
          400,
        );
        if (state.low) item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error':
        item.text = vscode.l10n.t('$(credit-card) Balance ?');
        item.tooltip = safeMessage(vscode.l10n.t('Could not read the balance: {0} Click to try again.', state.message), 600);
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
    }
    if (state.kind !== 'none' && this.#visible) item.show();
    this.#changed.fire(state);
  }

  dispose(): void {
    for (const s of this.#subs) s.dispose();
    this.item.dispose();
    this.#changed.dispose();
  }
}
