// The -16 clock correction at its edges, which the mutation pass (scripts/mutate.mjs) found
// untested: it happens once per call however the server's Date swings, not for measuring noise,
// up to 15 minutes either way and no further, and the resend really carries the corrected
// Timestamp. Every server is a real loopback HTTP server.
import { strict as assert } from 'node:assert';
import { PnsApiError, PnsClient } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const KEY = 'kClock42x';
const SECRET = 'sClock-secret-5d1';
const MIN = 60_000;
const EMPTY_PAGE = { total: 0, size: 10, current: 1, pages: 0, records: [] };

describe('clock correction after -16: once, beyond noise, within 15 minutes', function () {
  this.timeout(15_000);
  let server: RawServer;
  let c: PnsClient | undefined;
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    c?.dispose();
    c = undefined;
    await server.close();
  });

  /** -16 with a Date header `aheadMs` away from this computer's clock. */
  const minus16 = (res: import('node:http').ServerResponse, aheadMs: number) =>
    json(res, envelope(null, '-16', 'Timestamp expired'), 200, { Date: new Date(Date.now() + aheadMs).toUTCString() });
  const client = () => (c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000, retry: { retries: 2, baseDelayMs: 1 } }));

  it('a server whose Date swings +5 min / -5 min: one resend, then the -16 (2 requests, not a loop)', async () => {
    // after 10 requests it gives in, so that a client that keeps resending ends too
    server.handle((_r, res, n) => (n > 10 ? json(res, envelope(EMPTY_PAGE)) : minus16(res, n % 2 ? 5 * MIN : -5 * MIN)));
    const e = await client().queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsApiError && e.status === '-16', String(e));
    assert.equal(server.requests.length, 2);
  });

  it('a bind answered -16 with a swinging Date is sent at most twice, too', async () => {
    server.handle((_r, res, n) => (n > 10 ? json(res, envelope({ bindId: '7', pnsNumberA: '91502211', pnsNumberB: '91502211' })) : minus16(res, n % 2 ? 5 * MIN : -5 * MIN)));
    const e = await client().bind({ appId: 'app1', phoneA: '919000000001', phoneB: '919000000002', bizType: 1, expireS: 60 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsApiError && e.status === '-16', String(e));
    assert.equal(server.requests.length, 2);
  });

  it('-16 with a Date equal to this clock (under 2 s apart): no resend', async () => {
    server.handle((_r, res) => minus16(res, 0));
    const e = await client().queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsApiError && e.status === '-16', String(e));
    assert.equal(server.requests.length, 1);
    assert.equal(c!.clockOffsetMs, 0);
  });

  it('-16 with a Date 5 s ahead: corrected and resent', async () => {
    server.handle((_r, res, n) => (n === 1 ? minus16(res, 5000) : json(res, envelope(EMPTY_PAGE))));
    await client().queryBindPage({ current: 1, size: 10 });
    assert.equal(server.requests.length, 2);
    assert.ok(c!.clockOffsetMs > 3000 && c!.clockOffsetMs <= 5000, String(c!.clockOffsetMs));
  });

  for (const sign of [1, -1]) {
    const side = sign > 0 ? 'ahead' : 'behind';
    it(`15 min − 3 s ${side}: adopted; 15 min + 3 s ${side}: refused, no resend`, async () => {
      server.handle((_r, res) => minus16(res, sign * (15 * MIN - 3000)));
      await client().queryBindPage({ current: 1, size: 10 }).catch(() => undefined);
      assert.equal(server.requests.length, 2, 'just inside the cap: resent once');
      assert.ok(Math.abs(c!.clockOffsetMs - sign * (15 * MIN - 3000)) < 2000, String(c!.clockOffsetMs));
      c!.dispose();

      server.requests.length = 0;
      server.handle((_r, res) => minus16(res, sign * (15 * MIN + 3000)));
      const e = await client().queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsApiError && e.status === '-16', String(e));
      assert.equal(server.requests.length, 1, 'just beyond the cap: not resent');
      assert.equal(c!.clockOffsetMs, 0);
    });
  }

  it('the resend, and every later request, is signed with the corrected Timestamp', async () => {
    server.handle((_r, res, n) => (n === 1 ? minus16(res, 10 * MIN) : json(res, envelope(EMPTY_PAGE))));
    await client().queryBindPage({ current: 1, size: 10 });
    await c!.queryBindPage({ current: 1, size: 10 });
    const now = Date.now() / 1000;
    const ts = server.requests.map((r) => Number(r.headers.timestamp));
    assert.ok(Math.abs(ts[0] - now) < 5, `first: ${ts[0]} vs ${now}`);
    for (const t of ts.slice(1)) assert.ok(Math.abs(t - (now + 600)) < 5, `corrected: ${t} vs ${now + 600}`);
  });

  it('a given clockOffsetMs obeys the cap both ways: 14 min behind is used, a day behind is not', async () => {
    server.handle((_r, res) => json(res, envelope(EMPTY_PAGE)));
    c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, clockOffsetMs: -14 * MIN });
    assert.equal(c.clockOffsetMs, -14 * MIN);
    await c.queryBindPage({ current: 1, size: 10 });
    assert.ok(Math.abs(Number(server.requests[0].headers.timestamp) - (Date.now() - 14 * MIN) / 1000) < 5);
    c.dispose();
    c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, clockOffsetMs: -86_400_000 });
    assert.equal(c.clockOffsetMs, 0);
  });
});
