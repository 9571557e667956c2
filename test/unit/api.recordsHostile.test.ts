/**
 * callRecordsFor against hostile input: windows that would be years (or millions of queries)
 * long, records whose caller / called / number are not phone numbers (JSON numbers, huge
 * strings, objects, arrays, big integers), a server that reports an absurd total, and a
 * callback that throws. Each ends with the right matches or a clear error, nothing sent after.
 */
import { strict as assert } from 'node:assert';
import { callRecordsFor, PnsClient, PnsValidationError, PnsWalkError } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const DAY = 86_400_000;
const PHONE = '919876543210';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('call records: hostile input', function () {
  this.timeout(20_000);
  let server: RawServer;
  let c: PnsClient | undefined;
  const client = () => (c = new PnsClient({ baseUrl: server.url, apiKey: 'hostile-test-key', apiSecret: 'hostile-test-secret-1', timeoutMs: 5000, expireTimeZone: '+00:00' }));
  const empty = () => server.handle((req, res) => json(res, envelope({ total: 0, size: 100, current: (JSON.parse(req.body) as { current: number }).current, records: [] })));
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    c?.dispose();
    c = undefined;
    await server.close();
  });

  it('a window of years, or one ending past the year 9999, is refused before anything is sent; a year is read', async () => {
    empty();
    const scope = { kind: 'phone', phone: PHONE } as const;
    // 24 years would be 283 queries of 31 days (the vendor keeps about 62 days).
    await assert.rejects(callRecordsFor(client(), { scope, from: Date.UTC(2000, 0, 1), to: Date.UTC(2024, 0, 1) }), PnsValidationError);
    assert.equal(server.requests.length, 0);
    // Number.MAX_SAFE_INTEGER ms is year 285,000: millions of windows, and no ISO date the query can write.
    await assert.rejects(callRecordsFor(c!, { scope, from: 1, to: Number.MAX_SAFE_INTEGER }), PnsValidationError);
    await assert.rejects(callRecordsFor(c!, { scope, from: Date.UTC(9999, 11, 31), to: Date.UTC(9999, 11, 31) + 10 * DAY }), PnsValidationError);
    assert.equal(server.requests.length, 0);
    const year = await callRecordsFor(c!, { scope, from: Date.UTC(2023, 0, 1), to: Date.UTC(2024, 0, 1) });
    assert.equal(year.windows, 12);
    assert.equal(server.requests.length, 12);
  });

  it('records whose numbers are not phone numbers never match, never throw; the real ones still do', async () => {
    const t = Date.UTC(2024, 0, 10) / 1000;
    const body = (records: string) => `{"status":"0","reason":"success","data":{"total":RECORDS_TOTAL,"size":100,"current":1,"records":[${records}]}}`;
    const records = [
      `{"callid":"real-1","caller":"${PHONE}","called":"447700900001","number":"15550001000","startTime":"${t}"}`,
      `{"callid":"real-2","caller":"447700900001","called":${PHONE},"number":"15550001000","startTime":"${t + 1}"}`,
      `{"callid":"huge","caller":"${'9'.repeat(200_000)}","called":"447700900001","startTime":"${t + 2}"}`,
      `{"callid":"inside","caller":"${'x'.repeat(60)}${PHONE}","called":"447700900001","startTime":"${t + 3}"}`,
      `{"callid":"object","caller":{"digits":"${PHONE}"},"called":["${PHONE}"],"number":"${PHONE}","startTime":"${t + 4}"}`,
      `{"callid":"bigint","caller":${PHONE}000000000000,"called":1e30,"startTime":"${t + 5}"}`,
      `{"callid":"bool","caller":true,"called":null,"startTime":"${t + 6}"}`,
      `{"callid":"${'y'.repeat(5000)}","caller":"447700900002","called":"447700900003","startTime":"${t + 7}"}`,
      `null`,
      `"${PHONE}"`,
      `[${PHONE}]`,
      `{"caller":"${PHONE}","called":"447700900001"}`,
      `{"callid":1e25,"caller":"${PHONE}"}`,
    ];
    const text = body(records.join(',')).replace('RECORDS_TOTAL', String(records.length));
    server.handle((_req, res) => json(res, text));
    const r = await callRecordsFor(client(), { scope: { kind: 'phone', phone: PHONE }, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 20) });
    assert.deepEqual(r.records.map((x) => x.callId), ['real-2', 'real-1']);
    assert.equal(r.matched, 2);
    // Records without a usable call id (null, a string, an array, none, 1e25) are not read as calls.
    assert.equal(r.scanned, 8);
    // The other scopes over the same page: no throw, only the real numbers.
    const byBinding = await callRecordsFor(c!, { scope: { kind: 'binding', numbers: [PHONE] }, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 20) });
    // (a binding's numbers are looked for in the middle number too: 'object' went through it)
    assert.deepEqual(byBinding.records.map((x) => x.callId), ['object', 'real-2', 'real-1']);
    const byNumber = await callRecordsFor(c!, { scope: { kind: 'number', number: PHONE }, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 20) });
    assert.deepEqual(byNumber.records.map((x) => x.callId), ['object']);
  });

  it('a server reporting an absurd total in one window ends the whole read with PnsWalkError; nothing more is sent', async () => {
    server.handle(async (req, res) => {
      const b = JSON.parse(req.body) as { current: number; size: number };
      await sleep(10);
      // Every window says a trillion calls: far more pages than a read may take.
      json(res, envelope({ total: 1e12, size: b.size, current: b.current, records: [{ callid: `p${b.current}-${req.body.length}`, caller: PHONE, startTime: String(Date.UTC(2024, 0, 10) / 1000) }] }));
    });
    const e = await callRecordsFor(client(), { scope: { kind: 'phone', phone: PHONE }, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 2, 1), concurrency: 3 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsWalkError, String(e));
    await sleep(200);
    const sent = server.requests.length;
    assert.ok(sent <= 2 + 3, `${sent} requests`);
    await sleep(100);
    assert.equal(server.requests.length, sent);
  });

  it('an onMatch that throws ends the read with its exception; the other windows stop; no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      server.handle(async (req, res) => {
        const b = JSON.parse(req.body) as { current: number; size: number; params: { strTime: string } };
        await sleep(10);
        const start = Date.parse(b.params.strTime) / 1000;
        const records = Array.from({ length: b.size }, (_, i) => ({ callid: `${start}-${b.current}-${i}`, caller: PHONE, called: '447700900001', startTime: String(start + b.current * 100 + i) }));
        json(res, envelope({ total: 50 * b.size, size: b.size, current: b.current, records }));
      });
      const boom = new Error('the panel is gone');
      let thrown = false;
      const e = await callRecordsFor(client(), {
        scope: { kind: 'phone', phone: PHONE },
        from: Date.UTC(2024, 0, 1),
        to: Date.UTC(2024, 2, 1),
        size: 5,
        concurrency: 4,
        // Throws once (the panel went away while the first page was shown): the other window must stop too.
        onMatch: () => {
          if (thrown) return;
          thrown = true;
          throw boom;
        },
      }).catch((x: unknown) => x);
      assert.equal(e, boom);
      await sleep(200);
      const sent = server.requests.length;
      assert.ok(sent <= 2 + 4, `${sent} requests: the windows went on`);
      await sleep(100);
      assert.equal(server.requests.length, sent);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
