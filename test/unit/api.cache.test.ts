/**
 * PageCache (ttl, LRU cap, keys, stale groups) and cachedSource against the sandbox over real
 * HTTP, counting the requests that reach the server.
 */
import { strict as assert } from 'node:assert';
import {
  PageCache,
  PnsAbortError,
  PnsClient,
  PnsValidationError,
  cachedSource,
  cachedFetchPage,
  canonicalJson,
  parseSearchQuery,
  searchBindings,
  type BindPage,
  type CachedRequestOptions,
} from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

function page(current: number, total = 1000, size = 100): BindPage {
  return { total, totalReported: true, size, current, pages: Math.ceil(total / size), records: [], skipped: 0, warnings: [] };
}

describe('cache: PageCache', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('answers within the ttl and not after it', () => {
    const c = new PageCache({ ttlMs: 1000, now: clock });
    const p = page(3);
    c.set('app1', 100, p);
    assert.equal(c.get('app1', 100, 3), p);
    now += 999;
    assert.equal(c.get('app1', 100, 3), p);
    now += 1;
    assert.equal(c.get('app1', 100, 3), undefined);
    assert.equal(c.size, 0, 'an expired page is dropped when looked up');
  });

  it('defaults to 60 s and 2,000 pages', () => {
    const c = new PageCache({ now: clock });
    assert.equal(c.ttlMs, 60_000);
    assert.equal(c.maxPages, 2000);
    c.set(undefined, 100, page(1));
    now += 59_999;
    assert.ok(c.get(undefined, 100, 1));
    now += 1;
    assert.equal(c.get(undefined, 100, 1), undefined);
  });

  it('keys by app, size and page; "all apps" is its own key', () => {
    const c = new PageCache({ now: clock });
    const a = page(1);
    c.set('app1', 100, a);
    assert.equal(c.get('app1', 100, 1), a);
    assert.equal(c.get('app2', 100, 1), undefined);
    assert.equal(c.get(undefined, 100, 1), undefined);
    assert.equal(c.get('app1', 50, 1), undefined);
    assert.equal(c.get('app1', 100, 2), undefined);
    const all = page(1, 5000);
    c.set(undefined, 100, all);
    assert.equal(c.get(undefined, 100, 1), all);
    assert.equal(c.get('app1', 100, 1), a);
  });

  it('evicts the least recently used beyond maxPages', () => {
    const c = new PageCache({ maxPages: 3, now: clock });
    for (const n of [1, 2, 3]) c.set('a', 100, page(n));
    assert.ok(c.get('a', 100, 1)); // 1 is now the most recent; 2 the least
    c.set('a', 100, page(4));
    assert.equal(c.size, 3);
    assert.equal(c.get('a', 100, 2), undefined);
    assert.ok(c.get('a', 100, 1));
    assert.ok(c.get('a', 100, 3));
    assert.ok(c.get('a', 100, 4));
    c.set('a', 100, page(5));
    assert.equal(c.get('a', 100, 1), undefined);
  });

  it('evicts the least recently used beyond maxChars of reply text, and never keeps a page larger than that', () => {
    const big = (n: number, chars: number): BindPage => ({ ...page(n), replyChars: chars });
    const c = new PageCache({ maxChars: 1000, now: clock });
    c.set('a', 100, big(1, 400));
    c.set('a', 100, big(2, 400));
    assert.equal(c.chars, 800);
    assert.ok(c.get('a', 100, 1)); // 2 is now the least recently used
    c.set('a', 100, big(3, 400));
    assert.equal(c.size, 2);
    assert.equal(c.chars, 800);
    assert.equal(c.get('a', 100, 2), undefined);
    c.set('a', 100, big(3, 300)); // replacing a page counts its new size only
    assert.equal(c.chars, 700);
    c.set('a', 100, big(9, 5000));
    assert.equal(c.get('a', 100, 9), undefined);
    assert.equal(c.chars, 700, 'the oversized page pushed nothing out');
    c.clear();
    assert.equal(c.chars, 0);
  });

  it('replacing a page keeps one entry and refreshes its age', () => {
    const c = new PageCache({ ttlMs: 1000, now: clock });
    c.set('a', 100, page(1));
    now += 900;
    const fresh = page(1);
    c.set('a', 100, fresh);
    assert.equal(c.size, 1);
    now += 900;
    assert.equal(c.get('a', 100, 1), fresh);
  });

  it('drops the pages of an app fetched with another total (the data changed)', () => {
    const c = new PageCache({ now: clock });
    c.set('a', 100, page(1, 1000));
    c.set('a', 100, page(2, 1000));
    c.set('b', 100, page(1, 50));
    c.set('a', 100, page(3, 1001));
    assert.equal(c.get('a', 100, 1), undefined);
    assert.equal(c.get('a', 100, 2), undefined);
    assert.ok(c.get('a', 100, 3));
    assert.ok(c.get('b', 100, 1), 'another app is not affected');
  });

  it('ttl is settable; 0 turns caching off; clear() empties it', () => {
    const c = new PageCache({ ttlMs: 1000, now: clock });
    c.set('a', 100, page(1));
    c.ttlMs = 10;
    now += 10;
    assert.equal(c.get('a', 100, 1), undefined);
    c.ttlMs = 0;
    c.set('a', 100, page(1));
    assert.equal(c.get('a', 100, 1), undefined);
    c.ttlMs = 5000;
    c.set('a', 100, page(1));
    c.set('a', 100, page(2));
    c.clear();
    assert.equal(c.size, 0);
    assert.equal(c.get('a', 100, 1), undefined);
  });

  it('any paged endpoint: keyed by endpoint, canonical params, size and page', () => {
    const c = new PageCache({ now: clock });
    const numbers = { endpoint: 'number/queryPage', params: { appId: 'a', extra: undefined }, size: 100 };
    const records = { endpoint: 'number/record/queryPage', params: { strTime: 'S', endTime: 'E' }, size: 100 };
    const p1 = { total: 300, records: ['n1'] };
    c.setPage(numbers, 1, p1);
    assert.equal(c.getPage({ endpoint: 'number/queryPage', params: { appId: 'a' }, size: 100 }, 1), p1, 'undefined params are left out');
    assert.equal(c.getPage({ ...numbers, size: 50 }, 1), undefined);
    assert.equal(c.getPage({ ...numbers, params: { appId: 'b' } }, 1), undefined);
    assert.equal(c.getPage(numbers, 2), undefined);
    // Same params in another key order: the same entry.
    const r1 = { total: 10 };
    c.setPage(records, 1, r1);
    assert.equal(c.getPage({ endpoint: 'number/record/queryPage', params: { endTime: 'E', strTime: 'S' }, size: 100 }, 1), r1);
    assert.equal(canonicalJson({ b: [1, { d: 1, c: undefined }], a: null }), '{"a":null,"b":[1,{"d":1}]}');
    // A bind page is one endpoint among others: the same key as get/set use.
    const b = page(1);
    c.set('a', 100, b);
    assert.equal(c.getPage({ endpoint: 'number/pns/queryBindPage', params: { appId: 'a' }, size: 100 }, 1), b);
    assert.equal(c.getPage(numbers, 1), p1, 'another endpoint with the same params is another key');
    // Total changed -> that group only is dropped.
    c.setPage(numbers, 2, { total: 301 });
    assert.equal(c.getPage(numbers, 1), undefined);
    assert.equal(c.getPage(records, 1), r1);
    assert.equal(c.get('a', 100, 1), b);
  });

  it('cachedFetchPage: answers from the cache, stores what it fetches, fresh skips the cache', async () => {
    const c = new PageCache({ now: clock });
    let calls = 0;
    const group = { endpoint: 'number/queryPage', params: {}, size: 10 };
    const fetch = async (n: number) => ({ total: 25, n, call: ++calls });
    const fp = cachedFetchPage(fetch, c, group);
    const ctx = { signal: new AbortController().signal, attempt: 1 };
    assert.equal((await fp(1, ctx)).call, 1);
    assert.equal((await fp(1, ctx)).call, 1);
    assert.equal((await cachedFetchPage(fetch, c, group, true)(1, ctx)).call, 2);
    assert.equal((await fp(1, ctx)).call, 2);
    await assert.rejects(fp(1, { ...ctx, signal: AbortSignal.abort() }), PnsAbortError);
  });

  it('rejects bad settings', () => {
    assert.throws(() => new PageCache({ ttlMs: -1 }), PnsValidationError);
    assert.throws(() => new PageCache({ maxPages: 0 }), PnsValidationError);
    const c = new PageCache();
    assert.throws(() => {
      c.ttlMs = Number.NaN;
    }, PnsValidationError);
  });
});

