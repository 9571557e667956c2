// The dashboard's tallies and the set filters over records made here, edge cases included
// (no start, outside the window, another app, no reason, no called party, another currency,
// idle numbers, auto-renew on/off/unsaid): each expected figure is written down by hand with the
// record, and each set's count over the same records is its figure.
import { strict as assert } from 'node:assert';
import { healthSetFilter, PairSet, type BindingRecord, type CallRecord, type HealthFigures, type HealthSet, type MiddleNumber } from '../../src/api';
import { BindingTally, CallTally, NumberTally } from '../../src/api/health/aggregate';
import { callWindow } from '../../src/api/health/buckets';
import { callPredicate } from '../../src/api/endpoints/callScope';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const asOf = Date.parse('2026-03-10T04:00:00Z'); // 12:00 on 10 March in +08:00
const day = (d: string, hh = 10) => Date.parse(`${d}T${String(hh).padStart(2, '0')}:00:00+08:00`);

function binding(i: number, phoneA: string, phoneB: string, pnsA: string, pnsB: string, expiresAt: number | null): BindingRecord {
  return { bindId: String(1000 + i), phoneA, phoneB, pnsNumberA: pnsA, pnsNumberB: pnsB, expireTime: '', expiresAt, mode: pnsA === pnsB ? 'AXB' : 'AXXB', raw: {} };
}

let callN = 0;
function call(o: Partial<CallRecord>): CallRecord {
  return { callId: `call${callN++}`, number: '917000000001', caller: '919800000001', called: '919800000002', start: day('2026-03-09'), end: null, durationS: 30, chargedDurationS: 60, sipCode: '200', cost: '0.0120', currency: 'USD', direction: 'outgoing', hangupReason: 'Caller hung up', hangupText: '', recordingUrl: null, appId: 'APP1', raw: {}, ...o };
}

function number(n: string, o: Partial<MiddleNumber>): MiddleNumber {
  return { number: n, ccode: '91', country: 'IN', state: 'in-use', type: 'mobile', dueDate: asOf + 40 * DAY, dueDateText: '', appId: 'APP1', autoRenew: null, remark: '', raw: {}, ...o };
}

