/**
 * Browser side of the calls panel (an app's or a middle number's calls): a heading and the
 * same Calls section as the details panel (./callsSection.ts), open from the start. Built with
 * createElement; every value set with textContent. The page persists only what the extension
 * told it to (an app's id and label; for a middle number only that it was one).
 */
import { ENGLISH_PANEL, type PanelLanguage, type PanelStringId, panelText, parsePanelLocale, parsePanelStrings } from '../shared/panelStrings';
import type { ScopeView } from '../shared/calls';
import { parsePersistedCalls, type FromCallsPage, type PersistedCalls, type ToCallsPage } from '../shared/callsPanelMessages';
import { CallsSection } from './callsSection';
import { el } from './dom';

interface VsCodeApi {
  postMessage(m: FromCallsPage): void;
  getState(): unknown;
  setState(s: PersistedCalls | null): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const announce = document.getElementById('announce') as HTMLElement;

let scope: ScopeView | undefined;
let saved: PersistedCalls | null = parsePersistedCalls(vscode.getState());
/** The page's texts and locale: English until the extension's 'strings' arrive. */
let lang: PanelLanguage = ENGLISH_PANEL;
const T = (id: PanelStringId, ...args: Array<string | number>): string => panelText(lang.strings, id, ...args);
/** The empty text shown, if any (drawn again when the language arrives). */
let emptyText: string | undefined;
const section = new CallsSection((m) => vscode.postMessage(m), say, true, () => lang);

function say(text: string): void {
  announce.textContent = '';
  // A fresh text node so screen readers announce repeated messages too.
  setTimeout(() => (announce.textContent = text), 30);
}

function persist(s: PersistedCalls | null): void {
  saved = s;
  vscode.setState(s);
}

function render(): void {
  app.removeAttribute('aria-busy');
  const s = scope;
  if (!s) return;
  const what = s.kind === 'app' ? T('everyCallApp') : T('everyCallNumber');
  app.replaceChildren(
    el('header', {}, el('h1', { text: T('callsOf', s.noun) })),
    el('p', { className: 'muted', text: T('matchedHere', what) }),
    section.mount(s),
  );
  vscode.postMessage({ type: 'scopeRendered', scope: s.key, saved });
}

function renderEmpty(text: string): void {
  scope = undefined;
  emptyText = text;
  app.removeAttribute('aria-busy');
  app.replaceChildren(el('header', {}, el('h1', { text: T('calls') })), el('p', { className: 'muted', text, attrs: { id: 'calls-status', role: 'status' } }));
  vscode.postMessage({ type: 'scopeRendered', scope: null, saved });
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as ToCallsPage;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'strings':
      lang = { strings: parsePanelStrings(m.strings), locale: parsePanelLocale(m.locale) };
      applyLanguage();
      return;
    case 'scope':
      if (scope?.key !== m.scope.key) section.reset();
      scope = m.scope;
      emptyText = undefined;
      persist(parsePersistedCalls(m.persist));
      render();
      return;
    case 'empty':
      persist(parsePersistedCalls(m.persist));
      renderEmpty(m.text);
      return;
    case 'callsProgress':
    case 'calls':
    case 'callsError':
    case 'callsCancelled':
      section.handle(m);
      return;
    default:
      return; // unknown messages are ignored
  }
});

/** The language arrived: `<html lang>` and the title follow it, and what is on screen is drawn again in it. */
function applyLanguage(): void {
  document.documentElement.lang = lang.locale;
  document.title = T('calls');
  if (scope) render();
  else if (emptyText !== undefined) renderEmpty(emptyText);
  else {
    const loading = app.querySelector('p');
    if (loading && app.getAttribute('aria-busy') === 'true') loading.textContent = T('loading');
  }
}

// Only what the extension said to keep survives a reload; any other saved shape is dropped now.
persist(saved);
vscode.postMessage({ type: 'ready' });
