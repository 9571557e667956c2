/**
 * The local Laaffic sandbox, exercised over real HTTP (node:http), never through the
 * project's client: signing, the vendor's checks, paging, data, bind/unbind, faults,
 * latency, close() and the CLI.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sign } from '../../src/api/sign';
import {
  startSandbox,
  BODY_LIMIT,
  parseCli,
  parseFaultKinds,
  CliUsageError,
  FAULT_KINDS,
  type FaultKind,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/main';

// ---------------------------------------------------------------------------------------------
// helpers

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

interface RequestOptions {
  method?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  agent?: http.Agent;
  timeoutMs?: number;
  /** send the body chunked (no Content-Length) */
  chunked?: boolean;
  /** false: no automatic Host header (set one in `headers`, or send none) */
  setHost?: boolean;
}

/** One HTTP request to `base` + `p`; rejects if the connection fails or the answer is cut short. */
function request(base: string, p: string, o: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const u = new URL(base + p);
    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined && !o.chunked) headers['Content-Length'] = String(Buffer.byteLength(o.body));
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: o.method ?? 'POST', headers, agent: o.agent ?? false, setHost: o.setHost ?? true },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error('answer cut short'));
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (o.timeoutMs) req.setTimeout(o.timeoutMs, () => req.destroy(new Error('client timeout')));
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

function authHeaders(sb: Sandbox, over: { key?: string; secret?: string; ts?: string | number } = {}): Record<string, string> {
  const key = over.key ?? sb.apiKey;
  const ts = String(over.ts ?? Math.floor(Date.now() / 1000));
  return {
    'Content-Type': 'application/json;charset=UTF-8',
    'Api-Key': key,
    Timestamp: ts,
    Sign: sign(key, over.secret ?? sb.apiSecret, ts),
  };
}

