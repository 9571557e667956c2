/**
 * After a bind or unbind, whatever came of it, no page read before it is answered from the page
 * cache: PnsClient's onWrite runs once after every attempt (the extension's Connection clears
 * its cache there). Against the real sandbox; a lost reply comes from its fault injection.
 */
import { strict as assert } from 'node:assert';
import {
  PageCache,
  PnsApiError,
  PnsClient,
  PnsOutcomeUnknownError,
  PnsValidationError,
  cachedSource,
  parseSearchQuery,
  searchBindings,
  type BindRequest,
} from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

const KEY = 'write-cache-key';
const SECRET = 'write-cache-secret-5d1';
const BIND = '/number/pns/bind';
const UNBIND = '/number/pns/unbind';

describe('bind / unbind and the page cache', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let writes: string[];
  let c: PnsClient;
  beforeEach(async () => {
    sb = await startSandbox({ apiKey: KEY, apiSecret: SECRET, apps: 1, bindings: 250, seed: 11 });
    writes = [];
    c = new PnsClient({ baseUrl: sb.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000, onWrite: (op) => writes.push(op) });
  });
  afterEach(async () => {
    c.dispose();
    await sb.close();
  });

  const req = (phoneA: string, phoneB: string): BindRequest => ({ appId: sb.appIds[0], phoneA, phoneB, bizType: 1, expireS: 3600 });

  it('onWrite runs once after every attempt: done, refused by the vendor, refused before sending, outcome unknown', async () => {
    const done = await c.bind(req('919000000101', '919000000102'));
    assert.deepEqual(writes, ['bind']);
    // -35: phone A already has an AXB binding.
    await assert.rejects(c.bind(req('919000000101', '919000000103')), PnsApiError);
    assert.deepEqual(writes, ['bind', 'bind']);
    await assert.rejects(c.bind(req('919000000104', '919000000104')), PnsValidationError);
    assert.deepEqual(writes, ['bind', 'bind', 'bind']);
    sb.setFaults({ rate: 1, kinds: ['drop'], paths: [BIND, UNBIND] });
    await assert.rejects(c.bind(req('919000000105', '919000000106')), PnsOutcomeUnknownError);
    assert.deepEqual(writes, ['bind', 'bind', 'bind', 'bind']);
    await assert.rejects(c.unbind({ bindId: done.bindId, appId: sb.appIds[0] }), PnsOutcomeUnknownError);
    assert.deepEqual(writes, ['bind', 'bind', 'bind', 'bind', 'unbind']);
    sb.setFaults(undefined);
    assert.deepEqual(await c.unbind({ bindId: done.bindId, appId: sb.appIds[0] }), { alreadyGone: true }); // the dropped one did it
    assert.deepEqual(writes, ['bind', 'bind', 'bind', 'bind', 'unbind', 'unbind']);
  });

  it("an onWrite that throws does not replace the write's own result", async () => {
    const throwing = new PnsClient({ baseUrl: sb.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000, onWrite: () => { throw new Error('listener broke'); } });
    try {
      const r = await throwing.bind(req('919000000201', '919000000202'));
      assert.match(r.bindId, /^\d+$/);
      await assert.rejects(throwing.bind(req('919000000201', '919000000203')), PnsApiError);
    } finally {
      throwing.dispose();
    }
  });

  it('a page whose request started before a bind is not kept after it (a Load All running meanwhile)', async () => {
    const cache = new PageCache();
    const cleared = new PnsClient({ baseUrl: sb.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000, onWrite: () => cache.clear() });
    try {
      const source = cachedSource(cleared, cache);
      const appId = sb.appIds[0];
      sb.setLatency(300);
      const reading = source.queryBindPage({ current: 1, size: 100, appId });
      await new Promise((r) => setTimeout(r, 50)); // the page's request is on its way
      sb.setLatency(0);
      await cleared.bind(req('919000000401', '919000000402'));
      const old = await reading;
      assert.equal(old.total, 250, 'the page was read before the bind');
      assert.equal(cache.size, 0, 'a page older than the bind was kept');
      const now = await source.queryBindPage({ current: 1, size: 100, appId });
      assert.equal(now.total, 251);
      assert.equal(cache.size, 1);
    } finally {
      cleared.dispose();
    }
  });

  it('a search after a bind whose reply was lost reads the server, not the pages cached before it', async () => {
    const cache = new PageCache();
    const cleared = new PnsClient({ baseUrl: sb.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000, onWrite: () => cache.clear() });
    try {
      const source = cachedSource(cleared, cache);
      const appId = sb.appIds[0];
      const query = parseSearchQuery('919000000301', 'exact');
      const before = await searchBindings(source, { appId, query, size: 100 });
      assert.equal(before.matches.length, 0);
      assert.equal(cache.size, 3, 'the three pages of 250 bindings are cached');
      sb.setFaults({ rate: 1, kinds: ['drop'], paths: [BIND] });
      await assert.rejects(cleared.bind(req('919000000301', '919000000302')), PnsOutcomeUnknownError);
      sb.setFaults(undefined);
      const made = sb.bindings(appId).filter((b) => b.phoneA === '919000000301');
      assert.equal(made.length, 1, 'the sandbox carried the bind out');
      const after = await searchBindings(source, { appId, query, size: 100 });
      assert.deepEqual(after.matches.map((m) => m.record.bindId), [made[0].bindId]);
    } finally {
      cleared.dispose();
    }
  });
});
