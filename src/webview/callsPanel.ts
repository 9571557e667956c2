/**
 * The calls panel (`laafficPns.calls`): the calls of an app or a middle number, opened by Show
 * Call Records… on an app or a number node. The same Calls section as the details panel (the
 * page's src/webview-ui/callsSection.ts, the loading in src/webview/callsLoader.ts); only the
 * target differs (src/webview/callsScope.ts). One panel per app or number: opening it again
 * reveals it. Nothing read goes into the HTML: the page gets plain-data messages and sets them
 * with textContent.
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
import type { CallsProbe } from '../../test/support/testApi';
import { UserInput } from '../ui/userInput';
import { type CallsRequest, DEFAULT_CALLS_WINDOW } from '../shared/calls';
import { CallsLoader } from './callsLoader';
import { parseFromCallsPage, parsePersistedCalls, type PersistedCalls, type ToCallsPage } from '../shared/callsPanelMessages';
import { appTarget, type CallsTarget } from './callsScope';
import { countryLocale } from '../ui/language';
import { panelHtml } from './detailsView';
import { toPage } from './pageView';
import { panelLocale, panelStrings } from './panelStrings';

/** What a panel of calls says when their account was removed. */
function removedText(): string {
  return vscode.l10n.t('The account these calls belong to was removed.');
}

/** What a restored panel of a middle number says (its number was not kept), in the display language. */
export function restoredNumberText(): string {
  return vscode.l10n.t('This panel showed the calls of a middle number. Numbers are not kept across a reload: in the Laaffic PNS view, right-click the number under Numbers → Show Call Records… to see them again.');
}

class CallsPage {
  /**
   * The page's script has run (it posts 'ready' each time it loads: also after being hidden
   * and shown again). Before that, messages are not posted: the page then gets the scope and
   * the section's last message (each of those states the whole section), nothing is lost.
   */
  ready = false;
  /** undefined: a restored panel of a middle number (it shows `empty`). */
  target: CallsTarget | undefined;
  readonly loader: CallsLoader;

  constructor(
    readonly panel: vscode.WebviewPanel,
    target: CallsTarget | undefined,
    readonly empty: { text: string; persist: PersistedCalls | null },
    make: (post: (m: ToCallsPage) => void) => CallsLoader,
    private readonly probe: CallsProbe | undefined,
    /** laafficPns.maskNumbers now. */
    private readonly masked: () => boolean,
  ) {
    this.target = target;
    this.loader = make((m) => this.post(m));
  }

  get key(): string | undefined {
    return this.target?.view.key;
  }

  /**
   * Sends a message as the page may see it, made at the moment it is sent (as the details
   * panel's, src/webview/pageView.ts): callers and called masked while masking is on, numbers
   * in international format.
   */
  post(m: ToCallsPage): void {
    const out = m.type === 'scope' || m.type === 'empty' || m.type === 'strings' ? m : (toPage(m, { masked: this.masked(), locale: countryLocale() }) as ToCallsPage);
    this.probe?.sent(this.key ?? null, out);
    if (this.ready) void this.panel.webview.postMessage(out);
  }

  /** Sends what the page shows again, as it is to be shown now (after Mask / Show Numbers). */
  redisplay(): void {
    if (!this.ready) return;
    this.post(this.hello());
    const last = this.loader.replay(this.key);
    if (last) this.post(last);
  }

  /** What the page shows first after it (re)loads. */
  hello(): ToCallsPage {
    return this.target ? { type: 'scope', scope: this.target.view, persist: this.target.persist } : { type: 'empty', ...this.empty };
  }
}

