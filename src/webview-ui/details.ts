/**
 * Browser side of the binding details panel. Every element is built with createElement and every
 * value set with textContent: nothing from a record is ever parsed as HTML.
 */
import { type CallsMessage, type CopyField, type PageView, type PanelUi, parsePersistedDetails, type PersistedDetails, type ToWebview, toPersistedDetails } from '../shared/messages';
import { type BindingState, FIELDS } from '../shared/binding';
import { bindingScopeView, DEFAULT_CALLS_WINDOW } from '../shared/calls';
import { expiryTexts, pageFacts, STATE_ID } from './detailsParts';
import { CallsSection } from './callsSection';
import { el } from './dom';
import { focusedKey, restoreFocus } from './focus';
import { app, lang, listen, say, T, vscode } from './page';

const stateText = (s: BindingState): string => T(STATE_ID[s]);

let current: PageView | undefined;
/** Exactly what was last handed to setState: the ids to fetch the binding again, never its numbers. */
let saved: PersistedDetails | null = null;
let note = '';
let ticker: ReturnType<typeof setInterval> | undefined;
/** The raw record is open (kept across redraws, and across a tab switch through setState). */
let rawOpen = false;
/** The binding shown no longer exists: what the extension said, and whether it was our unbind. */
let gone: { text: string; unbound: boolean } | undefined;
const copiedTimers = new Map<CopyField, ReturnType<typeof setTimeout>>();
const calls = new CallsSection(false, () => persistShown());

function persist(s: PersistedDetails | null): void {
  saved = s;
  vscode.setState(s);
}

/** How the sections were left; undefined while they are as they start (nothing to keep). */
function uiState(): PanelUi | undefined {
  const c = calls.uiState();
  if (!rawOpen && !c.open && c.window === DEFAULT_CALLS_WINDOW && c.from === '' && c.to === '') return undefined;
  return { raw: rawOpen, calls: c };
}

/** Saves the ids of the binding shown and how its sections were left (VS Code reloads the page after a tab switch). */
function persistShown(): void {
  if (current) persist(toPersistedDetails(current, uiState()));
}

function copyButton(field: CopyField, what: string): HTMLButtonElement {
  const b = el('button', { className: 'copy', text: T('copy'), attrs: { type: 'button', 'aria-label': T('copyWhat', what), 'data-field': field, 'data-focus': `copy-${field}`, title: T('copyWhat', what) } });
  b.addEventListener('click', () => vscode.postMessage({ type: 'copy', field }));
  return b;
}

function row(label: string, value: string, field?: CopyField, extra?: string, id?: string): HTMLElement {
  const dt = el('dt', { text: label });
  const val = el('span', { className: 'value', text: value || '—', attrs: id ? { id } : {} });
  const dd = el('dd', {}, val);
  if (extra) dd.appendChild(el('span', { className: 'muted extra', text: extra }));
  if (field && value) {
    dd.appendChild(copyButton(field, label));
    dd.appendChild(el('span', { className: 'copied', text: '', attrs: { 'data-copied': field } }));
  }
  return el('div', { className: 'row' }, dt, dd);
}

