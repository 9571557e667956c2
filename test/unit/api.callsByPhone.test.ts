/**
 * Find Calls by Number's core: callRecordsFor with the phone scope over real HTTP. Against the
 * sandbox: a customer's calls over 60 days (two windows) are exactly the seeded calls where
 * they are the caller or the called party, and onMatch hands each of them over once, before
 * the read ends. Against a raw loopback server with hand-written records: the middle number
 * never matches, the phone may be typed in any form Find accepts (its digits; Find's exact
 * search is the reference), and a call answered by both windows is delivered once.
 */
import { strict as assert } from 'node:assert';
import { callRecordsFor, matchBinding, parseSearchQuery, PnsClient, PnsValidationError, splitWindow, type BindingRecord, type CallRecord } from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const DAY = 86_400_000;

describe('calls by number: a customer\'s calls from the sandbox over 60 days', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let client: PnsClient;
  before(async () => {
    sb = await startSandbox({ port: 0, seed: 20, bindingsPerApp: [400, 200] });
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
  });
  after(async () => {
    client.dispose();
    await sb.close();
  });

  it('caller or called is the phone: exactly the sandbox\'s calls of that phone, across both windows, each delivered once by onMatch before the read ends', async () => {
    const to = Date.now();
    const from = to - 60 * DAY;
    const [first, second] = splitWindow(from, to);
    assert.ok(second, 'the test needs two windows');
    const all = sb.callRecords(from, to);
    // A phone with calls in both windows, as caller in one call and as called party in another.
    const phones = new Set(all.flatMap((r) => [r.caller, r.called]).filter((p) => p !== ''));
    const callsOf = (p: string) => all.filter((r) => r.caller === p || r.called === p);
    const inFirst = (r: { startTime: string }) => Number(r.startTime) * 1000 < first.to;
    const phone = [...phones].find((p) => {
      const c = callsOf(p);
      return c.some(inFirst) && c.some((r) => !inFirst(r)) && c.some((r) => r.caller === p) && c.some((r) => r.called === p);
    });
    assert.ok(phone, 'no seeded phone has calls in both windows as caller and as called');
    const want = callsOf(phone).map((r) => r.callid);
    // The middle numbers are never a customer's phone in the sandbox: no call is there for its middle number alone.
    assert.ok(!all.some((r) => r.number === phone));

    const typed = `+${phone.slice(0, 2)} ${phone.slice(2, 7)}-${phone.slice(7)}`;
    const delivered: string[] = [];
    let ended = false;
    let lateDelivery = false;
    const got = await callRecordsFor(client, {
      scope: { kind: 'phone', phone: typed },
      from,
      to,
      size: 20,
      onMatch: (records) => {
        lateDelivery ||= ended;
        delivered.push(...records.map((r) => r.callId));
      },
    });
    ended = true;
    assert.equal(got.windows, 2);
    assert.deepEqual(got.records.map((r) => r.callId), want, 'the same calls, newest first');
    assert.equal(got.matched, want.length);
    assert.equal(got.scanned, all.length, 'every record of the 60 days was read once');
    assert.deepEqual([...delivered].sort(), [...want].sort(), 'onMatch: every match once');
    assert.equal(lateDelivery, false);
  });
});