interface Vendor {
  http: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A signed POST with a JSON body (or a raw string); parses the envelope. */
async function call(sb: Sandbox, p: string, body: unknown, o: { ts?: string | number; headers?: Record<string, string>; method?: string } = {}): Promise<Vendor> {
  const r = await request(sb.url, p, {
    method: o.method ?? 'POST',
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: o.headers ?? authHeaders(sb, { ts: o.ts }),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.text);
  } catch {
    parsed = undefined;
  }
  return { http: r.status, body: parsed, headers: r.headers, text: r.text };
}

const page = (sb: Sandbox, current: number, size: number, appId?: string) =>
  call(sb, '/number/pns/queryBindPage', { current, size, params: appId === undefined ? {} : { appId } });

/** Every sandbox a test starts is closed after it. */
const open: Sandbox[] = [];
async function sandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox(o);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn(nowS)` with the current unix second and keeps its result only if the second did not
 * change meanwhile (the sandbox's check happened within it); otherwise tries again. Makes
 * exact Timestamp-window boundaries testable on a slow machine.
 */
async function withinOneSecond<T>(fn: (nowS: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 30; attempt++) {
    if (Date.now() % 1000 > 700) await sleep(1000 - (Date.now() % 1000) + 5);
    const s = Math.floor(Date.now() / 1000);
    const r = await fn(s);
    if (Math.floor(Date.now() / 1000) === s) return r;
  }
  throw new Error('no request finished within one clock second in 30 attempts');
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const COUNTRY_CODES = ['91', '62', '63', '55', '52', '234', '880', '84'];

// ---------------------------------------------------------------------------------------------

describe('sandbox: queryBindPage and paging', () => {
  it('answers status "0" to a good signature, with correct paging math', async () => {
    const sb = await sandbox({ bindingsPerApp: [23, 7, 0] });
    const [a0, , a2] = sb.appIds;

    const p1 = await page(sb, 1, 10, a0);
    assert.equal(p1.http, 200);
    assert.match(String(p1.headers['content-type']), /^application\/json/);
    assert.equal(p1.body.status, '0');
    assert.equal(p1.body.reason, 'success');
    assert.deepEqual({ ...p1.body.data, records: p1.body.data.records.length }, { total: 23, size: 10, current: 1, pages: 3, records: 10 });
    assert.deepEqual(
      p1.body.data.records.map((r: { bindId: number }) => String(r.bindId)),
      sb.bindings(a0).slice(0, 10).map((b) => b.bindId),
    );

    const p3 = await page(sb, 3, 10, a0);
    assert.equal(p3.body.data.records.length, 3, 'the last page is short');
    assert.deepEqual(
      p3.body.data.records.map((r: { bindId: number }) => String(r.bindId)),
      sb.bindings(a0).slice(20).map((b) => b.bindId),
    );

    const p4 = await page(sb, 4, 10, a0);
    assert.equal(p4.body.status, '0');
    assert.deepEqual(p4.body.data, { total: 23, size: 10, current: 4, pages: 3, records: [] }, 'past the end: empty, right total');

    const all = await page(sb, 1, 100);
    assert.equal(all.body.data.total, 30, 'without appId: every app');
    assert.equal(all.body.data.pages, 1);

    const none = await page(sb, 1, 10, a2);
    assert.deepEqual(none.body.data, { total: 0, size: 10, current: 1, pages: 0, records: [] });
  });

  it('serves every binding exactly once over the pages, bindId descending', async () => {
    const sb = await sandbox();
    const ids: string[] = [];
    for (let current = 1; ; current++) {
      const r = await page(sb, current, 100);
      ids.push(...r.body.data.records.map((x: { bindId: number }) => String(x.bindId)));
      if (current >= r.body.data.pages) break;
    }
    assert.equal(ids.length, 2500);
    assert.deepEqual(ids, sb.bindings().map((b) => b.bindId));
    for (let i = 1; i < ids.length; i++) assert.ok(BigInt(ids[i - 1]) > BigInt(ids[i]), 'descending');
  });

  it('shapes records like the vendor: bindId a number, pnsNumberB sometimes a number, text expireTime in +08:00', async () => {
    const sb = await sandbox({ bindings: 400 });
    const truth = new Map(sb.bindings().map((b) => [b.bindId, b]));
    let numericB = 0;
    for (let current = 1; current <= 4; current++) {
      const r = await page(sb, current, 100);
      for (const rec of r.body.data.records) {
        assert.deepEqual(Object.keys(rec).sort(), ['bindId', 'expireTime', 'phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB']);
        assert.equal(typeof rec.bindId, 'number');
        for (const k of ['phoneA', 'phoneB', 'pnsNumberA']) assert.equal(typeof rec[k], 'string');
        if (typeof rec.pnsNumberB === 'number') numericB++;
        const b = truth.get(String(rec.bindId))!;
        assert.equal(String(rec.pnsNumberB), b.pnsNumberB);
        assert.equal(rec.phoneA, b.phoneA);
        assert.match(rec.expireTime, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        assert.equal(Date.parse(rec.expireTime.replace(' ', 'T') + '+08:00'), b.expiresAt);
      }
    }
    assert.ok(numericB > 10 && numericB < 80, `about 10 % numeric pnsNumberB, got ${numericB}/400`);
  });

  it('writes expireTime as 10-digit seconds, or text in another zone, when asked', async () => {
    const secs = await sandbox({ bindings: 50, expireFormat: 'seconds' });
    const truth = new Map(secs.bindings().map((b) => [b.bindId, b]));
    const r = await page(secs, 1, 50);
    for (const rec of r.body.data.records) {
      assert.match(rec.expireTime, /^\d{10}$/);
      assert.equal(Number(rec.expireTime) * 1000, truth.get(String(rec.bindId))!.expiresAt);
    }
    const ny = await sandbox({ bindings: 20, expireTimeZone: '-05:00' });
    const first = ny.bindings()[0];
    const rec = (await page(ny, 1, 1)).body.data.records[0];
    assert.equal(Date.parse(rec.expireTime.replace(' ', 'T') + '-05:00'), first.expiresAt);
  });

  it('answers an unknown appId with an empty page', async () => {
    const sb = await sandbox({ bindings: 30 });
    const r = await page(sb, 1, 10, 'NoSuchAp');
    assert.equal(r.body.status, '0');
    assert.deepEqual(r.body.data, { total: 0, size: 10, current: 1, pages: 0, records: [] });
  });

  it('echoes echoSize as data.size but pages by the requested size', async () => {
    const sb = await sandbox({ bindingsPerApp: [25], echoSize: 20 });
    const r = await page(sb, 1, 10);
    assert.equal(r.body.data.size, 20);
    assert.equal(r.body.data.records.length, 10);
    assert.equal(r.body.data.pages, 3);
    const plain = await sandbox({ bindingsPerApp: [25] });
    assert.equal((await page(plain, 1, 10)).body.data.size, 10);
  });
});

describe('sandbox: demo info for "Try the Local Sandbox"', () => {
  it('serves its own credentials and app ids at GET /__sandbox/info, and they work', async () => {
    const sb = await sandbox({ apiKey: 'demo-k', apiSecret: 'demo-s', apps: 2 });
    const origin = sb.url.replace(/\/v3$/, '');
    const r = await request(origin, '/__sandbox/info', { method: 'GET' });
    assert.equal(r.status, 200);
    const info = JSON.parse(r.text);
    assert.deepEqual({ apiKey: info.apiKey, apiSecret: info.apiSecret, appIds: info.appIds }, { apiKey: 'demo-k', apiSecret: 'demo-s', appIds: sb.appIds });
    assert.equal(sb.appIds.length, 2);
    const ok = await page(sb, 1, 5, info.appIds[0]);
    assert.equal((ok.body as { status: string }).status, '0');
  });
});

describe('sandbox: /__sandbox/* answers only loopback Host names (DNS rebinding)', () => {
  const creds = { apiKey: 'k3y-9f2e', apiSecret: 's3cr3t-7a1c' };
  const get = (sb: Sandbox, p: string, host: string) =>
    request(sb.url.replace(/\/v3$/, ''), p, { method: 'GET', setHost: false, headers: { Host: host } });

  it('serves the info to localhost, 127.x.x.x and [::1], with or without a port, never cached', async () => {
    const sb = await sandbox(creds);
    for (const host of ['localhost', `localhost:${sb.port}`, 'LocalHost:8787', '127.0.0.1', `127.0.0.1:${sb.port}`, '127.1.2.255:8787', '[::1]', `[::1]:${sb.port}`]) {
      const r = await get(sb, '/__sandbox/info', host);
      assert.equal(r.status, 200, host);
      assert.equal(JSON.parse(r.text).apiSecret, creds.apiSecret, host);
      assert.equal(r.headers['cache-control'], 'no-store', host);
    }
    assert.equal((await get(sb, '/__sandbox/other', 'localhost')).status, 404);
  });

  it('answers 403 with a JSON reason and no credentials to any other Host', async () => {
    const sb = await sandbox(creds);
    const hostile = [
      'evil.example',
      'evil.example:8787',
      `evil.example:${sb.port}`,
      '127.0.0.1.evil.example',
      'localhost.evil.example',
      `localhost.evil.example:${sb.port}`,
      'sub.localhost',
      'localhost@evil.example',
      'localhost:80.evil.example',
      '127.0.0.256',
      '127.0.0.1:',
      '::1',
      '[::1].evil.example',
      '0.0.0.0',
      '',
    ];
    for (const host of hostile) {
      for (const p of ['/__sandbox/info', '/__sandbox/other']) {
        const r = await get(sb, p, host);
        assert.equal(r.status, 403, `${p} Host ${JSON.stringify(host)}`);
        assert.match(String(r.headers['content-type']), /^application\/json/);
        assert.match(JSON.parse(r.text).error, /Host/);
        assert.ok(!r.text.includes(creds.apiKey) && !r.text.includes(creds.apiSecret), `credentials in ${r.text}`);
      }
    }
  });

  it('answers 403 to a request with no Host at all (HTTP/1.0)', async () => {
    const sb = await sandbox(creds);
    const text = await new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const s = net.connect(sb.port, '127.0.0.1', () => s.write('GET /__sandbox/info HTTP/1.0\r\n\r\n'));
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      s.on('error', reject);
    });
    assert.match(text, /^HTTP\/1\.[01] 403 /);
    assert.ok(!text.includes(creds.apiKey) && !text.includes(creds.apiSecret), text);
  });

  it('leaves the signed vendor endpoints under /v3 to their Sign check', async () => {
    const sb = await sandbox(creds);
    const r = await request(sb.url, '/number/pns/queryBindPage', {
      body: JSON.stringify({ current: 1, size: 1, params: {} }),
      headers: { ...authHeaders(sb), Host: 'evil.example' },
      setHost: false,
    });
    assert.equal(JSON.parse(r.text).status, '0');
  });
});

describe('sandbox: the vendor checks', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await sandbox({ bindings: 50 });
  });
  const body = { current: 1, size: 10, params: {} };

  it('answers -1 to a wrong Sign, an unknown Api-Key and missing headers', async () => {
    const wrongSecret = await call(sb, '/number/pns/queryBindPage', body, { headers: authHeaders(sb, { secret: 'nope' }) });
    assert.equal(wrongSecret.http, 200);
    assert.equal(wrongSecret.body.status, '-1');
    assert.equal(wrongSecret.body.data, null);

    const unknownKey = await call(sb, '/number/pns/queryBindPage', body, { headers: authHeaders(sb, { key: 'other-key' }) });
    assert.equal(unknownKey.body.status, '-1');

    const h = authHeaders(sb);
    const signedOtherTs = { ...h, Sign: sign(sb.apiKey, sb.apiSecret, Number(h.Timestamp) - 1) };
    assert.equal((await call(sb, '/number/pns/queryBindPage', body, { headers: signedOtherTs })).body.status, '-1');

    for (const drop of ['Api-Key', 'Sign', 'Timestamp']) {
      const partial = { ...h };
      delete partial[drop];
      assert.equal((await call(sb, '/number/pns/queryBindPage', body, { headers: partial })).body.status, '-1', `without ${drop}`);
    }
  });

  it('reads the headers case-insensitively', async () => {
    const h = authHeaders(sb);
    const r = await call(sb, '/number/pns/queryBindPage', body, { headers: { 'API-KEY': h['Api-Key'], timestamp: h.Timestamp, SIGN: h.Sign } });
    assert.equal(r.body.status, '0');
  });

  it('answers -16 to a stale or future Timestamp and to a non-integer one', async () => {
    const at = (delta: number) => withinOneSecond(async (now) => (await call(sb, '/number/pns/queryBindPage', body, { ts: now + delta })).body.status);
    assert.equal(await at(-301), '-16', 'stale');
    assert.equal(await at(301), '-16', 'future');
    assert.equal(await at(-290), '0', 'inside the window');
    assert.equal(await at(290), '0', 'inside the window');
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await call(sb, '/number/pns/queryBindPage', body, { ts: `${now}.5` })).body.status, '-16', 'not an integer');
    assert.equal((await call(sb, '/number/pns/queryBindPage', body, { ts: now * 1000 })).body.status, '-16', 'milliseconds');
  });

  it('accepts a Timestamp exactly 300 s off and rejects 301 s, either direction', async () => {
    const status = (delta: number) =>
      withinOneSecond(async (now) => (await call(sb, '/number/pns/queryBindPage', body, { ts: now + delta })).body.status);
    assert.equal(await status(-300), '0', '300 s behind');
    assert.equal(await status(300), '0', '300 s ahead');
    assert.equal(await status(-301), '-16', '301 s behind');
    assert.equal(await status(301), '-16', '301 s ahead');
  });

  it('puts the window edge on the sandbox clock: a skew of exactly 300 s passes, 301 s fails', async () => {
    // The client signs with the real time; the sandbox's clock runs `skew` seconds ahead or behind.
    const status = async (skew: number) => {
      sb.setClockSkew(skew);
      return withinOneSecond(async (now) => (await call(sb, '/number/pns/queryBindPage', body, { ts: now })).body.status);
    };
    assert.equal(await status(300), '0');
    assert.equal(await status(-300), '0');
    assert.equal(await status(301), '-16');
    assert.equal(await status(-301), '-16');
    assert.equal(await status(0), '0');
  });

  it('has no length limit of its own on appId: only the 64 KiB body limit, exactly at it and one byte past', async () => {
    // The vendor documents no maximum for appId (and the client refuses more than 128
    // characters before sending); to the sandbox, a long appId is just an unknown one.
    for (const len of [128, 129, 1000]) {
      const r = await page(sb, 1, 10, 'A'.repeat(len));
      assert.equal(r.body.status, '0', `${len} characters`);
      assert.deepEqual(r.body.data, { total: 0, size: 10, current: 1, pages: 0, records: [] }, `${len} characters`);
    }
    const bodyWith = (appId: string) => JSON.stringify({ current: 1, size: 10, params: { appId } });
    const filler = BODY_LIMIT - Buffer.byteLength(bodyWith(''));
    const atLimit = bodyWith('A'.repeat(filler));
    assert.equal(Buffer.byteLength(atLimit), BODY_LIMIT);
    const fits = await call(sb, '/number/pns/queryBindPage', atLimit);
    assert.equal(fits.http, 200);
    assert.equal(fits.body.status, '0');
    assert.equal(fits.body.data.total, 0, 'an unknown app');
    const over = bodyWith('A'.repeat(filler + 1));
    assert.equal((await request(sb.url, '/number/pns/queryBindPage', { headers: authHeaders(sb), body: over })).status, 413);
    assert.equal((await request(sb.url, '/number/pns/queryBindPage', { headers: authHeaders(sb), body: over, chunked: true })).status, 413);
    // bind: an over-long appId is an app this key may not access.
    const bind = { phoneA: '919800000001', phoneB: '919800000002', expireS: 60, appId: 'A'.repeat(129), bizType: 1 };
    assert.equal((await call(sb, '/number/pns/bind', bind)).body.status, '-32');
  });

  it('honours timestampWindowSeconds', async () => {
    const tight = await sandbox({ timestampWindowSeconds: 10 });
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await call(tight, '/number/pns/queryBindPage', body, { ts: now - 30 })).body.status, '-16');
    assert.equal((await call(tight, '/number/pns/queryBindPage', body, { ts: now - 5 })).body.status, '0');
  });

  it('runs a skewed clock: Timestamp checked against it, Date header from it', async () => {
    const skewed = await sandbox({ bindings: 5, clockSkewSeconds: 3600 });
    const now = Math.floor(Date.now() / 1000);
    const r = await call(skewed, '/number/pns/queryBindPage', body, { ts: now });
    assert.equal(r.body.status, '-16', 'real time is an hour behind the sandbox');
    const date = Date.parse(String(r.headers.date));
    assert.ok(Math.abs(date - (Date.now() + 3600_000)) < 60_000, `Date header ${r.headers.date} is not skewed`);
    assert.equal((await call(skewed, '/number/pns/queryBindPage', body, { ts: now + 3600 })).body.status, '0');

    skewed.setClockSkew(-600);
    const behind = await call(skewed, '/number/pns/queryBindPage', body, { ts: now });
    assert.equal(behind.body.status, '-16', 'real time is ten minutes ahead of the sandbox');
    assert.ok(Math.abs(Date.parse(String(behind.headers.date)) - (Date.now() - 600_000)) < 60_000);
    skewed.setClockSkew(0);
    assert.equal((await call(skewed, '/number/pns/queryBindPage', body, { ts: now })).body.status, '0');
  });

  it('answers -22 to each bad paging field', async () => {
    const bad: [string, unknown][] = [
      ['not JSON', '{"current":1,'],
      ['empty body', ''],
      ['an array', '[1,2]'],
      ['a string', '"x"'],
      ['current missing', { size: 10, params: {} }],
      ['current 0', { current: 0, size: 10, params: {} }],
      ['current -1', { current: -1, size: 10, params: {} }],
      ['current 1.5', { current: 1.5, size: 10, params: {} }],
      ['current "1"', { current: '1', size: 10, params: {} }],
      ['size missing', { current: 1, params: {} }],
      ['size 0', { current: 1, size: 0, params: {} }],
      ['size 101', { current: 1, size: 101, params: {} }],
      ['size 2.5', { current: 1, size: 2.5, params: {} }],
      ['params missing', { current: 1, size: 10 }],
      ['params null', { current: 1, size: 10, params: null }],
      ['params an array', { current: 1, size: 10, params: [] }],
      ['params.appId a number', { current: 1, size: 10, params: { appId: 7 } }],
    ];
    for (const [what, b] of bad) {
      const r = await call(sb, '/number/pns/queryBindPage', b);
      assert.equal(r.http, 200, what);
      assert.equal(r.body?.status, '-22', what);
    }
    assert.equal((await call(sb, '/number/pns/queryBindPage', { current: 1, size: 100, params: {} })).body.status, '0', 'size 100 is fine');
  });

  it('answers an unknown path with HTTP 404 HTML and a wrong method with 405', async () => {
    const nf = await request(sb.url, '/number/pns/nope', { headers: authHeaders(sb), body: '{}' });
    assert.equal(nf.status, 404);
    assert.match(String(nf.headers['content-type']), /text\/html/);
    assert.match(nf.text, /<html/i);
    assert.ok(nf.headers.date, 'every reply carries a Date header');
    assert.equal((await request(sb.url.replace('/v3', ''), '/number/pns/queryBindPage', { body: '{}' })).status, 404, 'outside /v3');

    const get = await request(sb.url, '/number/pns/queryBindPage', { method: 'GET', headers: authHeaders(sb) });
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    assert.equal((await request(sb.url, '/getBalance', { method: 'DELETE', headers: authHeaders(sb) })).status, 405);
  });

  it('answers a body over 64 KiB with HTTP 413, with or without Content-Length', async () => {
    const big = JSON.stringify({ current: 1, size: 10, params: { pad: 'x'.repeat(70 * 1024) } });
    assert.equal((await request(sb.url, '/number/pns/queryBindPage', { headers: authHeaders(sb), body: big })).status, 413);
    assert.equal((await request(sb.url, '/number/pns/queryBindPage', { headers: authHeaders(sb), body: big, chunked: true })).status, 413);
    const fits = JSON.stringify({ current: 1, size: 10, params: { pad: 'x'.repeat(60 * 1024) } });
    assert.equal((await call(sb, '/number/pns/queryBindPage', fits)).body.status, '0');
  });

  it('survives garbage on the socket', async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(sb.port, '127.0.0.1', () => s.end('\x00\x01 NOT HTTP AT ALL\r\n\r\n'));
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
    });
    await request(sb.url, '/number/pns/queryBindPage', { headers: { 'Content-Length': '5' }, body: '{"a":', timeoutMs: 200 }).catch(() => undefined);
    assert.equal((await call(sb, '/number/pns/queryBindPage', { current: 1, size: 1, params: { appId: {} } })).body.status, '-22');
    assert.equal((await call(sb, '/number/pns/queryBindPage', '{"__proto__":{"current":1},"size":1,"params":{}}')).body.status, '-22');
    assert.equal((await page(sb, 1, 1)).body.status, '0', 'still serving');
  });
});

describe('sandbox: data', () => {
  it('is byte-identical for the same seed and start time, different for another seed', async () => {
    const startTime = Date.UTC(2026, 0, 15, 12, 0, 0);
    const a = await sandbox({ seed: 7, startTime });
    const b = await sandbox({ seed: 7, startTime });
    const c = await sandbox({ seed: 8, startTime });
    assert.deepEqual(a.appIds, b.appIds);
    assert.deepEqual(a.bindings(), b.bindings());
    for (const current of [1, 7, 25]) {
      assert.equal((await page(a, current, 100)).text, (await page(b, current, 100)).text, `page ${current}`);
    }
    assert.equal(
      (await call(a, '/number/queryPage', { current: 1, size: 100, params: {} })).text,
      (await call(b, '/number/queryPage', { current: 1, size: 100, params: {} })).text,
    );
    assert.notDeepEqual(a.appIds, c.appIds);
    assert.notEqual((await page(a, 1, 10)).text, (await page(c, 1, 10)).text);
  });

  it('without a start time, the same seed still gives the same records (expiry relative to start)', async () => {
    const a = await sandbox({ seed: 3, bindings: 200 });
    const b = await sandbox({ seed: 3, bindings: 200 });
    const strip = (sb: Sandbox) => sb.bindings().map(({ expiresAt: _e, ...rest }) => rest);
    assert.deepEqual(strip(a), strip(b));
  });

  it('spreads the default data realistically', async () => {
    const sb = await sandbox({ startTime: Date.now() });
    const now = Date.now();
    assert.equal(sb.appIds.length, 3);
    for (const id of sb.appIds) assert.match(id, /^[A-Za-z0-9]{8}$/);
    const counts = sb.appIds.map((id) => sb.bindings(id).length);
    assert.equal(counts.reduce((x, y) => x + y, 0), 2500);
    assert.ok(counts[0] > counts[1] && counts[1] > counts[2] && counts[0] > 3 * counts[2], `uneven: ${counts}`);

    const all = sb.bindings();
    assert.equal(new Set(all.map((b) => b.bindId)).size, all.length, 'bindIds unique');
    for (const b of all) {
      assert.match(b.bindId, /^\d+$/);
      assert.ok(Number.isSafeInteger(Number(b.bindId)));
      for (const n of [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB]) {
        assert.match(n, /^\d{9,15}$/);
        assert.ok(COUNTRY_CODES.some((cc) => n.startsWith(cc)), `country code of ${n}`);
      }
      assert.notEqual(b.phoneA, b.phoneB);
    }
    assert.ok(all.filter((b) => b.phoneA.startsWith('91')).every((b) => b.phoneA.length === 12) ,'India: 91 + 10 digits');

    const share = (f: (b: (typeof all)[number]) => boolean) => all.filter(f).length / all.length;
    const axb = share((b) => b.pnsNumberA === b.pnsNumberB);
    assert.ok(axb > 0.4 && axb < 0.6, `AXB share ${axb}`);
    const expired = share((b) => b.expiresAt <= now);
    assert.ok(expired > 0.1 && expired < 0.2, `expired ${expired}`);
    // The buckets in detail, and the numbers' uneven use: sandbox.story.test.ts.
    assert.ok(all.every((b) => b.expiresAt > now - 31 * DAY && b.expiresAt < now + 180 * DAY + HOUR));
    const soon = share((b) => b.expiresAt > now && b.expiresAt <= now + DAY);
    assert.ok(soon > 0.1 && soon < 0.2, `expiring within 24 h ${soon}`);

    for (const id of sb.appIds) {
      const pool = new Set(sb.bindings(id).flatMap((b) => [b.pnsNumberA, b.pnsNumberB]));
      assert.ok(pool.size >= 14 && pool.size <= 20, `18..22 middle numbers in ${id}, 2..4 of them idle: ${pool.size}`);
    }
  });

  it('takes bindingsPerApp and apps/bindings', async () => {
    const bench = await sandbox({ bindingsPerApp: [10000] });
    assert.equal(bench.bindings().length, 10000);
    assert.equal((await page(bench, 100, 100)).body.data.records.length, 100);
    const five = await sandbox({ apps: 5, bindings: 100 });
    assert.equal(five.appIds.length, 5);
    assert.equal(five.bindings().length, 100);
  });

  it('rejects invalid options', async () => {
    for (const bad of [
      { port: -1 },
      { apps: 0 },
      { bindings: 1.5 },
      { bindingsPerApp: [] },
      { seed: 0.5 },
      { expireTimeZone: 'Asia/Shanghai' },
      { expireFormat: 'ms' as 'text' },
      { latencyMs: -5 },
      { faults: { rate: 2, kinds: ['drop'] as FaultKind[] } },
      { faults: { rate: 1, kinds: ['boom' as FaultKind] } },
      { faults: { rate: 1, kinds: [] } },
    ] as SandboxOptions[]) {
      // through sandbox(): should one start after all, afterEach closes it
      await assert.rejects(sandbox(bad), RangeError, JSON.stringify(bad));
    }
  });
});

describe('sandbox: bind and unbind', () => {
  let sb: Sandbox;
  let app: string;
  beforeEach(async () => {
    sb = await sandbox({ bindings: 200 });
    app = sb.appIds[0];
  });
  const bindBody = (over: Record<string, unknown> = {}) => ({
    phoneA: '919800000001',
    phoneB: '919800000002',
    expireS: 3600,
    appId: app,
    bizType: 1,
    ...over,
  });

  it('binds AXB and AXXB; new bindings lead queryBindPage', async () => {
    const before = Date.now();
    const appBefore = sb.bindings(app).length;
    const r = await call(sb, '/number/pns/bind', bindBody());
    assert.equal(r.body.status, '0', r.text);
    const { bindId, pnsNumberA, pnsNumberB } = r.body.data;
    assert.equal(typeof bindId, 'string');
    assert.match(bindId, /^\d+$/);
    assert.equal(pnsNumberA, pnsNumberB, 'AXB: one middle number');

    const first = (await page(sb, 1, 1, app)).body.data.records[0];
    assert.equal(String(first.bindId), bindId);
    assert.equal(first.phoneA, '919800000001');
    const truth = sb.bindings(app)[0];
    assert.equal(truth.bindId, bindId);
    // The sandbox's clock at the bind, to the second, plus expireS.
    assert.ok(truth.expiresAt >= Math.floor(before / 1000) * 1000 + 3600_000 && truth.expiresAt <= Date.now() + 3600_000, `expiresAt ${truth.expiresAt}`);

    const x = await call(sb, '/number/pns/bind', bindBody({ phoneA: '919800000003', phoneB: '919800000004', bizType: 2 }));
    assert.equal(x.body.status, '0');
    assert.notEqual(x.body.data.pnsNumberA, x.body.data.pnsNumberB, 'AXXB: two middle numbers');
    assert.equal(sb.bindings(app).length, appBefore + 2);
    assert.equal((await page(sb, 1, 1)).body.data.total, 202);

    const numbers = (await call(sb, '/number/queryPage', { current: 1, size: 100, params: { appId: app } })).body.data.records.map(
      (n: { number: string }) => n.number,
    );
    for (const n of [pnsNumberA, x.body.data.pnsNumberA, x.body.data.pnsNumberB]) assert.ok(numbers.includes(n), `${n} is the app's number`);
  });

  it('answers -35 when A or B already has an AXB binding in the app', async () => {
    assert.equal((await call(sb, '/number/pns/bind', bindBody())).body.status, '0');
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ phoneB: '919800000009' }))).body.status, '-35', 'same A');
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ phoneA: '919800000009', bizType: 2 }))).body.status, '-35', 'same B');
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ appId: sb.appIds[1] }))).body.status, '0', 'another app is fine');
  });

  it('answers -41 when no middle number is free', async () => {
    // A chosen number, already used by phone C, is not free for C again.
    const numbers = (await call(sb, '/number/queryPage', { current: 1, size: 100, params: { appId: app } })).body.data.records;
    const x = numbers[0].number;
    const c = '919700000001';
    const first = await call(sb, '/number/pns/bind', bindBody({ phoneA: c, phoneB: '919700000002', bizType: 2, poolNumber: x }));
    assert.equal(first.body.status, '0');
    assert.equal(first.body.data.pnsNumberA, x);
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ phoneA: c, phoneB: '919700000003', bizType: 2, poolNumber: x }))).body.status, '-41');

    // Without a chosen number: one phone exhausts the pool with AXXB bindings.
    const statuses: string[] = [];
    for (let i = 0; i < 15; i++) {
      statuses.push((await call(sb, '/number/pns/bind', bindBody({ phoneA: '919600000000', phoneB: `91960000010${i}`, bizType: 2 }))).body.status);
    }
    assert.ok(statuses.slice(0, 8).every((s) => s === '0'), statuses.join());
    assert.equal(statuses[statuses.length - 1], '-41', statuses.join());
  });

  it('answers -22 to bad bind fields and -32 to an unknown app', async () => {
    const bad: [string, Record<string, unknown>][] = [
      ['phoneA missing', { phoneA: undefined }],
      ['phoneA not digits', { phoneA: '+919800000001' }],
      ['phoneB a number', { phoneB: 919800000002 }],
      ['A equals B', { phoneB: '919800000001' }],
      ['expireS 0', { expireS: 0 }],
      ['expireS too long', { expireS: 259201 }],
      ['expireS a string', { expireS: '60' }],
      ['bizType 3', { bizType: 3 }],
      ['appId missing', { appId: undefined }],
      ['unknown poolNumber', { poolNumber: '123' }],
    ];
    for (const [what, over] of bad) {
      assert.equal((await call(sb, '/number/pns/bind', bindBody(over))).body.status, '-22', what);
    }
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ expireS: 259200 }))).body.status, '0', 'expireS 259200 is fine');
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ appId: 'Nope1234', phoneA: '919800000077' }))).body.status, '-32');
    assert.equal(sb.bindings().length, 201);
  });

  it('unbinds; -24 when the binding does not exist', async () => {
    const target = sb.bindings(app)[5];
    const r = await call(sb, '/number/pns/unbind', { bindId: target.bindId, appId: app });
    assert.equal(r.body.status, '0');
    assert.equal(r.body.data, null);
    assert.ok(!sb.bindings().some((b) => b.bindId === target.bindId));
    assert.equal((await page(sb, 1, 100, app)).body.data.total, sb.bindings(app).length);
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: target.bindId, appId: app })).body.status, '-24', 'twice');

    const other = sb.bindings(sb.appIds[1])[0];
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: other.bindId, appId: app })).body.status, '-24', 'another app');
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: '1', appId: app })).body.status, '-24');
    assert.equal((await call(sb, '/number/pns/unbind', { appId: app })).body.status, '-22');
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: 'abc', appId: app })).body.status, '-22');

    assert.equal(sb.unbind(other.bindId), true);
    assert.equal(sb.unbind(other.bindId), false);
  });

  it('answers -24 to a second unbind of a binding made by bind, and unbinds an expired binding once', async () => {
    const made = await call(sb, '/number/pns/bind', bindBody({ phoneA: '919800000011', phoneB: '919800000012' }));
    assert.equal(made.body.status, '0');
    const { bindId } = made.body.data;
    // bindId as a JSON number is tolerated (the vendor's queryBindPage sends it as one)
    const first = await call(sb, '/number/pns/unbind', { bindId: Number(bindId), appId: app });
    assert.deepEqual({ status: first.body.status, data: first.body.data }, { status: '0', data: null });
    assert.equal((await call(sb, '/number/pns/unbind', { bindId, appId: app })).body.status, '-24', 'twice');
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: Number(bindId), appId: app })).body.status, '-24', 'twice, as a number');
    assert.ok(!sb.bindings(app).some((b) => b.bindId === bindId));
    // The same phones can be bound again once the binding is gone (no -35).
    assert.equal((await call(sb, '/number/pns/bind', bindBody({ phoneA: '919800000011', phoneB: '919800000012' }))).body.status, '0');

    const expired = sb.bindings(app).find((b) => b.expiresAt < Date.now());
    assert.ok(expired, 'an expired generated binding');
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: expired.bindId, appId: app })).body.status, '0', 'listed until unbound');
    assert.equal((await call(sb, '/number/pns/unbind', { bindId: expired.bindId, appId: app })).body.status, '-24');
  });
});

