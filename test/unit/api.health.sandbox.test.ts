// The health dashboard's figures against the project's sandbox over real HTTP: every figure
// equals what this test computes on its own from the sandbox's data (its bindings and call
// records as it serves them, the numbers and balance read with a plain loop), with its own
// arithmetic: thresholds, calling codes by string prefixes, SIP classes, integer cost sums.
import { strict as assert } from 'node:assert';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';
import { PnsAbortError, PnsClient, readHealth, type HealthFigures, type MiddleNumber } from '../../src/api';
import { startSandbox, type Sandbox, type SandboxBinding, type SandboxCallRecord } from '../../src/sandbox/main';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ZONE = 480; // the client's default expireTimeZone, +08:00
const SOON_HOURS = 6;

const CODES = [...new Set(getCountries().map((c) => String(getCountryCallingCode(c))))];
function codeOf(phone: string): string {
  return CODES.find((c) => phone.startsWith(c)) ?? '';
}

/** Outcome by SIP code, as the vendor's SIP classes read (RFC 3261). */
function outcomeOf(r: SandboxCallRecord): string {
  const sip = String(r.sipCode);
  if (sip === '200') return 'answered';
  if (['486', '600', '603'].includes(sip)) return 'busy';
  if (['408', '480', '487'].includes(sip)) return 'no-answer';
  if (/^[456]\d\d$/.test(sip)) return 'failed';
  return 'other';
}

/** yyyy-mm-dd of an epoch ms in +08:00. */
const dayIn8 = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 10);

