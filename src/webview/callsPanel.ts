/**
 * The calls panels (`laafficPns.calls`): the calls of an app or a middle number, opened by Show
 * Call Records… on an app or a number node; one panel per app or number (opening it again
 * reveals it). The same Calls section as the details panel; only the target differs
 * (src/webview/callsScope.ts).
 *
 * Across a reload VS Code hands back each panel with what its page saved: an app's id and label
 * (its calls are shown again when the user loads them), for a middle number only that it was
 * one (numbers are never persisted): that panel says so and how to open it again.
 */
import * as vscode from 'vscode';
import * as api from '../api';
import type { Accounts } from '../accounts/accounts';
import { Settings } from '../config/settings';
import { CALLS_VIEW_TYPE } from '../config/ids';
import { UserInput } from '../ui/userInput';
import { type CallsRequest, DEFAULT_CALLS_WINDOW } from '../shared/calls';
import { type FromWebview, parsePersistedCalls, type PersistedCalls, type ToCallsPage } from '../shared/messages';
import { appTarget, type CallsTarget, phoneTarget } from './callsScope';
import type { PhoneRow } from './callsByPhone';
import type { BindingSource } from './detailsView';
import { keepPanels, PanelDeps, PanelPage, panelOptions, type PanelProbe } from './panelPage';

/** "Copy summary for a ticket…" in a calls panel: of the call `ref`'s binding, or of the phone shown (ref null). */
export interface CallsTicketRequest {
  target: CallsTarget;
  /** The calls the panel shows (Find Calls by Number), newest first. */
  rows: PhoneRow[];
  ref: string | null;
}

/** What the commands wire in (they own the details panel and the clipboard). */
export interface CallsHooks {
  openBinding?: (source: BindingSource) => void;
  ticket?: (request: CallsTicketRequest) => Promise<void> | void;
}

function removedText(): string {
  return vscode.l10n.t('The account these calls belong to was removed.');
}

/** What a restored panel of a middle number says (its number was not kept). */
export function restoredPhoneText(): string {
  return vscode.l10n.t('This panel showed the calls of a phone number. Numbers are not kept across a reload: run Laaffic PNS: Find Calls by Number… to see them again.');
}

export function restoredNumberText(): string {
  return vscode.l10n.t('This panel showed the calls of a middle number. Numbers are not kept across a reload: in the Laaffic PNS view, right-click the number under Numbers → Show Call Records… to see them again.');
}

/** The client of the target's account; a removed account says so (never another account). */
function callsClient(accounts: Accounts, target: CallsTarget): Promise<api.PnsClient> {
  const a = accounts.get(target.account);
  if (!a) return Promise.reject(new api.PnsError(removedText(), vscode.l10n.t('Open them again from the Laaffic PNS view.')));
  return a.connection.client();
}

class CallsPage extends PanelPage<ToCallsPage> {
  constructor(
    panel: vscode.WebviewPanel,
    deps: PanelDeps,
    probe: PanelProbe | undefined,
    /** undefined: a restored panel of a middle number, or of nothing usable (it shows `empty`). */
    public about: CallsTarget | undefined,
    private readonly empty: { text: string; persist: PersistedCalls | null },
    readonly closedBy: (page: CallsPage) => void,
    private readonly hooks: CallsHooks,
  ) {
    super(panel, deps, 'calls', (t) => callsClient(deps.accounts, t), probe);
  }

  target(): CallsTarget | undefined {
    return this.about;
  }

  owner(): { account: string | undefined; name: string } | undefined {
    return this.about && { account: this.about.account, name: `The calls panel "${this.about.title}"` };
  }

  protected hello(): ToCallsPage[] {
    const p = this.about?.phone;
    if (p) {
      // A phone's noun and title show it as it is to be shown now (masked or not).
      this.about = phoneTarget(p.digits, p.accounts, this.deps.settings().maskNumbers);
      this.panel.title = this.about.title;
    }
    return [this.about ? { type: 'scope', scope: this.about.view, persist: this.about.persist } : { type: 'empty', ...this.empty }];
  }

  protected override async own(m: FromWebview): Promise<void> {
    if (m.type === 'openBinding') {
      const source = this.calls.row(m.ref)?.binding;
      if (source) this.hooks.openBinding?.(source);
      else this.deps.log.info('A call without a live binding cannot open one.');
      return;
    }
    if (m.type === 'ticket' && this.about) await this.hooks.ticket?.({ target: this.about, rows: this.calls.rows(), ref: m.ref });
  }