describe('sandbox: getBalance and queryPage', () => {
  it('answers getBalance with top-level strings and no data', async () => {
    const sb = await sandbox({ bindings: 10 });
    for (const method of ['GET', 'POST']) {
      const r = await call(sb, '/getBalance', undefined, { method });
      assert.equal(r.http, 200);
      assert.deepEqual(Object.keys(r.body), ['status', 'reason', 'balance', 'gift', 'credit'], method);
      assert.equal(r.body.status, '0');
      for (const k of ['balance', 'gift', 'credit']) assert.match(r.body[k], /^\d+\.\d+$/);
    }
    const denied = await call(sb, '/getBalance', undefined, { method: 'GET', headers: authHeaders(sb, { secret: 'x' }) });
    assert.equal(denied.body.status, '-1');
  });

  it('lists the purchased middle numbers with their appId, paged and filtered', async () => {
    const sb = await sandbox({ bindings: 300 });
    const all = await call(sb, '/number/queryPage', { current: 1, size: 100, params: {} });
    assert.equal(all.body.status, '0');
    const total = all.body.data.total;
    // About 20 in use per app, plus 2..3 expired or disabled (sandbox.numberStates.test.ts).
    assert.ok(total >= 3 * (18 + 2) && total <= 3 * (22 + 3), `about 20 numbers per app: ${total}`);
    assert.equal(all.body.data.pages, Math.ceil(total / 100));

    const app = sb.appIds[1];
    const mine = await call(sb, '/number/queryPage', { current: 1, size: 100, params: { appId: app } });
    const recs = mine.body.data.records;
    assert.ok(recs.length > 0 && recs.length < total);
    for (const n of recs) {
      assert.equal(n.appId, app);
      assert.ok([3, 4, 5].includes(n.state), `state ${n.state}`);
      assert.ok(n.number.startsWith(n.ccode));
      for (const k of ['number', 'ccode', 'country', 'dueDate', 'type']) assert.equal(typeof n[k], 'string', k);
      assert.ok(n.autoRenew === 0 || n.autoRenew === 1, `autoRenew 0/1: ${n.autoRenew}`);
    }
    const numbers = new Set(recs.map((n: { number: string }) => n.number));
    for (const b of sb.bindings(app)) assert.ok(numbers.has(b.pnsNumberA) && numbers.has(b.pnsNumberB));

    const p2 = await call(sb, '/number/queryPage', { current: 2, size: 5, params: { appId: app } });
    assert.deepEqual(p2.body.data.records, recs.slice(5, 10));
    assert.equal((await call(sb, '/number/queryPage', { current: 1, size: 5 })).body.status, '-22');
  });
});

