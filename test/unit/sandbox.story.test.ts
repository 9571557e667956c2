/**
 * The seeded sandbox tells a health dashboard's story (issue 20, part 3): expiries from a month
 * ago to months ahead, middle numbers shared unevenly with idle ones, several countries, calls
 * with a daily and weekly rhythm in the vendor's zone, calls of pairs without a live binding,
 * numbers due without auto-renew, and a call-density option. Everything is read over signed
 * HTTP (or the Sandbox's own views of what it serves) and counted here; every sandbox is closed
 * in afterEach.
 */
import { strict as assert } from 'node:assert';
import { parseCli, startSandbox, CliUsageError, type Sandbox, type SandboxCallRecord, type SandboxOptions } from '../../src/sandbox/main';
import { signedPost } from './helpers/signedPost';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Pinned: a Sunday noon (UTC), so the data and every count here is the same on each run. */
const START = Date.UTC(2026, 11, 6, 12, 0, 0);
/** The country codes the sandbox documents (README.md), longest first so 880 is not read as 88. */
const CODES = ['880', '234', '91', '62', '63', '55', '52', '84'];

const open: Sandbox[] = [];
async function sandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox(o);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

interface NumberRecord {
  number: string;
  dueDate: string;
  appId: string;
  autoRenew: number;
}

/** Every purchased number over /number/queryPage, page by page. */
async function numbers(sb: Sandbox): Promise<NumberRecord[]> {
  const out: NumberRecord[] = [];
  for (let current = 1; ; current++) {
    const env = JSON.parse(await signedPost(sb, '/number/queryPage', { current, size: 100, params: {} }));
    assert.equal(env.status, '0');
    out.push(...env.data.records);
    if (current >= env.data.pages) return out;
  }
}

/** Seconds since the epoch to [local hour, local weekday 0 = Sunday] at `offsetMinutes`. */
function local(startTime: string, offsetMinutes: number): [number, number] {
  const d = new Date(Number(startTime) * 1000 + offsetMinutes * 60_000);
  return [d.getUTCHours(), d.getUTCDay()];
}

/** Unordered pair of digits, as a call and a binding are matched (caller/called vs A/B). */
const pair = (x: string, y: string) => [x, y].sort().join('|');

