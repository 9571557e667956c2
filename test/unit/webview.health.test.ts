// The health dashboard's page side without a browser: the protocol's checks (a set the page
// sends back is taken only in its exact shape), the string table, and the view the page draws
// from a figures object made here: every chart is its table's numbers, and both are the figures.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HealthFigures } from '../../src/api/health/figures';
import { parseFromHealthPage, parseHealthSet } from '../../src/shared/healthMessages';
import { HEALTH_STRING_IDS, HEALTH_STRINGS_EN, parseHealthStrings } from '../../src/shared/healthStrings';
import { healthView, toNumber } from '../../src/shared/healthView';

const ROOT = path.join(__dirname, '..', '..', '..');
const S = { ...HEALTH_STRINGS_EN };
const zero = { answered: 0, busy: 0, 'no-answer': 0, failed: 0, other: 0 };

function figures(): HealthFigures {
  return {
    asOf: Date.UTC(2026, 11, 6, 12),
    zoneOffsetMinutes: 480,
    account: 'acct1',
    bindings: {
      total: 1234,
      states: { active: 1000, expiring: 100, expired: 130, unknown: 4 },
      expiry: { expired: 130, '1h': 7, '24h': 93, '7d': 250, later: 750, unknown: 4 },
      modes: { AXB: 900, AXXB: 334 },
      countriesA: { top: [{ key: '91', count: 800 }, { key: '1', count: 400 }, { key: '', count: 4 }], rest: 30 },
      countriesB: { top: [{ key: '44', count: 1234 }], rest: 0 },
      perNumber: { top: [{ key: '6580001111', count: 600 }, { key: '6580002222', count: 3 }], rest: 631 },
      numbersIdle: 5,
      numbersCarrying: 12,
    },
    calls: {
      from: Date.UTC(2026, 10, 6, 16),
      to: Date.UTC(2026, 11, 6, 16),
      total: 2600,
      outcomes: { answered: 2000, busy: 200, 'no-answer': 250, failed: 100, other: 50 },
      days: [
        { day: '2026-12-04', outcomes: { answered: 1500, busy: 100, 'no-answer': 150, failed: 50, other: 0 }, answerRate: 1500 / 1800, cost: '12.5' },
        { day: '2026-12-05', outcomes: { ...zero }, answerRate: null, cost: '0' },
        { day: '2026-12-06', outcomes: { answered: 500, busy: 100, 'no-answer': 100, failed: 50, other: 50 }, answerRate: 0.625, cost: '3.75' },
      ],
      durationMedianS: 61,
      durationP90S: 300,
      currency: 'USD',
      costTotal: '16.25',
      otherCurrencyCalls: 0,
      reasons: { top: [{ key: 'Caller hung up', count: 900 }, { key: 'User busy', count: 200 }], rest: 1500 },
      withoutLiveBinding: 17,
      scanned: 4000,
    },
    numbers: { total: 17, states: { 'in-use': 12, expired: 3, disabled: 2, unknown: 0 }, dueWithoutRenew: [{ number: '6580003333', appId: 'app1', dueDate: Date.UTC(2026, 11, 20) }], dueWithoutRenewTotal: 1 },
    balance: { balance: '100.50', currency: 'USD', dailyCost: '0.54', runwayDays: 186.1 },
    problems: [],
  };
}

describe('health dashboard: page protocol', () => {
  it('takes a set back only in its exact shape and with known values', () => {
    const good = [
      { of: 'bindings', by: 'state', value: 'expiring' },
      { of: 'bindings', by: 'expiry', value: '1h' },
      { of: 'bindings', by: 'mode', value: 'AXXB' },
      { of: 'bindings', by: 'countryA', value: '91' },
      { of: 'bindings', by: 'countryB', value: '' },
      { of: 'bindings', by: 'number', value: '6580001111' },
      { of: 'calls', by: 'outcome', value: 'no-answer' },
      { of: 'calls', by: 'outcome', value: 'failed', day: '2026-12-04' },
      { of: 'calls', by: 'reason', value: 'Caller hung up' },
      { of: 'calls', by: 'withoutLiveBinding' },
      { of: 'numbers', by: 'state', value: 'in-use' },
      { of: 'numbers', by: 'dueWithoutRenew' },
    ];
    for (const g of good) assert.deepEqual(parseHealthSet(g), g);
    const bad = [
      null,
      'bindings',
      { of: 'bindings', by: 'state', value: 'alive' },
      { of: 'bindings', by: 'expiry', value: '2h' },
      { of: 'bindings', by: 'number', value: '+65 8000' },
      { of: 'bindings', by: 'countryA', value: '91', extra: 1 },
      { of: 'calls', by: 'outcome', value: 'answered', day: '6 Dec' },
      { of: 'calls', by: 'reason', value: 'a\nb' },
      { of: 'calls', by: 'reason', value: '' },
      { of: 'calls', by: 'withoutLiveBinding', value: 'x' },
      { of: 'numbers', by: 'state', value: 3 },
      { of: 'phones', by: 'state', value: 'in-use' },
      { __proto__: { of: 'numbers', by: 'dueWithoutRenew' } },
    ];
    for (const b of bad) assert.equal(parseHealthSet(b), undefined, JSON.stringify(b));
  });

  it('knows the page\'s four messages and nothing else', () => {
    for (const t of ['healthRefresh', 'healthCancel', 'healthExport']) assert.deepEqual(parseFromHealthPage({ type: t, junk: 1 }), { type: t });
    assert.deepEqual(parseFromHealthPage({ type: 'healthOpen', set: { of: 'numbers', by: 'dueWithoutRenew' } }), { type: 'healthOpen', set: { of: 'numbers', by: 'dueWithoutRenew' } });
    for (const m of [{ type: 'healthOpen' }, { type: 'healthOpen', set: { of: 'x' } }, { type: 'ready' }, { type: 'unbind' }, null, 'healthRefresh']) assert.equal(parseFromHealthPage(m), undefined);
  });

  it('the string table: English defaults, known ids only; the extension\'s table has one literal l10n.t per id whose key is the English', () => {
    assert.deepEqual(parseHealthStrings({ refresh: '刷新', cancel: 7, nope: 'x' }), { ...HEALTH_STRINGS_EN, refresh: '刷新' });
    const src = fs.readFileSync(path.join(ROOT, 'src', 'webview', 'health', 'strings.ts'), 'utf8');
    const found = new Map<string, string>();
    for (const m of src.matchAll(/^\s*'?([\w-]+)'?: vscode\.l10n\.t\("((?:[^"\\]|\\.)*)"/gm)) found.set(m[1], JSON.parse(`"${m[2]}"`) as string);
    assert.deepEqual([...found.keys()].sort(), [...HEALTH_STRING_IDS].sort());
    for (const id of HEALTH_STRING_IDS) assert.equal(found.get(id), HEALTH_STRINGS_EN[id], id);
  });
});

