/** What both pages share: VS Code's API, the page's texts and locale, and the live region. */
import type { CallsMessage, FromWebview, PageReport, ToWebview } from '../shared/messages';
import { ENGLISH_PANEL, type PanelLanguage, type PanelStringId, panelText, parsePanelLocale, parsePanelStrings } from '../shared/panelStrings';

interface VsCodeApi {
  /** PageReport: only in the development build (`if (LAAFFIC_PNS_TEST_BUILD)` at each call, so that the production build has none). */
  postMessage(m: FromWebview | PageReport): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();
export const app = document.getElementById('app') as HTMLElement;
const announce = document.getElementById('announce') as HTMLElement;

/** English until the extension's 'strings' arrive. */
export let lang: PanelLanguage = ENGLISH_PANEL;
export const T = (id: PanelStringId, ...args: Array<string | number>): string => panelText(lang.strings, id, ...args);

type Strings = Extract<ToWebview, { type: 'strings' }>;
const CALLS_MESSAGES = new Set<string>(['callsProgress', 'calls', 'callsError', 'callsCancelled']);

/**
 * Listens to the extension, then says 'ready'. Its texts: `<html lang>` and the title follow
 * them and `redraw` draws the page again in them; the Calls section's messages go to `section`,
 * the page's own to `own`.
 */
export function listen<M extends { type: string }>(title: PanelStringId, redraw: () => void, section: { handle(m: CallsMessage): void }, own: (m: Exclude<M, Strings | CallsMessage>) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as M | Strings | CallsMessage | null;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'strings') {
      const s = m as Strings;
      lang = { strings: parsePanelStrings(s.strings), locale: parsePanelLocale(s.locale) };
      document.documentElement.lang = lang.locale;
      document.title = T(title);
      redraw();
    } else if (CALLS_MESSAGES.has(m.type)) section.handle(m as CallsMessage);
    else own(m as Exclude<M, Strings | CallsMessage>);
  });
  vscode.postMessage({ type: 'ready' });
}

export function say(text: string): void {
  announce.textContent = '';
  // A fresh text node, so that screen readers announce a repeated message too.
  setTimeout(() => (announce.textContent = text), 30);
}
