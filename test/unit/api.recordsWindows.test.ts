// The call-records reader at the edges the mutation pass (scripts/mutate.mjs) found untested:
// the start of the window, the retention boundary (62 days), and a failing page that is asked
// for exactly as often as the pool allows (the client's own retries do not nest inside).
import { strict as assert } from 'node:assert';
import { callRecordsFor, PnsClient, PnsTransportError, PnsValidationError, splitWindow } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const KEY = 'kWindows42';
const SECRET = 'sWindows-secret-64';
const DAY = 86_400_000;
const MIN = 60_000;

describe('call records: window start, retention boundary, attempts per page', () => {
  let server: RawServer;
  let c: PnsClient | undefined;
  // the client would retry a 503 twice by itself: callRecordsFor must turn that off
  const client = () => (c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 2000, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } }));
  const empty = () => server.handle((req, res) => json(res, envelope({ total: 0, size: 100, current: (JSON.parse(req.body) as { current: number }).current, records: [] })));
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    c?.dispose();
    c = undefined;
    await server.close();
  });

  it('a window must start after 1970-01-01 00:00:00 UTC (0 and below are refused)', () => {
    assert.throws(() => splitWindow(0, DAY), PnsValidationError);
    assert.throws(() => splitWindow(-DAY, DAY), PnsValidationError);
    assert.deepEqual(splitWindow(1000, 5000), [{ from: 1000, to: 5000 }]);
  });

  it('62 days and a minute back: reaches past retention; 62 days less a minute: does not', async () => {
    empty();
    const now = Date.UTC(2024, 5, 1);
    const past = await callRecordsFor(client(), { numbers: ['919000000001'], from: now - 62 * DAY - MIN, to: now - 60 * DAY, now });
    assert.equal(past.reachesPastRetention, true);
    const inside = await callRecordsFor(c!, { numbers: ['919000000001'], from: now - 62 * DAY + MIN, to: now - 60 * DAY, now });
    assert.equal(inside.reachesPastRetention, false);
  });

  it('a page that always fails with 503: asked for exactly maxAttemptsPerPage times', async () => {
    server.handle((_r, res) => json(res, 'busy', 503));
    const e = await callRecordsFor(client(), { numbers: ['919000000001'], from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 2), maxAttemptsPerPage: 3, backoffMs: { base: 1, max: 2 } }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsTransportError, String(e));
    assert.equal(server.requests.length, 3);
  });

  it("a middle number's calls: a record number with an extra leading digit is another number", async () => {
    const t = Date.UTC(2024, 0, 1, 12) / 1000;
    const records = [
      { callid: 'c-1', number: '915022110', caller: '918888888888', called: '917777777777', startTime: String(t), endTime: String(t + 30) },
      { callid: 'c-2', number: '1915022110', caller: '918888888888', called: '917777777777', startTime: String(t + 60), endTime: String(t + 90) },
      { callid: 'c-3', number: '+91 502 2110', caller: '918888888888', called: '917777777777', startTime: String(t + 120), endTime: String(t + 150) },
    ];
    server.handle((req, res) => json(res, envelope({ total: records.length, size: 100, current: (JSON.parse(req.body) as { current: number }).current, records })));
    const r = await callRecordsFor(client(), { scope: { kind: 'number', number: '915022110' }, from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 0, 2) });
    assert.deepEqual(r.records.map((x) => x.callId).sort(), ['c-1', 'c-3']);
    assert.equal(r.matched, 2);
  });
});
