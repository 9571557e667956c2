import * as vscode from 'vscode';
import { noIcons } from '../api';
import { showWarning } from '../ui/safety';
import type { Accounts } from '../accounts/accounts';
import { countryLocale, fieldName } from '../ui/language';
import { panelLocale, panelStrings } from './panelStrings';
import { DISPLAY_TEXT } from '../display/text';
import { Settings } from '../config/settings';
import { BindingView, CopyField, parseFromWebview, parsePersistedDetails, ToPanel } from '../shared/messages';
import { toPage } from './pageView';
import { copyKind, copyToClipboard } from '../ui/clipboard';
import type { DetailsProbe } from '../../test/support/testApi';
import { Cmd, DETAILS_VIEW_TYPE } from '../config/ids';
import { BindingSource, detailsHtml, toView } from './detailsView';
import { UserInput, VsCodeUserInput } from '../ui/userInput';
import { CallsLoader } from './callsLoader';
import { CallsRequest, DEFAULT_CALLS_WINDOW } from '../shared/calls';
import { bindingTarget } from './callsScope';
import { accountClient, restoredTarget, rereadBinding, Target, targetOf } from './detailsTarget';
import { AppLookup, namedApp } from './detailsApp';

export { DETAILS_VIEW_TYPE };
export type { BindingSource };

/**
 * The binding details panel: ONE panel, reused for whatever binding is selected (opening
 * another binding replaces its content and reveals it), so a busy operator doesn't collect
 * dozens of tabs. Record data never goes into the HTML: it is posted as a message and set
 * with textContent by media-side code.
 */