/** 1/10,000 units (the sandbox's `pay` has 4 decimals) as a decimal without trailing zeros. */
function tenThousandths(n: number): string {
  const whole = Math.floor(n / 10_000);
  const frac = String(n % 10_000).padStart(4, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

function topOf(counts: Map<string, number>, n: number) {
  const all = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { top: all.slice(0, n).map(([key, count]) => ({ key, count })), rest: all.slice(n).reduce((s, [, c]) => s + c, 0) };
}

async function allNumbers(client: PnsClient, appId?: string): Promise<MiddleNumber[]> {
  const out: MiddleNumber[] = [];
  for (let current = 1; ; current++) {
    const page = await client.queryNumberPage({ current, size: 37, appId });
    out.push(...page.records);
    if (current * 37 >= page.total || page.records.length === 0) return out;
  }
}

describe('health figures: readHealth against the sandbox', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let client: PnsClient;
  beforeEach(async () => {
    sb = await startSandbox({ port: 0, seed: 7, bindingsPerApp: [900, 400, 250] });
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
  });
  afterEach(async () => {
    client.dispose();
    await sb.close();
  });

  /** The figures of `bindings` and `calls` as this test computes them. */
  function expected(bindings: SandboxBinding[], calls: SandboxCallRecord[], numbers: MiddleNumber[], asOf: number) {
    const states = { active: 0, expiring: 0, expired: 0, unknown: 0 };
    const expiry = { expired: 0, '1h': 0, '24h': 0, '7d': 0, later: 0, unknown: 0 };
    const modes = { AXB: 0, AXXB: 0 };
    const ca = new Map<string, number>();
    const cb = new Map<string, number>();
    const perNumber = new Map<string, number>();
    const live = new Set<string>();
    for (const b of bindings) {
      const left = b.expiresAt - asOf;
      states[left <= 0 ? 'expired' : left <= SOON_HOURS * HOUR ? 'expiring' : 'active']++;
      expiry[left <= 0 ? 'expired' : left <= HOUR ? '1h' : left <= 24 * HOUR ? '24h' : left <= 7 * DAY ? '7d' : 'later']++;
      modes[b.pnsNumberA === b.pnsNumberB ? 'AXB' : 'AXXB']++;
      ca.set(codeOf(b.phoneA), (ca.get(codeOf(b.phoneA)) ?? 0) + 1);
      cb.set(codeOf(b.phoneB), (cb.get(codeOf(b.phoneB)) ?? 0) + 1);
      for (const n of new Set([b.pnsNumberA, b.pnsNumberB])) perNumber.set(n, (perNumber.get(n) ?? 0) + 1);
      if (left > 0) live.add([b.phoneA, b.phoneB].sort().join(' '));
    }
    const inUse = numbers.filter((n) => n.state === 'in-use').map((n) => n.number);
    const carrying = inUse.filter((n) => perNumber.has(n)).length;
    const days = new Map<string, { outcomes: Record<string, number>; cost: number }>();
    const outcomes: Record<string, number> = { answered: 0, busy: 0, 'no-answer': 0, failed: 0, other: 0 };
    const durations: number[] = [];
    const reasons = new Map<string, number>();
    let cost = 0;
    let without = 0;
    for (const r of calls) {
      const o = outcomeOf(r);
      outcomes[o]++;
      const day = dayIn8(Number(r.startTime) * 1000);
      const d = days.get(day) ?? { outcomes: { answered: 0, busy: 0, 'no-answer': 0, failed: 0, other: 0 }, cost: 0 };
      d.outcomes[o]++;
      const pay = Math.round(r.pay * 10_000);
      d.cost += pay;
      cost += pay;
      days.set(day, d);
      if (o === 'answered') durations.push(r.callDuration);
      reasons.set(r.hangupReason, (reasons.get(r.hangupReason) ?? 0) + 1);
      if (r.called === '' || !live.has([r.caller, r.called].sort().join(' '))) without++;
    }
    durations.sort((a, b) => a - b);
    const rank = (p: number) => (durations.length === 0 ? null : durations[Math.ceil(p * durations.length) - 1]);
    return { states, expiry, modes, ca: topOf(ca, 10), cb: topOf(cb, 10), perNumber: topOf(perNumber, 20), idle: inUse.length - carrying, carrying, days, outcomes, median: rank(0.5), p90: rank(0.9), reasons: topOf(reasons, 10), cost, without };
  }

  /** The window's start as this test reads "the last 30 days of the vendor's zone, today the last". */
  const windowStart = (asOf: number) => Date.parse(`${dayIn8(asOf)}T00:00:00+08:00`) - 29 * DAY;

  function checkCalls(f: HealthFigures, e: ReturnType<typeof expected>, asOf: number, count: number) {
    const c = f.calls!;
    assert.equal(c.from, windowStart(asOf));
    assert.equal(c.total, count);
    assert.deepEqual(c.outcomes, e.outcomes);
    assert.equal(c.days.length, 30);
    assert.equal(c.days[29].day, dayIn8(asOf));
    for (const d of c.days) {
      const want = e.days.get(d.day);
      assert.deepEqual(d.outcomes, want?.outcomes ?? { answered: 0, busy: 0, 'no-answer': 0, failed: 0, other: 0 }, d.day);
      assert.equal(d.cost, tenThousandths(want?.cost ?? 0), d.day);
      const n = want ? Object.values(want.outcomes).reduce((a, b) => a + b, 0) : 0;
      assert.equal(d.answerRate, n === 0 ? null : want!.outcomes.answered / n, d.day);
    }
    assert.equal([...e.days.keys()].filter((d) => !c.days.some((x) => x.day === d)).length, 0, 'every day with calls is in the figures');
    assert.equal(c.durationMedianS, e.median);
    assert.equal(c.durationP90S, e.p90);
    assert.equal(c.costTotal, tenThousandths(e.cost));
    assert.equal(c.currency, 'USD');
    assert.equal(c.otherCurrencyCalls, 0);
    assert.deepEqual(c.reasons, e.reasons);
    assert.equal(c.withoutLiveBinding, e.without);
  }

  it('an account: bindings by state, expiry, mode, country and middle number, calls per day and outcome, cost, runway', async () => {
    const asOf = Date.now();
    const f = await readHealth(client, { account: 'acc', appIds: sb.appIds, asOf, zoneOffsetMinutes: ZONE, soonHours: SOON_HOURS, concurrency: 4 });
    assert.deepEqual(f.problems, []);
    const bindings = sb.appIds.flatMap((a) => sb.bindings(a));
    const calls = sb.callRecords(windowStart(asOf), asOf);
    assert.ok(calls.length > 1000, `only ${calls.length} calls`);
    const numbers = await allNumbers(client);
    const e = expected(bindings, calls, numbers, asOf);
    const b = f.bindings!;
    assert.equal(b.total, bindings.length);
    assert.deepEqual(b.states, e.states);
    assert.deepEqual(b.expiry, e.expiry);
    assert.ok(e.expiry.expired > 0 && e.expiry['24h'] > 0, 'the sandbox spreads expiries');
    assert.deepEqual(b.modes, e.modes);
    assert.deepEqual(b.countriesA, e.ca);
    assert.deepEqual(b.countriesB, e.cb);
    assert.ok(e.ca.top.length > 1, 'several countries');
    assert.deepEqual(b.perNumber, e.perNumber);
    assert.equal(b.numbersIdle, e.idle);
    assert.equal(b.numbersCarrying, e.carrying);
    checkCalls(f, e, asOf, calls.length);
    assert.ok(e.without > 0, 'the sandbox has calls without a live binding');
    assert.equal(f.calls!.scanned, calls.length);
    // numbers
    const n = f.numbers!;
    assert.equal(n.total, numbers.length);
    assert.equal(n.states['in-use'], numbers.filter((x) => x.state === 'in-use').length);
    const due = numbers.filter((x) => x.state === 'in-use' && x.autoRenew !== true && x.dueDate !== null && x.dueDate <= asOf + 30 * DAY).sort((x, y) => x.dueDate! - y.dueDate! || (x.number < y.number ? -1 : 1));
    assert.equal(n.dueWithoutRenewTotal, due.length);
    assert.deepEqual(n.dueWithoutRenew.map((d) => d.number), due.slice(0, 100).map((d) => d.number));
    // balance and runway: balance ÷ (cost ÷ 30), one decimal
    const bal = await client.getBalance();
    assert.equal(f.balance!.balance, bal.balance);
    const balance = Number(bal.balance);
    const want = balance <= 0 ? 0 : Math.round((balance * 30 * 10_000 * 10) / e.cost) / 10;
    assert.equal(f.balance!.runwayDays, want);
    assert.equal(f.asOf, asOf);
    assert.equal(f.account, 'acc');
  });

  it('one app: its bindings, and only the calls whose record names it', async () => {
    const asOf = Date.now();
    const app = sb.appIds[1];
    const f = await readHealth(client, { account: 'acc', appIds: [app], appId: app, asOf, zoneOffsetMinutes: ZONE, soonHours: SOON_HOURS });
    assert.deepEqual(f.problems, []);
    assert.equal(f.appId, app);
    const all = sb.callRecords(windowStart(asOf), asOf);
    const calls = all.filter((r) => r.appId === app);
    assert.ok(calls.length > 0 && calls.length < all.length);
    const e = expected(sb.bindings(app), calls, await allNumbers(client, app), asOf);
    assert.equal(f.bindings!.total, sb.bindingCount(app));
    assert.deepEqual(f.bindings!.expiry, e.expiry);
    assert.equal(f.bindings!.numbersCarrying, e.carrying);
    checkCalls(f, e, asOf, calls.length);
    assert.equal(f.calls!.scanned, all.length, 'every record of the window was read once');
  });

  it('a failing numbers endpoint gives a problem, and every other figure', async () => {
    sb.setFaults({ rate: 1, kinds: ['http-500'], paths: ['/number/queryPage'] });
    const f = await readHealth(client, { account: 'acc', appIds: sb.appIds, zoneOffsetMinutes: ZONE, soonHours: SOON_HOURS, maxAttemptsPerPage: 2, backoffMs: { base: 1, max: 5 } });
    assert.equal(f.numbers, null);
    assert.equal(f.problems.length, 1);
    assert.equal(f.problems[0].part, 'numbers');
    assert.match(f.problems[0].message, /500|server/i);
    assert.ok(!f.problems[0].message.includes(sb.apiSecret));
    assert.equal(f.bindings!.total, sb.appIds.reduce((s, a) => s + sb.bindingCount(a), 0));
    assert.equal(f.bindings!.numbersUnknown, true);
    assert.ok(f.calls!.total > 0);
    assert.ok(f.balance);
  });

  it('failing bindings and balance: problems for both, the calls without the live-binding count, the numbers', async () => {
    sb.setFaults({ rate: 1, kinds: ['http-502-html'], paths: ['/number/pns/queryBindPage', '/getBalance'] });
    const f = await readHealth(client, { account: 'acc', appIds: sb.appIds, zoneOffsetMinutes: ZONE, soonHours: SOON_HOURS, maxAttemptsPerPage: 2, backoffMs: { base: 1, max: 5 } });
    assert.deepEqual(f.problems.map((p) => p.part).sort(), ['balance', 'bindings']);
    assert.equal(f.bindings, null);
    assert.equal(f.balance, null);
    assert.equal(f.calls!.withoutLiveBindingUnknown, true);
    assert.equal(f.calls!.withoutLiveBinding, 0);
    assert.ok(f.calls!.total > 0);
    assert.ok(f.numbers!.total > 0);
    for (const p of f.problems) assert.ok(!/[\r\n]/.test(p.message) && p.message.length <= 300);
  });

  it('the parts are read side by side with at most `concurrency` requests in flight in all', async () => {
    sb.setLatency(5);
    let inFlight = 0;
    let most = 0;
    const parts = new Set<string>();
    const count = <A extends unknown[], R>(part: string, f: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
      inFlight++;
      most = Math.max(most, inFlight);
      if (inFlight > 1) parts.add(part);
      try {
        return await f(...a);
      } finally {
        inFlight--;
      }
    };
    const source = {
      queryBindPage: count('bindings', client.queryBindPage.bind(client)),
      queryCallRecordPage: count('calls', client.queryCallRecordPage.bind(client)),
      queryNumberPage: count('numbers', client.queryNumberPage.bind(client)),
      getBalance: count('balance', client.getBalance.bind(client)),
    };
    const seen: Array<{ part: string; done: number; total: number }> = [];
    let requests = 0;
    for (const k of Object.keys(source) as Array<keyof typeof source>) {
      const f = source[k] as (...a: unknown[]) => Promise<unknown>;
      (source as Record<string, unknown>)[k] = (...a: unknown[]) => (requests++, f(...a));
    }
    const f = await readHealth(source, {
      account: 'acc',
      appIds: sb.appIds,
      zoneOffsetMinutes: ZONE,
      soonHours: SOON_HOURS,
      concurrency: 3,
      onProgress: (p) => seen.push({ part: p.part, done: p.allPagesDone, total: p.allPagesTotal }),
    });
    assert.deepEqual(f.problems, []);
    assert.equal(most, 3);
    // progress: one report per answer, never backwards, ending with every request done
    assert.equal(seen.length, requests);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].done === seen[i - 1].done + 1, JSON.stringify(seen.slice(i - 1, i + 1)));
    assert.deepEqual(seen.at(-1), { ...seen.at(-1)!, done: requests, total: requests });
    assert.deepEqual(new Set(seen.map((p) => p.part)), new Set(['bindings', 'calls', 'numbers', 'balance']));
    assert.ok(parts.has('bindings') && parts.has('calls'), `bindings and calls overlap: ${[...parts].join(', ')}`);
  });

  it('cancel rejects with PnsAbortError and sends no more requests', async () => {
    sb.setLatency(30);
    const ac = new AbortController();
    let pages = 0;
    const p = readHealth(client, {
      account: 'acc',
      appIds: sb.appIds,
      zoneOffsetMinutes: ZONE,
      soonHours: SOON_HOURS,
      concurrency: 2,
      signal: ac.signal,
      onProgress: () => {
        if (++pages === 3) ac.abort();
      },
    });
    await assert.rejects(p, PnsAbortError);
    const sent = sb.requestCount;
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(sb.requestCount <= sent + 2, `requests went on after Cancel: ${sent} -> ${sb.requestCount}`);
    const needed = Math.ceil(sb.bindingCount() / 100);
    assert.ok(sb.requestCount < needed, `${sb.requestCount} requests: the reading was not stopped`);
  });
});
