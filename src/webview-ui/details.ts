/**
 * Browser side of the binding details panel. Builds every element with createElement and
 * sets every value with textContent: nothing from a record is ever parsed as HTML.
 */
import { parsePersistedDetails, toPersistedDetails } from '../webview/messages';
import type { CopyField, DetailsState, FromWebview, PageView, ToWebview } from '../webview/messages';
import { bindingState, BindingState, formatDuration } from '../api/state';
import { FIELDS, STATE_LABEL as STATE_TEXT } from '../shared/binding';
import { CallsSection } from './callsSection';
import { bindingScopeView } from '../webview/calls';
import { el } from './dom';
import { focusedKey, restoreFocus } from './focus';

interface VsCodeApi {
  postMessage(m: FromWebview): void;
  getState(): unknown;
  setState(s: DetailsState | null): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const announce = document.getElementById('announce') as HTMLElement;

let current: PageView | undefined;
/** Exactly what was last handed to setState: the ids to fetch the binding again, never its numbers. */
let saved: DetailsState | null = null;
let note = '';
let ticker: ReturnType<typeof setInterval> | undefined;
const copiedTimers = new Map<CopyField, ReturnType<typeof setTimeout>>();
/** The Calls section (src/webview-ui/callsSection.ts). */
const calls = new CallsSection((m) => vscode.postMessage(m), say);

function persist(s: DetailsState | null): void {
  saved = s;
  vscode.setState(s);
}

function say(text: string): void {
  announce.textContent = '';
  // A fresh text node so screen readers announce repeated messages too.
  setTimeout(() => (announce.textContent = text), 30);
}

function copyButton(field: CopyField, what: string): HTMLButtonElement {
  const b = el('button', { className: 'copy', text: 'Copy', attrs: { type: 'button', 'aria-label': `Copy ${what}`, 'data-field': field, 'data-focus': `copy-${field}`, title: `Copy ${what}` } });
  b.addEventListener('click', () => vscode.postMessage({ type: 'copy', field }));
  return b;
}

function row(label: string, value: string, field?: CopyField, extra?: string): HTMLElement {
  const dt = el('dt', { text: label });
  const val = el('span', { className: 'value', text: value || '—' });
  const dd = el('dd', {}, val);
  if (extra) dd.appendChild(el('span', { className: 'muted extra', text: extra }));
  if (field && value) {
    dd.appendChild(copyButton(field, label));
    dd.appendChild(el('span', { className: 'copied', text: '', attrs: { 'data-copied': field } }));
  }
  return el('div', { className: 'row' }, dt, dd);
}

function expiryTexts(v: PageView, now: number): { state: BindingState; relative: string } {
  const state = bindingState(v.expiresAt, now, v.expiringSoonHours);
  if (v.expiresAt === null) return { state, relative: 'The expiry time could not be read.' };
  const d = v.expiresAt - now;
  return { state, relative: d > 0 ? `expires in ${formatDuration(d, 2)}` : `expired ${formatDuration(d, 2)} ago` };
}

function render(): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  const focus = focusedKey(app);
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  const v = current;
  if (!v) {
    app.appendChild(el('p', { className: 'muted', text: 'Select a binding in the Laaffic PNS view to see its details.' }));
    vscode.postMessage({ type: 'rendered', bindId: null, state: 'empty', saved });
    return;
  }
  const now = Date.now();
  const { state, relative } = expiryTexts(v, now);

  const badge = el('span', { className: `badge ${state}`, text: STATE_TEXT[state], attrs: { id: 'badge' } });
  const header = el(
    'header',
    {},
    el('h1', { text: `Binding ${v.bindId}` }),
    badge,
    el('span', { className: 'mode', text: v.mode, attrs: { title: v.mode === 'AXB' ? 'One middle number for both sides' : 'A different middle number for each side' } }),
  );
  const refresh = el('button', { className: 'refresh', text: 'Refresh', attrs: { type: 'button', 'aria-label': `Refresh binding ${v.bindId} from the server`, 'data-focus': 'refresh' } });
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  const unbind = el('button', { className: 'unbind', text: 'Unbind…', attrs: { type: 'button', 'aria-label': `Unbind binding ${v.bindId} (asks first)`, 'data-focus': 'unbind' } });
  unbind.addEventListener('click', () => vscode.postMessage({ type: 'unbind' }));
  const toolbar = el('div', { className: 'toolbar' }, refresh, unbind, el('span', { className: 'muted', text: note || `Read ${new Date(v.fetchedAt).toLocaleTimeString()}`, attrs: { id: 'status' } }));

