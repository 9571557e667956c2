/**
 * Retries of idempotent queries (policy, backoff, Retry-After, cancellation, hooks) and the
 * clock-skew correction on -16, against a raw HTTP server and the sandbox.
 */
import { strict as assert } from 'node:assert';
import {
  PnsAbortError,
  PnsApiError,
  PnsClient,
  PnsTransportError,
  PnsValidationError,
  STATUS_TABLE,
  backoffDelay,
  describeError,
  describeSkew,
  isRetryable,
  parseRetryAfter,
  sleep,
  type RetryInfo,
} from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { envelope, json, startRawServer, vendorRecord, type Handler, type RawServer } from './helpers/rawServer';

const KEY = 'retryKey1';
const SECRET = 'retry-secret-x9';

const okPage = () => envelope({ total: 1, size: 10, current: 1, pages: 1, records: [vendorRecord(0)] });

/** The failures a query may meet, as served by a raw server. */
const FAILURES: Record<string, Handler> = {
  'HTTP 500': (_r, res) => json(res, 'Internal Server Error', 500, { 'Content-Type': 'text/plain' }),
  'HTTP 502 HTML': (_r, res) => {
    res.writeHead(502, { 'Content-Type': 'text/html' });
    res.end('<html><title>502 Bad Gateway</title></html>');
  },
  'HTTP 503': (_r, res) => json(res, 'Service Unavailable', 503, { 'Content-Type': 'text/plain' }),
  'HTTP 429': (_r, res) => json(res, 'Too Many Requests', 429, { 'Content-Type': 'text/plain' }),
  'status -18': (_r, res) => json(res, envelope(null, '-18', 'System anomalies')),
  'status -15': (_r, res) => json(res, envelope(null, '-15', 'Queried too frequently')),
  'truncated JSON': (_r, res) => json(res, '{"status":"0","data":{'),
  'empty body': (_r, res) => json(res, ''),
  'connection reset': (_r, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
    res.write('{"status":"0"');
    setTimeout(() => res.socket?.destroy(), 5);
  },
  'socket destroyed before headers': (_r, res) => {
    res.socket?.destroy();
  },
  timeout: () => undefined,
};

const NOT_RETRIED: Record<string, Handler> = {
  ...Object.fromEntries(
    ['-1', '-2', '-13', '-16', '-20', '-22', '-24', '-25', '-29', '-30', '-31', '-32', '-35', '-41', '-99'].map((s) => [
      `status ${s}`,
      ((_r, res) => {
        res.sendDate = false; // a -16 without a Date header cannot be corrected
        json(res, envelope(null, s, 'no'));
      }) as Handler,
    ]),
  ),
  'invalid response (plain text)': (_r, res) => json(res, 'Service temporarily unavailable'),
  'invalid response (HTML page)': (_r, res) => json(res, '<html><body>Login</body></html>'),
  'invalid response (no data)': (_r, res) => json(res, { status: '0' }),
  'HTTP 404': (_r, res) => json(res, 'nope', 404),
  'HTTP 400': (_r, res) => json(res, 'bad', 400),
  'HTTP 302 redirect': (_r, res) => {
    res.writeHead(302, { Location: 'https://example.com/' });
    res.end();
  },
};

