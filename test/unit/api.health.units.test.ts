// The health dashboard's building blocks, each against a plain computation of its own: exact
// decimal sums, the live-pair hash set, nearest-rank percentiles, calling codes, the request
// gate, the vendor-zone days, and the figures' CSV.
import { strict as assert } from 'node:assert';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';
import { callingCode, figuresCsv, PairSet, PnsAbortError, type HealthFigures } from '../../src/api';
import { DecimalSum, formatAmount, parseAmount, roundDiv } from '../../src/api/health/decimal';
import { DurationHistogram, DURATION_CAP_S } from '../../src/api/health/durations';
import { RequestGate } from '../../src/api/gate';
import { callDayIndex, callDayLabel, callWindow, expiryBucket } from '../../src/api/health/buckets';
import { parseCsv } from './helpers/csv';

/** A seeded PRNG (mulberry32), so a failure repeats. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('health figures: building blocks', () => {
  describe('exact decimal sums', () => {
    it('0.1 + 0.2 is what decimal arithmetic says, not what doubles say', () => {
      const s = new DecimalSum();
      s.add('0.1');
      s.add('0.2');
      assert.equal(s.toString(), '0.3');
      assert.notEqual(String(0.1 + 0.2), '0.3', 'doubles would not give 0.3');
      const many = new DecimalSum();
      for (let i = 0; i < 1000; i++) many.add('0.0123');
      assert.equal(many.toString(), '12.3');
    });

    it('sums past 2^53 micro-units, 12-decimal amounts, exponent forms and negatives stay exact', () => {
      const s = new DecimalSum();
      let want = 0n;
      const r = rng(3);
      for (let i = 0; i < 20_000; i++) {
        const whole = Math.floor(r() * 999_999_999);
        const frac = String(Math.floor(r() * 1_000_000)).padStart(6, '0');
        s.add(`${whole}.${frac}`);
        want += BigInt(`${whole}${frac}`) * 1_000_000n;
      }
      s.add('0.000000000001');
      s.add('1e-7');
      s.add('-2.5');
      want += 1n + 100_000n - 2_500_000_000_000n;
      assert.ok(want > 2n ** 53n * 1_000_000n, 'the sum is beyond what a double holds in micro-units');
      assert.equal(s.pico, want);
      assert.equal(s.add('abc'), false);
      assert.equal(s.add(''), false);
      assert.equal(s.pico, want, 'text that is no decimal adds nothing');
    });

    it('formats without trailing zeros, and divides rounding half away from zero', () => {
      assert.equal(formatAmount(0n), '0');
      assert.equal(formatAmount(12_500_000_000_000n), '12.5');
      assert.equal(formatAmount(-3_100_000_000n), '-0.0031');
      assert.equal(parseAmount(' 1.50 '), 1_500_000_000_000n);
      assert.equal(roundDiv(25n, 10n), 3n);
      assert.equal(roundDiv(24n, 10n), 2n);
      assert.equal(roundDiv(-25n, 10n), -3n);
    });
  });

  describe('the live-pair set', () => {
    it('holds every added pair (either order, by digits), nothing else, at 16-32 bytes a pair', () => {
      const set = new PairSet();
      const added = new Set<string>();
      const r = rng(9);
      const phone = () => String(910_000_000_000 + Math.floor(r() * 9_999_999_999));
      const pairs: Array<[string, string]> = [];
      for (let i = 0; i < 200_000; i++) {
        const p: [string, string] = [phone(), phone()];
        pairs.push(p);
        set.add(p[0], p[1]);
        added.add([p[0], p[1]].sort().join('|'));
      }
      assert.equal(set.size, added.size);
      for (const [a, b] of pairs) assert.ok(set.has(`+${b.slice(0, 2)} ${b.slice(2)}`, a), 'the other order and another spelling');
      let falsePositives = 0;
      for (let i = 0; i < 200_000; i++) {
        const a = phone();
        const b = phone();
        if (!added.has([a, b].sort().join('|')) && set.has(a, b)) falsePositives++;
      }
      assert.equal(falsePositives, 0);
      assert.ok(set.bytes / set.size >= 16 && set.bytes / set.size <= 32, `${set.bytes / set.size} bytes a pair`);
      assert.equal(set.add('', '123'), false);
      assert.equal(set.has('', '123'), false);
    });
  });

  it('percentiles are the nearest rank of the sorted durations (exact up to the cap)', () => {
    const r = rng(5);
    for (const n of [1, 2, 3, 10, 1001]) {
      const h = new DurationHistogram();
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        const v = Math.floor(r() * 1500);
        values.push(v);
        h.add(v);
      }
      values.sort((a, b) => a - b);
      assert.equal(h.percentile(0.5), values[Math.ceil(0.5 * n) - 1], `median of ${n}`);
      assert.equal(h.percentile(0.9), values[Math.ceil(0.9 * n) - 1], `p90 of ${n}`);
    }
    const h = new DurationHistogram();
    assert.equal(h.percentile(0.5), null);
    h.add(DURATION_CAP_S * 3);
    h.add(-1);
    h.add(null);
    assert.equal(h.count, 1);
    assert.equal(h.percentile(0.5), DURATION_CAP_S);
  });

  it('calling codes: the prefix among the ITU codes, after a + or 00', () => {
    const codes = [...new Set(getCountries().map((c) => String(getCountryCallingCode(c))))];
    const r = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const phone = String(100_000_000_000 + Math.floor(r() * 899_999_999_999));
      assert.equal(callingCode(phone), codes.find((c) => phone.startsWith(c)) ?? '', phone);
    }
    assert.equal(callingCode('+447700900123'), '44');
    assert.equal(callingCode('00919876543210'), '91');
    assert.equal(callingCode('8801712345678'), '880');
    assert.equal(callingCode('12025550123'), '1');
    assert.equal(callingCode('0'), '');
    assert.equal(callingCode(''), '');
    assert.equal(callingCode('abc'), '');
  });

  it('the request gate lets at most max requests run, first come first served, and an aborted waiter leaves', async () => {
    const gate = new RequestGate(3);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (i: number) =>
      gate.run(undefined, async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((res) => setTimeout(res, 5));
        order.push(i);
        running--;
      });
    await Promise.all(Array.from({ length: 12 }, (_, i) => task(i)));
    assert.equal(most, 3);
    const ac = new AbortController();
    const block = Array.from({ length: 3 }, () => gate.run(undefined, () => new Promise((res) => setTimeout(res, 30))));
    let ran = false;
    const waiting = gate.run(ac.signal, async () => {
      ran = true;
    });
    ac.abort();
    await assert.rejects(waiting, PnsAbortError);
    await Promise.all(block);
    assert.equal(ran, false);
    await gate.run(undefined, async () => undefined); // the slots all came back
  });

  it("the calls' days are the vendor zone's, today the last; expiry buckets end at their bound", () => {
    const asOf = Date.parse('2026-03-10T01:30:00Z'); // 09:30 on 10 March in +08:00, still 9 March in -05:00
    const east = callWindow(asOf, 30, 480);
    assert.equal(east.from, Date.parse('2026-02-09T00:00:00+08:00'));
    assert.equal(callDayLabel(east, 29), '2026-03-10');
    assert.equal(callDayIndex(Date.parse('2026-03-10T00:00:00+08:00'), east), 29);
    assert.equal(callDayIndex(Date.parse('2026-03-09T23:59:59+08:00'), east), 28);
    assert.equal(callDayIndex(east.from - 1000, east), -1);
    assert.equal(callDayIndex(asOf + 1000, east), -1);
    assert.equal(callDayIndex(null, east), -1);
    const west = callWindow(asOf, 30, -300);
    assert.equal(callDayLabel(west, 29), '2026-03-09');
    assert.equal(west.from, Date.parse('2026-02-08T00:00:00-05:00'));
    assert.equal(expiryBucket(asOf, asOf), 'expired');
    assert.equal(expiryBucket(asOf + 3_600_000, asOf), '1h');
    assert.equal(expiryBucket(asOf + 3_600_001, asOf), '24h');
    assert.equal(expiryBucket(asOf + 7 * 86_400_000 + 1, asOf), 'later');
    assert.equal(expiryBucket(null, asOf), 'unknown');
  });

  it("the figures' CSV: RFC 4180 quoting, formulas neutralised, numbers kept", () => {
    const f: HealthFigures = {
      asOf: Date.parse('2026-03-10T01:30:00Z'),
      zoneOffsetMinutes: 480,
      account: 'Acme, "main"',
      bindings: null,
      calls: {
        from: 1,
        to: 2,
        total: 3,
        outcomes: { answered: 1, busy: 1, 'no-answer': 0, failed: 1, other: 0 },
        days: [{ day: '2026-03-10', outcomes: { answered: 1, busy: 1, 'no-answer': 0, failed: 1, other: 0 }, answerRate: 1 / 3, cost: '0.0125' }],
        durationMedianS: 12,
        durationP90S: null,
        currency: 'USD',
        costTotal: '0.0125',
        otherCurrencyCalls: 0,
        reasons: { top: [{ key: '=HYPERLINK("x")', count: 2 }, { key: 'line\nbreak; semi', count: 1 }, { key: '@sum', count: 1 }], rest: 0 },
        withoutLiveBinding: 1,
        scanned: 3,
      },
      numbers: null,
      balance: { balance: '-1.5', currency: 'USD', dailyCost: '0.000417', runwayDays: 0 },
      problems: [{ part: 'numbers', message: '+ server said no, twice' }],
    };
    const text = figuresCsv(f);
    assert.ok(text.endsWith('\r\n'));
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['section', 'metric', 'key', 'value']);
    const find = (section: string, metric: string, key = '') => rows.find((r) => r[0] === section && r[1] === metric && r[2] === key)?.[3];
    assert.equal(find('reading', 'account'), 'Acme, "main"');
    assert.equal(rows.find((r) => r[1] === 'reason' && r[3] === '2')?.[2], '\'=HYPERLINK("x")');
    assert.equal(rows.find((r) => r[1] === 'reason' && r[2].startsWith('line'))?.[2], 'line\nbreak; semi');
    assert.ok(rows.some((r) => r[1] === 'reason' && r[2] === "'@sum"));
    assert.equal(find('balance', 'balance'), '-1.5', 'a negative number stays a number');
    assert.equal(find('calls', 'durationP90S'), '');
    assert.equal(find('calls.day', 'answerRate', '2026-03-10'), String(1 / 3));
    assert.equal(find('problems', 'numbers'), "'+ server said no, twice");
    for (const r of rows) assert.equal(r.length, 4, JSON.stringify(r));
  });
});

