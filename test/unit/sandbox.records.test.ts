/**
 * The sandbox's call records (POST /number/record/queryPage) over real HTTP with signed
 * requests: determinism, the window, the 31-day limit, retention, paging, the record format
 * and its quirks, the heavy caller, faults and the log, and that the seeded bindings did not
 * change.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { parseCli, startSandbox, CliUsageError, type Sandbox, type SandboxCallRecord, type SandboxOptions } from '../../src/sandbox/main';
import { signedPost } from './helpers/signedPost';

const PATH = '/number/record/queryPage';
const DAY = 86_400_000;
const FIELDS = [
  'callid',
  'number',
  'type',
  'caller',
  'called',
  'ccode',
  'country',
  'callSource',
  'callDuration',
  'chargedDuration',
  'startTime',
  'endTime',
  'pay',
  'sipCode',
  'recordingFileUrl',
  'hangupReason',
  'appId',
  'chargedPeriod',
  'customerRate',
  'currency',
];

const open: Sandbox[] = [];
async function sandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox(o);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

/** `ms` as ISO 8601 written at `offsetMinutes` east of UTC, e.g. 2026-11-29T20:00:00+08:00. */
function iso(ms: number, offsetMinutes = 480): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000).toISOString().slice(0, 19) + off;
}

interface Env {
  status: string;
  reason: string;
  data: { total: number; size: number; current: number; pages: number; records: SandboxCallRecord[] } | null;
}

async function query(sb: Sandbox, current: number, size: number, params: Record<string, unknown>): Promise<{ env: Env; text: string }> {
  const text = await signedPost(sb, PATH, { current, size, params });
  return { env: JSON.parse(text) as Env, text };
}

async function window(sb: Sandbox, fromMs: number, toMs: number, current = 1, size = 100): Promise<NonNullable<Env['data']>> {
  const { env } = await query(sb, current, size, { strTime: iso(fromMs), endTime: iso(toMs) });
  assert.equal(env.status, '0', JSON.stringify(env).slice(0, 300));
  return env.data!;
}

/** Every record of a window, page by page. */
async function all(sb: Sandbox, fromMs: number, toMs: number, size = 100): Promise<{ records: SandboxCallRecord[]; totals: number[]; pages: number }> {
  const records: SandboxCallRecord[] = [];
  const totals: number[] = [];
  let pages: number;
  for (let current = 1; ; current++) {
    const d = await window(sb, fromMs, toMs, current, size);
    records.push(...d.records);
    totals.push(d.total);
    pages = d.pages;
    if (current >= d.pages) break;
  }
  return { records, totals, pages };
}

