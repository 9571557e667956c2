/**
 * bind and unbind: against the real sandbox (what it answers, -35, -41, -24), and against raw
 * loopback servers for the replies that leave the outcome unknown. A bind is never sent twice.
 */
import { strict as assert } from 'node:assert';
import {
  PnsClient,
  PnsApiError,
  PnsTransportError,
  PnsValidationError,
  PnsOutcomeUnknownError,
  type BindRequest,
} from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { startRawServer, json, envelope, type RawServer } from './helpers/rawServer';

const KEY = 'bind-test-key';
const SECRET = 'bind-test-secret-9f3';

async function rejects<T extends Error>(p: Promise<unknown>, type: new (...a: never[]) => T): Promise<T> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof type, `expected ${type.name}, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok(!(e as Error).message.includes(SECRET) && !String((e as { hint?: string }).hint).includes(SECRET), 'leaks the secret');
    return e as T;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

describe('bind / unbind against the sandbox', () => {
  let sb: Sandbox;
  let c: PnsClient;
  beforeEach(async () => {
    sb = await startSandbox({ apiKey: KEY, apiSecret: SECRET, apps: 2, bindings: 20, seed: 7 });
    c = new PnsClient({ baseUrl: sb.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000 });
  });
  afterEach(async () => {
    c.dispose();
    await sb.close();
  });

  it('binds AXB: one middle number, a string bindId, and the binding is there', async () => {
    const appId = sb.appIds[0];
    const r = await c.bind({ appId, phoneA: '+919000000001', phoneB: '919000000002', bizType: 1, expireS: 3600 });
    assert.match(r.bindId, /^\d+$/);
    assert.equal(r.pnsNumberA, r.pnsNumberB);
    const b = sb.bindings(appId).find((x) => x.bindId === r.bindId);
    assert.ok(b, 'the sandbox holds the new binding');
    assert.equal(b.phoneA, '919000000001', 'the + is not sent');
    assert.equal(b.pnsNumberA, r.pnsNumberA);
  });

  it('binds AXXB: two different middle numbers', async () => {
    const r = await c.bind({ appId: sb.appIds[1], phoneA: '919000000011', phoneB: '919000000012', bizType: 2, expireS: 60 });
    assert.notEqual(r.pnsNumberA, r.pnsNumberB);
  });

  it('unbind: the binding goes; unbinding it again is -24, a success with alreadyGone', async () => {
    const appId = sb.appIds[0];
    const r = await c.bind({ appId, phoneA: '919000000021', phoneB: '919000000022', bizType: 1, expireS: 600 });
    assert.deepEqual(await c.unbind({ bindId: r.bindId, appId }), { alreadyGone: false });
    assert.equal(sb.bindings(appId).some((x) => x.bindId === r.bindId), false);
    assert.deepEqual(await c.unbind({ bindId: r.bindId, appId }), { alreadyGone: true });
  });

  it('-35: A already has an AXB binding -> PnsApiError whose hint says to unbind it first', async () => {
    const appId = sb.appIds[0];
    await c.bind({ appId, phoneA: '919000000031', phoneB: '919000000032', bizType: 1, expireS: 600 });
    const e = await rejects(c.bind({ appId, phoneA: '919000000031', phoneB: '919000000033', bizType: 1, expireS: 600 }), PnsApiError);
    assert.equal(e.status, '-35');
    assert.match(e.hint, /Unbind the existing AXB binding of phone A or B first/);
    assert.match(e.hint, /Find it by the phone number/);
  });

  it('-41: once the pool has no middle number free for phone A -> PnsApiError that explains it', async () => {
    const appId = sb.appIds[1];
    let err: unknown;
    for (let i = 0; i < 300 && err === undefined; i++) {
      try {
        await c.bind({ appId, phoneA: '919000000041', phoneB: `91900001${String(1000 + i)}`, bizType: 2, expireS: 600 });
      } catch (e) {
        err = e;
      }
    }
    assert.ok(err instanceof PnsApiError, `got ${String(err)}`);
    assert.equal(err.status, '-41');
    assert.match(err.hint, /no free middle number/);
  });

  it('refuses bad requests before sending anything', async () => {
    const ok: BindRequest = { appId: sb.appIds[0], phoneA: '919000000051', phoneB: '919000000052', bizType: 1, expireS: 60 };
    const bad: Array<[Partial<BindRequest> | Record<string, unknown>, string]> = [
      [{ phoneA: '12345' }, 'phoneA'], // 5 digits
      [{ phoneA: '1'.repeat(21) }, 'phoneA'],
      [{ phoneA: '91-900-000' }, 'phoneA'],
      [{ phoneA: '++919000000051' }, 'phoneA'],
      [{ phoneA: 919000000051 }, 'phoneA'], // a JS number could have rounded: refused
      [{ phoneB: '' }, 'phoneB'],
      [{ phoneB: '+919000000051' }, 'phoneB'], // the same as A
      [{ bizType: 3 }, 'bizType'],
      [{ bizType: '1' }, 'bizType'],
      [{ expireS: 0 }, 'expireS'],
      [{ expireS: 259_201 }, 'expireS'],
      [{ expireS: 1.5 }, 'expireS'],
      [{ expireS: Number.NaN }, 'expireS'],
      [{ appId: '' }, 'appId'],
      [{ appId: 'a'.repeat(65) }, 'appId'],
      [{ appId: 'app id' }, 'appId'],
      [{ appId: 'app<b>' }, 'appId'],
      [{ appId: 'app(1)' }, 'appId'],
      [{ appId: "app'1" }, 'appId'],
      [{ appId: 'app\\1' }, 'appId'],
      [{ poolNumber: 'abc' }, 'poolNumber'],
    ];
    for (const [over, field] of bad) {
      const e = await rejects(c.bind({ ...ok, ...over } as BindRequest), PnsValidationError);
      assert.equal(e.field, field, JSON.stringify(over));
    }
    await rejects(c.unbind({ bindId: '12a', appId: sb.appIds[0] }), PnsValidationError);
    await rejects(c.unbind({ bindId: '12', appId: 'x"y' }), PnsValidationError);
    assert.equal(sb.requestCount, 0);
    // The bounds themselves are accepted.
    await c.bind({ ...ok, expireS: 1 });
    await c.bind({ ...ok, phoneA: '919000000061', phoneB: '919000000062', expireS: 259_200 });
    assert.equal(sb.requestCount, 2);
  });
});

describe('bind / unbind when the outcome is unknown (raw loopback server)', () => {
  let server: RawServer;
  const req: BindRequest = { appId: 'app1', phoneA: '919000000001', phoneB: '919000000002', bizType: 1, expireS: 60 };
  // Retries configured generously: a bind must still go out exactly once.
  const client = (timeoutMs = 400) => new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends the documented body once, without poolNumber unless one is given', async () => {
    server.handle((_r, res) => json(res, envelope({ pnsNumberA: '91502211', pnsNumberB: '91502211', bindId: 1234567890123456789n.toString() })));
    const r = await client().bind(req);
    assert.deepEqual(r, { bindId: '1234567890123456789', pnsNumberA: '91502211', pnsNumberB: '91502211' });
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].url, '/v3/number/pns/bind');
    assert.deepEqual(JSON.parse(server.requests[0].body), { appId: 'app1', phoneA: '919000000001', phoneB: '919000000002', bizType: 1, expireS: 60 });
    await client().bind({ ...req, poolNumber: '+91502211' });
    assert.equal(JSON.parse(server.requests[1].body).poolNumber, '91502211');
  });

  it('a bindId sent as a big JSON number keeps every digit', async () => {
    server.handle((_r, res) => json(res, '{"status":"0","reason":"ok","data":{"pnsNumberA":91502211,"pnsNumberB":"91502212","bindId":9007199254740993123}}'));
    assert.deepEqual(await client().bind({ ...req, bizType: 2 }), { bindId: '9007199254740993123', pnsNumberA: '91502211', pnsNumberB: '91502212' });
  });

  const unknown: Array<[string, (res: import('node:http').ServerResponse) => void]> = [
    ['accepts the request, then never answers (timeout)', () => undefined],
    ['accepts the request, then resets the connection', (res) => res.socket?.destroy()],
    ['starts a reply, then drops the connection', (res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '500' });
      res.write('{"status":"0","data":{"bindId":');
      setTimeout(() => res.socket?.destroy(), 20);
    }],
    ['answers HTTP 502 with an HTML page', (res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad Gateway</html>');
    }],
    ['answers HTTP 500 with an empty body', (res) => {
      res.writeHead(500);
      res.end();
    }],
    ['answers 200 with cut-off JSON', (res) => json(res, '{"status":"0","reason":"ok","data":{"bindId":"12')],
    ['answers success without a bindId', (res) => json(res, envelope({ pnsNumberA: '91502211' }))],
    ['answers success with data null', (res) => json(res, envelope(null))],
  ];
  for (const [what, reply] of unknown) {
    it(`bind: a server that ${what} -> PnsOutcomeUnknownError, and exactly one request reached it`, async () => {
      server.handle((_r, res) => reply(res));
      const e = await rejects(client().bind(req), PnsOutcomeUnknownError);
      assert.equal(e.operation, 'bind');
      assert.match(e.hint, /may or may not exist/);
      assert.match(e.hint, /look for it by its numbers/);
      assert.equal(e.retryable, false);
      await new Promise((r) => setTimeout(r, 50)); // a retry would have arrived by now
      assert.equal(server.requests.length, 1);
    });
  }

  it('bind: cancelled after sending -> PnsOutcomeUnknownError (the request went out)', async () => {
    server.handle(() => undefined);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await rejects(client(5000).bind(req, { signal: ac.signal }), PnsOutcomeUnknownError);
    assert.match(e.message, /cancelled after it was sent/);
    assert.equal(server.requests.length, 1);
  });

  it('bind: connection refused is not "unknown" (nothing was sent): a PnsTransportError', async () => {
    const port = server.port;
    await server.close();
    const c = new PnsClient({ baseUrl: `http://127.0.0.1:${port}/v3`, apiKey: KEY, apiSecret: SECRET, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const e = await rejects(c.bind(req), PnsTransportError);
    assert.equal(e.code, 'ECONNREFUSED');
    server = await startRawServer();
  });

  it('bind: a vendor status (-18, even retryable) is a PnsApiError, and still not retried', async () => {
    server.handle((_r, res) => json(res, envelope(null, '-18', 'system anomaly')));
    const e = await rejects(client().bind(req), PnsApiError);
    assert.equal(e.status, '-18');
    assert.equal(server.requests.length, 1);
  });

  it('bind: -41 from the vendor is explained', async () => {
    server.handle((_r, res) => json(res, envelope(null, -41, 'no number')));
    const e = await rejects(client().bind(req), PnsApiError);
    assert.equal(e.meaning, 'no free middle number');
    assert.match(e.hint, /Add numbers to the pool or wait for bindings to expire/);
  });

  it('unbind: sends bindId as a string; -24 -> alreadyGone; a hang -> PnsOutcomeUnknownError after one request', async () => {
    server.handle((_r, res) => json(res, envelope(null, '-24', 'Data does not exist')));
    assert.deepEqual(await client().unbind({ bindId: '1234567890123456789', appId: 'app1' }), { alreadyGone: true });
    assert.equal(server.requests[0].url, '/v3/number/pns/unbind');
    assert.deepEqual(JSON.parse(server.requests[0].body), { bindId: '1234567890123456789', appId: 'app1' });
    server.handle(() => undefined);
    const e = await rejects(client().unbind({ bindId: '42', appId: 'app1' }), PnsOutcomeUnknownError);
    assert.equal(e.operation, 'unbind');
    assert.match(e.hint, /may or may not still exist/);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(server.requests.length, 2);
  });

  it('unbind: -32 stays a PnsApiError', async () => {
    server.handle((_r, res) => json(res, envelope(null, '-32', 'no access')));
    const e = await rejects(client().unbind({ bindId: '42', appId: 'app1' }), PnsApiError);
    assert.equal(e.status, '-32');
  });
});
