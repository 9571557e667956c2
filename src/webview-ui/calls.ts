/**
 * Browser side of the calls panel (an app's or a middle number's calls): a heading and the Calls
 * section, open from the start. The page persists only what the extension told it to.
 */
import type { ScopeView } from '../shared/calls';
import { parsePersistedCalls, type PersistedCalls, type ToCallsPage } from '../shared/messages';
import { CallsSection } from './callsSection';
import { el } from './dom';
import { app, listen, T, vscode } from './page';

let scope: ScopeView | undefined;
let saved: PersistedCalls | null = parsePersistedCalls(vscode.getState());
/** The empty text shown, if any (drawn again when the language arrives). */
let emptyText: string | undefined;
const section = new CallsSection(true);

function persist(s: PersistedCalls | null): void {
  saved = s;
  vscode.setState(s);
}

function render(): void {
  app.removeAttribute('aria-busy');
  const s = scope;
  if (!s) return;
  const header = el('header', {}, el('h1', { text: T('callsOf', s.noun) }));
  if (s.kind === 'phone') {
    // Copy Summary for a Ticket of the phone: its live bindings and the calls shown here.
    const ticket = el('button', { text: T('ticketPhone'), attrs: { type: 'button', id: 'calls-ticket', 'data-focus': 'calls-ticket', 'aria-label': T('ticketPhoneAria', s.noun) } });
    ticket.addEventListener('click', () => vscode.postMessage({ type: 'ticket', ref: null }));
    header.appendChild(el('div', { className: 'toolbar' }, ticket));
  }
  const about = s.kind === 'phone' ? T('phoneMatchedHere', T('everyCallPhone')) : T('matchedHere', s.kind === 'app' ? T('everyCallApp') : T('everyCallNumber'));
  app.replaceChildren(header, el('p', { className: 'muted', text: about }), section.mount(s));
  if (LAAFFIC_PNS_TEST_BUILD) vscode.postMessage({ type: 'scopeRendered', scope: s.key, saved });
}

function renderEmpty(text: string): void {
  scope = undefined;
  emptyText = text;
  app.removeAttribute('aria-busy');
  app.replaceChildren(el('header', {}, el('h1', { text: T('calls') })), el('p', { className: 'muted', text, attrs: { id: 'calls-status', role: 'status' } }));
  if (LAAFFIC_PNS_TEST_BUILD) vscode.postMessage({ type: 'scopeRendered', scope: null, saved });
}

/** What is on screen, drawn again in the display language. */
function redraw(): void {
  if (scope) render();
  else if (emptyText !== undefined) renderEmpty(emptyText);
  else if (app.getAttribute('aria-busy') === 'true') app.replaceChildren(el('p', { className: 'muted', text: T('loading') }));
}

function handle(m: Extract<ToCallsPage, { type: 'scope' | 'empty' }>): void {
  persist(parsePersistedCalls(m.persist));
  if (m.type === 'empty') return renderEmpty(m.text);
  if (scope?.key !== m.scope.key) section.reset();
  scope = m.scope;
  emptyText = undefined;
  render();
}

// Only what the extension said to keep survives a reload; any other saved shape is dropped now.
persist(saved);
listen<ToCallsPage>('calls', redraw, section, handle);
