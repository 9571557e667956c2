/**
 * Browser side of the calls panel (an app's or a middle number's calls): a heading and the
 * same Calls section as the details panel (./callsSection.ts), open from the start. Built with
 * createElement; every value set with textContent. The page persists only what the extension
 * told it to (an app's id and label; for a middle number only that it was one).
 */
import type { ScopeView } from '../webview/calls';
import { parsePersistedCalls, type FromCallsPage, type PersistedCalls, type ToCallsPage } from '../webview/callsPanelMessages';
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
const section = new CallsSection((m) => vscode.postMessage(m), say, true);

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
  const what = s.kind === 'app' ? 'Every call of this app' : 'Every call through this middle number';
  app.replaceChildren(
    el('header', {}, el('h1', { text: `Calls of ${s.noun}` })),
    el('p', { className: 'muted', text: `${what}, whichever binding it belonged to. Laaffic filters call records only by time: each window is read in full and matched here.` }),
    section.mount(s),
  );
  vscode.postMessage({ type: 'scopeRendered', scope: s.key, saved });
}

function renderEmpty(text: string): void {
  scope = undefined;
  app.removeAttribute('aria-busy');
  app.replaceChildren(el('header', {}, el('h1', { text: 'Calls' })), el('p', { className: 'muted', text, attrs: { id: 'calls-status', role: 'status' } }));
  vscode.postMessage({ type: 'scopeRendered', scope: null, saved });
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as ToCallsPage;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'scope':
      if (scope?.key !== m.scope.key) section.reset();
      scope = m.scope;
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

// Only what the extension said to keep survives a reload; any other saved shape is dropped now.
persist(saved);
vscode.postMessage({ type: 'ready' });
