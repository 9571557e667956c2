/**
 * The export's worker hands its error over as plain data (src/export/protocol.ts): what the
 * extension rebuilds must be the same error, class, message, hint, fields and its text in
 * Chinese, as the one the core raised. The errors are the core's own, raised over real HTTP
 * against the sandbox (its fault injection), and copied as postMessage copies them
 * (structuredClone).
 */
import { strict as assert } from 'node:assert';
import {
  PnsAbortError,
  PnsApiError,
  PnsClient,
  PnsError,
  PnsTransportError,
  PnsValidationError,
  PnsWalkError,
  DEFAULT_MAX_CLOCK_CORRECTION_MS,
  exportBindings,
} from '../../src/api';
import { fromPlainError, toPlainError } from '../../src/export/protocol';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

/** What the other side of postMessage gets. */
function acrossThreads(e: unknown, cap?: number): Error {
  return fromPlainError(structuredClone(toPlainError(e, cap)));
}

/** Everything of an error that the extension shows or reads. */
function look(e: Error): Record<string, unknown> {
  const own = Object.fromEntries(Object.entries(e).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)));
  return { ...own, name: e.name, message: e.message, hint: (e as PnsError).hint, zh: e instanceof PnsApiError ? e.describe('zh-cn') : undefined };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('it did not fail');
}

describe('export worker protocol: typed errors across threads', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let client: PnsClient;
  before(async () => {
    sb = await startSandbox({ bindingsPerApp: [300], seed: 5 });
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
  });
  after(async () => {
    client?.dispose();
    await sb?.close();
  });
  afterEach(() => sb.setFaults(undefined));

  const page = () => client.queryBindPage({ appId: sb.appIds[0], size: 100, current: 1 });

  it('a vendor error (PnsApiError, after retries) keeps its class, status, reason, attempts and its text in both languages', async () => {
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    const e = await rejection(page());
    assert.ok(e instanceof PnsApiError, String(e));
    assert.match(e.message, /gave up after 2 attempts/);
    const back = acrossThreads(e, DEFAULT_MAX_CLOCK_CORRECTION_MS);
    assert.ok(back instanceof PnsApiError);
    assert.deepEqual(look(back), look(e));
    assert.equal((back as PnsApiError).isAuthError, false);
  });

  it('a -16 whose clock skew is over the cap keeps the hint that says so, in Chinese too', () => {
    const e = new PnsApiError('-16', 'timestamp expired', { clockSkewMs: 20 * 60_000, maxClockCorrectionMs: DEFAULT_MAX_CLOCK_CORRECTION_MS });
    const back = acrossThreads(e, DEFAULT_MAX_CLOCK_CORRECTION_MS) as PnsApiError;
    assert.match(back.describe('zh-cn').hint, /15 分/);
    assert.deepEqual(look(back), look(e));
  });

  it('a reply that is not a Laaffic reply (PnsTransportError) keeps its kind, host and hint', async () => {
    sb.setFaults({ rate: 1, kinds: ['malformed-json'] });
    const e = await rejection(page());
    assert.ok(e instanceof PnsTransportError, String(e));
    const back = acrossThreads(e);
    assert.ok(back instanceof PnsTransportError);
    assert.equal((back as PnsTransportError).kind, 'invalid-response');
    assert.deepEqual(look(back), look(e));
  });

  it('a validation error, a cancel and a walk error keep their classes', async () => {
    const invalid = await rejection(exportBindings(client, { format: 'csv', out: () => undefined, size: 0 }));
    assert.ok(invalid instanceof PnsValidationError);
    const ac = new AbortController();
    ac.abort();
    const cancelled = await rejection(exportBindings(client, { format: 'csv', out: () => undefined, signal: ac.signal }));
    assert.ok(cancelled instanceof PnsAbortError);
    const capped = await rejection(exportBindings(client, { appId: sb.appIds[0], format: 'csv', out: () => undefined, size: 10, maxPages: 2 }));
    assert.ok(capped instanceof PnsWalkError, String(capped));
    for (const [e, cls] of [
      [invalid, PnsValidationError],
      [cancelled, PnsAbortError],
      [capped, PnsWalkError],
    ] as const) {
      const back = acrossThreads(e);
      assert.ok(back instanceof cls, `${e.name} came back as ${back.constructor.name}`);
      assert.deepEqual(look(back), look(e));
    }
  });

  it('anything else comes back as an Error with its message and code; a thrown non-error as its text', () => {
    const fsError = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    const back = acrossThreads(fsError);
    assert.ok(back instanceof Error && !(back instanceof PnsError));
    assert.deepEqual(look(back), look(fsError));
    assert.equal(acrossThreads('plain text').message, 'plain text');
  });
});