describe('health dashboard: what the page draws', () => {
  const f = figures();
  const view = healthView(f, { '6580001111': '+65 8000 1111' }, S, 'en');
  const blocks = view.flatMap((s) => s.blocks);
  const block = (id: string) => blocks.find((b) => b.table.id === id)!;

  it('every chart is its table: labels are the first column, each dataset one numeric column', () => {
    const charted = blocks.filter((b) => b.chart);
    assert.deepEqual(charted.map((b) => b.table.id), ['expiry', 'callsPerDay', 'answerRate', 'costPerDay']);
    for (const b of charted) {
      assert.deepEqual(b.chart!.labels, b.table.rows.map((r) => r[0].text), b.table.id);
      b.chart!.datasets.forEach((d, i) => {
        assert.equal(d.label, b.table.head[i + 1]);
        assert.deepEqual(d.data, b.table.rows.map((r) => toNumber(r[i + 1].text)), `${b.table.id} ${d.label}`);
      });
    }
  });

  it('the charts hold the figures: expiry buckets, calls per day by outcome, answer rate, cost', () => {
    assert.deepEqual(block('expiry').chart!.datasets[0].data, [130, 7, 93, 250, 750, 4]);
    const perDay = block('callsPerDay').chart!;
    assert.deepEqual(perDay.labels, ['2026-12-04', '2026-12-05', '2026-12-06']);
    assert.deepEqual(perDay.datasets.map((d) => d.data), [
      [1500, 0, 500],
      [100, 0, 100],
      [150, 0, 100],
      [50, 0, 50],
      [0, 0, 50],
    ]);
    assert.deepEqual(block('answerRate').chart!.datasets[0].data, [83.3, null, 62.5]);
    assert.deepEqual(block('costPerDay').chart!.datasets[0].data, [12.5, 0, 3.75]);
    // Thousands are written with separators in the tables, and read back whole.
    assert.equal(block('callsPerDay').table.rows[0][1].text, '1,500');
  });

  it('each figure that names a set opens it; "all others" opens nothing', () => {
    assert.deepEqual(block('expiry').table.rows[1][1].set, { of: 'bindings', by: 'expiry', value: '1h' });
    assert.deepEqual(block('callsPerDay').table.rows[2][3].set, { of: 'calls', by: 'outcome', value: 'no-answer', day: '2026-12-06' });
    assert.equal(block('callsPerDay').table.rows[1][1].set, undefined, 'a zero opens nothing');
    const countries = block('countriesA').table.rows;
    assert.deepEqual(countries.map((r) => r[0].text), ['+91', '+1', 'Not recognised', 'All others']);
    assert.deepEqual(countries[2][1].set, { of: 'bindings', by: 'countryA', value: '' });
    assert.equal(countries[3][1].set, undefined);
    assert.deepEqual(block('perNumber').table.rows[0].map((c) => c.text), ['+65 8000 1111', '600']);
    assert.deepEqual(block('reasons').table.rows[0][1].set, { of: 'calls', by: 'reason', value: 'Caller hung up' });
    const lines = view.flatMap((s) => s.lines);
    assert.deepEqual(lines.find((l) => l.text.startsWith('Calls whose'))!.set, { of: 'calls', by: 'withoutLiveBinding' });
    assert.ok(lines.some((l) => l.text === 'Runway: 186.1 days'));
    // The heading counts the window's days, whatever part of today has gone.
    assert.equal(view.find((x) => x.id === 'calls')!.heading, 'Calls, last 3 days');
    assert.ok(lines.some((l) => l.text === 'Middle numbers in use that carry no binding: 5 (of 17).'));
    // Durations in words, as the calls tables write them (61 s and 300 s in the figures).
    assert.ok(lines.some((l) => l.text === 'Median duration of answered calls: 1 min 01 s'), lines.map((l) => l.text).join(' | '));
    assert.ok(lines.some((l) => l.text === '90th-percentile duration: 5 min 00 s'));
  });

  it('a part that could not be read says why; the others are still drawn', () => {
    const g = { ...figures(), calls: null, balance: null, problems: [{ part: 'calls' as const, message: 'timed out' }] };
    const v = healthView(g, {}, S, 'en');
    const calls = v.find((s) => s.id === 'calls')!;
    assert.equal(calls.problem, 'Not shown: timed out');
    assert.equal(calls.blocks.length, 0);
    assert.ok(v.find((s) => s.id === 'bindings')!.blocks.length > 0);
  });
});
