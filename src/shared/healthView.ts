/**
 * What the dashboard shows, made from the figures in one place for the page (and its unit test):
 * sections of lines and tables, and each chart built from the SAME rows as the table beside it
 * (its labels are the table's first column, its datasets the table's numeric columns), so a chart
 * and its table cannot disagree. Plain data; the page draws it (src/webview-ui/health/).
 */
import type { PageFigures as HealthFigures, PageSet as HealthSet, PageTopList as TopList } from './healthTypes';
import { healthText, type HealthStringId, type HealthStrings } from './healthStrings';
import { durationWords } from './calls';

export interface HealthCell {
  text: string;
  /** The figure names this set: the cell opens it. */
  set?: HealthSet;
}

export interface HealthTable {
  id: string;
  caption: string;
  head: string[];
  rows: HealthCell[][];
}

/** A chart of a table: its labels are column 0 of the rows, each dataset one numeric column. */
export interface HealthChart {
  id: string;
  kind: 'bar' | 'stacked' | 'line';
  labels: string[];
  /** `colour`: the theme colour's name (--vscode-charts-<colour>). */
  datasets: Array<{ label: string; colour: string; data: Array<number | null> }>;
  /** Values are percentages (the axis says %). */
  percent?: boolean;
}

export interface HealthBlock {
  table: HealthTable;
  chart?: HealthChart;
}

export interface HealthLine {
  text: string;
  set?: HealthSet;
}

export interface HealthSection {
  id: 'bindings' | 'calls' | 'numbers' | 'balance';
  heading: string;
  lines: HealthLine[];
  blocks: HealthBlock[];
  /** Why the section could not be read (the rest is still shown). */
  problem?: string;
}

const OUTCOME_COLOURS: Record<string, string> = { answered: 'green', busy: 'yellow', 'no-answer': 'orange', failed: 'red', other: 'purple' };
const OUTCOMES = ['answered', 'busy', 'no-answer', 'failed', 'other'] as const;