function render(): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  const focus = focusedKey(app);
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  const v = current;
  if (!v) {
    app.appendChild(el('p', { className: 'muted', text: T('empty') }));
    if (LAAFFIC_PNS_TEST_BUILD) vscode.postMessage({ type: 'rendered', bindId: null, state: 'empty', saved });
    return;
  }
  const now = Date.now();
  const { state, relative } = expiryTexts(v, now);

  const badge = el('span', { className: `badge ${state}`, text: stateText(state), attrs: { id: 'badge' } });
  const header = el(
    'header',
    {},
    el('h1', { text: T('heading', v.bindId) }),
    badge,
    el('span', { className: 'mode', text: v.mode, attrs: { title: v.mode === 'AXB' ? T('axbTitle') : T('axxbTitle') } }),
  );
  const refresh = el('button', { className: 'refresh', text: T('refresh'), attrs: { type: 'button', 'aria-label': T('refreshAria', v.bindId), 'data-focus': 'refresh' } });
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  const unbind = el('button', { className: 'unbind', text: T('unbind'), attrs: { type: 'button', 'aria-label': T('unbindAria', v.bindId), 'data-focus': 'unbind' } });
  unbind.addEventListener('click', () => vscode.postMessage({ type: 'unbind' }));
  // Nothing left to unbind once it is gone.
  unbind.disabled = gone !== undefined;
  const statusText = gone ? T('goneSay') : note || T('readAt', new Date(v.fetchedAt).toLocaleTimeString(lang.locale));
  // A read-only account's binding: no Unbind at all.
  const toolbar = el('div', { className: 'toolbar' }, refresh, ...(v.readOnly ? [] : [unbind]), el('span', { className: gone && !gone.unbound ? 'error' : 'muted', text: statusText, attrs: { id: 'status' } }));

  // The binding's own app; a record listed under "All apps" names none until its app is found.
  const appText = v.app.appId === null ? T('appNotNamed') : v.app.label && v.app.label !== v.app.appId ? `${v.app.label} (${v.app.appId})` : v.app.appId;
  const numbers = el(
    'dl',
    { className: 'fields' },
    ...FIELDS.map((f) =>
      row(
        T(f.field),
        f.field === 'bindId' ? v.bindId : v.shown[f.field],
        f.field,
        f.field === 'pnsNumberA' && v.mode === 'AXB' ? T('seenByBoth') : f.field === 'pnsNumberB' && v.mode === 'AXB' ? T('sameAsA') : f.field === 'pnsNumberA' ? T('seenByB') : f.field === 'pnsNumberB' ? T('seenByA') : undefined,
      ),
    ),
    row(T('app'), appText, undefined, undefined, 'app-value'),
    row(T('mode'), v.mode === 'AXB' ? T('modeAxb') : T('modeAxxb')),
  );
  const expiry = el(
    'dl',
    { className: 'fields' },
    row(T('yourTime'), v.expiresAt === null ? T('unknown') : new Date(v.expiresAt).toLocaleString(lang.locale, { dateStyle: 'full', timeStyle: 'long' })),
    row(T('vendorTime', v.vendorZone), v.expiresInVendorZone ?? T('unknown')),
    row(T('expireTimeAsSent'), v.expireTime === '' ? T('emptyValue') : v.expireTime),
  );
  const countdown = el('p', { className: `countdown ${gone ? 'expired' : state}`, text: gone ? T('goneSay') : relative, attrs: { id: 'countdown' } });
  if (gone) {
    badge.textContent = T('stateGone');
    badge.className = 'badge expired';
  }

  const copyJson = copyButton('json', T('jsonWhat'));
  copyJson.textContent = T('copyJson');
  const raw = el(
    'details',
    { className: 'raw' },
    el('summary', { attrs: { 'data-focus': 'raw' } }, el('h2', { text: T('rawRecord') })),
    el('div', { className: 'toolbar' }, copyJson, el('span', { className: 'copied', attrs: { 'data-copied': 'json' } })),
    el('pre', {}, el('code', { text: v.rawJson })),
  );
  raw.open = rawOpen;
  raw.addEventListener('toggle', () => {
    if (raw.open === rawOpen) return; // the render's own
    rawOpen = raw.open;
    persistShown();
  });
  // The binding's scope, named in the page's language.
  const box = calls.mount({ ...bindingScopeView(v), noun: T('bindingNoun', v.bindId), about: T('callsHint') });
  // While phones A and B are masked: a line that says so (its text comes from the extension, in the display language).
  const maskedNote = v.masked ? [el('p', { className: 'muted', text: v.maskedNote, attrs: { id: 'masked-note' } })] : [];
  // Gone: the extension's words on top, a success after our own unbind, else an error.
  const banner = gone ? [el('p', { className: gone.unbound ? 'banner success' : 'banner error', text: gone.text, attrs: { role: gone.unbound ? 'status' : 'alert', id: 'gone' } })] : [];
  app.append(...banner, header, toolbar, el('h2', { text: T('numbers') }), ...maskedNote, numbers, el('h2', { text: T('expiry') }), countdown, expiry, box, raw);
  restoreFocus(app, focus, 'refresh');

  if (gone) {
    // A binding that no longer exists has no expiry to count down to.
    if (LAAFFIC_PNS_TEST_BUILD) vscode.postMessage({ type: 'rendered', bindId: v.bindId, state: 'gone', saved, facts: pageFacts(app) });
    return;
  }
  // Live countdown; the badge changes when the time passes while the panel is open.
  ticker = setInterval(() => {
    const t = expiryTexts(v, Date.now());
    countdown.textContent = t.relative;
    countdown.className = `countdown ${t.state}`;
    if (badge.textContent !== stateText(t.state)) {
      badge.textContent = stateText(t.state);
      badge.className = `badge ${t.state}`;
      say(T('nowState', v.bindId, stateText(t.state).toLocaleLowerCase(lang.locale)));
    }
  }, 1000);
  if (LAAFFIC_PNS_TEST_BUILD) vscode.postMessage({ type: 'rendered', bindId: v.bindId, state: 'binding', saved, facts: pageFacts(app) });
}

