/**
 * Browser side of a Calls section, the same in both pages (told whose calls by a ScopeView): the
 * window (a preset, or Custom… with a start and an end in local time), Load / Apply / Cancel, the
 * status line and the calls. The extension checks every window it is sent and answers one it
 * cannot read with the reason, shown here as an error.
 */
import type { AccountFailure, CallsMessage, CallsSectionState, PanelUi } from '../shared/messages';
import { CALLS_WINDOWS, type CallsRequest, type CallView, type CallsWindow, type CallsWindowChoice, DEFAULT_CALLS_WINDOW, matchedText, type OutcomeTotals, PHONE_WINDOWS, progressText, scannedText, type ScopeView, totalsText, windowLabel, windowRange } from '../shared/calls';
import { describeWindow, MAX_CUSTOM_WINDOW_DAYS, parseDateInput, toDateTimeLocal } from '../shared/callsWindow';
import { el } from './dom';
import { focusedKey, restoreFocus } from './focus';
import { callsTable, rowTexts } from './callsTable';
import { lang, say, T, vscode } from './page';

interface CallsUi {
  state: CallsSectionState;
  window: CallsWindowChoice;
  pagesDone: number;
  pagesTotal: number;
  result?: Extract<CallsMessage, { type: 'calls' }>;
  text: string;
  /** Find Calls by Number while it reads: the matches so far, their totals, the accounts that failed. */
  soFar?: { calls: CallView[]; found: number; totals?: OutcomeTotals; failed?: AccountFailure[] };
}

function localZone(fallback: string): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || fallback;
  } catch {
    return fallback;
  }
}

export class CallsSection {
  #calls: CallsUi | undefined;
  #choice: CallsWindowChoice = DEFAULT_CALLS_WINDOW;
  #open = false;
  #box: HTMLDetailsElement | undefined;
  #view: ScopeView | undefined;
  /** The custom window's inputs as <input type="datetime-local"> values ('' = empty), kept across renders. */
  #from = '';
  #to = '';

  constructor(
    /**
     * The calls panel's section: open from the start (the panel has nothing else), and opening
     * it loads nothing by itself (the command loads; a restored panel waits for Load).
     */
    private readonly standalone: boolean,
    /** The user opened or closed the section, chose a window or typed in the custom inputs (the page saves uiState()). */
    private readonly changed: () => void = () => {},
  ) {
    this.#open = standalone;
  }

  /** A time as the section writes it: the user's local time, to the minute, in the page's locale. */
  #when = (ms: number): string => new Date(ms).toLocaleString(lang.locale, { dateStyle: 'medium', timeStyle: 'short' });

  /** Another binding is shown: nothing loaded for it yet, the section closed (the window choice stays). */
  reset(): void {
    this.#calls = undefined;
    this.#open = this.standalone;
  }