export function healthView(f: HealthFigures, numbers: Record<string, string>, s: HealthStrings, locale: string): HealthSection[] {
  const T = (id: HealthStringId, ...a: Array<string | number>) => healthText(s, id, ...a);
  const n = (x: number) => x.toLocaleString(locale);
  const problem = (part: HealthSection['id']) => {
    const p = f.problems.find((q) => q.part === part);
    return p ? T('partMissing', p.message) : undefined;
  };
  const count = (label: string, x: number, set?: HealthSet): HealthCell[] => [{ text: label }, { text: n(x), set }];
  const top = (id: string, caption: string, head: string, list: TopList, label: (k: string) => string, set: (k: string) => HealthSet): HealthBlock => ({
    table: {
      id,
      caption,
      head: [head, T('colCount')],
      rows: [...list.top.map((e) => count(label(e.key), e.count, set(e.key))), ...(list.rest > 0 ? [count(T('others'), list.rest)] : [])],
    },
  });
  /** A chart of `table`'s column 1 (counts): labels and data read back from the rows. */
  const barOf = (table: HealthTable, id: string, colour: string): HealthChart => ({
    id,
    kind: 'bar',
    labels: table.rows.map((r) => r[0].text),
    datasets: [{ label: table.head[1], colour, data: table.rows.map((r) => toNumber(r[1].text)) }],
  });
  const out: HealthSection[] = [];

  const b = f.bindings;
  const bs: HealthSection = { id: 'bindings', heading: T('bindings'), lines: [], blocks: [], problem: problem('bindings') };
  if (b) {
    bs.lines.push({ text: `${T('total')}: ${n(b.total)}` });
    const states: Array<[keyof typeof b.states, HealthStringId]> = [
      ['active', 'stateActive'],
      ['expiring', 'stateExpiring'],
      ['expired', 'stateExpired'],
      ['unknown', 'stateUnknown'],
    ];
    bs.blocks.push({ table: { id: 'states', caption: T('statesCaption'), head: [T('colWhat'), T('colCount')], rows: states.map(([k, id]) => count(T(id), b.states[k], { of: 'bindings', by: 'state', value: k })) } });
    const expiry = { id: 'expiry', caption: T('expiryCaption'), head: [T('colWhat'), T('colCount')], rows: (['expired', '1h', '24h', '7d', 'later', 'unknown'] as const).map((k) => count(T(`exp_${k}`), b.expiry[k], { of: 'bindings', by: 'expiry', value: k })) };
    bs.blocks.push({ table: expiry, chart: barOf(expiry, 'expiryChart', 'blue') });
    bs.blocks.push({ table: { id: 'modes', caption: T('modesCaption'), head: [T('colWhat'), T('colCount')], rows: (['AXB', 'AXXB'] as const).map((k) => count(k, b.modes[k], { of: 'bindings', by: 'mode', value: k })) } });
    const country = (k: string) => (k === '' ? T('countryUnknown') : `+${k}`);
    bs.blocks.push(top('countriesA', T('countriesACaption'), T('colWhat'), b.countriesA, country, (k) => ({ of: 'bindings', by: 'countryA', value: k })));
    bs.blocks.push(top('countriesB', T('countriesBCaption'), T('colWhat'), b.countriesB, country, (k) => ({ of: 'bindings', by: 'countryB', value: k })));
    bs.blocks.push(top('perNumber', T('perNumberCaption'), T('colNumber'), b.perNumber, (k) => numbers[k] ?? k, (k) => ({ of: 'bindings', by: 'number', value: k })));
    bs.lines.push({ text: b.numbersUnknown ? T('idleUnknown') : T('idleNumbers', n(b.numbersIdle), n(b.numbersIdle + b.numbersCarrying)) });
  }
  out.push(bs);

  const c = f.calls;
  // The window's days (today, as far as it has gone, the last of them).
  const days = c ? c.days.length : 30;
  const cs: HealthSection = { id: 'calls', heading: T('calls', days), lines: [], blocks: [], problem: problem('calls') };
  if (c) {
    cs.lines.push({ text: T('callsTotal', n(c.total)) });
    for (const o of OUTCOMES) cs.lines.push({ text: `${T(`out_${o}`)}: ${n(c.outcomes[o])}`, set: { of: 'calls', by: 'outcome', value: o } });
    const perDay: HealthTable = {
      id: 'callsPerDay',
      caption: T('callsPerDayCaption'),
      head: [T('colDay'), ...OUTCOMES.map((o) => T(`out_${o}`))],
      rows: c.days.map((d) => [{ text: d.day }, ...OUTCOMES.map((o) => ({ text: n(d.outcomes[o]), set: d.outcomes[o] > 0 ? ({ of: 'calls', by: 'outcome', value: o, day: d.day } as HealthSet) : undefined }))]),
    };
    cs.blocks.push({
      table: perDay,
      chart: { id: 'callsPerDayChart', kind: 'stacked', labels: perDay.rows.map((r) => r[0].text), datasets: OUTCOMES.map((o, i) => ({ label: perDay.head[i + 1], colour: OUTCOME_COLOURS[o], data: perDay.rows.map((r) => toNumber(r[i + 1].text)) })) },
    });
    const rate: HealthTable = {
      id: 'answerRate',
      caption: T('answerRateCaption'),
      head: [T('colDay'), `${T('colRate')} (%)`],
      rows: c.days.map((d) => [{ text: d.day }, { text: d.answerRate === null ? T('none') : (Math.round(d.answerRate * 1000) / 10).toLocaleString(locale) }]),
    };
    cs.blocks.push({ table: rate, chart: { id: 'answerRateChart', kind: 'line', percent: true, labels: rate.rows.map((r) => r[0].text), datasets: [{ label: rate.head[1], colour: 'green', data: rate.rows.map((r) => toNumber(r[1].text)) }] } });
    const dur = (x: number | null) => (x === null ? T('none') : durationWords(x, T));
    cs.lines.push({ text: T('durationMedian', dur(c.durationMedianS)) }, { text: T('durationP90', dur(c.durationP90S)) });
    const cost: HealthTable = { id: 'costPerDay', caption: T('costCaption', c.currency), head: [T('colDay'), T('colCost', c.currency)], rows: c.days.map((d) => [{ text: d.day }, { text: d.cost }]) };
    cs.blocks.push({ table: cost, chart: { id: 'costPerDayChart', kind: 'bar', labels: cost.rows.map((r) => r[0].text), datasets: [{ label: cost.head[1], colour: 'blue', data: cost.rows.map((r) => toNumber(r[1].text)) }] } });
    cs.lines.push({ text: T('costTotal', c.costTotal, c.currency) });
    if (c.otherCurrencyCalls > 0) cs.lines.push({ text: T('otherCurrency', n(c.otherCurrencyCalls)) });
    cs.blocks.push(top('reasons', T('reasonsCaption'), T('colWhat'), c.reasons, (k) => k, (k) => ({ of: 'calls', by: 'reason', value: k })));
    if (c.withoutLiveBindingUnknown) cs.lines.push({ text: T('withoutLiveUnknown') });
    else cs.lines.push({ text: T('withoutLive', n(c.withoutLiveBinding)), set: c.withoutLiveBinding > 0 ? { of: 'calls', by: 'withoutLiveBinding' } : undefined });
  }
  out.push(cs);

  const nf = f.numbers;
  const ns: HealthSection = { id: 'numbers', heading: T('numbers'), lines: [], blocks: [], problem: problem('numbers') };
  if (nf) {
    ns.lines.push({ text: `${T('total')}: ${n(nf.total)}` });
    const st: Array<[keyof typeof nf.states, HealthStringId]> = [
      ['in-use', 'num_in_use'],
      ['expired', 'num_expired'],
      ['disabled', 'num_disabled'],
      ['unknown', 'num_unknown'],
    ];
    ns.blocks.push({ table: { id: 'numberStates', caption: T('numberStatesCaption'), head: [T('colWhat'), T('colCount')], rows: st.map(([k, id]) => count(T(id), nf.states[k], { of: 'numbers', by: 'state', value: k })) } });
    if (nf.dueWithoutRenewTotal === 0) ns.lines.push({ text: T('dueNone', 30) });
    else {
      ns.lines.push({ text: T('dueCaption', 30, n(nf.dueWithoutRenewTotal)), set: { of: 'numbers', by: 'dueWithoutRenew' } });
      ns.blocks.push({
        table: {
          id: 'due',
          caption: T('dueCaption', 30, n(nf.dueWithoutRenewTotal)),
          head: [T('colNumber'), T('colApp'), T('colDue')],
          rows: nf.dueWithoutRenew.map((d) => [{ text: numbers[d.number] ?? d.number }, { text: d.appId }, { text: new Date(d.dueDate).toISOString().slice(0, 10) }]),
        },
      });
    }
  }
  out.push(ns);

  const bal = f.balance;
  const bl: HealthSection = { id: 'balance', heading: T('balance'), lines: [], blocks: [], problem: problem('balance') };
  if (bal) {
    bl.lines.push({ text: T('balanceLine', bal.balance, bal.currency) });
    if (bal.dailyCost !== null) bl.lines.push({ text: T('dailyCost', bal.dailyCost, bal.currency) });
    bl.lines.push({ text: bal.runwayDays === null ? T('runwayNone') : T('runway', bal.runwayDays.toLocaleString(locale)) });
  }
  out.push(bl);
  return out;
}

/** A table cell's number as the chart takes it (separators dropped); null when the cell says none. */
export function toNumber(text: string): number | null {
  const t = text.replace(/[,\s\u00a0\u202f]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}