/** While the extension fetches the binding a restored panel is about (nothing else is kept). */
function renderLoading(): void {
  if (ticker) clearInterval(ticker);
  ticker = undefined;
  app.setAttribute('aria-busy', 'true');
  app.replaceChildren(el('p', { className: 'muted', text: saved ? T('loadingBinding', saved.bindId) : T('loading'), attrs: { id: 'status' } }));
}

/** A restored panel whose binding could not be fetched: the reason, and a way to try again unless none can help (`final`). */
function renderProblem(text: string, final = false): void {
  app.removeAttribute('aria-busy');
  const banner = el('p', { className: 'banner error', text, attrs: { role: 'alert' } });
  if (final) {
    app.replaceChildren(banner);
    return;
  }
  const retry = el('button', { className: 'refresh', text: T('tryAgain'), attrs: { type: 'button' } });
  retry.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  app.replaceChildren(banner, el('div', { className: 'toolbar' }, retry));
}

function status(text: string, kind: 'info' | 'error' = 'info'): void {
  const s = document.getElementById('status');
  if (s) {
    s.textContent = text;
    s.className = kind === 'error' ? 'error' : 'muted';
  }
  say(text);
}

/** What is on screen, drawn again in the display language (a problem banner keeps its text). */
function redraw(): void {
  if (current) render();
  else if (app.getAttribute('aria-busy') === 'true') renderLoading();
}

function handle(m: Exclude<ToWebview, { type: 'strings' } | CallsMessage>): void {
  switch (m.type) {
    case 'show': {
      if (current?.bindId !== m.binding.bindId) {
        // The page reloaded (a tab switch) and this is the binding it showed: its sections as they were left.
        const left = current === undefined && saved?.bindId === m.binding.bindId ? saved.ui : undefined;
        if (left) {
          calls.restoreUi(left.calls);
          rawOpen = left.raw;
        } else calls.reset();
      }
      current = m.binding;
      gone = undefined;
      note = m.note ?? '';
      persistShown();
      render();
      if (note) say(note);
      return;
    }
    case 'empty':
      current = undefined;
      persist(null);
      render();
      return;
    case 'copied': {
      const mark = document.querySelector(`[data-copied="${m.field}"]`);
      if (mark) {
        mark.textContent = T('copied');
        clearTimeout(copiedTimers.get(m.field));
        copiedTimers.set(m.field, setTimeout(() => (mark.textContent = ''), 2000));
      }
      say(T('copiedSay'));
      return;
    }
    case 'refreshing':
      if (current) status(T('refreshing'));
      else renderLoading();
      return;
    case 'gone': {
      if (!current) {
        renderProblem(m.text);
        say(T('goneSay'));
        if (LAAFFIC_PNS_TEST_BUILD) vscode.postMessage({ type: 'rendered', bindId: m.bindId, state: 'gone', saved });
        return;
      }
      if (m.bindId !== current.bindId) return; // about a binding no longer shown
      gone = { text: m.text, unbound: m.unbound === true };
      render();
      say(m.unbound ? m.text : T('goneSay'));
      return;
    }
    case 'error':
      if (current) status(m.text, 'error');
      else {
        renderProblem(m.text, m.final === true);
        say(m.text);
      }
      return;
  }
}

// The page keeps only which binding it showed (the extension sends the binding after 'ready'); a
// saved state of any other shape is dropped from VS Code's storage right away.
persist(parsePersistedDetails(vscode.getState()));
if (saved) renderLoading();
listen<ToWebview>('pageTitle', redraw, calls, handle);
