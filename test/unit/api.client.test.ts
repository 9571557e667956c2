import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import type * as http from 'node:http';
import * as zlib from 'node:zlib';
import {
  PnsClient,
  PnsApiError,
  PnsTransportError,
  PnsValidationError,
  PnsAbortError,
  STATUS_TABLE,
  sign,
} from '../../src/api';
import { startRawServer, json, envelope, vendorRecord, RawServer } from './helpers/rawServer';
import { forUser } from '../../src/config/settingNames';
import * as fs from 'node:fs';
import * as path from 'node:path';

const KEY = 'bDqJFiq9';
const SECRET = '7bz1lzh9-test-secret';

function client(server: RawServer, extra: Partial<ConstructorParameters<typeof PnsClient>[0]> = {}): PnsClient {
  return new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 2000, ...extra });
}

async function rejects<T extends Error>(p: Promise<unknown>, type: new (...a: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok(!(e as Error).message.includes(SECRET), 'message leaks the secret');
    assert.ok(!String((e as { hint?: string }).hint).includes(SECRET), 'hint leaks the secret');
    return e as T;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

function onePage(records: unknown[], over: Record<string, unknown> = {}) {
  return envelope({ total: records.length, size: 10, current: 1, pages: 1, records, ...over });
}

describe('sign()', () => {
  it('matches the vendor test vector', () => {
    assert.equal(sign('bDqJFiq9', '7bz1lzh9', '1630468800'), '05d7a50893e22a5c4bb3216ae3396c7c');
    assert.equal(sign('bDqJFiq9', '7bz1lzh9', 1630468800), '05d7a50893e22a5c4bb3216ae3396c7c');
  });
  it('changes with every input', () => {
    const base = sign('a', 'b', '1');
    assert.notEqual(sign('a', 'b', '2'), base);
    assert.notEqual(sign('a', 'c', '1'), base);
    assert.match(base, /^[0-9a-f]{32}$/);
  });
});

describe('PnsClient over real HTTP', () => {
  let server: RawServer;
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    await server.close();
  });

  describe('requests', () => {
    it('sends the documented method, path, headers and body, freshly signed', async () => {
      server.handle((_r, res) => json(res, onePage([vendorRecord(1)])));
      const c = client(server);
      const before = Math.floor(Date.now() / 1000);
      await c.queryBindPage({ current: 2, size: 10, appId: '4luaKsL2' });
      const after = Math.floor(Date.now() / 1000);
      const r = server.requests[0];
      assert.equal(r.method, 'POST');
      assert.equal(r.url, '/v3/number/pns/queryBindPage');
      assert.equal(r.headers['content-type'], 'application/json;charset=UTF-8');
      assert.equal(r.headers['api-key'], KEY);
      const ts = Number(r.headers.timestamp);
      assert.ok(/^\d{10}$/.test(String(r.headers.timestamp)) && ts >= before && ts <= after, `Timestamp ${r.headers.timestamp}`);
      assert.equal(r.headers.sign, sign(KEY, SECRET, String(r.headers.timestamp)));
      assert.deepEqual(JSON.parse(r.body), { current: 2, size: 10, params: { appId: '4luaKsL2' } });
      assert.ok(!r.url.includes(SECRET) && !r.body.includes(SECRET));
    });

    it('sends params {} without an appId, and a new Timestamp/Sign per request', async () => {
      server.handle((_r, res) => json(res, onePage([])));
      const c = client(server);
      await c.queryBindPage({ current: 1, size: 5 });
      c.clockOffsetMs = 3_600_000;
      await c.queryBindPage({ current: 1, size: 5 });
      assert.deepEqual(JSON.parse(server.requests[0].body), { current: 1, size: 5, params: {} });
      const [a, b] = server.requests.map((r) => r.headers);
      assert.equal(Number(b.timestamp) - Number(a.timestamp) >= 3599, true);
      assert.notEqual(a.sign, b.sign);
      assert.equal(b.sign, sign(KEY, SECRET, String(b.timestamp)));
    });

    it('refuses bad page numbers, sizes and app ids without sending anything', async () => {
      const c = client(server);
      const bad: Array<[Parameters<PnsClient['queryBindPage']>[0], string]> = [
        [{ current: 0, size: 10 }, 'current'],
        [{ current: 1.5, size: 10 }, 'current'],
        [{ current: Number.NaN, size: 10 }, 'current'],
        [{ current: 1, size: 0 }, 'size'],
        [{ current: 1, size: 101 }, 'size'],
        [{ current: 1, size: 2.5 }, 'size'],
        [{ current: 1, size: 10, appId: '' }, 'appId'],
        [{ current: 1, size: 10, appId: '   ' }, 'appId'],
        [{ current: 1, size: 10, appId: 'a\nb' }, 'appId'],
      ];
      for (const [q, field] of bad) {
        const e = await rejects(c.queryBindPage(q), PnsValidationError);
        assert.equal(e.field, field, JSON.stringify(q));
        assert.ok(e.hint.length > 10);
      }
      assert.equal(server.requests.length, 0);
    });

    it('accepts size 1 and 100 (the bounds)', async () => {
      server.handle((_r, res) => json(res, onePage([])));
      const c = client(server);
      await c.queryBindPage({ current: 1, size: 1 });
      await c.queryBindPage({ current: 1, size: 100 });
      assert.equal(server.requests.length, 2);
    });
  });

  it('reports every request to onRequest, without key, secret or Sign', async () => {
    server.handle((_r, res, n) => json(res, n === 1 ? onePage([]) : envelope(null, '-22', 'bad')));
    const seen: unknown[] = [];
    const c = client(server, { onRequest: (i) => seen.push(i) });
    await c.queryBindPage({ current: 1, size: 10 });
    await rejects(c.queryBindPage({ current: 1, size: 10 }), PnsApiError);
    assert.equal(seen.length, 2);
    assert.deepEqual({ ...(seen[0] as object), ms: 0 }, { method: 'POST', path: 'number/pns/queryBindPage', httpStatus: 200, status: '0', error: undefined, ms: 0 });
    assert.equal((seen[1] as { status: string }).status, '-22');
    const text = JSON.stringify(seen);
    assert.ok(!text.includes(SECRET) && !text.includes(KEY) && !text.includes(String(server.requests[0].headers.sign)));
  });

  describe('base URL and credentials', () => {
    it('refuses http:// to a non-loopback host before sending anything', () => {
      for (const url of ['http://api.laaffic.com/v3', 'http://10.0.0.1/v3', 'http://127.example.com/v3']) {
        assert.throws(() => new PnsClient({ baseUrl: url, apiKey: KEY, apiSecret: SECRET }), (e: unknown) => e instanceof PnsValidationError && e.field === 'baseUrl' && /http:\/\//.test(e.message));
      }
    });
    it('allows http:// to loopback and https:// anywhere', () => {
      for (const url of ['http://127.0.0.1:1/v3', 'http://localhost:8787/v3', 'http://[::1]:8787/v3', 'http://127.1.2.3/v3', 'https://api.laaffic.com/v3', 'https://api.onbuka.com/v3']) {
        assert.doesNotThrow(() => new PnsClient({ baseUrl: url, apiKey: KEY, apiSecret: SECRET }), url);
      }
      assert.equal(new PnsClient({ apiKey: KEY, apiSecret: SECRET }).baseUrl, 'https://api.laaffic.com/v3');
    });
    it('refuses malformed URLs, other schemes and URLs with user info', () => {
      for (const url of ['not a url', 'ftp://x/v3', 'https://u:p@api.laaffic.com/v3', 'https://api.laaffic.com/v3?x=1']) {
        assert.throws(() => new PnsClient({ baseUrl: url, apiKey: KEY, apiSecret: SECRET }), PnsValidationError, url);
      }
    });
    it('refuses empty or unsendable credentials, without echoing them', () => {
      assert.throws(() => new PnsClient({ apiKey: '', apiSecret: SECRET }), (e: unknown) => e instanceof PnsValidationError && e.field === 'apiKey');
      assert.throws(() => new PnsClient({ apiKey: KEY, apiSecret: '  ' }), (e: unknown) => e instanceof PnsValidationError && e.field === 'apiSecret');
      assert.throws(
        () => new PnsClient({ apiKey: KEY, apiSecret: 'sec ret\n' }),
        (e: unknown) => e instanceof PnsValidationError && e.field === 'apiSecret' && !e.message.includes('sec ret'),
      );
    });
    it('refuses a bad expiry time zone and a bad timeout', () => {
      assert.throws(() => new PnsClient({ apiKey: KEY, apiSecret: SECRET, expireTimeZone: 'Asia/Shanghai' }), (e: unknown) => e instanceof PnsValidationError && e.field === 'expireTimeZone');
      assert.throws(() => new PnsClient({ apiKey: KEY, apiSecret: SECRET, timeoutMs: 0 }), PnsValidationError);
    });
  });

  describe('vendor statuses', () => {
    // Written out by hand from the vendor's status table (docs/laaffic-pns-api.md), not read
    // from STATUS_TABLE: a changed meaning or a lost piece of advice must fail here.
    // [status, meaning in the message, a key phrase of the hint, retryable]
    const EXPECTED: ReadonlyArray<readonly [string, string, string, boolean]> = [
      ['-1', 'account authentication failed', 'The API key or API secret is wrong. Enter both again', false],
      ['-2', 'IP restricted', "This machine's IP address may not call the Laaffic API", false],
      ['-13', 'user locked', 'The Laaffic account is locked. Contact Laaffic support.', false],
      ['-15', 'queried too frequently', 'Laaffic is rate-limiting this key. Wait a few seconds', true],
      ['-16', 'timestamp expired', "this computer's clock is probably off. Synchronise the system clock", false],
      ['-18', 'system anomaly', 'Laaffic reported an error on its side. Retrying in a moment may help.', true],
      ['-20', 'data already exists', 'The item already exists on the Laaffic side.', false],
      ['-22', 'parameter exception', 'Check the app id and the page size (size).', false],
      ['-24', 'data does not exist', 'The binding does not exist any more', false],
      ['-25', 'outside the allowed time range', 'The requested time range is not allowed by Laaffic.', false],
      ['-29', 'workspace disabled', 'The Laaffic workspace is disabled.', false],
      ['-30', 'API key disabled', 'This API key is disabled. Enable it (or create a new one)', false],
      ['-31', 'IP not in whitelist', "not in the API key's whitelist. Add it in the Laaffic console.", false],
      ['-32', 'API key may not access this application', 'This API key does not belong to that app.', false],
      ['-35', 'A or B already has an AXB binding', 'Unbind the existing AXB binding of phone A or B first.', false],
      ['-41', 'no free middle number', 'The number pool has no free middle number.', false],
    ];
    it('the hand-written table covers every status of STATUS_TABLE, and no other', () => {
      assert.deepEqual(EXPECTED.map(([s]) => s).sort(), Object.keys(STATUS_TABLE).sort());
    });
    for (const [status, meaning, hintPhrase, retryable] of EXPECTED) {
      it(`status ${status} -> PnsApiError "${meaning}" with its hint`, async () => {
        server.handle((_r, res) => json(res, envelope(null, status, `vendor says ${status}`)));
        const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }, { retries: 0 }), PnsApiError);
        assert.equal(e.status, status);
        assert.equal(e.reason, `vendor says ${status}`);
        assert.equal(e.meaning, meaning);
        assert.equal(e.message, `Laaffic API error ${status} (${meaning}): "vendor says ${status}"`);
        assert.ok(e.hint.includes(hintPhrase), `hint of ${status}: ${e.hint}`);
        assert.equal(e.retryable, retryable);
      });
    }
    it('an unknown status says "status N" and quotes the reason', async () => {
      server.handle((_r, res) => json(res, envelope(null, '-99', 'Something odd')));
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsApiError);
      assert.equal(e.status, '-99');
      assert.match(e.message, /status -99/);
      assert.match(e.message, /Something odd/);
    });
    it('accepts status as a number, for errors and for success', async () => {
      server.handle((_r, res, n) => json(res, n === 1 ? envelope(null, -1, 'auth') : envelope({ total: 0, size: 10, current: 1, pages: 0, records: [] }, 0)));
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsApiError);
      assert.equal(e.status, '-1');
      assert.equal(e.isAuthError, true);
      const page = await client(server).queryBindPage({ current: 1, size: 10 });
      assert.equal(page.total, 0);
    });
    it('-16 measures the clock skew from the Date header', async () => {
      const serverAhead = 10 * 60_000 + 3_000;
      server.handle((_r, res) => json(res, envelope(null, '-16', 'Timestamp expired'), 200, { Date: new Date(Date.now() + serverAhead).toUTCString() }));
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsApiError);
      assert.ok(e.clockSkewMs !== undefined && Math.abs(e.clockSkewMs - serverAhead) < 2000, String(e.clockSkewMs));
      assert.match(e.hint, /10 min \d+ s behind/);
    });
    it('never repeats the key or secret the server echoes in its reason', async () => {
      server.handle((_r, res) => json(res, envelope(null, '-1', `bad key ${KEY} / ${SECRET}`)));
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsApiError);
      assert.ok(!e.message.includes(KEY) && !e.reason.includes(SECRET));
    });
  });

  describe('record normalisation (the vendor doc quirks)', () => {
    async function records(recs: unknown[], zone?: string) {
      server.handle((_r, res) => json(res, onePage(recs)));
      return (await client(server, zone ? { expireTimeZone: zone } : {}).queryBindPage({ current: 1, size: 10 })).records;
    }

    it('keeps every id and number as a string, never rounded', async () => {
      const body =
        '{"status":"0","reason":"success","data":{"total":2,"size":10,"current":1,"pages":1,"records":[' +
        '{"bindId":1234,"phoneA":"915027021995","phoneB":"9150270219956","pnsNumberA":"91502211","pnsNumberB":915022112,"expireTime":"2023-10-22 09:00:00"},' +
        '{"bindId":12345678901234567891,"phoneA":"0091502702","phoneB":9007199254740993,"pnsNumberA":"000123","pnsNumberB":"000123","expireTime":""}]}}';
      server.handle((_r, res) => json(res, body));
      const [a, b] = (await client(server).queryBindPage({ current: 1, size: 10 })).records;
      assert.deepEqual([a.bindId, a.phoneA, a.phoneB, a.pnsNumberA, a.pnsNumberB], ['1234', '915027021995', '9150270219956', '91502211', '915022112']);
      assert.equal(b.bindId, '12345678901234567891');
      assert.equal(b.phoneA, '0091502702');
      assert.equal(b.phoneB, '9007199254740993');
      assert.equal(b.pnsNumberA, '000123');
      for (const k of ['bindId', 'phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB'] as const) assert.equal(typeof a[k], 'string');
    });

    it('AXB when both middle numbers are equal, AXXB otherwise', async () => {
      const [axb, axxb] = await records([vendorRecord(0), vendorRecord(1)]);
      assert.equal(axb.mode, 'AXB');
      assert.equal(axxb.mode, 'AXXB');
    });

    it('reads every documented expireTime form', async () => {
      const t = Date.UTC(2023, 9, 22, 1, 0, 0); // 2023-10-22 09:00:00 at +08:00
      const forms: unknown[] = ['2023-10-22 09:00:00', '2023-10-22 09:00', '1697936400', '1697936400000', 1697936400, 1697936400000, '2023-10-22T01:00:00Z', '2023-10-22 09:00:00+08:00'];
      const recs = await records(forms.map((e, i) => vendorRecord(i, { expireTime: e })));
      recs.forEach((r, i) => assert.equal(r.expiresAt, t, `form ${JSON.stringify(forms[i])}`));
      assert.deepEqual(
        recs.map((r) => r.expireTime),
        forms.map((f) => String(f)),
      );
    });

    it('reads text expiry in the configured zone', async () => {
      const [r] = await records([vendorRecord(0, { expireTime: '2023-10-22 09:00:00' })], '-05:30');
      assert.equal(r.expiresAt, Date.UTC(2023, 9, 22, 14, 30, 0));
      const [z] = await records([vendorRecord(0, { expireTime: '2023-10-22 09:00:00' })], 'Z');
      assert.equal(z.expiresAt, Date.UTC(2023, 9, 22, 9, 0, 0));
    });

    it('gives expiresAt null, and keeps the text, when the expiry is unreadable', async () => {
      const bad: unknown[] = ['soon', '2023-02-30 10:00:00', '2023-13-01 00:00:00', '', null, true, { t: 1 }, -5, '25:00'];
      const recs = await records(bad.map((e, i) => vendorRecord(i, { expireTime: e })));
      for (const r of recs) assert.equal(r.expiresAt, null, r.expireTime);
      assert.equal(recs[0].expireTime, 'soon');
      assert.equal(recs[4].expireTime, '');
      assert.equal(recs[6].expireTime, '{"t":1}');
    });

    it('trusts the requested size, not the echo, and says so', async () => {
      server.handle((_r, res) => json(res, envelope({ total: 25, size: 20, current: 1, pages: 2, records: [vendorRecord(1)] })));
      const page = await client(server).queryBindPage({ current: 1, size: 10 });
      assert.equal(page.size, 10);
      assert.equal(page.pages, 3);
      assert.ok(page.warnings.some((w) => /size 20/.test(w)));
    });

    it('accepts numeric strings for the paging counts', async () => {
      server.handle((_r, res) => json(res, envelope({ total: '12', size: '10', current: '1', pages: '2', records: [vendorRecord(1)] })));
      const page = await client(server).queryBindPage({ current: 1, size: 10 });
      assert.equal(page.total, 12);
      assert.equal(page.pages, 2);
      assert.equal(page.totalReported, true);
    });

    it('skips records it cannot identify and counts them', async () => {
      server.handle((_r, res) => json(res, onePage([vendorRecord(1), null, 'x', { phoneA: '1' }, vendorRecord(2)])));
      const page = await client(server).queryBindPage({ current: 1, size: 10 });
      assert.deepEqual(page.records.map((r) => r.bindId), ['1001', '1002']);
      assert.equal(page.skipped, 3);
    });
  });

  describe('transport failures', () => {
    it('a server that never answers -> timeout after timeoutMs', async () => {
      server.handle(() => undefined);
      const t0 = Date.now();
      const e = await rejects(client(server, { timeoutMs: 300 }).queryBindPage({ current: 1, size: 10 }, { retries: 0 }), PnsTransportError);
      assert.equal(e.kind, 'timeout');
      assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    });
    it('a body that drips forever -> timeout (the timeout covers the body)', async () => {
      server.handle((_r, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"status":"0","data":{');
        const timer = setInterval(() => res.write(' '), 50);
        res.on('close', () => clearInterval(timer));
      });
      const e = await rejects(client(server, { timeoutMs: 400 }).queryBindPage({ current: 1, size: 10 }, { retries: 0 }), PnsTransportError);
      assert.equal(e.kind, 'timeout');
    });
    it('abort through the signal -> PnsAbortError, promptly', async () => {
      server.handle(() => undefined);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      await rejects(client(server, { timeoutMs: 5000 }).queryBindPage({ current: 1, size: 10 }, { signal: ac.signal }), PnsAbortError);
      assert.ok(Date.now() - t0 < 1000);
    });
    it('an already aborted signal sends nothing', async () => {
      const ac = new AbortController();
      ac.abort();
      await rejects(client(server).queryBindPage({ current: 1, size: 10 }, { signal: ac.signal }), PnsAbortError);
      assert.equal(server.requests.length, 0);
    });
    it('connection refused -> network error naming the host', async () => {
      const port = server.port;
      await server.close();
      const c = new PnsClient({ baseUrl: `http://127.0.0.1:${port}/v3`, apiKey: KEY, apiSecret: SECRET });
      const e = await rejects(c.queryBindPage({ current: 1, size: 10 }), PnsTransportError);
      assert.equal(e.kind, 'network');
      assert.equal(e.code, 'ECONNREFUSED');
      assert.match(e.message, new RegExp(`127.0.0.1:${port}`));
      server = await startRawServer();
    });
    it('connection reset mid-body -> network error', async () => {
      server.handle((_r, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"status":"0","da');
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsTransportError);
      assert.equal(e.kind, 'network');
    });
    // A cut-off reply must end as soon as the connection closes, never wait for the timeout:
    // the timeout here is twice mocha's, so a reply left waiting fails the test (and still ends).
    const cutOff: Array<[string, (res: http.ServerResponse) => void]> = [
      ['a reply with a Content-Length', (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
        res.write('{"status":"0","da');
      }],
      ['a chunked reply', (res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.write('{"status":"0","da');
      }],
      ['a gzip-compressed reply', (res) => {
        const gz = zlib.gzipSync(JSON.stringify({ status: '0', reason: '', data: { records: [], total: 0, size: 10, current: 1, pages: 0, padding: 'x'.repeat(5000) } }));
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': String(gz.length) });
        res.write(gz.subarray(0, gz.length >> 1));
      }],
    ];
    for (const [name, send] of cutOff) {
      it(`${name} cut off by the server -> network error at once, not a timeout`, async () => {
        server.handle((_r, res) => {
          send(res);
          setTimeout(() => res.socket?.destroy(), 20);
        });
        const e = await rejects(client(server, { timeoutMs: 20_000 }).queryBindPage({ current: 1, size: 10 }, { retries: 0 }), PnsTransportError);
        assert.equal(e.kind, 'network');
        assert.equal(e.code, 'ERR_STREAM_PREMATURE_CLOSE');
        assert.match(e.message, /closed before the whole reply arrived/);
      });
    }
    it('HTML 502 -> http error, retryable, keeps the HTTP status', async () => {
      server.handle((_r, res) => {
        res.writeHead(502, { 'Content-Type': 'text/html' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>');
      });
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsTransportError);
      assert.equal(e.kind, 'http');
      assert.equal(e.httpStatus, 502);
      assert.equal(e.retryable, true);
      assert.match(e.message, /HTML/);
      assert.equal(server.requests.length, 3); // retried twice (the default) before giving up
    });
    it('404 -> http error that points at the base URL', async () => {
      server.handle((_r, res) => {
        res.writeHead(404);
        res.end('not here');
      });
      const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsTransportError);
      assert.equal(e.httpStatus, 404);
      assert.equal(e.hint, 'Check baseUrl: it should end in /v3 (https://api.laaffic.com/v3).');
    });
    const invalid: Array<[string, string]> = [
      ['plain text with 200', 'hello'],
      ['an HTML page with 200', '<!doctype html><html><body>Login</body></html>'],
      ['an empty body', ''],
      ['truncated JSON', '{"status":"0","data":{"total":1,'],
      ['a JSON array', '[1,2]'],
      ['JSON null', 'null'],
      ['a JSON string', '"ok"'],
      ['no status', '{"reason":"x","data":{}}'],
      ['status null', '{"status":null,"data":{}}'],
      ['no data', '{"status":"0","reason":"success"}'],
      ['data null', '{"status":"0","data":null}'],
      ['data an array', '{"status":"0","data":[]}'],
      ['records a string', '{"status":"0","data":{"total":3,"records":"x"}}'],
      ['records missing with total > 0', '{"status":"0","data":{"total":3}}'],
    ];
    for (const [what, body] of invalid) {
      it(`${what} -> invalid-response`, async () => {
        server.handle((_r, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(body);
        });
        const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsTransportError);
        assert.equal(e.kind, 'invalid-response', e.message);
        assert.ok(e.message.length > 20 && e.hint.length > 20);
      });
    }
    it('a reply larger than maxBodyBytes is not read', async () => {
      server.handle((_r, res) => json(res, onePage(Array.from({ length: 10 }, (_, i) => vendorRecord(i, { pad: 'x'.repeat(10_000) })))));
      const e = await rejects(client(server, { maxBodyBytes: 20_000 }).queryBindPage({ current: 1, size: 10 }), PnsTransportError);
      assert.equal(e.kind, 'invalid-response');
      assert.match(e.message, /larger/);
    });
    it('a redirect is not followed: the other host never sees the credentials', async () => {
      const other = await startRawServer();
      try {
        server.handle((_r, res) => {
          res.writeHead(302, { Location: `http://localhost:${other.port}/v3/number/pns/queryBindPage` });
          res.end();
        });
        const e = await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsTransportError);
        assert.equal(e.kind, 'http');
        assert.equal(e.httpStatus, 302);
        assert.match(e.message, new RegExp(`localhost:${other.port}`));
        assert.equal(other.requests.length, 0);
      } finally {
        await other.close();
      }
    });
    it('a TCP server that is not HTTP -> network error, not a crash', async () => {
      const tcp = net.createServer((s) => s.end('garbage\r\n\r\n'));
      await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
      const port = (tcp.address() as net.AddressInfo).port;
      try {
        const c = new PnsClient({ baseUrl: `http://127.0.0.1:${port}/v3`, apiKey: KEY, apiSecret: SECRET, timeoutMs: 1000 });
        const e = await rejects(c.queryBindPage({ current: 1, size: 10 }), PnsTransportError);
        assert.ok(['network', 'timeout'].includes(e.kind));
      } finally {
        tcp.close();
      }
    });
  });
});