const nowS = () => Math.floor(Date.now() / 1000) * 1000;
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('sandbox: call records (/number/record/queryPage)', function () {
  this.timeout(30_000);

  it('gives the same records for the same seed and start time, other records for another seed', async () => {
    const start = nowS() - 3_600_000;
    const a = await sandbox({ seed: 7, startTime: start });
    const b = await sandbox({ seed: 7, startTime: start });
    const c = await sandbox({ seed: 8, startTime: start });
    const [from, to] = [start - 30 * DAY, start];
    for (const current of [1, 3, 7]) {
      const ta = (await query(a, current, 100, { strTime: iso(from), endTime: iso(to) })).text;
      assert.equal(ta, (await query(b, current, 100, { strTime: iso(from), endTime: iso(to) })).text, `page ${current}`);
      assert.notEqual(ta, (await query(c, current, 100, { strTime: iso(from), endTime: iso(to) })).text);
    }
    // The time zone the window is written in does not matter.
    const utc = await query(a, 2, 50, { strTime: iso(from, 0), endTime: iso(to, -330) });
    assert.equal(JSON.stringify(utc.env.data), JSON.stringify(await window(a, from, to, 2, 50)));
  });

  it('leaves the seeded bindings, numbers and balance exactly as they were', async () => {
    const start = nowS() - 3_600_000;
    const plain = await sandbox({ seed: 1, bindings: 3000, startTime: start });
    const withRecords = await sandbox({ seed: 1, bindings: 3000, startTime: start, heavyCaller: { bindingIndex: 5, calls: 5000 } });
    assert.ok((await all(withRecords, Date.now() - 31 * DAY, Date.now())).records.length > 5000);
    assert.ok(withRecords.callRecordCount(start - 61 * DAY, start) > 5000);
    for (const [p, body] of [
      ['/number/pns/queryBindPage', { current: 1, size: 100, params: {} }],
      ['/number/pns/queryBindPage', { current: 30, size: 100, params: {} }],
      ['/number/queryPage', { current: 1, size: 100, params: {} }],
      ['/number/queryNumberPool', { current: 1, size: 10, params: {} }],
      ['/getBalance', undefined],
    ] as const) {
      assert.equal(md5(await signedPost(withRecords, p, body)), md5(await signedPost(plain, p, body)), p);
    }
    assert.deepEqual(withRecords.bindings(), plain.bindings());
  });

  it('serves only records whose startTime lies in the window, newest first, and the same as callRecords()', async () => {
    const sb = await sandbox({ bindings: 1500, seed: 3 });
    const now = Date.now();
    // An hour around a call of a week ago (calls follow the hour of day: a fixed hour may have none).
    const weekAgo = sb.callRecords(now - 8 * DAY, now - 6 * DAY);
    assert.ok(weekAgo.length > 0, 'calls a week ago');
    const mid = Number(weekAgo[Math.floor(weekAgo.length / 2)].startTime) * 1000;
    for (const [from, to] of [
      [now - 30 * DAY, now],
      [now - 45 * DAY - 3_600_000, now - 40 * DAY + 1234],
      [mid - 1_800_000 + 321, mid + 1_800_000],
    ]) {
      const { records, totals } = await all(sb, from, to);
      assert.ok(records.length > 0, 'some records');
      assert.equal(records.length, totals[0]);
      assert.equal(records.length, sb.callRecordCount(from, to));
      assert.deepEqual(records, sb.callRecords(from, to));
      for (let i = 0; i < records.length; i++) {
        const t = Number(records[i].startTime) * 1000;
        assert.ok(t >= Math.floor(from / 1000) * 1000 && t <= to, `startTime ${t} outside [${from}, ${to}]`);
        if (i > 0) assert.ok(Number(records[i - 1].startTime) >= Number(records[i].startTime), 'newest first');
      }
    }
    // Nothing in the future, nothing before the data starts.
    assert.equal((await window(sb, now, now + 30 * DAY)).total, 0);
    // Both ends inclusive, to the second.
    const one = sb.callRecords(now - 30 * DAY, now)[17];
    const at = Number(one.startTime) * 1000;
    const exact = await window(sb, at, at, 1, 100);
    assert.ok(exact.records.some((r) => r.callid === one.callid));
    assert.ok(exact.records.every((r) => r.startTime === one.startTime));
  });

  it('pages consistently: no duplicates, total equals the sum of the pages, past the end empty', async () => {
    const sb = await sandbox({ seed: 11 });
    const now = Date.now();
    const from = now - 31 * DAY;
    for (const size of [37, 100, 1]) {
      if (size === 1) {
        const d1 = await window(sb, from, now, 1, 1);
        const last = await window(sb, from, now, d1.total, 1);
        assert.equal(last.records.length, 1);
        assert.equal(last.records[0].callid, sb.callRecords(from, now, d1.total - 1)[0].callid);
        continue;
      }
      const { records, totals, pages } = await all(sb, from, now, size);
      assert.ok(totals.every((t) => t === totals[0]), 'the same total on every page');
      assert.equal(records.length, totals[0]);
      assert.equal(pages, Math.ceil(totals[0] / size));
      assert.equal(new Set(records.map((r) => r.callid)).size, records.length, 'callids are unique');
      const past = await window(sb, from, now, pages + 1, size);
      assert.deepEqual({ ...past, records: past.records.length }, { total: totals[0], size, current: pages + 1, pages, records: 0 });
    }
  });

  it('writes records like the vendor documents them, with the quirks', async () => {
    const sb = await sandbox({ bindings: 4000, seed: 5 });
    const now = Date.now();
    const { records } = await all(sb, now - 31 * DAY, now);
    assert.ok(records.length > 2000, `${records.length} records`);
    const byPhones = new Map(sb.bindings().map((b) => [`${b.phoneA}|${b.phoneB}`, b]));
    let numericSip = 0;
    let https = 0;
    let http = 0;
    let answered = 0;
    let notBound = 0;
    const reasons = new Set<string>();
    const sips = new Set<string>();
    for (const r of records) {
      assert.deepEqual(Object.keys(r), FIELDS, 'field names and order');
      for (const k of ['callid', 'number', 'type', 'caller', 'called', 'ccode', 'country', 'startTime', 'endTime', 'recordingFileUrl', 'hangupReason', 'appId', 'chargedPeriod', 'customerRate', 'currency'] as const) {
        assert.equal(typeof r[k], 'string', k);
      }
      for (const k of ['callSource', 'callDuration', 'chargedDuration', 'pay'] as const) assert.equal(typeof r[k], 'number', k);
      assert.match(r.startTime, /^\d{10}$/);
      assert.match(r.endTime, /^\d{10}$/);
      assert.match(r.callid, /^[0-9a-f]{24}$/);
      assert.ok(Number(r.endTime) >= Number(r.startTime) + r.callDuration);
      if (typeof r.sipCode === 'number') numericSip++;
      const sip = String(r.sipCode);
      sips.add(sip);
      reasons.add(r.hangupReason);
      if (sip === '200') {
        answered++;
        assert.ok(r.callDuration >= 1, 'answered: talked');
        assert.equal(r.chargedDuration, Math.ceil(r.callDuration / 60) * 60);
        assert.equal(r.pay, Math.round((r.chargedDuration / 60) * Number(r.customerRate) * 10_000) / 10_000);
        assert.ok(r.pay > 0);
      } else {
        assert.deepEqual([r.callDuration, r.chargedDuration, r.pay, r.recordingFileUrl], [0, 0, 0, ''], `not answered: ${r.hangupReason}`);
      }
      if (r.recordingFileUrl.startsWith('https://records.sandbox.invalid/')) https++;
      else if (r.recordingFileUrl.startsWith('http://records.sandbox.invalid/')) http++;
      else assert.equal(r.recordingFileUrl, '');
      // caller and called are the binding's A and B; number is the middle number the caller dialled
      if (r.called === '') {
        notBound++;
        assert.equal(r.hangupReason, 'Number not bound');
        continue;
      }
      const fromA = r.callSource === 3;
      assert.equal(r.callSource, fromA ? 3 : 2);
      const b = byPhones.get(fromA ? `${r.caller}|${r.called}` : `${r.called}|${r.caller}`);
      assert.ok(b, `no binding with ${r.caller} and ${r.called}`);
      assert.equal(r.appId, b.appId);
      assert.equal(r.number, fromA ? b.pnsNumberA : b.pnsNumberB);
      assert.ok(r.called.startsWith(r.ccode));
    }
    const n = records.length;
    assert.ok(numericSip > n * 0.05 && numericSip < n * 0.15, `~10 % numeric sipCode: ${numericSip}/${n}`);
    assert.ok(answered > n * 0.5 && answered < n * 0.7, `answered ${answered}/${n}`);
    assert.ok(https > answered * 0.25 && https < answered * 0.35, `https recordings ${https}/${answered}`);
    assert.ok(http > 0 && http < answered * 0.08, `http recordings ${http}`);
    assert.ok(notBound > 0);
    assert.deepEqual([...sips].sort(), ['200', '404', '480', '486', '487', '603']);
    assert.ok(reasons.size >= 8, [...reasons].join());
  });

  it('answers -22 to a missing, unparsable or reversed window and to bad paging', async () => {
    const sb = await sandbox({ bindings: 100 });
    const now = Date.now();
    const good = { strTime: iso(now - DAY), endTime: iso(now) };
    const bad: [string, number, number, Record<string, unknown> | undefined][] = [
      ['strTime missing', 1, 10, { endTime: good.endTime }],
      ['endTime missing', 1, 10, { strTime: good.strTime }],
      ['strTime empty', 1, 10, { ...good, strTime: '' }],
      ['no offset', 1, 10, { ...good, strTime: good.strTime.slice(0, 19) }],
      ['space form', 1, 10, { ...good, strTime: good.strTime.slice(0, 19).replace('T', ' ') }],
      ['epoch seconds', 1, 10, { ...good, strTime: String(Math.floor(now / 1000) - 3600) }],
      ['a number', 1, 10, { ...good, endTime: Math.floor(now / 1000) }],
      ['February 30', 1, 10, { strTime: '2026-02-30T00:00:00+08:00', endTime: '2026-03-01T00:00:00+08:00' }],
      ['hour 24', 1, 10, { ...good, endTime: '2026-11-01T24:00:00+08:00' }],
      ['end before start', 1, 10, { strTime: good.endTime, endTime: good.strTime }],
      ['size 0', 1, 0, good],
      ['size 101', 1, 101, good],
      ['current 0', 0, 10, good],
      ['no params', 1, 10, undefined],
    ];
    for (const [what, current, size, params] of bad) {
      const env = JSON.parse(await signedPost(sb, PATH, { current, size, params })) as Env;
      assert.equal(env.status, '-22', `${what}: ${JSON.stringify(env)}`);
      assert.equal(env.data, null);
      assert.match(env.reason, /^Parameter exception/);
    }
    // Accepted forms: Z, +0530 without a colon, fractions of a second; an empty window.
    for (const params of [
      { strTime: '2026-11-01T00:00:00Z', endTime: '2026-11-02T00:00:00.500+0530' },
      { strTime: good.endTime, endTime: good.endTime },
    ]) {
      assert.equal((JSON.parse(await signedPost(sb, PATH, { current: 1, size: 10, params })) as Env).status, '0', JSON.stringify(params));
    }
  });

  it('answers -25 to a window over 31 days; exactly 31 days is fine', async () => {
    const sb = await sandbox({ bindings: 200 });
    const to = nowS();
    assert.equal((await query(sb, 1, 10, { strTime: iso(to - 31 * DAY), endTime: iso(to) })).env.status, '0');
    const over = await query(sb, 1, 10, { strTime: iso(to - 31 * DAY - 1000), endTime: iso(to) });
    assert.equal(over.env.status, '-25');
    assert.equal(over.env.data, null);
    assert.equal((await query(sb, 1, 10, { strTime: iso(to - 90 * DAY), endTime: iso(to) })).env.status, '-25');
  });

  it('serves nothing older than 62 days against the sandbox clock', async () => {
    // Data made 20 days ago: calls from 80 to 20 days ago, the oldest 18 days past retention.
    const start = nowS() - 20 * DAY;
    const sb = await sandbox({ seed: 9, startTime: start, bindings: 2000 });
    // The same data seen on the day it was made (sandbox clock 20 days back): nothing expired yet.
    const then = await sandbox({ seed: 9, startTime: start, bindings: 2000, clockSkewSeconds: -20 * 86_400 });
    const now = Date.now();
    const from = now - 90 * DAY;
    const to = now - 59 * DAY;
    assert.ok(then.callRecordCount(from, to) > sb.callRecordCount(from, to), 'retention drops the oldest');
    const { records } = await all(sb, from, to);
    assert.ok(records.length > 0 && records.length === sb.callRecordCount(from, to));
    const limit = Date.now() - 62 * DAY;
    for (const r of records) assert.ok(Number(r.startTime) * 1000 >= limit - 2000, `${r.startTime} is older than 62 days`);
    // A window wholly past retention is empty (not an error), though the data has calls there.
    assert.ok(then.callRecordCount(now - 75 * DAY, now - 65 * DAY) > 0);
    assert.deepEqual(await window(sb, now - 75 * DAY, now - 65 * DAY), { total: 0, size: 100, current: 1, pages: 0, records: [] });
  });

  it('keeps call records after an unbind, and serves none for bindings made at run time', async () => {
    const sb = await sandbox({ bindingsPerApp: [1], heavyCaller: { bindingIndex: 0, calls: 50 } });
    const now = Date.now();
    const before = sb.callRecords(now - 30 * DAY, now);
    assert.equal(before.length, 50);
    const [only] = sb.bindings();
    assert.equal(JSON.parse(await signedPost(sb, '/number/pns/unbind', { bindId: only.bindId, appId: only.appId })).status, '0');
    const bound = JSON.parse(await signedPost(sb, '/number/pns/bind', { phoneA: '919800000001', phoneB: '919800000002', expireS: 60, appId: only.appId, bizType: 1 }));
    assert.equal(bound.status, '0');
    assert.deepEqual((await all(sb, now - 30 * DAY, now)).records, before);
  });

  it('gives one binding N calls with heavyCaller (the 10,000-record benchmark setup)', async () => {
    const sb = await sandbox({ bindingsPerApp: [300, 200], seed: 4, heavyCaller: { bindingIndex: 123, calls: 10_000 } });
    const heavy = sb.bindings()[123];
    const now = Date.now();
    const { records } = await all(sb, now - 30 * DAY, now);
    const phones = [heavy.phoneA, heavy.phoneB];
    const mine = records.filter((r) => phones.includes(r.caller) && (phones.includes(r.called) || r.called === ''));
    assert.equal(mine.length, 10_000, 'every heavy call lies within the last 30 days');
    assert.ok(records.length > 10_000 && records.length < 10_000 + 500 * 5);
    assert.equal(new Set(records.map((r) => r.callid)).size, records.length);
    assert.ok(mine.every((r) => r.appId === heavy.appId));

    const only = await sandbox({ bindingsPerApp: [1], heavyCaller: { bindingIndex: 0, calls: 10_000 }, latencyMs: 0 });
    assert.equal((await window(only, now - 30 * DAY, now)).total, 10_000);

    for (const bad of [{ bindingIndex: 500, calls: 1 }, { bindingIndex: 0, calls: 0 }, { bindingIndex: -1, calls: 5 }, { bindingIndex: 0, calls: 1_000_001 }]) {
      await assert.rejects(startSandbox({ bindingsPerApp: [300, 200], heavyCaller: bad }), RangeError, JSON.stringify(bad));
    }
    assert.deepEqual(parseCli(['--heavy-caller', '0:10000']).options.heavyCaller, { bindingIndex: 0, calls: 10_000 });
    for (const v of ['10000', '0:', 'a:1', '0:0', '-1:5']) assert.throws(() => parseCli([`--heavy-caller=${v}`]), CliUsageError, v);
  });

  it('applies faults per path, checks the signature and logs the window', async () => {
    const lines: string[] = [];
    const sb = await sandbox({ bindings: 100, faults: { rate: 1, kinds: ['status-18'], paths: [PATH] }, log: (l) => lines.push(l) });
    const now = Date.now();
    const params = { strTime: iso(now - DAY), endTime: iso(now) };
    assert.equal((await query(sb, 1, 10, params)).env.status, '-18');
    assert.equal(JSON.parse(await signedPost(sb, '/number/pns/queryBindPage', { current: 1, size: 10, params: {} })).status, '0');
    assert.equal(sb.faultCounts['status-18'], 1);
    assert.deepEqual(
      sb.requests.map((r) => [r.path, r.status, r.fault]),
      [
        ['/v3' + PATH, '-18', 'status-18'],
        ['/v3/number/pns/queryBindPage', '0', undefined],
      ],
    );
    assert.ok(lines[0].includes(`strTime=${JSON.stringify(params.strTime)}`), lines[0]);
    sb.setFaults(undefined);
    assert.equal((await query(sb, 1, 10, params)).env.status, '0');
    const wrong = JSON.parse(await signedPost({ ...sb, apiSecret: 'nope' }, PATH, { current: 1, size: 10, params }));
    assert.equal(wrong.status, '-1');
  });

  it('scales: a million bindings, 30-day windows paged without building every record', async function () {
    this.timeout(60_000);
    const sb = await sandbox({ bindingsPerApp: [1_000_000], seed: 2 });
    const now = Date.now();
    const from = now - 30 * DAY;
    const t0 = Date.now();
    const first = await window(sb, from, now);
    const firstMs = Date.now() - t0;
    assert.ok(first.total > 900_000, `total ${first.total}`);
    assert.equal(first.pages, Math.ceil(first.total / 100));
    const t1 = Date.now();
    const deep = await window(sb, from, now, Math.floor(first.pages / 2));
    const last = await window(sb, from, now, first.pages);
    const deepMs = Date.now() - t1;
    assert.equal(deep.records.length, 100);
    assert.equal(last.records.length, first.total - (first.pages - 1) * 100);
    assert.deepEqual(deep.records, sb.callRecords(from, now, (Math.floor(first.pages / 2) - 1) * 100, Math.floor(first.pages / 2) * 100));
    assert.ok(firstMs < 10_000 && deepMs < 5_000, `first page ${firstMs} ms, two deep pages ${deepMs} ms`);
  });
});