describe('sandbox: faults', () => {
  const expectations: Record<FaultKind, (r: Promise<Reply>) => Promise<void>> = {
    'status-18': async (p) => assert.equal(JSON.parse((await p).text).status, '-18'),
    'status-15': async (p) => assert.equal(JSON.parse((await p).text).status, '-15'),
    'http-500': async (p) => {
      const r = await p;
      assert.equal(r.status, 500);
      assert.throws(() => JSON.parse(r.text));
    },
    'http-503': async (p) => {
      const r = await p;
      assert.equal(r.status, 503);
      assert.throws(() => JSON.parse(r.text));
    },
    'http-429': async (p) => {
      const r = await p;
      assert.equal(r.status, 429);
      assert.throws(() => JSON.parse(r.text));
    },
    'http-502-html': async (p) => {
      const r = await p;
      assert.equal(r.status, 502);
      assert.match(String(r.headers['content-type']), /text\/html/);
      assert.match(r.text, /<html>[\s\S]*502 Bad Gateway[\s\S]*nginx/);
    },
    'malformed-json': async (p) => {
      const r = await p;
      assert.equal(r.status, 200);
      assert.ok(r.text.startsWith('{"status":"0"'));
      assert.throws(() => JSON.parse(r.text));
    },
    'empty-body': async (p) => {
      const r = await p;
      assert.equal(r.status, 200);
      assert.equal(r.text, '');
    },
    drop: async (p) => {
      await assert.rejects(p, (e: Error) => e.message !== 'client timeout');
    },
    hang: async (p) => {
      await assert.rejects(p, /client timeout/);
    },
  };

  for (const kind of FAULT_KINDS) {
    it(`injects ${kind}`, async () => {
      const sb = await sandbox({ bindings: 20, faults: { rate: 1, kinds: [kind] } });
      const body = JSON.stringify({ current: 1, size: 10, params: {} });
      await expectations[kind](request(sb.url, '/number/pns/queryBindPage', { headers: authHeaders(sb), body, timeoutMs: 500 }));
      assert.equal(sb.requests.at(-1)?.fault, kind);
      assert.equal(sb.faultCounts[kind], 1);
    });
  }

  it('injects nothing when the signature is wrong, and only on the given paths', async () => {
    const sb = await sandbox({ bindings: 20, faults: { rate: 1, kinds: ['status-18'], paths: ['/v3/getBalance'] } });
    assert.equal((await page(sb, 1, 10)).body.status, '0', 'queryBindPage is not faulted');
    assert.equal((await call(sb, '/getBalance', undefined, { method: 'GET' })).body.status, '-18');
    const denied = await call(sb, '/getBalance', undefined, { method: 'GET', headers: authHeaders(sb, { secret: 'x' }) });
    assert.equal(denied.body.status, '-1', 'signature checks come first');
    sb.setFaults({ rate: 1, kinds: ['http-500'], paths: ['/number/pns/queryBindPage'] });
    assert.equal((await page(sb, 1, 10)).http, 500);
    sb.setFaults(undefined);
    assert.equal((await page(sb, 1, 10)).body.status, '0');
    assert.deepEqual(
      sb.requests.map((r) => r.fault ?? '-'),
      ['-', 'status-18', '-', 'http-500', '-'],
    );
    assert.throws(() => sb.setFaults({ rate: -1, kinds: ['drop'] }), RangeError);
  });

  it('faults a seeded fraction of requests', async () => {
    const run = async () => {
      const sb = await sandbox({ bindings: 5, seed: 11, faults: { rate: 0.3, kinds: ['status-18', 'status-15'] } });
      const seen: string[] = [];
      for (let i = 0; i < 200; i++) seen.push((await call(sb, '/getBalance', undefined, { method: 'GET' })).body.status);
      return { seen, sb };
    };
    const a = await run();
    const b = await run();
    const faulted = a.seen.filter((s) => s !== '0').length;
    assert.ok(faulted > 35 && faulted < 85, `about 30 % of 200: ${faulted}`);
    assert.ok(a.seen.includes('-18') && a.seen.includes('-15'));
    assert.deepEqual(a.seen, b.seen, 'the same seed faults the same requests');
    assert.equal(a.sb.requestCount, 200);
    assert.equal(a.sb.faultCounts['status-18'] + a.sb.faultCounts['status-15'], faulted);
    assert.equal(a.sb.requests.filter((r) => r.fault).length, faulted);
  });

  it('carries out the request for malformed-json/empty-body/drop, not for the others', async () => {
    const sb = await sandbox({ bindings: 10 });
    const bindOnce = (i: number) =>
      request(sb.url, '/number/pns/bind', {
        headers: authHeaders(sb),
        body: JSON.stringify({ phoneA: `91880000000${i}`, phoneB: `91880000001${i}`, expireS: 60, appId: sb.appIds[0], bizType: 2 }),
      }).catch(() => undefined);
    const expected: [FaultKind, number][] = [
      ['status-18', 0],
      ['http-503', 0],
      ['malformed-json', 1],
      ['empty-body', 1],
      ['drop', 1],
    ];
    for (const [i, [kind, grows]] of expected.entries()) {
      sb.setFaults({ rate: 1, kinds: [kind] });
      const before = sb.bindings().length;
      await bindOnce(i);
      assert.equal(sb.bindings().length - before, grows, kind);
    }
  });
});