export class CallsPanels implements vscode.Disposable {
  readonly #pages = new Set<CallsPage>();
  readonly #disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly accounts: Accounts,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly ui: UserInput,
    /** Only in the integration tests (see test/support/testApi.ts). */
    private readonly probe?: CallsProbe,
  ) {
    probe?.connect({
      panel: (key) => this.#find(key)?.panel,
      keys: () => [...this.#pages].map((p) => p.key ?? null),
      receive: (key, m) => {
        const page = this.#find(key);
        return page ? this.#handle(page, m) : Promise.resolve();
      },
      restore: (panel, state) => this.#restore(panel, state),
    });
    this.#disposables.push(
      vscode.window.registerWebviewPanelSerializer(CALLS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => this.#restore(panel, state),
      }),
      // A panel goes with its account (Remove Account, Stop Demo): it never reads through another one.
      accounts.onDidChange(() => {
        for (const p of [...this.#pages]) {
          if (!p.target || accounts.get(p.target.account)) continue;
          log.info(`The calls panel "${p.target.title}" closed: its account was removed.`);
          p.panel.dispose();
        }
      }),
    );
  }

  /** The client of the target's account; a removed account says so (never another account). */
  #client(target: CallsTarget): Promise<api.PnsClient> {
    const a = this.accounts.get(target.account);
    if (!a) return Promise.reject(new api.PnsError(removedText(), vscode.l10n.t('Open them again from the Laaffic PNS view.')));
    return a.connection.client();
  }

  /** Opens (or reveals) the panel of `target` and reads its calls of the window asked for. */
  async showCalls(target: CallsTarget, request: CallsRequest = { window: DEFAULT_CALLS_WINDOW }): Promise<void> {
    let page = this.#find(target.view.key);
    if (page) {
      // The same app or number; its label may have changed since.
      page.target = target;
      page.panel.title = target.title;
      page.panel.reveal(undefined, false);
      page.post(page.hello());
    } else {
      const panel = vscode.window.createWebviewPanel(CALLS_VIEW_TYPE, target.title, { viewColumn: vscode.ViewColumn.Active }, this.#options());
      page = this.#adopt(panel, target);
    }
    await page.loader.load(target, request);
  }

  /**
   * Takes over a panel VS Code kept across a reload, with the state its page saved: an app's
   * panel shows its app again (nothing is read until Load); anything else says what it was.
   */
  #restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = parsePersistedCalls(state);
    // Saved without an account id (an older version) or with one no account has: that account was removed.
    const account = saved?.kind === 'app' ? this.accounts.get(saved.account) : undefined;
    if (saved?.kind === 'app' && account) {
      const configured = account.apps().find((a) => a.appId === saved.appId);
      const label = configured ? (configured.label ?? '') : (saved.label ?? '');
      const target = appTarget(saved.appId, label, { id: account.id, name: account.name, several: this.accounts.all().length > 1 });
      const existing = this.#find(target.view.key);
      if (existing) {
        // Already open (the command ran before VS Code revived this one): keep that one.
        panel.dispose();
        return;
      }
      panel.title = target.title;
      this.#adopt(panel, target);
      return;
    }
    if (!saved) this.log.info('A calls panel came back without a usable saved state; it says so and reads nothing.');
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
    for (const p of this.#pages) if ((p.key ?? null) === key) return p;
    return undefined;
  }

  #options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')],
    };
  }

  #adopt(panel: vscode.WebviewPanel, target: CallsTarget | undefined, empty = { text: '', persist: null as PersistedCalls | null }): CallsPage {
    const page = new CallsPage(panel, target, empty, (post) => new CallsLoader((t) => this.#client(t), this.settings, this.log, this.ui, post), this.probe, () => this.settings().maskNumbers);
    this.#pages.add(page);
    panel.webview.options = this.#options();
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = panelHtml(panel.webview, this.extensionUri, 'calls', 'Calls');
    const subs = [
      panel.webview.onDidReceiveMessage((m) => this.#handle(page, m)),
      panel.onDidDispose(() => {
        for (const s of subs) s.dispose();
        page.loader.dispose();
        this.#pages.delete(page);
      }),
    ];
    return page;
  }

  /** One message from a page, checked before anything is done with it. */
  async #handle(page: CallsPage, raw: unknown): Promise<void> {
    const msg = parseFromCallsPage(raw);
    if (!msg) return; // unknown or malformed: ignored
    switch (msg.type) {
      case 'ready': {
        page.ready = true;
        // The page's texts in the display language first, then what it shows.
        page.post({ type: 'strings', strings: panelStrings(), locale: panelLocale() });
        page.post(page.hello());
        const last = page.loader.replay(page.key);
        if (last) page.post(last);
        return;
      }
      case 'loadCalls':
        if (!page.target) return;
        return page.loader.load(page.target, msg.window === 'custom' ? { window: 'custom', from: msg.from, to: msg.to } : { window: msg.window });
      case 'cancelCalls':
        page.loader.cancel();
        return;
      case 'openRecording':
        return page.loader.openRecording(msg.callId);
      case 'callsRendered':
        this.probe?.callsRendered(msg);
        return;
      case 'scopeRendered':
        this.probe?.scopeRendered(msg);
        return;
    }
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

