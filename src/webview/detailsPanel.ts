import * as vscode from 'vscode';
import { noIcons } from '../api';
import { showWarning } from '../ui/safety';
import type { Accounts } from '../accounts/accounts';
import { fieldName } from '../ui/language';
import { Settings } from '../config/settings';
import { type BindingView, type CopyField, type FromWebview, parsePersistedDetails, type ToPanel } from '../shared/messages';
import { copyKind, copyToClipboard } from '../ui/clipboard';
import { Cmd, DETAILS_VIEW_TYPE } from '../config/ids';
import { BindingSource, toView } from './detailsView';
import { UserInput, VsCodeUserInput } from '../ui/userInput';
import { type CallsRequest, DEFAULT_CALLS_WINDOW } from '../shared/calls';
import { bindingTarget, type CallsTarget } from './callsScope';
import { accountClient, restoredTarget, rereadBinding, Target, targetOf } from './detailsTarget';
import { AppLookup, namedApp } from './detailsApp';
import { keepPanels, PanelDeps, PanelPage, panelOptions, type PanelProbe } from './panelPage';

/** The details panel's page: the binding it is about, its view once read, and what was said about it. */
export class DetailsPage extends PanelPage<ToPanel> {
  /** The binding the page is about; set before its view when restored from a saved state. */
  about: Target | undefined;
  view: BindingView | undefined;
  /** The last 'gone' or 'error' said about the binding, said again to a page that (re)loads. */
  #outcome: Extract<ToPanel, { type: 'gone' | 'error' }> | undefined;
  #refresh: AbortController | undefined;
  readonly #appLookup: AppLookup;

  constructor(
    panel: vscode.WebviewPanel,
    deps: PanelDeps,
    probe: PanelProbe | undefined,
    private readonly shown: (shown: boolean) => void,
  ) {
    super(panel, deps, 'details', (t) => accountClient(deps.accounts, t.account), probe);
    this.#appLookup = new AppLookup(deps.accounts, deps.log);
  }

  target(): CallsTarget | undefined {
    return this.view && bindingTarget(this.view);
  }

  owner(): { account: string | undefined; name: string } | undefined {
    return this.about && { account: this.about.account, name: `The details panel of binding ${this.about.bindId}` };
  }

  protected hello(): ToPanel[] {
    // No binding and none being read: the empty page; still reading a restored one: the page says "Loading…".
    const out: ToPanel[] = this.view ? [{ type: 'show', binding: this.view }] : this.about ? [] : [{ type: 'empty' }];
    if (this.#outcome) out.push(this.#outcome);
    else if (this.#refresh) out.push({ type: 'refreshing' });
    return out;
  }

  protected override async own(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'copy':
        return this.#copy(m.field);
      case 'refresh':
        return this.refresh();
      case 'unbind':
        // The tree's command (it asks first), for the binding shown here. A read-only account's page
        // has no Unbind button; should a message come anyway, the command itself refuses and says why.
        await vscode.commands.executeCommand(Cmd.unbind);
        return;
    }
  }

  protected override closed(): void {
    this.#refresh?.abort();
    this.#appLookup.dispose();
    this.shown(false);
  }

  show(view: BindingView): void {
    this.#refresh?.abort();
    if (this.view?.bindId !== view.bindId) this.calls.reset();
    this.#setView(view);
  }

  markGone(bindId: string, text: string): void {
    if (this.view?.bindId !== bindId) return;
    this.#refresh?.abort();
    this.#say({ type: 'gone', bindId, text, unbound: true });
  }

  /**
   * Re-reads the binding (rereadBinding: its page first, then the whole app); a newer refresh,
   * another binding or the panel closing leaves the answer unused.
   */
  async refresh(): Promise<void> {
    const about = this.about;
    if (!about) return;
    this.#refresh?.abort();
    const ac = new AbortController();
    this.#refresh = ac;
    this.#outcome = undefined;
    this.post({ type: 'refreshing' });
    try {
      const stale = () => ac.signal.aborted || this.about !== about;
      const got = await rereadBinding(about, { ...this.deps, signal: ac.signal, stale });
      if (got?.type === 'found') this.#setView(got.view, vscode.l10n.t('Refreshed from the server just now.'));
      else if (got) this.#say(got);
    } finally {
      if (this.#refresh === ac) this.#refresh = undefined;
    }
  }

  #setView(shown: BindingView, note?: string): void {
    const named = namedApp(shown, this.deps.accounts);
    const view = { ...named, readOnly: this.deps.accounts.get(named.app.account)?.protection === 'readOnly' };
    this.view = view;
    this.about = targetOf(view);
    this.#outcome = undefined;
    this.panel.title = vscode.l10n.t('Binding {0}', view.bindId);
    this.post({ type: 'show', binding: view, note });
    this.shown(true);
    // Once found, the panel names the app, and Refresh, Unbind and a restore use it.
    if (view.app.appId === null) void this.#appLookup.start(view, (named) => this.view === view && this.#setView(named, note));
  }

  #say(m: Extract<ToPanel, { type: 'gone' | 'error' }>): void {
    this.#outcome = m;
    this.post(m);
  }

