/**
 * Export Figures…: the dashboard's numbers as CSV, one row per figure: section, metric, key,
 * value (RFC 4180: CRLF, fields with a comma, semicolon, quote, TAB or line break quoted).
 * Text cells go through the export's csvCell (a cell starting with = + - @ cannot run as a
 * formula); a number, negative ones included, stays a number.
 */
import { csvCell } from '../export';
import { CALL_OUTCOMES } from '../endpoints/outcome';
import { EXPIRY_BUCKETS, type HealthFigures, type TopList } from './figures';

type Value = string | number | boolean | null | undefined;

const NUMBER = /^-?\d+(\.\d+)?$/;

function cell(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return NUMBER.test(v) ? v : csvCell(v);
}

export const FIGURES_CSV_HEADER = ['section', 'metric', 'key', 'value'] as const;

/** The figures as CSV text (header first, CRLF after every row). */
export function figuresCsv(f: HealthFigures): string {
  const rows: Value[][] = [];
  const row = (section: string, metric: string, key: Value, value: Value) => rows.push([section, metric, key, value]);
  const top = (section: string, metric: string, t: TopList) => {
    for (const { key, count } of t.top) row(section, metric, key, count);
    row(section, `${metric}.rest`, '', t.rest);
  };
  row('reading', 'asOf', '', new Date(f.asOf).toISOString());
  row('reading', 'account', '', f.account);
  if (f.appId !== undefined) row('reading', 'appId', '', f.appId);
  row('reading', 'zoneOffsetMinutes', '', f.zoneOffsetMinutes);
  const b = f.bindings;
  if (b) {
    row('bindings', 'total', '', b.total);
    for (const [k, v] of Object.entries(b.states)) row('bindings', 'state', k, v);
    for (const k of EXPIRY_BUCKETS) row('bindings', 'expiry', k, b.expiry[k]);
    for (const [k, v] of Object.entries(b.modes)) row('bindings', 'mode', k, v);
    top('bindings', 'countryA', b.countriesA);
    top('bindings', 'countryB', b.countriesB);
    top('bindings', 'perNumber', b.perNumber);
    if (!b.numbersUnknown) {
      row('bindings', 'numbersIdle', '', b.numbersIdle);
      row('bindings', 'numbersCarrying', '', b.numbersCarrying);
    }
  }
  const c = f.calls;
  if (c) {
    row('calls', 'from', '', new Date(c.from).toISOString());
    row('calls', 'to', '', new Date(c.to).toISOString());
    row('calls', 'total', '', c.total);
    for (const o of CALL_OUTCOMES) row('calls', 'outcome', o, c.outcomes[o]);
    row('calls', 'durationMedianS', '', c.durationMedianS);
    row('calls', 'durationP90S', '', c.durationP90S);
    row('calls', 'currency', '', c.currency);
    row('calls', 'costTotal', '', c.costTotal);
    row('calls', 'otherCurrencyCalls', '', c.otherCurrencyCalls);
    top('calls', 'reason', c.reasons);
    if (!c.withoutLiveBindingUnknown) row('calls', 'withoutLiveBinding', '', c.withoutLiveBinding);
    row('calls', 'scanned', '', c.scanned);
    for (const d of c.days) {
      for (const o of CALL_OUTCOMES) row('calls.day', o, d.day, d.outcomes[o]);
      row('calls.day', 'answerRate', d.day, d.answerRate);
      row('calls.day', 'cost', d.day, d.cost);
    }
  }
  const n = f.numbers;
  if (n) {
    row('numbers', 'total', '', n.total);
    for (const [k, v] of Object.entries(n.states)) row('numbers', 'state', k, v);
    row('numbers', 'dueWithoutRenewTotal', '', n.dueWithoutRenewTotal);
    for (const d of n.dueWithoutRenew) row('numbers', 'dueWithoutRenew', d.number, new Date(d.dueDate).toISOString());
  }
  const bal = f.balance;
  if (bal) {
    row('balance', 'balance', '', bal.balance);
    row('balance', 'currency', '', bal.currency);
    row('balance', 'dailyCost', '', bal.dailyCost);
    row('balance', 'runwayDays', '', bal.runwayDays);
  }
  for (const p of f.problems) row('problems', p.part, '', p.message);
  return [FIGURES_CSV_HEADER.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}
