/**
 * The base of our panels (the details panel, the calls panels): one open panel and its page under
 * a strict CSP, the ready gate, the Calls section's messages (handled here once), restore after a
 * reload and closing with the account whose data it shows. Nothing read goes into the HTML: the
 * page gets plain-data messages (made by toPage as they are sent) and sets them with textContent.
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { PnsClient } from '../api';
import type { Accounts } from '../accounts/accounts';
import type { Settings } from '../config/settings';
import { DISPLAY_TEXT } from '../display/text';
import { type CallsMessage, type FromWebview, parseFromWebview, type ToCallsPage, type ToPanel, type ToWebview } from '../shared/messages';
import { countryLocale } from '../ui/language';
import type { UserInput } from '../ui/userInput';
import { CallsLoader } from './callsLoader';
import type { CallsTarget } from './callsScope';
import { toPage } from './pageView';
import { panelLocale, panelStrings } from './panelStrings';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  accounts: Accounts;
  settings: () => Settings;
  log: vscode.LogOutputChannel;
  ui: UserInput;
}

/** The tests' view of a kind of panel (test/support/testApi.ts); wired only in the tests' build. */
export interface PanelProbe {
  connect(panels: { pages(): PanelPage[]; restore(panel: vscode.WebviewPanel, state: unknown): void }): void;
  sent(page: PanelPage, m: ToWebview | ToCallsPage): void;
  /** A message of the page, unread: the page's reports of what it drew reach only the probe. */
  heard(page: PanelPage, m: unknown): void;
}

export function panelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

/**
 * A page: its one script file (`dist/webview/<script>.js`) allowed by a per-load nonce, nothing
 * inline, no record data. The texts are English until the page gets the display language's
 * ('strings', the first message after 'ready').
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: 'details' | 'calls' | 'health'): string {
  const nonce = randomBytes(18).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'details.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${script}.js`));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${panelLocale()}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">${script === 'health' ? `\n<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'health.css'))}">` : ''}
<title>${script === 'details' ? 'Binding details' : script === 'health' ? 'Health' : 'Calls'}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading…</p></main>
<div id="announce" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}

export abstract class PanelPage<Out extends { type: string } = ToPanel | ToCallsPage> {
  /**
   * The page's script has run: it says 'ready' on every load (also after a tab switch). Before
   * that nothing is posted; then the page is told everything it shows (hello, the Calls
   * section's last message), each message stating the whole of its part: nothing is lost.
   */
  #ready = false;
  readonly calls: CallsLoader;

  constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly deps: PanelDeps,
    script: 'details' | 'calls' | 'health',
    /** The client of the account whose calls a target is. */
    clientFor: (target: CallsTarget) => Promise<PnsClient>,
    private readonly probe: PanelProbe | undefined,
  ) {
    this.calls = new CallsLoader(clientFor, deps.settings, deps.log, deps.ui, (m) => this.post(m));
    panel.webview.options = panelOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'activitybar.svg');
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri, script);
    const subs = [
      panel.webview.onDidReceiveMessage((m) => this.receive(m)),
      panel.onDidDispose(() => {
        for (const s of subs) s.dispose();
        this.calls.dispose();
        this.closed();
      }),
    ];
  }

  /** What the page shows now, said whole: posted after its texts on every 'ready', and again by redisplay. */
  protected abstract hello(): Out[];
  /** Whose calls the Calls section reads; undefined: none (its messages are ignored). */
  abstract target(): CallsTarget | undefined;
  /** The account whose data the page shows and how the log names the page; undefined: none yet. */
  abstract owner(): { account: string | undefined; name: string } | undefined;
  /** The page's own messages (other than 'ready' and the Calls section's). */
  protected own(_m: FromWebview): Promise<void> | void {}
  /** A message the panels' common protocol does not know (a page's own protocol checks it). */
  protected other(_raw: unknown): Promise<void> | void {}
  /** The panel was closed. */
  protected closed(): void {}

  get key(): string | null {
    return this.target()?.view.key ?? null;
  }

  /** Sends a message as the page may see it, made at the moment it is sent (masked while masking is on). */
  post(m: Out | CallsMessage | Extract<ToWebview, { type: 'strings' }>): void {
    const out = toPage(m as ToPanel | ToCallsPage, { masked: this.deps.settings().maskNumbers, locale: countryLocale(), maskedNote: DISPLAY_TEXT.panelMasked });
    if (LAAFFIC_PNS_TEST_BUILD) this.probe?.sent(this as PanelPage, out);
    if (this.#ready) void this.panel.webview.postMessage(out);
  }

  /** Sends what the page shows again, as it is to be shown now (after Mask / Show Numbers): nothing is read. */
  redisplay(): void {
    if (!this.#ready) return;
    for (const m of this.hello()) this.post(m);
    const last = this.calls.replay(this.target()?.view.key);
    if (last) this.post(last);
  }

  /** One message from the page, checked before anything is done with it. */
  async receive(raw: unknown): Promise<void> {
    if (LAAFFIC_PNS_TEST_BUILD) this.probe?.heard(this as PanelPage, raw);
    const m = parseFromWebview(raw);
    if (!m) return this.other(raw);
    switch (m.type) {
      case 'ready':
        this.#ready = true;
        this.post({ type: 'strings', strings: panelStrings(), locale: panelLocale() });
        this.redisplay();
        return;
      case 'loadCalls': {
        const target = this.target();
        if (target) await this.calls.load(target, m);
        return;
      }
      case 'cancelCalls':
        this.calls.cancel();
        return;
      case 'openRecording':
        return this.calls.openRecording(m.callId);
      default:
        return this.own(m);
    }
  }
}

/**
 * Takes back the panels of `viewType` VS Code kept across a reload (`restore` gets each with the
 * state its page saved), and closes a panel when the account whose data it shows is removed: it
 * never reads through another one.
 */
export function keepPanels(viewType: string, deps: PanelDeps, pages: () => PanelPage[], restore: (panel: vscode.WebviewPanel, state: unknown) => void, probe?: PanelProbe): vscode.Disposable[] {
  if (LAAFFIC_PNS_TEST_BUILD) probe?.connect({ pages, restore });
  return [
    vscode.window.registerWebviewPanelSerializer(viewType, { deserializeWebviewPanel: async (panel, state) => restore(panel, state) }),
    deps.accounts.onDidChange(() => {
      for (const p of pages()) {
        const owner = p.owner();
        if (!owner || deps.accounts.get(owner.account)) continue;
        deps.log.info(`${owner.name} closed: its account was removed.`);
        p.panel.dispose();
      }
    }),
  ];
}