  /** The page's Copy: by field name, the real value from the record held here (never a value from the page). */
  async #copy(field: CopyField): Promise<void> {
    const v = this.view;
    if (!v) return;
    const value = field === 'json' ? v.rawJson : v[field];
    if (!value) {
      void showWarning(vscode.l10n.t('Binding {0} has no {1}.', v.bindId, field));
      return;
    }
    if (field === 'json') {
      await vscode.env.clipboard.writeText(value);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied the JSON of binding {0}', noIcons(v.bindId)), 3000);
    } else {
      await copyToClipboard(value, copyKind(field), fieldName(field), this.deps.settings());
    }
    this.post({ type: 'copied', field });
  }
}

/**
 * The binding details panel: ONE panel, reused for whatever binding is selected (opening another
 * replaces its content and reveals it), so that a busy operator doesn't collect dozens of tabs.
 */
export class DetailsPanel implements vscode.Disposable {
  #page: DetailsPage | undefined;
  readonly #deps: PanelDeps;
  readonly #disposables: vscode.Disposable[];
  readonly #shownEmitter = new vscode.EventEmitter<boolean>();
  /** Fires true when the panel shows a binding, false when the panel closes. */
  readonly onDidChangeShown = this.#shownEmitter.event;

  constructor(
    extensionUri: vscode.Uri,
    accounts: Accounts,
    private readonly settings: () => Settings,
    log: vscode.LogOutputChannel,
    private readonly probe?: PanelProbe,
    /** Asks before a recording is opened, and opens it. */
    ui: UserInput = new VsCodeUserInput(),
  ) {
    this.#deps = { extensionUri, accounts, settings, log, ui };
    this.#disposables = keepPanels(DETAILS_VIEW_TYPE, this.#deps, () => (this.#page ? [this.#page] : []), (p, s) => this.#restore(p, s), probe);
  }

  /** The binding the panel shows, if any. */
  get shown(): BindingView | undefined {
    return this.#page?.view;
  }

  /** Says in the panel that its binding no longer exists because it was just unbound (a success). */
  markGone(bindId: string, text: string): void {
    this.#page?.markGone(bindId, text);
  }

  /** Reads the shown binding's calls of a window into the Calls section; nothing when no binding is shown. */
  async loadCalls(request: CallsRequest = { window: DEFAULT_CALLS_WINDOW }): Promise<void> {
    const target = this.#page?.target();
    if (target) await this.#page!.calls.load(target, request);
  }

  /** Sends the binding and its calls again, as they are to be shown now (after Mask / Show Numbers). */
  redisplay(): void {
    this.#page?.redisplay();
  }

  /** Shows a binding, creating the panel or reusing (and revealing) the open one. */
  show(src: BindingSource, options: { preserveFocus?: boolean } = {}): void {
    if (this.#page) this.#page.panel.reveal(undefined, options.preserveFocus);
    else {
      const column = { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus };
      this.#adopt(vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, vscode.l10n.t('Binding'), column, panelOptions(this.#deps.extensionUri)));
    }
    this.#page!.show(toView(src, this.settings()));
  }

  async refresh(): Promise<void> {
    await this.#page?.refresh();
  }

  /**
   * Takes over a panel VS Code kept across a reload. Only a state that passes
   * parsePersistedDetails is used, and then only to read the binding again from the server;
   * anything else leaves the panel empty without a request.
   */
  #restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = parsePersistedDetails(state);
    const page = this.#adopt(panel);
    page.about = saved ? restoredTarget(saved, this.#deps.accounts) : undefined;
    panel.title = saved ? vscode.l10n.t('Binding {0}', saved.bindId) : vscode.l10n.t('Binding');
    if (saved) void page.refresh();
    else this.#deps.log.info('The details panel came back without a usable saved state; it stays empty.');
  }

  #adopt(panel: vscode.WebviewPanel): DetailsPage {
    this.#page?.panel.dispose();
    const page: DetailsPage = new DetailsPage(panel, this.#deps, this.probe, (shown) => {
      if (this.#page !== page) return;
      if (!shown) this.#page = undefined;
      this.#shownEmitter.fire(shown);
    });
    this.#page = page;
    return page;
  }

  dispose(): void {
    this.#page?.panel.dispose();
    for (const d of this.#disposables) d.dispose();
    this.#shownEmitter.dispose();
  }
}