describe('health figures: tallies and set filters over edge records', () => {
  it('calls: counted only in the scope and window; outcome, day, reason, currency and live-pair sets count their figures', () => {
    const w = callWindow(asOf, 3, 480); // 8, 9 and 10 March (+08:00)
    const tally = new CallTally(w, callPredicate({ kind: 'app', appId: 'APP1' }));
    const live = new PairSet();
    live.add('919800000001', '919800000002');
    // [record, counted?]
    const records: Array<[CallRecord, boolean]> = [
      [call({}), true],
      [call({ caller: '919800000002', called: '919800000001', cost: '0.0130' }), true], // the other way round: same live pair
      [call({ start: day('2026-03-08', 0), sipCode: '486', hangupReason: 'User busy', cost: '0', durationS: 0 }), true], // first second of the window
      [call({ start: day('2026-03-10', 11), sipCode: '480', hangupReason: 'No answer', cost: '' }), true],
      [call({ start: day('2026-03-10', 11), sipCode: '404', hangupReason: 'Number not bound', called: '', cost: '' }), true], // no called party: no live binding
      [call({ caller: '919811111111', hangupReason: '', cost: '1.5', currency: 'EUR' }), true], // no reason; another currency; not a live pair
      [call({ currency: '', cost: '0.0001' }), true], // '' = USD
      [call({ start: null }), false],
      [call({ start: day('2026-03-08', 0) - 1000 }), false],
      [call({ start: asOf + 1000 }), false],
      [call({ appId: 'APP2' }), false],
    ];
    for (const [r] of records) tally.add(r);
    const f = tally.figures(live);
    const counted = records.filter(([, c]) => c).map(([r]) => r);
    assert.equal(f.scanned, records.length);
    assert.equal(f.total, 7);
    assert.deepEqual(f.outcomes, { answered: 4, busy: 1, 'no-answer': 1, failed: 1, other: 0 });
    assert.deepEqual(f.days.map((d) => d.day), ['2026-03-08', '2026-03-09', '2026-03-10']);
    assert.deepEqual(f.days.map((d) => d.outcomes.answered + d.outcomes.busy + d.outcomes['no-answer'] + d.outcomes.failed), [1, 4, 2]);
    assert.deepEqual(f.days.map((d) => d.answerRate), [0, 1, 0]);
    assert.equal(f.currency, 'USD');
    assert.equal(f.costTotal, '0.0251');
    assert.deepEqual(f.days.map((d) => d.cost), ['0', '0.0251', '0']);
    assert.equal(f.otherCurrencyCalls, 1);
    assert.deepEqual(f.reasons, { top: [{ key: 'Caller hung up', count: 3 }, { key: 'No answer', count: 1 }, { key: 'Number not bound', count: 1 }, { key: 'User busy', count: 1 }], rest: 0 });
    assert.equal(f.withoutLiveBinding, 2);
    assert.equal(f.durationMedianS, 30);

    const figures: Pick<HealthFigures, 'asOf' | 'zoneOffsetMinutes' | 'appId'> & { calls: { days: unknown[] } } = { asOf, zoneOffsetMinutes: 480, appId: 'APP1', calls: f };
    const sets: Array<[HealthSet, number]> = [
      [{ of: 'calls', by: 'outcome', value: 'answered' }, f.outcomes.answered],
      [{ of: 'calls', by: 'outcome', value: 'busy' }, f.outcomes.busy],
      [{ of: 'calls', by: 'outcome', value: 'failed' }, f.outcomes.failed],
      [{ of: 'calls', by: 'outcome', value: 'answered', day: '2026-03-09' }, f.days[1].outcomes.answered],
      [{ of: 'calls', by: 'outcome', value: 'no-answer', day: '2026-03-10' }, f.days[2].outcomes['no-answer']],
      [{ of: 'calls', by: 'reason', value: 'Caller hung up' }, 3],
      [{ of: 'calls', by: 'reason', value: '' }, 0],
      [{ of: 'calls', by: 'withoutLiveBinding' }, f.withoutLiveBinding],
    ];
    for (const [set, want] of sets) {
      const filter = healthSetFilter(set, { figures, soonHours: 6, livePairs: live });
      assert.equal(records.filter(([r]) => filter.call(r)).length, want, JSON.stringify(set));
      assert.equal(counted.filter((r) => filter.call(r)).length, want, `${JSON.stringify(set)}: only counted calls`);
    }
    assert.throws(() => healthSetFilter({ of: 'calls', by: 'withoutLiveBinding' }, { figures, soonHours: 6 }), /live/);
  });

  it('bindings: a middle number counts each binding once; idle and carrying numbers of the Numbers list; countries', () => {
    const t = new BindingTally(asOf, 6);
    const rows = [
      binding(1, '919800000001', '447700900001', '917000000001', '917000000001', asOf + 30 * 60_000), // AXB, 1h, expiring
      binding(2, '919800000003', '12025550100', '917000000001', '917000000002', asOf + 5 * HOUR), // AXXB, 24h, expiring
      binding(3, '0800123', '919800000004', '917000000002', '917000000002', asOf - 1), // expired
      binding(4, '+449800000005', '919800000006', '917000000009', '917000000009', null), // unknown expiry, the number's only binding
    ];
    for (const b of rows) t.add(b);
    const f = t.figures(new Set(['917000000001', '917000000002', '917000000003', '917000000009']));
    assert.deepEqual(f.states, { active: 0, expiring: 2, expired: 1, unknown: 1 });
    assert.deepEqual(f.expiry, { expired: 1, '1h': 1, '24h': 1, '7d': 0, later: 0, unknown: 1 });
    assert.deepEqual(f.modes, { AXB: 3, AXXB: 1 });
    assert.deepEqual(f.perNumber, { top: [{ key: '917000000001', count: 2 }, { key: '917000000002', count: 2 }, { key: '917000000009', count: 1 }], rest: 0 });
    assert.equal(f.numbersCarrying, 3, 'two, two and one binding');
    assert.equal(f.numbersIdle, 1);
    assert.deepEqual(f.countriesA, { top: [{ key: '91', count: 2 }, { key: '', count: 1 }, { key: '44', count: 1 }], rest: 0 });
    assert.deepEqual(f.countriesB, { top: [{ key: '91', count: 2 }, { key: '1', count: 1 }, { key: '44', count: 1 }], rest: 0 });
    assert.equal(t.figures(undefined).numbersUnknown, true);
    const figures = { asOf, zoneOffsetMinutes: 480, calls: null };
    const sets: Array<[HealthSet, number]> = [
      [{ of: 'bindings', by: 'number', value: '917000000002' }, 2],
      [{ of: 'bindings', by: 'state', value: 'expiring' }, 2],
      [{ of: 'bindings', by: 'expiry', value: 'unknown' }, 1],
      [{ of: 'bindings', by: 'countryA', value: '' }, 1],
      [{ of: 'bindings', by: 'mode', value: 'AXB' }, 3],
    ];
    for (const [set, want] of sets) assert.equal(rows.filter(healthSetFilter(set, { figures, soonHours: 6 }).binding).length, want, JSON.stringify(set));
  });

  it('numbers: due within 30 days without auto-renew (off or unsaid, overdue included), soonest first, 100 named', () => {
    const t = new NumberTally(asOf);
    const rows: Array<[MiddleNumber, boolean]> = [
      [number('1', { dueDate: asOf + 5 * DAY, autoRenew: true }), false],
      [number('2', { dueDate: asOf + 5 * DAY, autoRenew: false }), true],
      [number('3', { dueDate: asOf + 2 * DAY }), true],
      [number('4', { dueDate: asOf - DAY, autoRenew: false }), true],
      [number('5', { dueDate: asOf + 31 * DAY, autoRenew: false }), false],
      [number('6', { dueDate: asOf + DAY, state: 'expired' }), false],
      [number('7', { dueDate: null }), false],
    ];
    for (let i = 0; i < 150; i++) rows.push([number(String(100 + i), { dueDate: asOf + (10 + (i % 7)) * DAY, autoRenew: false }), true]);
    for (const [n] of rows) t.add(n);
    const f = t.figures();
    assert.equal(f.total, rows.length);
    assert.deepEqual(f.states, { 'in-use': rows.length - 1, expired: 1, disabled: 0, unknown: 0 });
    assert.equal(f.dueWithoutRenewTotal, rows.filter(([, due]) => due).length);
    assert.equal(f.dueWithoutRenew.length, 100);
    assert.deepEqual(f.dueWithoutRenew.slice(0, 3).map((d) => d.number), ['4', '3', '2']);
    const dates = f.dueWithoutRenew.map((d) => d.dueDate);
    assert.deepEqual(dates, [...dates].sort((a, b) => a - b));
    const filter = healthSetFilter({ of: 'numbers', by: 'dueWithoutRenew' }, { figures: { asOf, zoneOffsetMinutes: 480, calls: null }, soonHours: 6 });
    assert.equal(rows.filter(([n]) => filter.number(n)).length, f.dueWithoutRenewTotal);
  });
});
