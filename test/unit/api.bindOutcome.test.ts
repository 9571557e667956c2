// Writes are never repeated, and "outcome unknown" means exactly "it may have been carried out":
// the cases the mutation pass (scripts/mutate.mjs) found untested. Real loopback servers only.
import { strict as assert } from 'node:assert';
import type { LookupFunction } from 'node:net';
import { PnsAbortError, PnsClient, PnsOutcomeUnknownError, PnsTransportError, type BindRequest } from '../../src/api';
import { json, startRawServer, type RawServer } from './helpers/rawServer';

const KEY = 'kOutcome42';
const SECRET = 'sOutcome-secret-31';
const REQ: BindRequest = { appId: 'app1', phoneA: '919000000001', phoneB: '919000000002', bizType: 1, expireS: 60 };

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return assert.fail('expected a failure, but it resolved');
}

describe('writes: sent once, and "outcome unknown" only when they may have arrived', () => {
  let server: RawServer;
  let c: PnsClient | undefined;
  // retries configured generously: a write must still go out once
  const client = (extra: Partial<ConstructorParameters<typeof PnsClient>[0]> = {}) =>
    (c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 2000, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 5 }, ...extra }));
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    c?.dispose();
    c = undefined;
    await server.close();
  });

  /** Waits long enough for a retry to have arrived (backoff is at most 5 ms here). */
  const settle = () => new Promise((r) => setTimeout(r, 100));

  it('call() without `idempotent` is sent once, even when the server answers 503', async () => {
    server.handle((_r, res) => json(res, 'busy', 503));
    const e = await failure(client().call('number/pns/bind', { appId: 'app1' }));
    assert.ok(e instanceof PnsTransportError && e.httpStatus === 503, String(e));
    await settle();
    assert.equal(server.requests.length, 1);
  });

  for (const op of ['bind', 'unbind'] as const) {
    const send = (cl: PnsClient, signal?: AbortSignal) => (op === 'bind' ? cl.bind(REQ, { signal }) : cl.unbind({ bindId: '42', appId: 'app1' }, { signal }));

    it(`${op} answered HTTP 408 (the server gave up waiting, maybe after acting): outcome unknown, sent once`, async () => {
      server.handle((_r, res) => json(res, 'Request Timeout', 408));
      const e = await failure(send(client()));
      assert.ok(e instanceof PnsOutcomeUnknownError, String(e));
      assert.equal(e.operation, op);
      await settle();
      assert.equal(server.requests.length, 1);
    });

    it(`${op} answered HTTP 503: outcome unknown, sent once`, async () => {
      server.handle((_r, res) => json(res, 'busy', 503));
      const e = await failure(send(client()));
      assert.ok(e instanceof PnsOutcomeUnknownError, String(e));
      await settle();
      assert.equal(server.requests.length, 1);
    });

    it(`${op} answered HTTP 400: not "unknown" (refused), sent once`, async () => {
      server.handle((_r, res) => json(res, 'bad', 400));
      const e = await failure(send(client()));
      assert.ok(e instanceof PnsTransportError && e.httpStatus === 400, String(e));
      await settle();
      assert.equal(server.requests.length, 1);
    });

    it(`${op} cancelled before sending: a plain cancel, nothing sent`, async () => {
      const ac = new AbortController();
      ac.abort();
      const e = await failure(send(client(), ac.signal));
      assert.ok(e instanceof PnsAbortError, String(e));
      assert.ok(!(e instanceof PnsOutcomeUnknownError));
      assert.equal(server.requests.length, 0);
    });

    it(`${op} to a "localhost" that resolves off this machine: refused before sending, not "unknown"`, async () => {
      const elsewhere: LookupFunction = (_host, opts, cb) => {
        if ((opts as { all?: boolean }).all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '192.0.2.10', family: 4 }]);
        else (cb as (e: null, a: string, f: number) => void)(null, '192.0.2.10', 4);
      };
      const e = await failure(send(client({ baseUrl: `http://localhost:${server.port}/v3`, lookup: elsewhere })));
      assert.ok(e instanceof PnsTransportError, String(e));
      assert.ok(!(e instanceof PnsOutcomeUnknownError));
      assert.equal(e.code, 'ERR_LAAFFIC_NOT_LOOPBACK');
      assert.equal(server.requests.length, 0);
    });
  }
});