  /** How the section was left: open or not, the window, the custom inputs as typed. */
  uiState(): PanelUi['calls'] {
    return { open: this.#open, window: this.#choice, from: this.#from, to: this.#to };
  }

  /**
   * The same binding's section as it was left before the page was reloaded (a tab switch): open
   * or closed, its window and inputs. Its calls come from the extension, which sends what it last
   * said (nothing is read again).
   */
  restoreUi(s: PanelUi['calls']): void {
    this.#calls = undefined;
    this.#open = this.standalone || s.open;
    this.#choice = s.window;
    this.#from = s.from;
    this.#to = s.to;
  }

  /** The section of a (re)render of the scope `v` (a binding in the details panel). */
  mount(v: ScopeView): HTMLDetailsElement {
    this.#view = v;
    const box = el('details', { className: 'calls', attrs: { id: 'calls' } });
    this.#box = box;
    box.open = this.#open;
    box.addEventListener('toggle', () => {
      if (this.#box !== box) return; // a box of an earlier render
      // A toggle to the state a render set is the render's own (mount, #show), not the user's.
      if (box.open === this.#open) return;
      this.#open = box.open;
      this.changed();
      // Opening the section loads the calls the first time (a custom window once both ends are entered).
      if (box.open && !this.standalone && !this.#calls && (this.#choice !== 'custom' || (this.#from && this.#to))) this.#loadChosen();
    });
    this.#render();
    return box;
  }

  /** A calls message of the extension for the binding shown. */
  handle(m: CallsMessage): void {
    if (this.#view?.key !== m.scope) return;
    switch (m.type) {
      case 'callsProgress':
        this.#choice = m.window;
        if (m.calls && this.#calls?.state === 'loading' && this.#calls.window === m.window && this.#box?.open) {
          // Find Calls by Number: the matches so far are drawn as they arrive (the focus stays where it is).
          this.#calls.pagesDone = m.pagesDone;
          this.#calls.pagesTotal = m.pagesTotal;
          this.#calls.soFar = { calls: m.calls, found: m.found ?? m.calls.length, totals: m.totals, failed: m.failed };
          this.#render();
          return;
        }
        if (!m.calls && this.#calls?.state === 'loading' && this.#calls.window === m.window && this.#box?.open) {
          // Only the status line moves (the focus stays on Cancel).
          this.#calls.pagesDone = m.pagesDone;
          this.#calls.pagesTotal = m.pagesTotal;
          const line = document.getElementById('calls-status');
          if (line) line.textContent = progressText(m.pagesDone, m.pagesTotal, lang);
          return;
        }
        // Started by the extension (Show Call Records…): show which window.
        if (m.window === 'custom') this.#fill(m.from, m.to);
        this.#calls = { state: 'loading', window: m.window, pagesDone: m.pagesDone, pagesTotal: m.pagesTotal, text: '' };
        if (m.calls) this.#calls.soFar = { calls: m.calls, found: m.found ?? m.calls.length, totals: m.totals, failed: m.failed };
        this.#show();
        return;
      case 'calls':
        this.#choice = m.window;
        // The window as read (an end in the future became now).
        if (m.window === 'custom') this.#fill(m.from, m.to);
        this.#calls = { state: 'calls', window: m.window, pagesDone: m.pages, pagesTotal: m.pages, result: m, text: '' };
        this.#render();
        say(this.#statusText());
        return;
      case 'callsError':
        this.#choice = m.window;
        this.#calls = { state: 'error', window: m.window, pagesDone: 0, pagesTotal: 0, text: m.text };
        this.#show();
        return;
      case 'callsCancelled':
        this.#calls = { state: 'cancelled', window: m.window, pagesDone: 0, pagesTotal: 0, text: T('callsCancelled') };
        this.#render();
        say(this.#calls.text);
        return;
    }
  }

  /** Opens the section and draws it. */
  #show(): void {
    this.#open = true;
    if (this.#box) this.#box.open = true;
    this.#render();
    this.changed();
  }

  #fill(from: number, to: number): void {
    this.#from = toDateTimeLocal(from);
    this.#to = toDateTimeLocal(to);
  }

  #loadChosen(): void {
    if (this.#choice === 'custom') this.#apply();
    else this.#start({ window: this.#choice });
  }

  /** Apply: the inputs read as local time; a value that is no date is said here, an empty one by the extension. */
  #apply(): void {
    const f = parseDateInput(this.#from);
    const t = parseDateInput(this.#to);
    const bad = this.#from && !f.ok ? T('fromProblem', f.problem) : this.#to && !t.ok ? T('toProblem', t.problem) : '';
    if (bad) {
      this.#calls = { state: 'error', window: 'custom', pagesDone: 0, pagesTotal: 0, text: bad };
      this.#render();
      return;
    }
    this.#start({ window: 'custom', from: f.ok ? f.ms : null, to: t.ok ? t.ms : null });
  }

  #start(request: CallsRequest): void {
    this.#calls = { state: 'loading', window: request.window, pagesDone: 0, pagesTotal: 0, text: progressText(0, 0, lang) };
    this.#render();
    vscode.postMessage({ type: 'loadCalls', ...request });
  }

  #statusText(): string {
    const c = this.#calls;
    if (!c) return this.#choice === 'custom' ? T('callsHintCustom') : (this.#view?.about ?? '');
    switch (c.state) {
      case 'loading':
        return c.soFar ? T('foundSoFar', c.soFar.found.toLocaleString(lang.locale), progressText(c.pagesDone, c.pagesTotal, lang)) : progressText(c.pagesDone, c.pagesTotal, lang);
      case 'calls': {
        const r = c.result!;
        const where = r.window === 'custom' ? describeWindow(r.from, r.to, this.#when, lang) : T('inWindow', windowLabel(r.window, lang).toLocaleLowerCase(lang.locale));
        return [matchedText(r.total, r.calls.length, where, lang), ...r.notes, scannedText(r, lang)].join(' ');
      }
      default:
        return c.text;
    }
  }

  /** What the custom inputs say, in words, below them (updated as they change). */
  #customWords(): string {
    if (!this.#from || !this.#to) return T('customWordsEmpty', MAX_CUSTOM_WINDOW_DAYS);
    const f = parseDateInput(this.#from);
    const t = parseDateInput(this.#to);
    if (!f.ok) return T('fromProblem', f.problem);
    if (!t.ok) return T('toProblem', t.problem);
    if (f.ms >= t.ms) return T('startBeforeEnd');
    return T(t.ms > Date.now() ? 'readsCallsFuture' : 'readsCalls', describeWindow(f.ms, t.ms, this.#when, lang));
  }

  #customForm(v: ScopeView, loading: boolean): HTMLFormElement {
    const words = el('p', { className: 'muted', text: this.#customWords(), attrs: { id: 'calls-custom-words' } });
    const input = (id: string, label: string, value: string, set: (s: string) => void): HTMLElement => {
      const i = el('input', { attrs: { id, type: 'datetime-local', step: '60', 'aria-describedby': 'calls-custom-words', 'data-focus': id } });
      i.value = value;
      i.addEventListener('input', () => {
        set(i.value);
        words.textContent = this.#customWords();
        this.changed();
      });
      return el('div', { className: 'field' }, el('label', { text: label, attrs: { for: id } }), i);
    };
    const apply = el('button', { className: 'refresh', text: T('apply'), attrs: { type: 'submit', id: 'calls-apply', 'aria-label': T('applyAria', v.noun), 'data-focus': 'calls-apply' } });
    apply.disabled = loading;
    const fieldset = el(
      'fieldset',
      {},
      el('legend', { text: T('customLegend', localZone(T('localTime'))) }),
      input('calls-from', T('from'), this.#from, (s) => (this.#from = s)),
      input('calls-to', T('to'), this.#to, (s) => (this.#to = s)),
      apply,
    );
    const form = el('form', { className: 'custom-window', attrs: { id: 'calls-custom' } }, fieldset, words);
    // The extension's checks answer in words; the browser's own bubbles would not say as much.
    form.noValidate = true;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (this.#calls?.state !== 'loading') this.#apply();
    });
    return form;
  }

  /** The section: window, Load or the custom inputs and Apply, Cancel, status line, error, the calls. */
  #render(): void {
    const box = this.#box;
    const v = this.#view;
    if (!box || !v) return;
    const focus = focusedKey(box);
    const c = this.#calls;
    const loading = c?.state === 'loading';
    const select = el('select', { attrs: { id: 'calls-window', 'data-focus': 'calls-window' } });
    const windows = v.kind === 'phone' ? PHONE_WINDOWS : CALLS_WINDOWS;
    for (const w of [...windows, 'custom' as const]) {
      const o = el('option', { text: windowLabel(w, lang), attrs: { value: w } });
      o.selected = w === this.#choice;
      select.appendChild(o);
    }
    select.addEventListener('change', () => {
      const w = select.value;
      if (w !== 'custom' && !(windows as readonly string[]).includes(w)) return;
      this.#choice = w as CallsWindowChoice;
      if (w === 'custom') {
        if (!this.#from && !this.#to) {
          // Start from the window last read, else the default one.
          const r = this.#calls?.result ?? windowRange(DEFAULT_CALLS_WINDOW, Date.now());
          this.#fill(r.from, r.to);
        }
        this.#render(); // shows the custom inputs: Apply reads them
      } else {
        // Choosing a window is asking for its calls: read them now (a load running is replaced).
        this.#start({ window: w as CallsWindow });
      }
      this.changed();
    });
    const bar = el('div', { className: 'toolbar' }, el('label', { text: T('window'), attrs: { for: 'calls-window' } }), select);
    if (this.#choice !== 'custom') {
      // Accessible names start with the visible text, so that speech input ("click Load calls") finds them.
      const loadText = c ? T('loadAgain') : T('loadCalls');
      const load = el('button', { className: 'refresh', text: loadText, attrs: { type: 'button', id: 'calls-load', 'aria-label': T('loadAria', loadText, v.noun), 'data-focus': 'calls-load' } });
      load.disabled = loading;
      load.addEventListener('click', () => this.#loadChosen());
      bar.appendChild(load);
    }
    if (loading) {
      const cancel = el('button', { text: T('cancel'), attrs: { type: 'button', id: 'calls-cancel', 'aria-label': T('cancelAria'), 'data-focus': 'calls-cancel' } });
      cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancelCalls' }));
      bar.appendChild(cancel);
    }
    const parts: Node[] = [el('summary', { attrs: { 'data-focus': 'calls' } }, el('h2', { text: T('calls') })), bar];
    if (this.#choice === 'custom') parts.push(this.#customForm(v, loading));
    const text = this.#statusText();
    parts.push(el('p', { className: c?.state === 'error' ? 'banner error' : 'muted', text, attrs: { id: 'calls-status', role: c?.state === 'error' ? 'alert' : 'status' } }));
    const shown = c?.state === 'calls' ? c.result!.calls : (c?.soFar?.calls ?? []);
    const totals = c?.state === 'calls' ? c.result!.totals : c?.soFar?.totals;
    const failed = (c?.state === 'calls' ? c.result!.failed : c?.soFar?.failed) ?? [];
    // The accounts that could not be read, each said (the others' calls still show).
    for (const f of failed) parts.push(el('p', { className: 'banner error', text: T('accountFailed', f.account, f.text), attrs: { role: 'alert', 'data-account-failed': '' } }));
    const totalsLine = totals && (shown.length > 0 || c?.state === 'calls') ? totalsText(totals, lang) : '';
    if (totalsLine) parts.push(el('p', { className: 'totals', attrs: { id: 'calls-totals' } }, el('strong', { text: `${T('totalsLabel')}: ` }), el('span', { text: totalsLine })));
    if (shown.length) {
      parts.push(
        callsTable(shown, {
          openRecording: (ref) => vscode.postMessage({ type: 'openRecording', callId: ref }),
          openBinding: (ref) => vscode.postMessage({ type: 'openBinding', ref }),
          ticket: (ref) => vscode.postMessage({ type: 'ticket', ref }),
        }),
      );
    }
    box.replaceChildren(...parts);
    box.setAttribute('aria-busy', loading ? 'true' : 'false');
    // The control that had the focus keeps it across the redraw; Load moves it to Cancel while it
    // reads, and back to Load (or Apply) when done or cancelled.
    restoreFocus(box, focus, loading ? 'calls-cancel' : this.#choice === 'custom' ? 'calls-apply' : 'calls-load', 'calls');
    if (LAAFFIC_PNS_TEST_BUILD) {
      const ended = [...box.querySelectorAll('td.ended')].map((td) => td.textContent ?? '');
      const rows = v.kind === 'phone' ? rowTexts(box) : undefined;
      const page = v.kind === 'phone' ? (document.getElementById('app')?.textContent ?? '') : undefined;
      vscode.postMessage({ type: 'callsRendered', scope: v.key, state: c?.state ?? 'idle', callIds: shown.map((x) => x.callId), text, open: box.open, window: this.#choice, ended, rows, totals: totalsLine, page });
    }
  }
}
