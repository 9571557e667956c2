/**
 * Browser side of the binding details panel. Builds every element with createElement and
 * sets every value with textContent: nothing from a record is ever parsed as HTML.
 */
import { parsePersistedDetails, toPersistedDetails } from '../webview/messages';
import type { CallsSectionState, CopyField, DetailsState, FromWebview, PageView, ToWebview } from '../webview/messages';
import { DISPLAY_TEXT } from '../display/text';
import { CALLS_WINDOW_LABEL, CALLS_WINDOWS, type CallsWindow, DEFAULT_CALLS_WINDOW, formatCallDuration, isCallsWindow, progressText, scannedText } from '../webview/calls';
import { bindingState, BindingState, formatDuration } from '../api/state';
import { FIELDS, STATE_LABEL as STATE_TEXT } from '../shared/binding';

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

/** The Calls section of the binding shown (reset when another binding is shown). */
interface CallsUi {
  state: CallsSectionState;
  window: CallsWindow;
  pagesDone: number;
  pagesTotal: number;
  result?: Extract<ToWebview, { type: 'calls' }>;
  text: string;
}
let calls: CallsUi | undefined;
let callsWindow: CallsWindow = DEFAULT_CALLS_WINDOW;
let callsOpen = false;
let callsBox: HTMLDetailsElement | undefined;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: { className?: string; text?: string; attrs?: Record<string, string> } = {}, ...children: Node[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.appendChild(c);
  return e;
}

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
  const b = el('button', { className: 'copy', text: 'Copy', attrs: { type: 'button', 'aria-label': `Copy ${what}`, 'data-field': field, title: `Copy ${what}` } });
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
  const refresh = el('button', { className: 'refresh', text: 'Refresh', attrs: { type: 'button', 'aria-label': `Refresh binding ${v.bindId} from the server` } });
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  const unbind = el('button', { className: 'unbind', text: 'Unbind…', attrs: { type: 'button', 'aria-label': `Unbind binding ${v.bindId} (asks first)` } });
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

  const copyJson = copyButton('json', 'the raw record as JSON');
  copyJson.textContent = 'Copy JSON';
  const raw = el(
    'details',
    { className: 'raw' },
    el('summary', { text: 'Raw record (JSON)' }),
    el('div', { className: 'toolbar' }, copyJson, el('span', { className: 'copied', attrs: { 'data-copied': 'json' } })),
    el('pre', {}, el('code', { text: v.rawJson })),
  );
  const box = el('details', { className: 'calls', attrs: { id: 'calls' } });
  callsBox = box;
  box.open = callsOpen;
  box.addEventListener('toggle', () => {
    if (callsBox !== box) return; // a box of an earlier render
    callsOpen = box.open;
    // Opening the section loads the calls the first time.
    if (callsOpen && !calls) loadCalls(callsWindow);
  });
  renderCalls();
  const maskedNote = v.masked ? [el('p', { className: 'muted', text: DISPLAY_TEXT.panelMasked, attrs: { id: 'masked-note' } })] : [];
  app.append(header, toolbar, el('h2', { text: 'Numbers' }), ...maskedNote, numbers, el('h2', { text: 'Expiry' }), countdown, expiry, box, raw);

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

function loadCalls(w: CallsWindow): void {
  calls = { state: 'loading', window: w, pagesDone: 0, pagesTotal: 0, text: progressText(0, 0) };
  renderCalls();
  vscode.postMessage({ type: 'loadCalls', window: w });
}

function callsStatusText(c: CallsUi | undefined): string {
  if (!c) return 'Pick a window and load the calls of this binding’s numbers (phones and middle numbers).';
  switch (c.state) {
    case 'loading':
      return progressText(c.pagesDone, c.pagesTotal);
    case 'calls': {
      const r = c.result!;
      const n = r.total.toLocaleString('en-US');
      const head = r.total === 0 ? `No calls in the ${CALLS_WINDOW_LABEL[r.window].toLowerCase()}.` : `${n} ${r.total === 1 ? 'call' : 'calls'} in the ${CALLS_WINDOW_LABEL[r.window].toLowerCase()}${r.calls.length < r.total ? `, the newest ${r.calls.length.toLocaleString('en-US')} shown` : ''}, newest first.`;
      return `${head} ${scannedText(r)}`;
    }
    default:
      return c.text;
  }
}