describe('hints name client options; forUser() names the extension settings', () => {
  let server: RawServer;
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    await server.close();
  });
  function thrown(f: () => unknown): PnsValidationError {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof PnsValidationError);
      return e;
    }
    return assert.fail('expected a PnsValidationError');
  }
  // [what, the core's hint, the same hint for the extension's user]
  const cases: Array<[string, () => Promise<string> | string, string, string]> = [
    [
      'a bad base URL',
      () => thrown(() => new PnsClient({ baseUrl: 'ftp://x/v3', apiKey: KEY, apiSecret: SECRET })).hint,
      'Set baseUrl to https://api.laaffic.com/v3 (or the local sandbox URL, e.g. http://127.0.0.1:8787/v3).',
      'Set laafficPns.baseUrl to https://api.laaffic.com/v3 (or the local sandbox URL, e.g. http://127.0.0.1:8787/v3).',
    ],
    [
      'a bad timeout',
      () => thrown(() => new PnsClient({ apiKey: KEY, apiSecret: SECRET, timeoutMs: -1 })).hint,
      'Set timeoutMs to a positive number of milliseconds, e.g. 15000 (15 s).',
      'Set laafficPns.timeoutSeconds to a value from 1 to 120.',
    ],
    [
      'a page size of 101',
      async () => (await rejects(client(server).queryBindPage({ current: 1, size: 101 }), PnsValidationError)).hint,
      'Set the page size (size) to a value from 1 to 100.',
      'Set the page size (laafficPns.pageSize) to a value from 1 to 100.',
    ],
    [
      'a timeout',
      async () => {
        server.handle(() => undefined);
        return (await rejects(client(server, { timeoutMs: 100 }).queryBindPage({ current: 1, size: 10 }, { retries: 0 }), PnsTransportError)).hint;
      },
      'Try again. If the server is just slow, raise the timeout (timeoutMs).',
      'Try again. If the server is just slow, raise the timeout (laafficPns.timeoutSeconds).',
    ],
    [
      'HTTP 404',
      async () => {
        server.handle((_r, res) => {
          res.writeHead(404);
          res.end();
        });
        return (await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsTransportError)).hint;
      },
      'Check baseUrl: it should end in /v3 (https://api.laaffic.com/v3).',
      'Check laafficPns.baseUrl: it should end in /v3 (https://api.laaffic.com/v3).',
    ],
    [
      'a reply larger than maxBodyBytes',
      async () => {
        server.handle((_r, res) => json(res, onePage([vendorRecord(1), vendorRecord(2)])));
        return (await rejects(client(server, { maxBodyBytes: 50 }).queryBindPage({ current: 1, size: 10 }), PnsTransportError)).hint;
      },
      'Use a smaller page size (size), and check that baseUrl points at the Laaffic API.',
      'Use a smaller page size (laafficPns.pageSize), and check that laafficPns.baseUrl points at the Laaffic API.',
    ],
    [
      'vendor status -22',
      async () => {
        server.handle((_r, res) => json(res, envelope(null, '-22', 'bad')));
        return (await rejects(client(server).queryBindPage({ current: 1, size: 10 }), PnsApiError)).hint;
      },
      'Laaffic rejected a request field (page number, page size or app id). Check the app id and the page size (size).',
      'Laaffic rejected a request field (page number, page size or app id). Check the app id and the page size (laafficPns.pageSize).',
    ],
  ];
  for (const [what, hintOf, core, user] of cases) {
    it(`${what}: "${core}"`, async () => {
      const hint = await hintOf();
      assert.equal(hint, core);
      assert.equal(forUser(hint), user);
      assert.equal(forUser(user), user, 'forUser is idempotent');
    });
  }
  it('forUser leaves other text alone (URLs, words that merely contain an option name)', () => {
    for (const text of ['Open https://example.test/baseUrl/v3', 'The base URL must start with https://', 'mybaseUrl and timeoutMsX', 'Use a page size from 1 to 100.', '']) {
      assert.equal(forUser(text), text);
    }
  });
  it('no file of the core names an extension setting', () => {
    const pending = new Set<string>();
    const root = path.join(__dirname, '../../../src/api');
    const files = fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length > 10);
    for (const f of files) {
      if (pending.has(f)) continue;
      assert.doesNotMatch(fs.readFileSync(path.join(root, f), 'utf8'), /laafficPns\.\w/, f);
    }
  });
});