describe('sandbox: latency, log and close', () => {
  it('delays every answer by latencyMs; setLatency changes it', async () => {
    // Only lower bounds on time (a loaded machine makes answers later, never earlier), and
    // the order of answers instead of an upper bound.
    const sb = await sandbox({ bindings: 5, latencyMs: 250 });
    let t = Date.now();
    assert.equal((await page(sb, 1, 5)).body.status, '0');
    assert.ok(Date.now() - t >= 240, `took ${Date.now() - t} ms`);
    t = Date.now();
    assert.equal((await request(sb.url, '/nope')).status, 404);
    assert.ok(Date.now() - t >= 240, '404 is delayed too');

    sb.setLatency(600_000);
    const order: string[] = [];
    const slow = page(sb, 1, 5).then(
      () => order.push('slow'),
      () => order.push('slow failed'),
    );
    // Wait (boundedly) until the slow request is logged, i.e. waiting out its latency.
    for (let i = 0; i < 1000 && sb.requestCount < 3; i++) await sleep(10);
    assert.equal(sb.requestCount, 3, 'the slow request arrived');
    sb.setLatency(0);
    assert.equal((await page(sb, 1, 5)).body.status, '0');
    order.push('fast');
    assert.deepEqual(order, ['fast'], 'the answer without latency overtook the delayed one');
    await sb.close(); // releases the delayed request (its socket is destroyed)
    await slow;
    assert.deepEqual(order, ['fast', 'slow failed']);
  });

  it('logs every request, one line each, never the Sign or the secret', async () => {
    const lines: string[] = [];
    const sb = await sandbox({ bindings: 5, log: (l) => lines.push(l), apiSecret: 'very-secret-value' });
    const h = authHeaders(sb);
    await call(sb, '/number/pns/queryBindPage', { current: 1, size: 5, params: {} }, { headers: h });
    await call(sb, '/number/pns/queryBindPage', { current: 1, size: 5, params: {} }, { headers: { ...h, Sign: 'bad' } });
    await request(sb.url, '/nope');
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => !l.includes('\n') && !l.includes(h.Sign) && !l.includes('very-secret-value')));
    assert.match(lines[0], /POST \/v3\/number\/pns\/queryBindPage .*-> status 0/);
    assert.match(lines[1], /-> status -1/);
    assert.match(lines[2], /-> HTTP 404/);
    assert.deepEqual(
      sb.requests.map((r) => [r.method, r.path, r.status]),
      [
        ['POST', '/v3/number/pns/queryBindPage', '0'],
        ['POST', '/v3/number/pns/queryBindPage', '-1'],
        ['POST', '/v3/nope', 404],
      ],
    );
    assert.ok(sb.requests.every((r) => Math.abs(r.at - Date.now()) < 60_000), 'at is epoch ms');
  });

  it('close() returns promptly with a hung request and idle keep-alive sockets', async function () {
    this.timeout(30_000);
    // Both through sandbox(): if an assertion fails, afterEach still closes them (a listening
    // server would keep mocha from exiting).
    const sb = await sandbox({ bindings: 5, latencyMs: 0, faults: { rate: 1, kinds: ['hang'], paths: ['/number/pns/queryBindPage'] } });
    const agent = new http.Agent({ keepAlive: true });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await request(sb.url, '/getBalance', { method: 'GET', headers: authHeaders(sb), agent });
        assert.equal(r.status, 200);
      }
      const hung = request(sb.url, '/number/pns/queryBindPage', { headers: authHeaders(sb), body: '{}', agent });
      hung.catch(() => undefined);
      const slow = await sandbox({ bindings: 5, latencyMs: 60_000 });
      const waiting = request(slow.url, '/getBalance', { method: 'GET', headers: authHeaders(slow) });
      waiting.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(sb.requests.at(-1)?.fault, 'hang');

      const t = Date.now();
      await Promise.all([sb.close(), slow.close()]);
      // Generous: without destroying the sockets, close() would wait for the 60 s latency.
      assert.ok(Date.now() - t < 15_000, `close took ${Date.now() - t} ms`);
      await assert.rejects(hung);
      await assert.rejects(waiting);
      await assert.rejects(request(sb.url, '/getBalance', { method: 'GET' }), /ECONNREFUSED/);
      await sb.close(); // twice is fine
    } finally {
      agent.destroy();
    }
  });
});

