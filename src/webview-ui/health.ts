/**
 * Browser side of the health dashboard: the figures the extension sent, drawn as lines, tables
 * and charts (src/shared/healthView.ts makes all three from the same rows). Every element is
 * built with createElement and every value set with textContent; a figure that names a set is a
 * button that sends that set back (the extension checks it and lists it).
 */
import type { PageFigures as HealthFigures, PageSet as HealthSet } from '../shared/healthTypes';
import type { FromHealthPage, HealthReport, TableReport, ToHealthPage } from '../shared/healthMessages';
import { HEALTH_STRINGS_EN, healthText, type HealthStringId, type HealthStrings, parseHealthStrings } from '../shared/healthStrings';
import { type HealthCell, type HealthSection, type HealthTable, healthView } from '../shared/healthView';
import { parsePanelLocale } from '../shared/panelStrings';
import { el } from './dom';
import { app, say, vscode } from './page';
import { chartReports, clearCharts, drawChart, followTheme } from './healthCharts';

let strings: HealthStrings = { ...HEALTH_STRINGS_EN };
let locale = 'en';
let title = '';
let figures: { figures: HealthFigures; numbers: Record<string, string> } | undefined;
let state: HealthReport['state'] = 'empty';
let progress = { done: 0, total: 0 };
let errorText = '';

const T = (id: HealthStringId, ...a: Array<string | number>): string => healthText(strings, id, ...a);
const post = (m: FromHealthPage | HealthReport): void => (vscode.postMessage as (m: unknown) => void)(m);

function setKind(set: HealthSet): string {
  return set.of === 'bindings' ? T('setBindings') : set.of === 'calls' ? T('setCalls') : T('setNumbers');
}

function opener(text: string, set: HealthSet, what: string): HTMLButtonElement {
  const b = el('button', { className: 'link', text, attrs: { type: 'button', 'aria-label': T('openAria', setKind(set), what), title: T('openAria', setKind(set), what) } });
  b.addEventListener('click', () => post({ type: 'healthOpen', set }));
  return b;
}

function cell(c: HealthCell, what: string, tag: 'td' | 'th'): HTMLElement {
  const e = el(tag, tag === 'th' ? { attrs: { scope: 'row' } } : {});
  e.appendChild(c.set ? opener(c.text, c.set, what) : document.createTextNode(c.text));
  return e;
}