describe('calls by number: the phone scope against hand-written records', () => {
  let server: RawServer;
  let c: PnsClient | undefined;
  const client = () => (c = new PnsClient({ baseUrl: server.url, apiKey: 'phone-test-key', apiSecret: 'phone-test-secret-1', timeoutMs: 2000, expireTimeZone: '+00:00' }));
  const TO = Date.UTC(2024, 2, 15);
  const FROM = TO - 40 * DAY;
  const BOUNDARY = FROM + 31 * DAY;
  const PHONE = '919876543210';
  const at = (ms: number) => String(ms / 1000);
  /** Served for [strTime, endTime], both ends inclusive (the boundary call is answered by both windows). */
  let records: Array<Record<string, unknown>> = [];
  beforeEach(async () => {
    server = await startRawServer((req, res) => {
      const b = JSON.parse(req.body) as { current: number; size: number; params: { strTime: string; endTime: string } };
      const from = Date.parse(b.params.strTime);
      const to = Date.parse(b.params.endTime);
      const inWindow = records.filter((r) => Number(r.startTime) * 1000 >= from && Number(r.startTime) * 1000 <= to);
      json(res, envelope({ total: inWindow.length, size: b.size, current: b.current, records: inWindow.slice((b.current - 1) * b.size, b.current * b.size) }));
    });
  });
  afterEach(async () => {
    c?.dispose();
    c = undefined;
    await server.close();
  });

  const call = (callid: string, caller: unknown, called: unknown, number: unknown, t: number) => ({ callid, caller, called, number, startTime: at(t), endTime: at(t + 60_000) });
  const dataset = () => [
    call('as-caller', PHONE, '447700900001', '15550001000', FROM + 2 * DAY),
    call('as-called', '447700900002', PHONE, '15550001000', FROM + 35 * DAY),
    call('caller-json-number', Number(PHONE), '447700900003', '15550001000', FROM + 36 * DAY),
    call('called-formatted', '447700900004', '+91 (98765) 43210', '15550001000', FROM + 37 * DAY),
    call('on-the-boundary', PHONE, '447700900005', '15550001000', BOUNDARY),
    call('middle-only', '447700900006', '447700900007', PHONE, FROM + 3 * DAY),
    call('middle-and-others', '447700900008', '447700900009', `+${PHONE}`, FROM + 38 * DAY),
    call('one-digit-more', `${PHONE}0`, '447700900010', '15550001000', FROM + 4 * DAY),
    call('one-digit-less', PHONE.slice(1), '447700900011', '15550001000', FROM + 5 * DAY),
    call('with-00-prefix', `00${PHONE}`, '447700900012', '15550001000', FROM + 6 * DAY),
    call('someone-else', '447700900013', '447700900014', '15550001000', FROM + 7 * DAY),
  ];
  /** Newest first by start time. */
  const CALLS_OF_PHONE = ['called-formatted', 'caller-json-number', 'as-called', 'on-the-boundary', 'as-caller'];

  it('caller or called matches; a call where only the middle number is the phone does not', async () => {
    records = dataset();
    const r = await callRecordsFor(client(), { scope: { kind: 'phone', phone: PHONE }, from: FROM, to: TO, size: 3 });
    assert.deepEqual(r.records.map((x) => x.callId), CALLS_OF_PHONE);
    assert.equal(r.matched, CALLS_OF_PHONE.length);
    assert.equal(r.windows, 2);
  });

  it('any form Find accepts finds the same calls as Find\'s exact search would find the binding', async () => {
    records = dataset();
    const binding = { bindId: '1', phoneA: PHONE, phoneB: '447700900001', pnsNumberA: '15550001000', pnsNumberB: '' } as unknown as BindingRecord;
    // Forms with the phone's digits, and forms whose digits are another number (Find does not find the binding by them
    // either; "0091…" is the number a record spells with 00: only that record).
    const same = ['+91 98765-43210', '(+91) 98765 43210', '91.98765.43210', ' +91-9876543210 ', '+91\u00a098765\u00a043210'];
    const other: Record<string, string[]> = { '0091 98765 43210': ['with-00-prefix'], '98765 43210': [], '+91 98765-4321': [] };
    for (const form of [...same, ...Object.keys(other)]) {
      const findFinds = matchBinding(binding, parseSearchQuery(form, 'exact')).includes('phoneA');
      assert.equal(findFinds, same.includes(form), `Find's exact search with "${form}"`);
      const r = await callRecordsFor(client(), { scope: { kind: 'phone', phone: form }, from: FROM, to: TO });
      c?.dispose();
      assert.deepEqual(r.records.map((x) => x.callId), findFinds ? CALLS_OF_PHONE : other[form], form);
    }
  });

  it('a phone without enough digits, or with too many, is refused before anything is sent', async () => {
    for (const phone of ['', 'abc', '12', '+', '1'.repeat(21), `+91 ${' '.repeat(80)}9876543210`, 919876543210 as unknown as string, null as unknown as string]) {
      await assert.rejects(callRecordsFor(client(), { scope: { kind: 'phone', phone }, from: FROM, to: TO }), PnsValidationError, String(phone));
      c?.dispose();
    }
    assert.equal(server.requests.length, 0);
  });

  it('onMatch: the call both windows answer is delivered once, every delivery before the read ends', async () => {
    records = dataset();
    const deliveries: string[][] = [];
    let ended = false;
    let late = false;
    const r = await callRecordsFor(client(), {
      scope: { kind: 'phone', phone: PHONE },
      from: FROM,
      to: TO,
      size: 2,
      concurrency: 2,
      onMatch: (batch: CallRecord[]) => {
        late ||= ended;
        assert.ok(batch.length > 0, 'an empty delivery');
        deliveries.push(batch.map((x) => x.callId));
      },
    });
    ended = true;
    const bodies = server.requests.map((q) => JSON.parse(q.body) as { params: { strTime: string } });
    assert.equal(new Set(bodies.map((b) => b.params.strTime)).size, 2, 'both windows were read');
    const flat = deliveries.flat();
    assert.equal(flat.filter((id) => id === 'on-the-boundary').length, 1, JSON.stringify(deliveries));
    assert.deepEqual([...flat].sort(), [...CALLS_OF_PHONE].sort());
    assert.ok(deliveries.length > 1, 'delivered as pages arrive, not all at the end');
    assert.equal(late, false);
    assert.equal(r.matched, CALLS_OF_PHONE.length);
  });
});