describe('retry policy (pure)', () => {
  it('full jitter: uniform below min(max, base * 2^(n-1))', () => {
    assert.equal(backoffDelay(1, 300, 5000, () => 0), 0);
    assert.equal(backoffDelay(1, 300, 5000, () => 0.5), 150);
    assert.equal(backoffDelay(1, 300, 5000, () => 0.9999), 299);
    assert.equal(backoffDelay(2, 300, 5000, () => 0.9999), 599);
    assert.equal(backoffDelay(5, 300, 5000, () => 0.9999), 4799);
    assert.equal(backoffDelay(6, 300, 5000, () => 0.9999), 4999);
    assert.equal(backoffDelay(60, 300, 5000, () => 0.9999), 4999);
    assert.equal(backoffDelay(1, 300, 5000, () => 1.5), 0, 'a broken random source never goes past the cap');
    for (let n = 1; n <= 8; n++) {
      const cap = Math.min(5000, 300 * 2 ** (n - 1));
      const xs = Array.from({ length: 500 }, () => backoffDelay(n, 300, 5000));
      assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0 && x < cap), `retry ${n}`);
      assert.ok(Math.max(...xs) > cap * 0.8 && Math.min(...xs) < cap * 0.2, `retry ${n} is not spread over [0, ${cap})`);
    }
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2024, 0, 1, 12, 0, 0);
    assert.equal(parseRetryAfter('1', now), 1000);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('2, 2', now), 2000);
    assert.equal(parseRetryAfter(new Date(now + 7000).toUTCString(), now), 7000);
    assert.equal(parseRetryAfter(new Date(now - 7000).toUTCString(), now), 0);
    for (const bad of [null, undefined, '', 'soon', '-1', '1.5', '5 minutes']) assert.equal(parseRetryAfter(bad as string, now), undefined, String(bad));
  });

  it('retries only what may succeed later', () => {
    const t = (kind: PnsTransportError['kind'], extra: Partial<{ httpStatus: number; code: string; retryable: boolean }> = {}) => new PnsTransportError(kind, 'm', 'h', { host: 'h', ...extra });
    for (const s of Object.keys(STATUS_TABLE)) assert.equal(isRetryable(new PnsApiError(s, '')), s === '-15' || s === '-18', `status ${s}`);
    assert.equal(isRetryable(new PnsApiError('-99', '')), false);
    assert.equal(isRetryable(t('timeout')), true);
    assert.equal(isRetryable(t('network', { code: 'ECONNRESET' })), true);
    assert.equal(isRetryable(t('network', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', retryable: false })), false);
    for (const code of [500, 502, 503, 504, 429]) assert.equal(isRetryable(t('http', { httpStatus: code })), true, String(code));
    for (const code of [301, 302, 400, 401, 403, 404, 413]) assert.equal(isRetryable(t('http', { httpStatus: code })), false, String(code));
    // A cut-off or empty reply may be repeated; a reply of the wrong kind not.
    assert.equal(isRetryable(t('invalid-response', { retryable: true })), true);
    assert.equal(isRetryable(t('invalid-response', { retryable: false })), false);
    assert.equal(isRetryable(new PnsAbortError()), false);
    assert.equal(isRetryable(new PnsValidationError('size', 'm', 'h')), false);
    assert.equal(isRetryable(new Error('boom')), false);
    assert.equal(isRetryable('string'), false);
  });

  it('describes errors without detail that could carry secrets', () => {
    assert.equal(describeError(new PnsApiError('-18', 'System anomalies key=abc')), 'PnsApiError(-18)');
    assert.equal(describeError(new PnsTransportError('http', 'm', 'h', { host: 'h', httpStatus: 503 })), 'PnsTransportError(http 503)');
    assert.equal(describeError(new PnsTransportError('network', 'm', 'h', { host: 'h', code: 'ECONNRESET' })), 'PnsTransportError(network ECONNRESET)');
    assert.equal(describeError(new PnsTransportError('timeout', 'm', 'h', { host: 'h' })), 'PnsTransportError(timeout)');
  });

  it('sleep() waits, and rejects at once on abort', async () => {
    const t0 = Date.now();
    await sleep(30);
    assert.ok(Date.now() - t0 >= 25);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const t1 = Date.now();
    await assert.rejects(sleep(10_000, ac.signal), PnsAbortError);
    assert.ok(Date.now() - t1 < 500);
    await assert.rejects(sleep(10, AbortSignal.abort()), PnsAbortError);
  });
});

describe('PnsClient retries', function () {
  this.timeout(15_000);
  let server: RawServer;
  let retries: RetryInfo[];
  const clients: PnsClient[] = [];
  function client(extra: Partial<ConstructorParameters<typeof PnsClient>[0]> = {}): PnsClient {
    const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 300, retry: { baseDelayMs: 5, maxDelayMs: 50 }, onRetry: (i) => retries.push(i), ...extra });
    clients.push(c);
    return c;
  }
  /** Serves `failure` for the first `n` requests, then `ok`. */
  function failThen(n: number, failure: Handler, ok: Handler = (_r, res) => json(res, okPage())): Handler {
    return (r, res, i) => (i <= n ? failure(r, res, i) : ok(r, res, i));
  }
  beforeEach(async () => {
    server = await startRawServer();
    retries = [];
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.dispose();
    await server.close();
  });

  for (const [what, failure] of Object.entries(FAILURES)) {
    it(`${what}: retried with backoff, then succeeds`, async () => {
      server.handle(failThen(2, failure));
      const page = await client().queryBindPage({ current: 1, size: 10 });
      assert.equal(page.records[0].bindId, '1000');
      assert.equal(server.requests.length, 3);
      assert.deepEqual(retries.map((r) => r.attempt), [1, 2]);
      for (const r of retries) {
        assert.equal(r.path, 'number/pns/queryBindPage');
        assert.ok(r.delayMs >= 0 && r.delayMs <= 50, String(r.delayMs));
        assert.match(r.error, /^Pns(Api|Transport)Error\(/);
      }
      const text = JSON.stringify(retries);
      assert.ok(!text.includes(KEY) && !text.includes(SECRET) && !server.requests.some((q) => text.includes(String(q.headers.sign))));
      // every attempt is freshly signed
      for (const q of server.requests) assert.equal(q.headers['api-key'], KEY);
    });
  }

  for (const [what, failure] of Object.entries(NOT_RETRIED)) {
    it(`${what}: never retried`, async () => {
      server.handle(failThen(1, failure));
      await assert.rejects(client().queryBindPage({ current: 1, size: 10 }), (e: unknown) => e instanceof PnsApiError || e instanceof PnsTransportError);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(retries, []);
    });
  }

  it('gives up after the configured retries and says how often it tried', async () => {
    server.handle(FAILURES['HTTP 503']);
    const e = await client().queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsTransportError && e.kind === 'http' && e.httpStatus === 503);
    assert.equal(e.attempts, 3);
    assert.match(e.message, /gave up after 3 attempts\)\.$/);
    assert.equal(server.requests.length, 3);
    assert.equal(retries.length, 2);
  });

  it('the defaults: 2 retries, backoff below 300 ms then 600 ms', async () => {
    server.handle(FAILURES['status -18']);
    const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, onRetry: (i) => retries.push(i) });
    clients.push(c);
    await assert.rejects(c.queryBindPage({ current: 1, size: 10 }), PnsApiError);
    assert.equal(server.requests.length, 3);
    assert.ok(retries[0].delayMs < 300 && retries[1].delayMs < 600, JSON.stringify(retries));
  });

  it('client retry.retries and the per-call override (0 = no retry)', async () => {
    server.handle(FAILURES['HTTP 500']);
    await assert.rejects(client().queryBindPage({ current: 1, size: 10 }, { retries: 0 }));
    assert.equal(server.requests.length, 1);
    await assert.rejects(client().queryBindPage({ current: 1, size: 10 }, { retries: 4 }));
    assert.equal(server.requests.length, 1 + 5);
    await assert.rejects(client({ retry: { retries: 0 } }).queryBindPage({ current: 1, size: 10 }));
    assert.equal(server.requests.length, 6 + 1);
    await assert.rejects(client({ retry: { retries: 1, baseDelayMs: 1 } }).getBalance());
    assert.equal(server.requests.length, 7 + 2);
    assert.equal(server.requests[8].method, 'GET');
  });

  it('call() retries only with idempotent: true', async () => {
    server.handle(FAILURES['HTTP 502 HTML']);
    await assert.rejects(client().call('number/pns/bind', { phoneA: '1', phoneB: '2' }), PnsTransportError);
    assert.equal(server.requests.length, 1, 'a bind must never be sent twice');
    await assert.rejects(client().call('number/pns/bind', { phoneA: '1', phoneB: '2' }, { retries: 3 }), PnsTransportError);
    assert.equal(server.requests.length, 2, 'retries alone does not make a call idempotent');
    await assert.rejects(client().call('number/queryPage', { current: 1, size: 10, params: {} }, { idempotent: true }), PnsTransportError);
    assert.equal(server.requests.length, 2 + 3);
  });

  it('refuses bad retry settings without sending anything', async () => {
    for (const retry of [{ retries: -1 }, { retries: 1.5 }, { retries: 99 }, { baseDelayMs: -1 }, { maxDelayMs: Number.NaN }]) {
      assert.throws(() => client({ retry }), PnsValidationError, JSON.stringify(retry));
    }
    for (const r of [-1, 2.5, Number.NaN, 11]) {
      await assert.rejects(client().queryBindPage({ current: 1, size: 10 }, { retries: r }), (e: unknown) => e instanceof PnsValidationError && e.field === 'retries', String(r));
    }
    assert.equal(server.requests.length, 0);
  });

  it('honours Retry-After on 429 and 503 (seconds and HTTP date), bounded by maxDelayMs', async () => {
    const serve = (status: number, after: string): Handler => (_r, res) => json(res, 'busy', status, { 'Retry-After': after, 'Content-Type': 'text/plain' });
    server.handle(failThen(1, serve(429, '1')));
    let t0 = Date.now();
    await client({ retry: { baseDelayMs: 1, maxDelayMs: 5000 } }).queryBindPage({ current: 1, size: 10 });
    assert.equal(retries[0].delayMs, 1000);
    assert.ok(Date.now() - t0 >= 900, `waited only ${Date.now() - t0} ms`);

    retries = [];
    server.requests.length = 0;
    server.handle(failThen(1, serve(503, new Date(Date.now() + 2000).toUTCString())));
    await client({ retry: { baseDelayMs: 1, maxDelayMs: 5000 } }).queryBindPage({ current: 1, size: 10 });
    assert.ok(retries[0].delayMs > 500 && retries[0].delayMs <= 2000, String(retries[0].delayMs));

    retries = [];
    server.requests.length = 0;
    server.handle(failThen(1, serve(503, '3600')));
    t0 = Date.now();
    await client({ retry: { baseDelayMs: 1, maxDelayMs: 80 } }).queryBindPage({ current: 1, size: 10 });
    assert.equal(retries[0].delayMs, 80);
    assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms (Retry-After asked for an hour)`);
  });

  it('abort during a backoff rejects with PnsAbortError at once, without another request', async () => {
    server.handle((_r, res) => json(res, 'busy', 503, { 'Retry-After': '30', 'Content-Type': 'text/plain' }));
    const ac = new AbortController();
    const c = client({ retry: { maxDelayMs: 30_000 } });
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 150);
    await assert.rejects(c.queryBindPage({ current: 1, size: 10 }, { signal: ac.signal }), PnsAbortError);
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms (the backoff is 30 s)`);
    assert.equal(retries.length, 1);
    assert.equal(retries[0].delayMs, 30_000);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(server.requests.length, 1);
  });

  it('abort during a retried attempt rejects with PnsAbortError, and stops retrying', async () => {
    server.handle(() => undefined); // every attempt hangs until its timeout
    const ac = new AbortController();
    const c = client({ timeoutMs: 400, retry: { retries: 5, baseDelayMs: 1, maxDelayMs: 1 } });
    setTimeout(() => ac.abort(), 600); // during the second attempt (400..800 ms)
    const t0 = Date.now();
    await assert.rejects(c.queryBindPage({ current: 1, size: 10 }, { signal: ac.signal }), PnsAbortError);
    // Without the abort the six attempts would take at least 2,400 ms.
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(server.requests.length, 2);
  });

  it('every attempt has its own timeout', async () => {
    server.handle(failThen(1, () => undefined));
    const t0 = Date.now();
    await client({ timeoutMs: 250 }).queryBindPage({ current: 1, size: 10 });
    const took = Date.now() - t0;
    assert.ok(took >= 240 && took < 5000, `took ${took} ms`);
    assert.equal(retries[0].error, 'PnsTransportError(timeout)');
  });

  it('a throwing onRetry or onRequest hook does not break the request', async () => {
    server.handle(failThen(1, FAILURES['HTTP 500']));
    const c = client({
      onRetry: () => {
        throw new Error('hook');
      },
      onRequest: () => {
        throw new Error('hook');
      },
    });
    const page = await c.queryBindPage({ current: 1, size: 10 });
    assert.equal(page.records.length, 1);
  });

  it('onRequest sees every attempt', async () => {
    server.handle(failThen(2, FAILURES['status -15']));
    const seen: Array<{ status?: string; error?: string }> = [];
    await client({ onRequest: (i) => seen.push(i) }).queryBindPage({ current: 1, size: 10 });
    assert.deepEqual(
      seen.map((s) => [s.status, s.error]),
      [
        ['-15', 'PnsApiError'],
        ['-15', 'PnsApiError'],
        ['0', undefined],
      ],
    );
  });
});