describe('sandbox: CLI', () => {
  const root = path.resolve(__dirname, '../../..');
  const script = path.join(root, 'dist', 'sandbox.js');

  it('parses flags, including the fault spellings', () => {
    const c = parseCli(['--port', '0', '--apps', '2', '--seed', '9', '--clock-skew=-90', '--faults=-18,502,malformed,hang', '--fault-rate', '0.5', '--quiet']);
    assert.equal(c.quiet, true);
    assert.deepEqual(c.options, {
      port: 0,
      apps: 2,
      seed: 9,
      clockSkewSeconds: -90,
      faults: { rate: 0.5, kinds: ['status-18', 'http-502-html', 'malformed-json', 'hang'] },
    });
    assert.equal(parseCli([]).options.port, 8787);
    assert.deepEqual(parseCli(['--faults', 'drop']).options.faults, { rate: 0.1, kinds: ['drop'] });
    assert.ok(!parseCli(['--fault-rate', '1']).options.faults?.kinds.includes('hang'));
    assert.deepEqual(parseFaultKinds('15,http-429,empty'), ['status-15', 'http-429', 'empty-body']);
    assert.deepEqual(parseCli(['--bindings-per-app', '10000']).options.bindingsPerApp, [10000]);
    for (const bad of [['--port', 'x'], ['--fault-rate', '2'], ['--faults', 'boom'], ['--expire-format', 'ms'], ['--expire-tz', 'Asia/Tokyo'], ['--nope'], ['--apps', '0']]) {
      assert.throws(() => parseCli(bad), CliUsageError, bad.join(' '));
    }
  });

  it('starts, prints its URL and credentials, serves, logs and exits on SIGTERM', async function () {
    this.timeout(15000);
    assert.ok(existsSync(script), `${script} is missing: run node scripts/build.mjs`);
    const child = spawn(process.execPath, [script, '--port', '0', '--bindings', '40', '--seed', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 8000);
        child.stdout.on('data', () => {
          const m = /listening on (http:\/\/\S+\/v3)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      assert.match(out, /sandbox-key/);
      assert.match(out, /sandbox-secret/);
      assert.match(out, /laafficPns\.baseUrl/);
      const fake = { url, apiKey: 'sandbox-key', apiSecret: 'sandbox-secret' } as Sandbox;
      const h = authHeaders(fake);
      const r = await call(fake, '/number/pns/queryBindPage', { current: 1, size: 10, params: {} }, { headers: h });
      assert.equal(r.body.status, '0');
      assert.equal(r.body.data.total, 40);
      await new Promise((res) => setTimeout(res, 100));
      assert.match(out, /POST \/v3\/number\/pns\/queryBindPage .*-> status 0/);
      assert.ok(!out.includes(h.Sign), 'the Sign header is never printed');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exits with code 2 and a one-line error naming a bad flag', async () => {
    assert.ok(existsSync(script), `${script} is missing`);
    const child = spawn(process.execPath, [script, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      assert.equal(code, 2);
      assert.equal(err.trim().split('\n').length, 1);
      assert.match(err, /--port/);
    } finally {
      child.kill('SIGKILL'); // should it have started a server after all, it must not outlive the test
    }
  });
});