  const appText = v.app.appId === null ? 'All apps' : v.app.label && v.app.label !== v.app.appId ? `${v.app.label} (${v.app.appId})` : v.app.appId;
  const numbers = el(
    'dl',
    { className: 'fields' },
    ...FIELDS.map((f) =>
      row(f.label, f.field === 'bindId' ? v.bindId : v.shown[f.field], f.field, f.field === 'pnsNumberA' && v.mode === 'AXB' ? 'seen by both sides' : f.field === 'pnsNumberB' && v.mode === 'AXB' ? 'same as A (AXB)' : f.seenBy),
    ),
    row('App', appText),
    row('Mode', v.mode === 'AXB' ? 'AXB — one middle number' : 'AXXB — two middle numbers'),
  );
  const expiry = el(
    'dl',
    { className: 'fields' },
    row('Your time', v.expiresAt === null ? 'unknown' : new Date(v.expiresAt).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' })),
    row(`Vendor time (${v.vendorZone})`, v.expiresInVendorZone ?? 'unknown'),
    row('expireTime as sent', v.expireTime === '' ? '(empty)' : v.expireTime),
  );
  const countdown = el('p', { className: `countdown ${state}`, text: relative, attrs: { id: 'countdown' } });

  const copyJson = copyButton('json', 'JSON of the raw record');
  copyJson.textContent = 'Copy JSON';
  const raw = el(
    'details',
    { className: 'raw' },
    el('summary', { attrs: { 'data-focus': 'raw' } }, el('h2', { text: 'Raw record (JSON)' })),
    el('div', { className: 'toolbar' }, copyJson, el('span', { className: 'copied', attrs: { 'data-copied': 'json' } })),
    el('pre', {}, el('code', { text: v.rawJson })),
  );
  const box = calls.mount(bindingScopeView(v));
  // While phones A and B are masked: a line that says so (its text comes from the extension, in the display language).
  const maskedNote = v.masked ? [el('p', { className: 'muted', text: v.maskedNote, attrs: { id: 'masked-note' } })] : [];
  app.append(header, toolbar, el('h2', { text: 'Numbers' }), ...maskedNote, numbers, el('h2', { text: 'Expiry' }), countdown, expiry, box, raw);
  restoreFocus(app, focus, 'refresh');

  // Live countdown; the badge changes when the time passes while the panel is open.
  ticker = setInterval(() => {
    const t = expiryTexts(v, Date.now());
    countdown.textContent = t.relative;
    countdown.className = `countdown ${t.state}`;
    if (badge.textContent !== STATE_TEXT[t.state]) {
      badge.textContent = STATE_TEXT[t.state];
      badge.className = `badge ${t.state}`;
      say(`Binding ${v.bindId} is now ${STATE_TEXT[t.state].toLowerCase()}.`);
    }
  }, 1000);
  vscode.postMessage({ type: 'rendered', bindId: v.bindId, state: 'binding', saved });
}

/** While the extension fetches the binding a restored panel is about (nothing else is kept). */
function renderLoading(): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  app.setAttribute('aria-busy', 'true');
  app.replaceChildren(el('p', { className: 'muted', text: saved ? `Loading binding ${saved.bindId}…` : 'Loading…', attrs: { id: 'status' } }));
}

/** A restored panel whose binding could not be fetched: the reason, and a way to try again. */
function renderProblem(text: string): void {
  app.removeAttribute('aria-busy');
  const retry = el('button', { className: 'refresh', text: 'Try again', attrs: { type: 'button' } });
  retry.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  app.replaceChildren(el('p', { className: 'banner error', text, attrs: { role: 'alert' } }), el('div', { className: 'toolbar' }, retry));
}

function status(text: string, kind: 'info' | 'error' = 'info'): void {
  const s = document.getElementById('status');
  if (s) {
    s.textContent = text;
    s.className = kind === 'error' ? 'error' : 'muted';
  }
  say(text);
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as ToWebview;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'show':
      if (current?.bindId !== m.binding.bindId) calls.reset();
      current = m.binding;
      note = m.note ?? '';
      persist(toPersistedDetails(current));
      render();
      if (note) say(note);
      return;
    case 'empty':
      current = undefined;
      persist(null);
      render();
      return;
    case 'copied': {
      const mark = document.querySelector(`[data-copied="${m.field}"]`);
      if (mark) {
        mark.textContent = '✓ Copied';
        clearTimeout(copiedTimers.get(m.field));
        copiedTimers.set(m.field, setTimeout(() => (mark.textContent = ''), 2000));
      }
      say('Copied to the clipboard.');
      return;
    }
    case 'refreshing':
      if (current) status('Refreshing…');
      else renderLoading();
      return;
    case 'gone': {
      if (!current) {
        renderProblem(m.text);
        say('This binding no longer exists.');
        vscode.postMessage({ type: 'rendered', bindId: m.bindId, state: 'gone', saved });
        return;
      }
      if (ticker) clearInterval(ticker);
      const badge = document.getElementById('badge');
      if (badge) {
        badge.textContent = 'Gone';
        badge.className = 'badge expired';
      }
      const banner = el('p', { className: 'banner error', text: m.text, attrs: { role: 'alert' } });
      app.insertBefore(banner, app.firstChild);
      status('This binding no longer exists.', 'error');
      vscode.postMessage({ type: 'rendered', bindId: m.bindId, state: 'gone', saved });
      return;
    }
    case 'error':
      if (current) status(m.text, 'error');
      else {
        renderProblem(m.text);
        say(m.text);
      }
      return;
    case 'callsProgress':
    case 'calls':
    case 'callsError':
    case 'callsCancelled':
      calls.handle(m);
      return;
    default:
      return; // unknown messages are ignored
  }
});

// The page keeps only which binding it showed; the extension sends the binding itself after the
// handshake (fetching it again after a reload). A saved state of any other shape, such as the
// whole binding older versions kept, is dropped from VS Code's storage right away.
persist(parsePersistedDetails(vscode.getState()));
if (saved) renderLoading();
vscode.postMessage({ type: 'ready' });