function table(t: HealthTable): HTMLTableElement {
  return el(
    'table',
    { attrs: { id: `t-${t.id}` } },
    el('caption', { text: t.caption }),
    el('thead', {}, el('tr', {}, ...t.head.map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...t.rows.map((r) => el('tr', {}, ...r.map((c, i) => cell(c, i === 0 ? c.text : `${r[0].text}, ${t.head[i]}: ${c.text}`, i === 0 ? 'th' : 'td'))))),
  );
}

function section(s: HealthSection): HTMLElement {
  const out = el('section', { attrs: { 'aria-labelledby': `h-${s.id}` } }, el('h2', { text: s.heading, attrs: { id: `h-${s.id}` } }));
  if (s.problem) out.appendChild(el('p', { className: 'problem', text: s.problem }));
  if (s.lines.length) out.appendChild(el('ul', { className: 'lines' }, ...s.lines.map((l) => el('li', {}, l.set ? opener(l.text, l.set, l.text) : document.createTextNode(l.text)))));
  const pending: Array<[HTMLCanvasElement, NonNullable<HealthSection['blocks'][number]['chart']>]> = [];
  // Tables without a chart side by side, as far as the width goes; a chart and its table on a row of their own.
  let row: HTMLElement | undefined;
  for (const b of s.blocks) {
    const block = el('div', { className: b.chart ? 'block charted' : 'block' });
    if (b.chart) {
      const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': T('chartOf', b.table.caption), id: `c-${b.chart.id}` } });
      block.appendChild(el('div', { className: 'chart' }, canvas));
      pending.push([canvas, b.chart]);
    }
    // Scrolls when long: reachable by keyboard, named by its caption.
    block.appendChild(el('div', { className: 'table', attrs: { tabindex: '0', role: 'region', 'aria-label': b.table.caption } }, table(b.table)));
    if (b.chart) {
      row = undefined;
      out.appendChild(block);
    } else {
      if (!row) out.appendChild((row = el('div', { className: 'tables' })));
      row.appendChild(block);
    }
  }
  charts.push(...pending);
  return out;
}

let charts: Array<[HTMLCanvasElement, NonNullable<HealthSection['blocks'][number]['chart']>]> = [];

function toolbar(): HTMLElement {
  const loading = state === 'loading';
  const refresh = el('button', { className: 'primary', text: T('refresh'), attrs: { type: 'button' } });
  refresh.disabled = loading;
  refresh.addEventListener('click', () => post({ type: 'healthRefresh' }));
  const exp = el('button', { text: T('exportFigures'), attrs: { type: 'button' } });
  exp.disabled = !figures || loading;
  exp.addEventListener('click', () => post({ type: 'healthExport' }));
  const bar = el('div', { className: 'toolbar' }, refresh, exp);
  if (loading) {
    const cancel = el('button', { text: T('cancel'), attrs: { type: 'button', id: 'cancel' } });
    cancel.addEventListener('click', () => post({ type: 'healthCancel' }));
    bar.appendChild(cancel);
  }
  return bar;
}

function statusLine(): HTMLElement {
  const p = el('p', { className: 'status', attrs: { id: 'status', role: 'status' } });
  if (state === 'loading') p.textContent = T('reading', progress.total > 0 ? `${progress.done.toLocaleString(locale)} / ${progress.total.toLocaleString(locale)}` : '');
  else if (state === 'cancelled') p.textContent = T('cancelled');
  else if (state === 'error') p.textContent = T('failed', errorText);
  else if (figures) p.textContent = T('asOf', new Date(figures.figures.asOf).toLocaleString(locale));
  return p;
}

function render(): void {
  app.removeAttribute('aria-busy');
  clearCharts();
  charts = [];
  const parts: Node[] = [el('header', {}, el('h1', { text: title ? T('heading', title) : T('title') })), toolbar(), statusLine()];
  if (state === 'loading') {
    const bar = el('progress', { attrs: { 'aria-label': T('reading', ''), max: String(Math.max(1, progress.total)) } });
    bar.value = progress.done;
    parts.push(bar);
  }
  if (figures) for (const s of healthView(figures.figures, figures.numbers, strings, locale)) parts.push(section(s));
  app.replaceChildren(...parts);
  for (const [canvas, spec] of charts) drawChart(canvas, spec);
  if (LAAFFIC_PNS_TEST_BUILD) report();
}

function report(): void {
  const tables: TableReport[] = [...app.querySelectorAll('table')].map((t) => ({
    id: t.id.replace(/^t-/, ''),
    caption: t.caption?.textContent ?? '',
    head: [...t.querySelectorAll('thead th')].map((h) => h.textContent ?? ''),
    rows: [...t.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent ?? '')),
  }));
  post({ type: 'healthRendered', state, asOf: figures?.figures.asOf ?? null, charts: chartReports(), tables, text: document.body.innerText });
}

function handle(m: ToHealthPage): void {
  switch (m.type) {
    case 'healthStrings':
      strings = parseHealthStrings(m.strings);
      locale = parsePanelLocale(m.locale);
      document.documentElement.lang = locale;
      document.title = T('title');
      break;
    case 'healthScope':
      title = typeof m.title === 'string' ? m.title : '';
      break;
    case 'healthProgress':
      if (state !== 'loading') say(T('reading', ''));
      state = 'loading';
      progress = { done: Number(m.done) || 0, total: Number(m.total) || 0 };
      // Only the bar and the status line change while reading.
      if (document.getElementById('status') && app.querySelector('progress')) {
        (document.getElementById('status') as HTMLElement).textContent = T('reading', progress.total > 0 ? `${progress.done.toLocaleString(locale)} / ${progress.total.toLocaleString(locale)}` : '');
        const bar = app.querySelector('progress') as HTMLProgressElement;
        bar.max = Math.max(1, progress.total);
        bar.value = progress.done;
        if (LAAFFIC_PNS_TEST_BUILD) report();
        return;
      }
      break;
    case 'healthFigures':
      figures = { figures: m.figures, numbers: m.numbers ?? {} };
      state = 'figures';
      say(T('asOf', new Date(m.figures.asOf).toLocaleString(locale)));
      break;
    case 'healthCancelled':
      state = 'cancelled';
      say(T('cancelled'));
      break;
    case 'healthError':
      state = 'error';
      errorText = typeof m.text === 'string' ? m.text : '';
      say(T('failed', errorText));
      break;
    default:
      return;
  }
  render();
}

window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as ToHealthPage | null;
  if (m && typeof m === 'object') handle(m);
});
followTheme();
post({ type: 'ready' } as unknown as FromHealthPage);