describe('clock skew (-16)', function () {
  this.timeout(15_000);
  let sandbox: Sandbox;
  afterEach(async () => {
    await sandbox?.close();
  });

  for (const skew of [600, -600]) {
    it(`sandbox clock ${skew > 0 ? '+' : ''}${skew} s: one resend with a corrected Timestamp, remembered for later requests`, async () => {
      sandbox = await startSandbox({ bindingsPerApp: [30], seed: 3, clockSkewSeconds: skew });
      const skews: number[] = [];
      const retries: RetryInfo[] = [];
      const c = new PnsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, onClockSkew: (o) => skews.push(o), onRetry: (i) => retries.push(i) });
      try {
        const p1 = await c.queryBindPage({ current: 1, size: 10, appId: sandbox.appIds[0] });
        assert.equal(p1.records.length, 10);
        assert.deepEqual(sandbox.requests.map((r) => r.status), ['-16', '0']);
        assert.equal(skews.length, 1);
        assert.ok(Math.abs(skews[0] - skew * 1000) < 2000, `measured ${skews[0]} ms`);
        assert.equal(c.clockOffsetMs, skews[0]);
        assert.deepEqual(retries, [], 'the clock correction is not a retry');

        const p2 = await c.queryBindPage({ current: 2, size: 10, appId: sandbox.appIds[0] });
        assert.equal(p2.records.length, 10);
        await c.getBalance();
        assert.deepEqual(sandbox.requests.map((r) => r.status), ['-16', '0', '0', '0'], 'later requests need no resend');
        assert.equal(skews.length, 1);
      } finally {
        c.dispose();
      }
    });
  }

  it('corrects with retries: 0 too, and for a non-idempotent call (the vendor rejected it before doing anything)', async () => {
    sandbox = await startSandbox({ bindingsPerApp: [5], seed: 3, clockSkewSeconds: -840 });
    const c = new PnsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret });
    try {
      const appId = sandbox.appIds[0];
      const before = sandbox.bindings(appId).length;
      const env = await c.call('number/pns/bind', { phoneA: '911234567890', phoneB: '911234567891', expireS: 600, appId, bizType: 2 });
      assert.equal(env.status, '0');
      assert.equal(sandbox.bindings(appId).length, before + 1, 'bound exactly once');
      assert.deepEqual(sandbox.requests.map((r) => r.status), ['-16', '0']);
      // the clock moves again: re-measured, even for a caller that retries by itself
      sandbox.setClockSkew(0);
      await c.queryBindPage({ current: 1, size: 10, appId }, { retries: 0 });
      assert.deepEqual(sandbox.requests.map((r) => r.status), ['-16', '0', '-16', '0']);
      assert.ok(Math.abs(c.clockOffsetMs) < 2000, String(c.clockOffsetMs));
    } finally {
      c.dispose();
    }
  });

  describe('when the correction cannot help', () => {
    let server: RawServer;
    beforeEach(async () => {
      server = await startRawServer();
    });
    afterEach(() => server.close());

    for (const ahead of [10 * 60_000 + 5_000, -(14 * 60_000 + 30_000)]) {
      it(`a server that keeps answering -16 (${ahead > 0 ? 'ahead' : 'behind'}): one resend, then an error that says how far off the clock is`, async () => {
        server.handle((_r, res) => json(res, envelope(null, '-16', 'Timestamp expired'), 200, { Date: new Date(Date.now() + ahead).toUTCString() }));
        const skews: number[] = [];
        const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, onClockSkew: (o) => skews.push(o) });
        try {
          const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
          assert.ok(e instanceof PnsApiError && e.status === '-16', String(e));
          assert.equal(server.requests.length, 2);
          assert.equal(skews.length, 1);
          assert.ok(e.clockSkewMs !== undefined && Math.abs(e.clockSkewMs - ahead) < 2000, String(e.clockSkewMs));
          assert.match(e.hint, ahead > 0 ? /^This computer's clock seems to be 10 min \d+ s behind the server's\./ : /^This computer's clock seems to be 14 min \d+ s ahead of the server's\./);
          assert.ok(e.hint.endsWith(STATUS_TABLE['-16'].hint));
          // the second request was signed with the corrected Timestamp
          const [t1, t2] = server.requests.map((q) => Number(q.headers.timestamp));
          assert.ok(Math.abs(t2 - t1 - ahead / 1000) < 3, `${t1} -> ${t2}`);
        } finally {
          c.dispose();
        }
      });
    }

    it('-16 without a Date header: no resend, the generic clock hint', async () => {
      server.handle((_r, res) => {
        res.sendDate = false;
        json(res, envelope(null, '-16', 'Timestamp expired'));
      });
      const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET });
      try {
        const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
        assert.ok(e instanceof PnsApiError && e.status === '-16');
        assert.equal(e.clockSkewMs, undefined);
        assert.equal(e.hint, STATUS_TABLE['-16'].hint);
        assert.equal(server.requests.length, 1);
        assert.equal(c.clockOffsetMs, 0);
      } finally {
        c.dispose();
      }
    });

    it('-16 with a Date header that agrees with our clock: no resend', async () => {
      server.handle((_r, res) => json(res, envelope(null, '-16', 'Timestamp expired')));
      const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET });
      try {
        const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
        assert.ok(e instanceof PnsApiError && e.status === '-16');
        assert.equal(server.requests.length, 1);
        assert.match(e.hint, new RegExp(`^${describeSkew(e.clockSkewMs!).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      } finally {
        c.dispose();
      }
    });
  });
});