/** The Calls section: window, Load / Cancel, status line, error, and the calls. */
function renderCalls(): void {
  const box = callsBox;
  const v = current;
  if (!box || !v) return;
  const c = calls;
  const select = el('select', { attrs: { id: 'calls-window', 'aria-label': 'Time window of the calls' } });
  for (const w of CALLS_WINDOWS) {
    const o = el('option', { text: CALLS_WINDOW_LABEL[w], attrs: { value: w } });
    o.selected = w === callsWindow;
    select.appendChild(o);
  }
  select.addEventListener('change', () => {
    if (isCallsWindow(select.value)) callsWindow = select.value;
  });
  const loading = c?.state === 'loading';
  const load = el('button', { className: 'refresh', text: c ? 'Load again' : 'Load calls', attrs: { type: 'button', id: 'calls-load', 'aria-label': `Load the calls of binding ${v.bindId}` } });
  load.disabled = loading;
  load.addEventListener('click', () => loadCalls(callsWindow));
  const bar = el('div', { className: 'toolbar' }, select, load);
  if (loading) {
    const cancel = el('button', { text: 'Cancel', attrs: { type: 'button', id: 'calls-cancel', 'aria-label': 'Stop reading the call records' } });
    cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancelCalls' }));
    bar.appendChild(cancel);
  }
  const text = callsStatusText(c);
  const statusLine = el('p', { className: c?.state === 'error' ? 'banner error' : 'muted', text, attrs: { id: 'calls-status', role: c?.state === 'error' ? 'alert' : 'status' } });
  const parts: Node[] = [el('summary', { text: 'Calls' }), bar, statusLine];
  const shown = c?.state === 'calls' ? c.result!.calls : [];
  if (shown.length) {
    const head = el('tr', {}, ...['Start', 'Caller → called', 'Via', 'Duration', 'How it ended', 'Recording'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })));
    const rows = shown.map((call) => {
      const rec = el('td');
      if (call.hasRecording) {
        const b = el('button', { text: 'Open recording…', attrs: { type: 'button', 'data-call': call.callId, 'aria-label': `Open the recording of call ${call.callId} in your browser (asks first)` } });
        b.addEventListener('click', () => vscode.postMessage({ type: 'openRecording', callId: call.callId }));
        rec.appendChild(b);
      }
      return el(
        'tr',
        { attrs: { 'data-call-id': call.callId } },
        el('td', { text: call.start === null ? 'unknown' : new Date(call.start).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) }),
        el('td', { className: 'value', text: `${call.caller || '?'} → ${call.called || '?'}` }),
        el('td', { className: 'value', text: call.number || '?' }),
        el('td', { text: formatCallDuration(call.durationS) }),
        el('td', { text: call.hangupText || '—' }),
        rec,
      );
    });
    parts.push(el('table', { className: 'calls' }, el('thead', {}, head), el('tbody', {}, ...rows)));
  }
  box.replaceChildren(...parts);
  box.setAttribute('aria-busy', loading ? 'true' : 'false');
  vscode.postMessage({ type: 'callsRendered', bindId: v.bindId, state: c?.state ?? 'idle', callIds: shown.map((x) => x.callId), text });
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
      if (current?.bindId !== m.binding.bindId) {
        calls = undefined;
        callsOpen = false;
      }
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
      if (current?.bindId !== m.bindId) return;
      callsWindow = m.window;
      if (calls?.state === 'loading' && calls.window === m.window && callsBox?.open) {
        // Only the status line moves (the focus stays on Cancel).
        calls.pagesDone = m.pagesDone;
        calls.pagesTotal = m.pagesTotal;
        const line = document.getElementById('calls-status');
        if (line) line.textContent = progressText(m.pagesDone, m.pagesTotal);
        return;
      }
      calls = { state: 'loading', window: m.window, pagesDone: m.pagesDone, pagesTotal: m.pagesTotal, text: '' };
      callsOpen = true;
      if (callsBox) callsBox.open = true;
      renderCalls();
      return;
    case 'calls':
      if (current?.bindId !== m.bindId) return;
      callsWindow = m.window;
      calls = { state: 'calls', window: m.window, pagesDone: m.pages, pagesTotal: m.pages, result: m, text: '' };
      renderCalls();
      say(callsStatusText(calls));
      return;
    case 'callsError':
      if (current?.bindId !== m.bindId) return;
      calls = { state: 'error', window: m.window, pagesDone: 0, pagesTotal: 0, text: m.text };
      callsOpen = true;
      if (callsBox) callsBox.open = true;
      renderCalls();
      return;
    case 'callsCancelled':
      if (current?.bindId !== m.bindId) return;
      calls = { state: 'cancelled', window: m.window, pagesDone: 0, pagesTotal: 0, text: 'Cancelled: no calls were read. Load them again when you like.' };
      renderCalls();
      say(calls.text);
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