describe('sandbox: data for a health dashboard', function () {
  this.timeout(60_000);

  it('spreads expiries from a month ago to months ahead: every bucket in its intended share', async () => {
    const sb = await sandbox({ startTime: START });
    const all = sb.bindings();
    const buckets = { expired: 0, hour: 0, day: 0, week: 0, later: 0 };
    for (const b of all) {
      const d = b.expiresAt - START;
      buckets[d <= 0 ? 'expired' : d <= HOUR ? 'hour' : d <= DAY ? 'day' : d <= 7 * DAY ? 'week' : 'later']++;
    }
    const share = (n: number) => n / all.length;
    const msg = JSON.stringify(buckets);
    assert.ok(share(buckets.expired) > 0.1 && share(buckets.expired) < 0.2, `~15 % expired: ${msg}`);
    assert.ok(share(buckets.hour) > 0.02 && share(buckets.hour) < 0.07, `~4 % within 1 h: ${msg}`);
    assert.ok(share(buckets.day) > 0.07 && share(buckets.day) < 0.15, `~11 % within 1..24 h: ${msg}`);
    assert.ok(share(buckets.week) > 0.28 && share(buckets.week) < 0.42, `~35 % within 1..7 days: ${msg}`);
    assert.ok(share(buckets.later) > 0.28 && share(buckets.later) < 0.42, `~35 % later: ${msg}`);
    const ahead = all.map((b) => b.expiresAt - START);
    assert.ok(Math.min(...ahead) >= -30 * DAY, 'expired at most 30 days ago');
    assert.ok(ahead.some((d) => d < -20 * DAY), 'some expired weeks ago');
    assert.ok(Math.max(...ahead) <= 180 * DAY, 'at most 180 days ahead');
    assert.ok(ahead.filter((d) => d > 60 * DAY).length > all.length / 10, 'many months ahead');
  });

  it('shares middle numbers unevenly: a few carry many bindings, some carry none', async () => {
    const sb = await sandbox({ startTime: START });
    const owned = await numbers(sb);
    for (const appId of sb.appIds) {
      const count = new Map(owned.filter((n) => n.appId === appId).map((n) => [n.number, 0]));
      const bindings = sb.bindings(appId);
      for (const b of bindings) for (const n of new Set([b.pnsNumberA, b.pnsNumberB])) count.set(n, count.get(n)! + 1);
      const sorted = [...count.values()].sort((x, y) => y - x);
      const used = sorted.filter((c) => c > 0);
      assert.ok(sorted.length - used.length >= 2, `${appId}: at least two idle numbers (${sorted.join(',')})`);
      assert.ok(used[0] >= 5 * used[used.length - 1], `${appId}: the busiest number carries 5× the least used (${sorted.join(',')})`);
      const top3 = used[0] + used[1] + used[2];
      assert.ok(top3 > 0.35 * used.reduce((x, y) => x + y, 0), `${appId}: three numbers carry over 35 % (${sorted.join(',')})`);
    }
    // AXB and AXXB both, about half each.
    const all = sb.bindings();
    const axb = all.filter((b) => b.pnsNumberA === b.pnsNumberB).length / all.length;
    assert.ok(axb > 0.4 && axb < 0.6, `AXB share ${axb}`);
  });

  it('draws phones A and B from at least five countries, each side', async () => {
    const sb = await sandbox({ startTime: START });
    const code = (n: string) => CODES.find((c) => n.startsWith(c));
    for (const side of ['phoneA', 'phoneB'] as const) {
      const counts = new Map<string | undefined, number>();
      for (const b of sb.bindings()) counts.set(code(b[side]), (counts.get(code(b[side])) ?? 0) + 1);
      assert.ok(!counts.has(undefined), `${side}: a documented country code`);
      assert.ok([...counts.values()].filter((c) => c >= 10).length >= 5, `${side}: ${JSON.stringify([...counts])}`);
    }
  });

  it('gives calls a daily rhythm in the vendor zone and quieter weekends, over 30 days and more', async () => {
    for (const [tz, offset] of [
      ['+08:00', 480],
      ['-05:00', -300],
    ] as const) {
      const sb = await sandbox({ startTime: START, expireTimeZone: tz });
      const calls = sb.callRecords(START - 30 * DAY, START);
      assert.ok(calls.length > 1500, `calls in 30 days: ${calls.length}`);
      const byHour = new Array<number>(24).fill(0);
      const byDay = new Map<string, number>();
      let weekend = 0;
      for (const c of calls) {
        const [hour, weekday] = local(c.startTime, offset);
        byHour[hour]++;
        if (weekday === 0 || weekday === 6) weekend++;
        const day = new Date(Number(c.startTime) * 1000 + offset * 60_000).toISOString().slice(0, 10);
        byDay.set(day, (byDay.get(day) ?? 0) + 1);
      }
      const night = byHour.slice(1, 6).reduce((x, y) => x + y, 0) / 5;
      const day = byHour.slice(9, 18).reduce((x, y) => x + y, 0) / 9;
      assert.ok(night < 0.25 * day, `${tz}: 01-06 h ${night.toFixed(1)} an hour vs 09-18 h ${day.toFixed(1)} (${byHour.join(' ')})`);
      // 30 days hold 8 or 9 weekend days; per day they carry clearly fewer calls.
      const weekendDays = [...byDay.keys()].filter((d) => [0, 6].includes(new Date(d + 'T00:00:00Z').getUTCDay())).length;
      const perWeekend = weekend / weekendDays;
      const perWeekday = (calls.length - weekend) / (byDay.size - weekendDays);
      assert.ok(perWeekend < 0.8 * perWeekday, `${tz}: ${perWeekend.toFixed(1)} calls a weekend day vs ${perWeekday.toFixed(1)} a weekday`);
      assert.ok(byDay.size >= 30, `calls on ${byDay.size} days`);
      // Older calls are kept too: the 31 days before those.
      assert.ok(sb.callRecordCount(START - 61 * DAY, START - 30 * DAY) > 1000);
    }
  });

  it('has calls in the last 30 days whose caller/called pair has no live binding, with the vendor reasons and costs', async () => {
    const sb = await sandbox({ startTime: START });
    const live = new Set(sb.bindings().filter((b) => b.expiresAt > START).map((b) => pair(b.phoneA, b.phoneB)));
    const calls: SandboxCallRecord[] = sb.callRecords(START - 30 * DAY, START);
    const orphans = calls.filter((c) => c.called !== '' && !live.has(pair(c.caller, c.called)));
    assert.ok(orphans.length > 0.05 * calls.length && orphans.length < 0.3 * calls.length, `${orphans.length} of ${calls.length}`);
    const reasons = new Set(calls.map((c) => `${c.hangupReason}/${c.sipCode}`));
    assert.ok(reasons.size >= 6, [...reasons].join(', '));
    assert.ok(calls.some((c) => c.pay > 0) && calls.every((c) => c.currency === 'USD' && c.pay >= 0));
  });

  it('lists a few numbers due within 30 days without auto-renew, others with auto-renew or due later', async () => {
    const sb = await sandbox({ startTime: START, expireFormat: 'seconds' });
    const owned = await numbers(sb);
    const due = (n: NumberRecord) => Number(n.dueDate) * 1000 - START;
    for (const n of owned) assert.ok(n.autoRenew === 0 || n.autoRenew === 1, JSON.stringify(n));
    const atRisk = owned.filter((n) => due(n) > 0 && due(n) <= 30 * DAY && n.autoRenew === 0);
    assert.ok(atRisk.length >= 2 && atRisk.length <= owned.length / 4, `${atRisk.length} of ${owned.length} due without auto-renew`);
    assert.ok(owned.some((n) => due(n) <= 30 * DAY && n.autoRenew === 1), 'due soon but renewing');
    assert.ok(owned.filter((n) => due(n) > 30 * DAY).length > owned.length / 2, 'most due later');
    assert.ok(owned.some((n) => n.autoRenew === 1) && owned.some((n) => due(n) > 30 * DAY && n.autoRenew === 0));
  });

  it('is the same for the same seed and start time, to the byte: bindings, numbers, balance, calls', async () => {
    const o = { startTime: START, seed: 11, callsPerBinding: 3.5 };
    const [a, b] = [await sandbox(o), await sandbox(o)];
    const c = await sandbox({ ...o, seed: 12 });
    const window = { strTime: new Date(START - 20 * DAY).toISOString(), endTime: new Date(START).toISOString() };
    for (const [p, body] of [
      ['/number/pns/queryBindPage', { current: 3, size: 100, params: {} }],
      ['/number/queryPage', { current: 1, size: 100, params: {} }],
      ['/number/record/queryPage', { current: 5, size: 100, params: window }],
      ['/getBalance', undefined],
    ] as const) {
      const text = await signedPost(a, p, body);
      assert.equal(text, await signedPost(b, p, body), p);
      assert.notEqual(text, await signedPost(c, p, body), `${p}: another seed`);
    }
  });

  it('callsPerBinding sets the call density as documented and rejects bad values', async () => {
    const count = async (callsPerBinding?: number) => {
      const sb = await sandbox({ startTime: START, bindings: 4000, callsPerBinding });
      const n = [sb.callRecordCount(START - 61 * DAY, START), sb.callRecordCount(START - 30 * DAY, START)];
      await sb.close();
      return n;
    };
    const [none] = await count(0);
    assert.equal(none, 0);
    for (const [m, label] of [
      [undefined, 'default 1.9'],
      [0.6, '0.6'],
      [6, '6'],
    ] as const) {
      const [all, month] = await count(m);
      const mean = m ?? 1.9;
      assert.ok(Math.abs(all / 4000 - mean) < 0.1 * mean, `${label}: ${all} calls over 60 days for 4000 bindings`);
      assert.ok(month > 0.4 * all && month < 0.6 * all, `${label}: about half in the last 30 days (${month} of ${all})`);
    }
    for (const bad of [-0.1, 20.5, Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) {
      await assert.rejects(sandbox({ callsPerBinding: bad }), /callsPerBinding must be a number 0\.\.20/, String(bad));
    }
    assert.equal(parseCli(['--calls-per-binding', '0.6']).options.callsPerBinding, 0.6);
    for (const bad of ['x', '-1', '21', '']) {
      assert.throws(() => parseCli(['--calls-per-binding', bad]), CliUsageError, bad);
    }
  });
});
