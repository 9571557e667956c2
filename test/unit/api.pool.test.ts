/**
 * The paging engine's pool with scripted "fetch page N" functions (no HTTP): pages handed over
 * in order whatever order they arrive in, de-duplication, the window ahead of a slow consumer,
 * cancellation, stop(), the caps, and the adaptive concurrency — deterministic, by counting
 * the calls in flight and failing exactly the pages a test picks.
 */
import { strict as assert } from 'node:assert';
import {
  PagePool,
  PnsAbortError,
  PnsApiError,
  PnsTransportError,
  PnsValidationError,
  PnsWalkError,
  classifyFailure,
  compactKey,
  readPages,
  retryDelay,
  type FetchContext,
  type Page,
  type PoolPage,
} from '../../src/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Item {
  id: string;
}
type P = Page<Item>;

/** A server of `n` items in pages of `size`; each answer after `delay(page)` ms; counts calls in flight. */
function scripted(n: number, size: number, opts: { delay?: (page: number, attempt: number) => number; fail?: (page: number, attempt: number) => unknown; total?: () => number; items?: (page: number) => Item[] } = {}) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0, pages: [] as number[], aborted: 0 };
  const all = Array.from({ length: n }, (_, i) => ({ id: String(1000 + i) }));
  const fetchPage = (page: number, ctx: FetchContext): Promise<P> => {
    stats.calls++;
    stats.pages.push(page);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    return new Promise<P>((resolve, reject) => {
      const t = setTimeout(() => {
        stats.inFlight--;
        ctx.signal.removeEventListener('abort', onAbort);
        const err = opts.fail?.(page, ctx.attempt);
        if (err) reject(err);
        else {
          const items = opts.items ? opts.items(page) : all.slice((page - 1) * size, page * size);
          resolve({ items, total: opts.total ? opts.total() : n, replyChars: 100 });
        }
      }, opts.delay ? opts.delay(page, ctx.attempt) : 1);
      const onAbort = () => {
        clearTimeout(t);
        stats.inFlight--;
        stats.aborted++;
        reject(new PnsAbortError());
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { fetchPage, stats, all };
}

const key = (i: Item) => i.id;
const http = (status: number) => new PnsTransportError('http', `HTTP ${status}`, 'h', { host: 'h', httpStatus: status });
const FAST = { base: 2, max: 10 };

describe('paging: retry classification and waits (retry.ts)', () => {
  it('classifies on top of isRetryable', () => {
    assert.equal(classifyFailure(new PnsApiError('-15', '')), 'throttle');
    assert.equal(classifyFailure(http(429)), 'throttle');
    assert.equal(classifyFailure(http(503)), 'overload');
    assert.equal(classifyFailure(new PnsTransportError('timeout', 'm', 'h', { host: 'h' })), 'overload');
    assert.equal(classifyFailure(new PnsTransportError('network', 'm', 'h', { host: 'h', code: 'ECONNRESET' })), 'overload');
    assert.equal(classifyFailure(new PnsApiError('-18', '')), 'retry');
    assert.equal(classifyFailure(new PnsTransportError('invalid-response', 'm', 'h', { host: 'h', retryable: true })), 'retry');
    for (const e of [new PnsApiError('-1', ''), http(404), new PnsAbortError(), new Error('x'), new PnsValidationError('f', 'm', 'h')]) assert.equal(classifyFailure(e), 'fatal');
  });
  it('waits: Retry-After capped, else jittered backoff with an optional floor', () => {
    const after = new PnsTransportError('http', 'm', 'h', { host: 'h', httpStatus: 429, retryAfterMs: 1000 });
    assert.equal(retryDelay(after, 1, 10, 300), 300);
    assert.equal(retryDelay(after, 1, 10, 5000), 1000);
    assert.equal(retryDelay(http(500), 3, 40, 1000, () => 0), 0);
    assert.equal(retryDelay(http(500), 3, 40, 1000, () => 0, 0.5), 80);
    assert.ok(retryDelay(http(500), 3, 40, 1000, () => 0.999, 0.5) < 160);
    assert.equal(retryDelay(http(500), 10, 40, 1000, () => 0, 0.5), 500);
  });
  it('compactKey: small canonical ids become numbers, the rest stay strings, no two ids collide', () => {
    assert.equal(compactKey('123'), 123);
    assert.equal(compactKey('0123'), '0123');
    assert.equal(compactKey('1234567890123456'), '1234567890123456');
    assert.equal(compactKey('abc'), 'abc');
    const ids = ['7', '07', '007', '999999999999999', '9999999999999999', '12345678901234567890'];
    assert.equal(new Set(ids.map(compactKey)).size, ids.length);
  });
});

describe('paging: PagePool', function () {
  this.timeout(20_000);

  it('hands pages over in order even when they arrive out of order, each item once, with positions', async () => {
    // Later pages answer first.
    const { fetchPage, stats, all } = scripted(950, 100, { delay: (p) => (p === 1 ? 1 : 40 - p * 3) });
    const got: PoolPage<Item, P>[] = [];
    const s = await readPages(fetchPage, { pageSize: 100, key, concurrency: 4, onPage: (p) => void got.push(p) });
    assert.deepEqual(
      got.map((p) => p.page),
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      got.flatMap((p) => p.items.map((i) => i.id)),
      all.map((i) => i.id),
    );
    got.forEach((p, i) => assert.equal(p.position, i * 100));
    assert.equal(stats.pages[0], 1);
    assert.equal(stats.calls, 10);
    assert.equal(stats.maxInFlight, 4);
    assert.equal(s.items, 950);
    assert.equal(s.pages, 10);
    assert.equal(s.endedBy, 'complete');
    assert.equal(s.anomaly, false);
  });

  it('de-duplicates by key (the earlier page keeps the item) and flags the anomaly', async () => {
    const pages: Record<number, string[]> = { 1: ['a', 'b', 'c'], 2: ['c', 'd', 'e'], 3: ['e', 'f'] };
    const { fetchPage } = scripted(8, 3, { items: (p) => pages[p].map((id) => ({ id })), total: () => 8 });
    const got: PoolPage<Item, P>[] = [];
    const s = await readPages(fetchPage, { pageSize: 3, key, concurrency: 3, onPage: (p) => void got.push(p) });
    assert.deepEqual(
      got.map((p) => [p.position, p.items.map((i) => i.id).join(''), p.duplicates]),
      [
        [0, 'abc', 0],
        [3, 'de', 1],
        [5, 'f', 1],
      ],
    );
    assert.equal(s.duplicates, 2);
    assert.equal(s.anomaly, true);
  });

  it('counts the concurrency where the calls are made: never above the limit, clamped to 16', async () => {
    for (const [asked, want] of [
      [1, 1],
      [4, 4],
      [16, 16],
      [100, 16],
    ]) {
      const { fetchPage, stats } = scripted(3000, 100, { delay: () => 10 });
      const s = await readPages(fetchPage, { pageSize: 100, key, concurrency: asked, onPage: () => undefined });
      assert.equal(s.items, 3000);
      assert.equal(stats.maxInFlight, want, `asked ${asked}`);
    }
  });

  it('never runs more than maxAhead pages ahead of a slow consumer, and awaits its promise', async () => {
    const { fetchPage, stats } = scripted(5000, 100, { delay: () => 1 });
    let maxAhead = 0;
    let delivered = 0;
    const s = await readPages(fetchPage, {
      pageSize: 100,
      key,
      concurrency: 4,
      maxAhead: 6,
      onPage: async (p) => {
        maxAhead = Math.max(maxAhead, stats.calls - p.page);
        await sleep(3);
        delivered = p.page;
      },
    });
    assert.equal(delivered, 50);
    assert.equal(s.pages, 50);
    assert.ok(maxAhead <= 6, `${maxAhead} pages requested ahead of the consumer`);
  });

  it('adaptive: scattered 5xx take it down one step at a time and never below half (scripted failures)', async () => {
    // Every page fails its first attempt with HTTP 500.
    const { fetchPage } = scripted(4000, 100, { delay: () => 3, fail: (_p, attempt) => (attempt === 1 ? http(500) : undefined) });
    const seen: number[] = [];
    const pool = new PagePool<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 8, backoffMs: FAST, onProgress: (p) => void seen.push(p.concurrency) });
    try {
      const s = await pool.pass();
      assert.equal(s.items, 4000);
      assert.equal(pool.retries, 40);
      assert.equal(pool.minConcurrency, 4, `lowest ${pool.minConcurrency}`);
      assert.equal(pool.concurrency, 4);
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i] <= seen[i - 1] && seen[i - 1] - seen[i] <= 1, `${seen[i - 1]} -> ${seen[i]}`);
    } finally {
      pool.close();
    }
  });

  it('adaptive: "too frequent" halves the concurrency, down to 1', async () => {
    const { fetchPage } = scripted(4000, 100, { delay: () => 3, fail: (_p, attempt) => (attempt === 1 ? new PnsApiError('-15', 'too frequent') : undefined) });
    const pool = new PagePool<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 8, backoffMs: FAST });
    try {
      const s = await pool.pass();
      assert.equal(s.items, 4000);
      assert.equal(pool.minConcurrency, 1);
    } finally {
      pool.close();
    }
  });

  it('one failure lowers once: failures of requests started before a decrease do not lower again', async () => {
    // Pages 2..9 (all started together at 8) fail once: one step, 8 -> 7.
    const { fetchPage } = scripted(900, 100, { delay: () => 5, fail: (p, attempt) => (attempt === 1 && p >= 2 ? http(502) : undefined) });
    const pool = new PagePool<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 8, backoffMs: FAST });
    try {
      await pool.pass();
      assert.equal(pool.minConcurrency, 7);
      assert.equal(pool.retries, 8);
    } finally {
      pool.close();
    }
  });

  it('honours Retry-After for the whole pool, capped by backoff.max', async () => {
    const after = new PnsTransportError('http', 'm', 'h', { host: 'h', httpStatus: 429, retryAfterMs: 60_000 });
    const { fetchPage, stats } = scripted(300, 100, { fail: (p, a) => (p === 2 && a === 1 ? after : undefined) });
    const t0 = Date.now();
    const s = await readPages(fetchPage, { pageSize: 100, key, concurrency: 1, backoffMs: { base: 1, max: 200 }, onPage: () => undefined });
    assert.equal(s.items, 300);
    assert.ok(Date.now() - t0 >= 190, `waited ${Date.now() - t0} ms`);
    assert.deepEqual(stats.pages, [1, 2, 2, 3]);
  });

  it('gives up on a page after maxAttemptsPerPage with its error; a fatal error at once', async () => {
    const a = scripted(500, 100, { fail: (p) => (p === 3 ? new PnsApiError('-18', 'anomaly') : undefined) });
    await assert.rejects(readPages(a.fetchPage, { pageSize: 100, key, maxAttemptsPerPage: 3, backoffMs: FAST }), (e: unknown) => e instanceof PnsApiError && e.status === '-18');
    assert.equal(a.stats.pages.filter((p) => p === 3).length, 3);
    const b = scripted(500, 100, { fail: (p) => (p === 3 ? new PnsApiError('-1', 'auth') : undefined) });
    await assert.rejects(readPages(b.fetchPage, { pageSize: 100, key, backoffMs: FAST }), (e: unknown) => e instanceof PnsApiError && e.status === '-1');
    assert.equal(b.stats.pages.filter((p) => p === 3).length, 1);
    await sleep(20);
    assert.equal(b.stats.inFlight, 0, 'requests in flight were not aborted');
  });

  it('cancellation: rejects with PnsAbortError, aborts what is in flight, starts nothing more', async () => {
    const { fetchPage, stats } = scripted(5000, 100, { delay: () => 1000 });
    const ac = new AbortController();
    const p = readPages(fetchPage, { pageSize: 100, key, concurrency: 4, signal: ac.signal, abortMessage: 'stop it', onPage: () => undefined });
    await sleep(1100); // page 1 answered, pages 2..5 in flight
    const calls = stats.calls;
    assert.equal(calls, 5);
    ac.abort();
    await assert.rejects(p, (e: unknown) => e instanceof PnsAbortError && e.message === 'stop it');
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.aborted, 4);
    await sleep(50);
    assert.equal(stats.calls, calls);
    // An aborted signal: nothing is sent.
    const c = scripted(100, 100);
    await assert.rejects(readPages(c.fetchPage, { pageSize: 100, key, signal: AbortSignal.abort() }), PnsAbortError);
    assert.equal(c.stats.calls, 0);
  });

  it('stop() from onPage ends the pass without an error and aborts the rest', async () => {
    const { fetchPage, stats } = scripted(5000, 100, { delay: (p) => (p === 1 ? 1 : 30) });
    const pool = new PagePool<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 4 });
    const s = await pool.pass({
      onPage: (pg) => {
        if (pg.page === 3) pool.stop();
      },
    });
    pool.close();
    assert.equal(s.endedBy, 'stopped');
    assert.equal(s.pages, 3);
    assert.equal(s.items, 300);
    await sleep(50);
    assert.equal(stats.inFlight, 0);
    assert.ok(stats.calls <= 3 + 4 + 4, `${stats.calls} calls`);
  });

  it('an exception in onPage, onProgress or a rejected onPage promise ends the run with it', async () => {
    const boom = new Error('boom');
    const a = scripted(500, 100);
    await assert.rejects(readPages(a.fetchPage, { pageSize: 100, key, onPage: (p) => { if (p.page === 2) throw boom; } }), (e: unknown) => e === boom);
    await assert.rejects(readPages(a.fetchPage, { pageSize: 100, key, onProgress: (p) => { if (p.pagesDone === 2) throw boom; } }), (e: unknown) => e === boom);
    await assert.rejects(readPages(a.fetchPage, { pageSize: 100, key, onPage: async (p) => { if (p.page === 4) throw boom; } }), (e: unknown) => e === boom);
  });

  it('the caps: pages (PnsWalkError before asking) and reply text', async () => {
    const a = scripted(5000, 100);
    await assert.rejects(readPages(a.fetchPage, { pageSize: 100, key, maxPages: 10 }), PnsWalkError);
    assert.equal(a.stats.calls, 1, 'it knew from page 1 that 50 pages are beyond the cap');
    const b = scripted(5000, 100);
    await assert.rejects(readPages(b.fetchPage, { pageSize: 100, key, maxChars: 1000, concurrency: 2 }), (e: unknown) => e instanceof PnsWalkError && /replies/.test(e.message));
    assert.ok(b.stats.calls <= 13, `${b.stats.calls} calls`);
  });

  it('without a total: reads on until a short page; stops on a repeated page; the page cap ends an endless one', async () => {
    const items = Array.from({ length: 245 }, (_, i) => ({ id: `x${i}` }));
    const fp = (page: number): Promise<P> => Promise.resolve({ items: items.slice((page - 1) * 10, page * 10), total: 0, totalReported: false });
    const s = await readPages(fp, { pageSize: 10, key, concurrency: 4 });
    assert.equal(s.items, 245);
    assert.equal(s.endedBy, 'short-page');
    const same = (): Promise<P> => Promise.resolve({ items: items.slice(0, 10), total: 0, totalReported: false });
    const r = await readPages(same, { pageSize: 10, key, concurrency: 4 });
    assert.equal(r.items, 10);
    assert.equal(r.endedBy, 'repeated-page');
    let n = 0;
    const endless = (): Promise<P> => Promise.resolve({ items: Array.from({ length: 10 }, () => ({ id: String(n++) })), total: 0, totalReported: false });
    await assert.rejects(readPages(endless, { pageSize: 10, key, concurrency: 4, maxPages: 20 }), PnsWalkError);
  });

  it('two passes: the second is fresh and keeps the lowered concurrency', async () => {
    const fresh: boolean[] = [];
    let failed = false;
    const { fetchPage } = scripted(500, 100, { fail: (p) => (p === 2 && !failed ? ((failed = true), new PnsApiError('-15', '')) : undefined) });
    const pool = new PagePool<Item, P>((p, ctx) => (fresh.push(ctx.fresh), fetchPage(p, ctx)), { pageSize: 100, key, concurrency: 4, backoffMs: FAST });
    const a = await pool.pass();
    const b = await pool.pass({ fresh: true });
    pool.close();
    assert.equal(a.items, 500);
    assert.equal(b.items, 500);
    assert.equal(pool.concurrency, 2);
    assert.equal(pool.pagesDone, 10);
    assert.deepEqual([...new Set(fresh.slice(-5))], [true]);
  });
});