export class DetailsPanel implements vscode.Disposable {
  #panel: vscode.WebviewPanel | undefined;
  /** The binding the panel is about; set before its view when restored from a saved state. */
  #target: Target | undefined;
  #view: BindingView | undefined;
  /** The last 'gone' or 'error' said about #target, sent again to a page that (re)loads. */
  #outcome: ToPanel | undefined;
  #ready = false;
  #pending: ToPanel[] = [];
  #refresh: AbortController | undefined;
  /** Looks up the app of a binding listed under "All apps" (src/webview/detailsApp.ts). */
  readonly #appLookup: AppLookup;
  readonly #disposables: vscode.Disposable[] = [];
  readonly #shownEmitter = new vscode.EventEmitter<boolean>();
  /** Fires true when the panel shows a binding, false when the panel closes. */
  readonly onDidChangeShown = this.#shownEmitter.event;
  /** The Calls section (src/webview/callsLoader.ts). */
  readonly #calls: CallsLoader;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly accounts: Accounts,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    /** Only in the integration tests (see test/support/testApi.ts). */
    private readonly probe?: DetailsProbe,
    /** Asks before a recording is opened, and opens it (src/ui/userInput.ts). */
    ui: UserInput = new VsCodeUserInput(),
  ) {
    // The calls of the binding shown, through its account's client.
    this.#appLookup = new AppLookup(accounts, log);
    this.#calls = new CallsLoader((t) => accountClient(accounts, t.account), settings, log, ui, (m) => this.#post(m));
    probe?.connect({
      panel: () => this.#panel,
      binding: () => this.#view,
      receive: (m) => this.#handleMessage(m),
      restore: (p, s) => this.#restore(p, s),
    });
    this.#disposables.push(
      vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => this.#restore(panel, state),
      }),
      // The panel goes with its binding's account (Remove Account, Stop Demo): it never reads through another one.
      accounts.onDidChange(() => {
        const target = this.#target;
        if (!this.#panel || !target || accounts.get(target.account)) return;
        log.info(`The details panel of binding ${target.bindId} closed: its account was removed.`);
        this.#panel.dispose();
      }),
    );
  }

  /** The binding the panel shows, if any. */
  get shown(): BindingView | undefined {
    return this.#view;
  }

  /** Says in the panel that its binding no longer exists because it was just unbound (a success). */
  markGone(bindId: string, text: string): void {
    if (this.#view?.bindId !== bindId) return;
    this.#refresh?.abort();
    this.#say({ type: 'gone', bindId, text, unbound: true });
  }

  /**
   * Reads the shown binding's calls of a preset or custom window into the Calls section (Show
   * Call Records…, the page's "Load calls" and "Apply"). Nothing when no binding is shown.
   */
  async loadCalls(request: CallsRequest = { window: DEFAULT_CALLS_WINDOW }): Promise<void> {
    const view = this.#view;
    if (!view) return;
    await this.#calls.load(bindingTarget(view), request);
  }

  /**
   * Sends the binding and its calls again, as they are to be shown now (after Mask Numbers /
   * Show Numbers): masked or in full, nothing fetched.
   */
  redisplay(): void {
    const view = this.#view;
    if (!this.#panel || !view) return;
    this.#post({ type: 'show', binding: view });
    const calls = this.#calls.replay(view.bindId);
    if (calls) this.#post(calls);
  }

  /** Shows a binding, creating the panel or reusing (and revealing) the open one. */
  show(src: BindingSource, options: { preserveFocus?: boolean } = {}): void {
    if (!this.#panel) {
      const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, vscode.l10n.t('Binding'), { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus }, this.#options());
      this.#adopt(panel);
    } else {
      this.#panel.reveal(undefined, options.preserveFocus);
    }
    this.#refresh?.abort();
    if (this.#view?.bindId !== src.record.bindId) this.#calls.reset();
    this.#setView(toView(src, this.settings()));
  }

  /**
   * Takes over a panel VS Code kept across a reload, with the state its page saved. Only a
   * state that passes parsePersistedDetails is used, and then only to fetch the binding again
   * from the server (its page first, then the app); anything else leaves the panel empty
   * without a request.
   */
  #restore(panel: vscode.WebviewPanel, state: unknown): void {
    // Adopting disposes a panel still open, which forgets its binding: so adopt first.
    this.#adopt(panel);
    this.#refresh?.abort();
    this.#calls.reset();
    this.#view = undefined;
    this.#outcome = undefined;
    const saved = parsePersistedDetails(state);
    this.#target = saved ? restoredTarget(saved, this.accounts) : undefined;
    panel.title = saved ? vscode.l10n.t('Binding {0}', saved.bindId) : vscode.l10n.t('Binding');
    if (!saved) {
      this.log.info('The details panel came back without a usable saved state; it stays empty.');
      return;
    }
    void this.refresh();
  }

  /** Handles one message from the webview. */
  async #handleMessage(raw: unknown): Promise<void> {
    const msg = parseFromWebview(raw);
    if (!msg) return; // unknown or malformed: ignored
    switch (msg.type) {
      case 'ready': {
        this.#ready = true;
        const pending = this.#pending.splice(0);
        // The page's own texts first, so that it draws everything after in the display language.
        this.#post({ type: 'strings', strings: panelStrings(), locale: panelLocale() });
        if (this.#view) this.#post({ type: 'show', binding: this.#view });
        else if (!this.#target) this.#post({ type: 'empty' });
        // else: still fetching a restored binding; the page says "Loading…" until it arrives.
        if (this.#outcome && !pending.includes(this.#outcome)) this.#post(this.#outcome);
        for (const m of pending) this.#post(m);
        const calls = this.#calls.replay(this.#view?.bindId);
        if (calls && !pending.includes(calls)) this.#post(calls);
        return;
      }
      case 'loadCalls':
        return this.loadCalls(msg.window === 'custom' ? { window: 'custom', from: msg.from, to: msg.to } : { window: msg.window });
      case 'cancelCalls':
        this.#calls.cancel();
        return;
      case 'openRecording':
        return this.#calls.openRecording(msg.callId);
      case 'callsRendered':
        // Like 'rendered': only the tests' probe listens.
        this.probe?.callsRendered(msg);
        return;
      case 'copy':
        return this.#copy(msg.field);
      case 'refresh':
        return this.refresh();
      case 'unbind':
        // The same command as the tree's menu (it asks first), for the binding shown here.
        await vscode.commands.executeCommand(Cmd.unbind);
        return;
      case 'rendered':
        // Sent by the page after each render; only the tests' probe listens (test/support/testApi.ts).
        this.probe?.rendered(msg);
        return;
    }
  }

  /**
   * Re-reads the binding from the server (rereadBinding in ./detailsTarget.ts): its page first,
   * then (if it moved) the whole app; a newer refresh, another binding or the panel closing
   * leaves the answer unused.
   */
  async refresh(): Promise<void> {
    const target = this.#target;
    if (!target) return;
    this.#refresh?.abort();
    const ac = new AbortController();
    this.#refresh = ac;
    this.#outcome = undefined;
    this.#post({ type: 'refreshing' });
    try {
      const stale = () => ac.signal.aborted || this.#target !== target;
      const got = await rereadBinding(target, { accounts: this.accounts, settings: this.settings, log: this.log, signal: ac.signal, stale });
      if (got?.type === 'found') this.#setView(got.view, vscode.l10n.t('Refreshed from the server just now.'));
      else if (got) this.#say(got);
    } finally {
      if (this.#refresh === ac) this.#refresh = undefined;
    }
  }

  dispose(): void {
    this.#refresh?.abort();
    this.#appLookup.dispose();
    this.#calls.dispose();
    this.#panel?.dispose();
    for (const d of this.#disposables) d.dispose();
    this.#shownEmitter.dispose();
  }

  #options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
    };
  }

  #adopt(panel: vscode.WebviewPanel): void {
    this.#panel?.dispose();
    this.#panel = panel;
    this.#ready = false;
    this.#pending = [];
    panel.webview.options = this.#options();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = detailsHtml(panel.webview, this.extensionUri);
    const subs = [
      panel.webview.onDidReceiveMessage((m) => this.#handleMessage(m)),
      panel.onDidDispose(() => {
        for (const s of subs) s.dispose();
        if (this.#panel === panel) {
          this.#panel = undefined;
          this.#view = undefined;
          this.#target = undefined;
          this.#outcome = undefined;
          this.#refresh?.abort();
          this.#calls.reset();
          this.#shownEmitter.fire(false);
        }
      }),
    ];
  }

  #setView(shown: BindingView, note?: string): void {
    const view = namedApp(shown, this.accounts);
    this.#view = view;
    this.#target = targetOf(view);
    this.#outcome = undefined;
    if (this.#panel) this.#panel.title = vscode.l10n.t('Binding {0}', view.bindId);
    this.#post({ type: 'show', binding: view, note });
    this.#shownEmitter.fire(true);
    // Found, the panel names the app, and Refresh, Unbind and a restore use it.
    if (view.app.appId === null) void this.#appLookup.start(view, (named) => this.#view === view && this.#setView(named, note));
  }

  /** Posts a 'gone' or 'error' and keeps it for a page that loads again (hidden and shown). */
  #say(m: Extract<ToPanel, { type: 'gone' | 'error' }>): void {
    this.#outcome = m;
    this.#post(m);
  }

  /**
   * Sends a message to the page, made what the page may see (src/webview/pageView.ts) at the
   * moment it is sent: numbers as shown, phones masked while masking is on.
   */
  #post(m: ToPanel): void {
    const out = toPage(m, { masked: this.settings().maskNumbers, locale: countryLocale(), maskedNote: DISPLAY_TEXT.panelMasked });
    this.probe?.sent(out);
    if (!this.#panel) return;
    if (!this.#ready) {
      // The page answers 'ready' once its script runs; then it gets the current binding and
      // whatever else was said meanwhile.
      if (m.type !== 'show') this.#pending.push(m);
      return;
    }
    void this.#panel.webview.postMessage(out);
  }

  /** The page's Copy: by field name, the real value from the record the extension holds (never a value from the page). */
  async #copy(field: CopyField): Promise<void> {
    const v = this.#view;
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
      await copyToClipboard(value, copyKind(field), fieldName(field), this.settings());
    }
    this.#post({ type: 'copied', field });
  }
}
