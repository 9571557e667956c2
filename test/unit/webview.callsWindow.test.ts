// The Calls section's custom window: dates typed or picked in local time, the one check of a
// window (hostile values, an end in the future, the 93-day limit) and the message from the page.
// Expected instants are written by hand (Date.UTC, or the Date constructor, which is what
// "local time" means), never computed by the code under test.
import { strict as assert } from 'node:assert';
import { parseFromWebview } from '../../src/shared/messages';
import { checkCustomWindow, describeWindow, parseDateInput, spanText, toDateTimeLocal } from '../../src/shared/callsWindow';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Runs `fn` with the process in time zone `tz` (Node re-reads TZ when it is assigned). */
function inZone<T>(tz: string, fn: () => T): T {
  const old = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env.TZ;
    else process.env.TZ = old;
  }
}

const ms = (text: unknown): number => {
  const d = parseDateInput(text);
  assert.ok(d.ok, `${JSON.stringify(text)}: ${d.ok ? '' : d.problem}`);
  return d.ms;
};
const problem = (text: unknown): string => {
  const d = parseDateInput(text);
  assert.ok(!d.ok, `${JSON.stringify(text)} was accepted as ${d.ok ? new Date(d.ms).toISOString() : ''}`);
  return d.problem;
};

describe('Calls: the custom window', () => {
  describe('parseDateInput (typed in Show Call Records…, and the panel\'s datetime-local values)', () => {
    it('reads a date, a date with a time, the datetime-local form and seconds, as local time', () => {
      assert.equal(ms('2026-11-01'), new Date(2026, 10, 1).getTime());
      assert.equal(ms('2026-11-01 14:00'), new Date(2026, 10, 1, 14, 0).getTime());
      assert.equal(ms('2026-11-01T14:00'), new Date(2026, 10, 1, 14, 0).getTime());
      assert.equal(ms('  2026-11-01 14:05:30 '), new Date(2026, 10, 1, 14, 5, 30).getTime());
      assert.equal(ms('2024-02-29 23:59'), new Date(2024, 1, 29, 23, 59).getTime());
      assert.equal(ms('2000-01-01'), new Date(2000, 0, 1).getTime());
      assert.equal(ms('2099-12-31 23:59:59'), new Date(2099, 11, 31, 23, 59, 59).getTime());
    });

    it('local time is the zone of the computer: India (UTC+05:30) and New York (UTC-05:00 in November)', () => {
      inZone('Asia/Kolkata', () => {
        assert.equal(ms('2026-11-01 14:00'), Date.UTC(2026, 10, 1, 8, 30));
        assert.equal(ms('2026-11-01'), Date.UTC(2026, 9, 31, 18, 30));
        assert.equal(toDateTimeLocal(Date.UTC(2026, 10, 1, 8, 30)), '2026-11-01T14:00');
      });
      inZone('America/New_York', () => {
        assert.equal(ms('2026-11-10 09:15'), Date.UTC(2026, 10, 10, 14, 15));
        assert.equal(toDateTimeLocal(Date.UTC(2026, 10, 10, 14, 15, 59)), '2026-11-10T09:15');
      });
    });

    it('a clock time the daylight-saving change skips is moved forward, as browsers do (Berlin, 2026-03-29)', () => {
      inZone('Europe/Berlin', () => {
        assert.equal(ms('2026-03-29 01:30'), Date.UTC(2026, 2, 29, 0, 30)); // still CET (+01:00)
        assert.equal(ms('2026-03-29 02:30'), Date.UTC(2026, 2, 29, 1, 30)); // no such time: 03:30 CEST
        assert.equal(ms('2026-03-29 03:30'), Date.UTC(2026, 2, 29, 1, 30));
      });
    });

    it('says what is missing: empty, blank or not text', () => {
      for (const v of ['', '   ', undefined, null, 42, {}, ['2026-11-01']]) assert.match(problem(v), /^Enter a date: write YYYY-MM-DD or YYYY-MM-DD HH:MM in your local time, e\.g\. 2026-11-01 or 2026-11-01 14:00\.$/);
    });

    it('refuses other ways of writing a date, with how to write it', () => {
      const notDates = [
        '01/11/2026', '11/01/2026', '2026/11/01', '2026-1-1', '2026-11-1', '26-11-01', '2026-11-01 14', '2026-11-01 1400', '2026-11-01 14:0',
        '2026-11-01T14:00Z', '2026-11-01T14:00:00.000', '2026-11-01 14:00 +01:00', '2026-11-01T14:00:00+08:00', '+2026-11-01', '02026-11-01',
        '2026-11-01  14:00', '2026-11-01\n14:00', '2026-11-01\t14:00', 'now', 'yesterday', '1700000000000', 'NaN',
        '٢٠٢٦-١١-٠١', '２０２６-１１-０１', '2026-11-01; rm -rf /', '<b>2026-11-01</b>', '2026-11-01'.padEnd(5000, ' x'),
      ];
      for (const v of notDates) assert.match(problem(v), /^That is not a date: write YYYY-MM-DD or YYYY-MM-DD HH:MM in your local time, e\.g\. 2026-11-01 or 2026-11-01 14:00\.$/, JSON.stringify(v).slice(0, 60));
    });

    it('names the impossible part: year, month, day of the month, time of day', () => {
      assert.equal(problem('1999-12-31'), 'The year 1999 is out of range: pick a year from 2000 to 2099.');
      assert.equal(problem('2100-01-01'), 'The year 2100 is out of range: pick a year from 2000 to 2099.');
      assert.equal(problem('0000-01-01'), 'The year 0000 is out of range: pick a year from 2000 to 2099.');
      assert.equal(problem('2026-13-01'), 'There is no month 13: months are 01 to 12.');
      assert.equal(problem('2026-00-10'), 'There is no month 00: months are 01 to 12.');
      assert.equal(problem('2026-02-29'), '2026-02-29 is not a day of the calendar: February 2026 has 28 days.');
      assert.equal(problem('2026-11-31 10:00'), '2026-11-31 is not a day of the calendar: November 2026 has 30 days.');
      assert.equal(problem('2026-11-00'), '2026-11-00 is not a day of the calendar: November 2026 has 30 days.');
      assert.equal(problem('2026-11-01 24:00'), '24:00 is not a time of day: hours are 00 to 23, minutes 00 to 59.');
      assert.equal(problem('2026-11-01 12:60'), '12:60 is not a time of day: hours are 00 to 23, minutes 00 to 59.');
      assert.equal(problem('2026-11-01 12:00:60'), '12:00:60 is not a time of day: hours are 00 to 23, minutes 00 to 59.');
    });
  });

  describe('checkCustomWindow (every window the page posts or the command reads)', () => {
    // 2026-11-15 12:00:00.500 UTC: "now" is rounded up to 12:00:01, as the presets' end.
    const now = Date.UTC(2026, 10, 15, 12, 0, 0, 500);
    const nowUp = Date.UTC(2026, 10, 15, 12, 0, 1);
    const ok = (from: unknown, to: unknown) => {
      const w = checkCustomWindow(from, to, now);
      assert.ok(w.ok, `${String(from)}..${String(to)}: ${w.ok ? '' : w.problem}`);
      return w;
    };
    const bad = (from: unknown, to: unknown) => {
      const w = checkCustomWindow(from, to, now);
      assert.ok(!w.ok, `${String(from)}..${String(to)} was accepted`);
      return w.problem;
    };

    it('a window in the past is read as it is, in whole seconds (start down, end up)', () => {
      const from = Date.UTC(2026, 10, 1);
      const to = Date.UTC(2026, 10, 8, 14, 30);
      assert.deepEqual(ok(from, to), { ok: true, from, to, notes: [] });
      assert.deepEqual(ok(from + 999, to + 1), { ok: true, from, to: to + 1000, notes: [] });
    });

    it('an end in the future becomes now, and a note says so', () => {
      const from = Date.UTC(2026, 10, 10);
      assert.deepEqual(ok(from, Date.UTC(2026, 10, 20)), { ok: true, from, to: nowUp, notes: ['The end you picked is in the future, so the window ends now.'] });
      assert.deepEqual(ok(from, Date.UTC(2099, 11, 31, 23, 59)), { ok: true, from, to: nowUp, notes: ['The end you picked is in the future, so the window ends now.'] });
      // "now" itself (as the command's empty end gives) is no change.
      assert.deepEqual(ok(from, now), { ok: true, from, to: nowUp, notes: [] });
    });

    it('a start at or after the end, or in the future, is refused in words', () => {
      const t = Date.UTC(2026, 10, 8);
      const order = 'The start of the window must come before its end: pick an earlier start or a later end.';
      assert.equal(bad(t, t), order);
      assert.equal(bad(t + DAY, t), order);
      // Ordered within one second: rounding widens it to that whole second, not refused.
      assert.deepEqual(ok(t + 400, t + 600), { ok: true, from: t, to: t + 1000, notes: [] });
      const future = 'The window starts in the future, so it can have no calls yet: pick a start before now.';
      assert.equal(bad(now + HOUR, now + 2 * HOUR), future);
      assert.equal(bad(nowUp, nowUp + DAY), future);
    });

    it('up to 93 days is read (past what Laaffic keeps: the section says so); longer is refused with the length', () => {
      const to = Date.UTC(2026, 10, 14);
      assert.deepEqual(ok(to - 93 * DAY, to), { ok: true, from: to - 93 * DAY, to, notes: [] });
      assert.deepEqual(ok(Date.UTC(2026, 5, 1), Date.UTC(2026, 6, 1)), { ok: true, from: Date.UTC(2026, 5, 1), to: Date.UTC(2026, 6, 1), notes: [] }, 'long gone: allowed');
      const over = 'long; at most 93 days are read at once (Laaffic keeps call records for only about 2 months). Pick a start and an end at most 93 days apart.';
      assert.equal(bad(to - 93 * DAY - 1000, to), `The window is 93 days 1 min ${over}`);
      assert.equal(bad(to - 120 * DAY, to), `The window is 120 days ${over}`);
      assert.equal(bad(Date.UTC(2000, 0, 1), to), `The window is 9,814 days ${over}`);
      // Measured after the end became now: a far end is no reason to refuse a short window.
      assert.ok(checkCustomWindow(now - 30 * DAY, now + 400 * DAY, now).ok);
      assert.equal(bad(nowUp - 94 * DAY, now + DAY), `The window is 94 days ${over}`);
    });

    it('hostile values: not numbers, NaN, infinities, huge or before 2000 say what to enter, never throw', () => {
      const from = Date.UTC(2026, 10, 1);
      const notNumbers: unknown[] = [undefined, null, NaN, Infinity, -Infinity, '1762000000000', '2026-11-01', '', {}, [], [from], true, { valueOf: () => from }];
      for (const v of notNumbers) {
        assert.equal(bad(v, now - DAY), 'The start of the window is missing or not a date and time: enter it, e.g. 2026-11-01 or 2026-11-01 14:00.', String(v));
        assert.equal(bad(from, v), 'The end of the window is missing or not a date and time: enter it, e.g. 2026-11-01 or 2026-11-01 14:00.', String(v));
      }
      assert.equal(bad(null, NaN), 'Enter the start and the end of the window (your local time), e.g. 2026-11-01 or 2026-11-01 14:00.');
      for (const v of [0, -1, 1, 946_684_800_000 - 15 * HOUR, 1e20, -1e20, 8.64e15, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 4_102_444_800_000 + 13 * HOUR]) {
        assert.equal(bad(v, now - DAY), 'The start of the window is not a date from 2000 to 2099: pick a date in that range.', String(v));
        assert.equal(bad(from, v), 'The end of the window is not a date from 2000 to 2099: pick a date in that range.', String(v));
      }
      assert.equal(typeof checkCustomWindow(Symbol('x'), BigInt(5), now), 'object');
    });
  });

  describe('the window in words', () => {
    it('spanText: days, hours and minutes, rounded up to the minute', () => {
      assert.equal(spanText(7 * DAY), '7 days');
      assert.equal(spanText(DAY), '1 day');
      assert.equal(spanText(DAY + 2 * HOUR + 5 * MIN), '1 day 2 h 5 min');
      assert.equal(spanText(9 * DAY + 19 * HOUR + 30 * MIN), '9 days 19 h 30 min');
      assert.equal(spanText(45 * MIN), '45 min');
      assert.equal(spanText(2 * HOUR), '2 h');
      assert.equal(spanText(30_000), '1 min');
      assert.equal(spanText(2 * HOUR + 1), '2 h 1 min');
      assert.equal(spanText(0), '0 min');
      assert.equal(spanText(-5), '0 min');
      assert.equal(spanText(NaN), '0 min');
      assert.equal(spanText(1200 * DAY), '1,200 days');
    });
    it('describeWindow: from, to (written by the caller) and the length', () => {
      assert.equal(describeWindow(0, HOUR, (t) => `T${t}`), 'from T0 to T3600000 (1 h)');
      assert.equal(describeWindow(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 8), (t) => new Date(t).toISOString().slice(0, 10)), 'from 2026-11-01 to 2026-11-08 (7 days)');
    });
  });

  describe('the page\'s loadCalls message with a custom window', () => {
    it('keeps the two numbers and nothing else', () => {
      assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: 'custom', from: 1_762_000_000_000, to: 1_762_600_000_000 }), { type: 'loadCalls', window: 'custom', from: 1_762_000_000_000, to: 1_762_600_000_000 });
      assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: 'custom', from: 1, to: 2, url: 'https://evil.example', bindId: '9' }), { type: 'loadCalls', window: 'custom', from: 1, to: 2 });
      // A preset carries no numbers.
      assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: '7d', from: 1, to: 2 }), { type: 'loadCalls', window: '7d' });
    });
    it('a value that is not a finite number arrives as null (the extension then says what to enter: never dropped silently)', () => {
      for (const v of [undefined, null, NaN, Infinity, -Infinity, '1762000000000', '2026-11-01', {}, [1], true]) {
        assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: 'custom', from: v, to: 5 }), { type: 'loadCalls', window: 'custom', from: null, to: 5 }, String(v));
        assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: 'custom', from: 5, to: v }), { type: 'loadCalls', window: 'custom', from: 5, to: null }, String(v));
      }
      assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: 'custom' }), { type: 'loadCalls', window: 'custom', from: null, to: null });
      // Huge numbers pass the shape check; checkCustomWindow refuses them in words.
      assert.deepEqual(parseFromWebview({ type: 'loadCalls', window: 'custom', from: 1e300, to: -1e300 }), { type: 'loadCalls', window: 'custom', from: 1e300, to: -1e300 });
    });
    it('only "custom" exactly', () => {
      for (const w of ['Custom', 'CUSTOM', 'custom ', 'Custom…', ['custom']]) assert.equal(parseFromWebview({ type: 'loadCalls', window: w, from: 1, to: 2 }), undefined, String(w));
    });
  });
});