describe('cache: cachedSource against the sandbox', function () {
  this.timeout(20_000);
  let sb: Sandbox;
  let client: PnsClient;
  let appId: string;
  let now = 0;
  const clock = () => now;

  beforeEach(async () => {
    now = 5_000_000;
    sb = await startSandbox({ bindingsPerApp: [1000, 300], seed: 9 });
    appId = sb.appIds[0];
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 5000 });
  });
  afterEach(async () => {
    client.dispose();
    await sb.close();
  });

  it('asks the server only for pages it does not have, or that have expired', async () => {
    const cache = new PageCache({ ttlMs: 1000, now: clock });
    const src = cachedSource(client, cache);
    const n0 = sb.requestCount;
    const p1 = await src.queryBindPage({ current: 1, size: 100, appId });
    assert.equal(sb.requestCount - n0, 1);
    const again = await src.queryBindPage({ current: 1, size: 100, appId });
    assert.equal(again, p1);
    assert.equal(sb.requestCount - n0, 1, 'a cached page was fetched again');
    await src.queryBindPage({ current: 2, size: 100, appId });
    await src.queryBindPage({ current: 1, size: 50, appId });
    await src.queryBindPage({ current: 1, size: 100 });
    assert.equal(sb.requestCount - n0, 4);
    now += 1000;
    const p1b = await src.queryBindPage({ current: 1, size: 100, appId });
    assert.notEqual(p1b, p1);
    assert.deepEqual(p1b.records.map((r) => r.bindId), p1.records.map((r) => r.bindId));
    assert.equal(sb.requestCount - n0, 5);
  });

  it('read only (an export): answers from the cache, stores nothing, and a changed total still drops the stale pages', async () => {
    const cache = new PageCache({ now: clock });
    const stored = cachedSource(client, cache);
    for (let p = 1; p <= 3; p++) await stored.queryBindPage({ current: p, size: 100, appId });
    const readOnly = cachedSource(client, cache, false);
    const n0 = sb.requestCount;
    const hit = await readOnly.queryBindPage({ current: 2, size: 100, appId });
    assert.equal(hit, cache.get(appId, 100, 2));
    assert.equal(sb.requestCount - n0, 0, 'a cached page was fetched');
    for (let p = 4; p <= 8; p++) await readOnly.queryBindPage({ current: p, size: 100, appId });
    assert.equal(sb.requestCount - n0, 5);
    assert.equal(cache.size, 3, 'the read-only source stored pages');
    assert.ok(sb.unbind(sb.bindings(appId)[10].bindId));
    await readOnly.queryBindPage({ current: 9, size: 100, appId });
    assert.equal(cache.size, 0, 'pages of the old total are still served');
  });

  it("cache: 'reload' fetches and stores; an aborted signal is honoured even on a hit", async () => {
    const cache = new PageCache({ now: clock });
    const src = cachedSource(client, cache);
    const n0 = sb.requestCount;
    await src.queryBindPage({ current: 1, size: 100, appId });
    const opts: CachedRequestOptions = { cache: 'reload' };
    const fresh = await src.queryBindPage({ current: 1, size: 100, appId }, opts);
    assert.equal(sb.requestCount - n0, 2);
    assert.equal(cache.get(appId, 100, 1), fresh);
    await assert.rejects(src.queryBindPage({ current: 1, size: 100, appId }, { signal: AbortSignal.abort() }), PnsAbortError);
  });

  it('a repeated search makes no request and gives the same result', async () => {
    const cache = new PageCache({ now: clock });
    const src = cachedSource(client, cache);
    const query = parseSearchQuery('123', 'partial');
    const n0 = sb.requestCount;
    const first = await searchBindings(src, { appId, query });
    assert.equal(sb.requestCount - n0, 10);
    const second = await searchBindings(src, { appId, query });
    assert.equal(sb.requestCount - n0, 10);
    assert.deepEqual(second.matches.map((m) => m.record.bindId), first.matches.map((m) => m.record.bindId));
    assert.equal(cache.size, 10);
  });

  it('a search over pages cached before a change rescans fresh pages and is exact', async () => {
    const cache = new PageCache({ now: clock });
    const src = cachedSource(client, cache);
    // Browse the first 4 pages (they stay cached), then a binding on page 2 goes away.
    for (let p = 1; p <= 4; p++) await src.queryBindPage({ current: p, size: 100, appId });
    const gone = sb.bindings(appId)[150];
    assert.ok(sb.unbind(gone.bindId));
    const query = parseSearchQuery(gone.phoneA, 'exact');
    const res = await searchBindings(src, { appId, query });
    assert.equal(res.totalChanged, true);
    assert.equal(res.rescanned, true);
    const want = sb.bindings(appId).filter((b) => [b.phoneA, b.phoneB].includes(gone.phoneA)).map((b) => b.bindId).sort();
    assert.deepEqual(res.matches.map((m) => m.record.bindId).sort(), want);
    assert.ok(!res.matches.some((m) => m.record.bindId === gone.bindId));
  });

  it("a search's rescan bypasses the cache (pages that shifted although the total did not change)", async () => {
    const cache = new PageCache({ now: clock });
    const src = cachedSource(client, cache);
    for (let p = 1; p <= 4; p++) await src.queryBindPage({ current: p, size: 100, appId });
    // One binding added at the front, the last one removed: same total, every page shifted by one.
    const env = await client.call('number/pns/bind', { phoneA: '5550001234', phoneB: '5550004321', expireS: 3600, appId, bizType: 2 });
    const added = String((env.data as { bindId: string }).bindId);
    const list = sb.bindings(appId);
    assert.ok(sb.unbind(list[list.length - 1].bindId));
    const res = await searchBindings(src, { appId, query: parseSearchQuery('555000', 'partial'), concurrency: 2 });
    assert.equal(res.totalChanged, false);
    assert.equal(res.rescanned, true);
    assert.ok(res.matches.some((m) => m.record.bindId === added), 'the rescan read stale pages from the cache');
    assert.equal(cache.get(appId, 100, 1)?.records[0].bindId, added, 'the fresh pages are cached');
  });
});
