/** What both pages share: VS Code's API, the page's texts and locale, and the live region. */
import type { FromWebview, PageReport } from '../shared/messages';
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

/** The extension's 'strings': `<html lang>` and the title follow them (the page then draws itself again). */
export function setLanguage(m: { strings: unknown; locale: unknown }, title: PanelStringId): void {
  lang = { strings: parsePanelStrings(m.strings), locale: parsePanelLocale(m.locale) };
  document.documentElement.lang = lang.locale;
  document.title = T(title);
}

export function say(text: string): void {
  announce.textContent = '';
  // A fresh text node, so that screen readers announce a repeated message too.
  setTimeout(() => (announce.textContent = text), 30);
}