  protected override closed(): void {
    this.closedBy(this);
  }
}

export class CallsPanels implements vscode.Disposable {
  readonly #pages = new Set<CallsPage>();
  readonly #deps: PanelDeps;
  /** Wired by the commands (Find Calls by Number, Copy Summary for a Ticket). */
  readonly hooks: CallsHooks = {};
  readonly #disposables: vscode.Disposable[];

  constructor(
    extensionUri: vscode.Uri,
    accounts: Accounts,
    settings: () => Settings,
    log: vscode.LogOutputChannel,
    ui: UserInput,
    private readonly probe?: PanelProbe,
  ) {
    this.#deps = { extensionUri, accounts, settings, log, ui };
    this.#disposables = keepPanels(CALLS_VIEW_TYPE, this.#deps, () => [...this.#pages], (p, s) => this.#restore(p, s), probe);
  }

  /** Opens (or reveals) the panel of `target` and reads its calls of the window asked for. */
  async showCalls(target: CallsTarget, request: CallsRequest = { window: DEFAULT_CALLS_WINDOW }): Promise<void> {
    let page = this.#find(target.view.key);
    if (page) {
      // The same app or number; its label may have changed since.
      page.about = target;
      page.panel.title = target.title;
      page.panel.reveal(undefined, false);
      page.redisplay();
    } else {
      page = this.#adopt(vscode.window.createWebviewPanel(CALLS_VIEW_TYPE, target.title, { viewColumn: vscode.ViewColumn.Active }, panelOptions(this.#deps.extensionUri)), target);
    }
    await page.calls.load(target, request);
  }

  /**
   * Takes over a panel VS Code kept across a reload, with the state its page saved: an app's
   * panel shows its app again (nothing is read until Load); anything else says what it was.
   */
  #restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = parsePersistedCalls(state);
    if (saved?.kind === 'phone') {
      panel.title = vscode.l10n.t('Calls');
      this.#adopt(panel, undefined, { text: restoredPhoneText(), persist: saved });
      return;
    }
    // Saved without an account id (an older version) or with one no account has: that account was removed.
    const account = saved?.kind === 'app' ? this.#deps.accounts.get(saved.account) : undefined;
    if (saved?.kind === 'app' && account) {
      const configured = account.apps().find((a) => a.appId === saved.appId);
      const label = configured ? (configured.label ?? '') : (saved.label ?? '');
      const target = appTarget(saved.appId, label, { id: account.id, name: account.name, several: this.#deps.accounts.all().length > 1 });
      if (this.#find(target.view.key)) {
        // Already open (the command ran before VS Code revived this one): keep that one.
        panel.dispose();
        return;
      }
      panel.title = target.title;
      this.#adopt(panel, target);
      return;
    }
    if (!saved) this.#deps.log.info('A calls panel came back without a usable saved state; it says so and reads nothing.');
    panel.title = vscode.l10n.t('Calls');
    // A number's panel keeps saying so after the next reload too; anything else is dropped.
    this.#adopt(
      panel,
      undefined,
      saved?.kind === 'number'
        ? { text: restoredNumberText(), persist: saved }
        : saved
          ? { text: `${removedText()} ${vscode.l10n.t('Open them again from the Laaffic PNS view.')}`, persist: null }
          : { text: vscode.l10n.t('This panel has nothing to show. In the Laaffic PNS view, right-click an app or a number → Show Call Records….'), persist: null },
    );
  }

  #find(key: string | null): CallsPage | undefined {
    for (const p of this.#pages) if (p.key === key) return p;
    return undefined;
  }

  #adopt(panel: vscode.WebviewPanel, target: CallsTarget | undefined, empty = { text: '', persist: null as PersistedCalls | null }): CallsPage {
    const page = new CallsPage(panel, this.#deps, this.probe, target, empty, (p) => this.#pages.delete(p), this.hooks);
    this.#pages.add(page);
    return page;
  }

  /** The calls panel in front (Copy Summary for a Ticket from its title bar): its target and the calls it shows. */
  active(): CallsTicketRequest | undefined {
    for (const p of this.#pages) if (p.panel.active && p.about) return { target: p.about, rows: p.calls.rows(), ref: null };
    return undefined;
  }

  /** Mask Numbers / Show Numbers: every open page shows its calls again as they are to be shown now (nothing is read). */
  redisplay(): void {
    for (const p of this.#pages) p.redisplay();
  }

  dispose(): void {
    for (const p of [...this.#pages]) p.panel.dispose();
    for (const d of this.#disposables) d.dispose();
  }
}
