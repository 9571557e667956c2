/**
 * orderedPages with scripted "fetch page N" functions (no HTTP): pages in order whatever order
 * they arrive in, de-duplication, the window ahead of a slow consumer, cancel and break, the
 * caps, every end rule, retries and the adaptive concurrency — deterministic, by counting the
 * calls in flight and failing exactly the pages a test picks.
 */
import { strict as assert } from 'node:assert';
import {
  PnsAbortError,
  PnsApiError,
  PnsTransportError,
  PnsValidationError,
  PnsWalkError,
  classifyFailure,
  compactKey,
  orderedPages,
  retryDelay,
  type FetchContext,
  type FetchPage,
  type OrderedPagesOptions,
  type Page,
  type StreamPage,
} from '../../src/api';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Item {
  id: string;
}
type P = Page<Item>;

interface Script {
  delay?: (page: number, attempt: number) => number;
  fail?: (page: number, attempt: number) => unknown;
  total?: (page: number) => number;
  totalReported?: boolean;
  items?: (page: number) => Item[];
}

/** A server of `n` items in pages of `size`; each answer after `delay(page)` ms; counts calls in flight. */
function scripted(n: number, size: number, opts: Script = {}) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0, pages: [] as number[], started: [] as Array<{ page: number; attempt: number; at: number; firstDone: boolean }>, finished: [] as number[], aborted: 0 };
  const all = Array.from({ length: n }, (_, i) => ({ id: String(1000 + i) }));
  const fetchPage = (page: number, ctx: FetchContext): Promise<P> => {
    stats.calls++;
    stats.pages.push(page);
    stats.started.push({ page, attempt: ctx.attempt, at: Date.now(), firstDone: stats.finished.includes(1) });
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    return new Promise<P>((resolve, reject) => {
      const t = setTimeout(
        () => {
          stats.inFlight--;
          stats.finished.push(page);
          ctx.signal.removeEventListener('abort', onAbort);
          const err = opts.fail?.(page, ctx.attempt);
          if (err) reject(err);
          else {
            const items = opts.items ? opts.items(page) : all.slice((page - 1) * size, page * size);
            resolve({ items, total: opts.total ? opts.total(page) : n, totalReported: opts.totalReported, replyChars: 100 });
          }
        },
        opts.delay ? opts.delay(page, ctx.attempt) : 1,
      );
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

/** Reads the whole stream; the pages it yielded and its stats. */
async function readAll(fetchPage: FetchPage<P>, o: OrderedPagesOptions<Item>) {
  const stream = orderedPages<Item, P>(fetchPage, o);
  const got: StreamPage<Item, P>[] = [];
  for await (const p of stream) got.push(p);
  return { got, stats: stream.stats, ids: got.flatMap((p) => p.items.map((i) => i.id)) };
}

describe('pages: retry classification and waits (retry.ts)', () => {
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

describe('pages: orderedPages', function () {
  this.timeout(20_000);

  it('yields pages in order even when they arrive out of order, each item once, with positions', async () => {
    // Later pages answer first.
    const { fetchPage, stats, all } = scripted(950, 100, { delay: (p) => (p === 1 ? 1 : 40 - p * 3) });
    const { got, stats: s, ids } = await readAll(fetchPage, { pageSize: 100, key, concurrency: 4 });
    assert.deepEqual(
      got.map((p) => p.n),
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    assert.deepEqual(ids, all.map((i) => i.id));
    got.forEach((p, i) => assert.equal(p.position, i * 100));
    assert.deepEqual(got.map((p) => p.last), [...Array<boolean>(9).fill(false), true]);
    assert.equal(stats.pages[0], 1);
    // Not by the clock (a 1 ms timer and Date.now() can fall in the same millisecond): by what had answered.
    assert.ok(stats.started.slice(1).every((r) => r.firstDone), 'page 1 goes alone first');
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
    const { got, stats: s } = await readAll(fetchPage, { pageSize: 3, key, concurrency: 3 });
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

  it('resumes: startPage and the keys seen before', async () => {
    const { fetchPage, stats } = scripted(250, 100, { items: (p) => (p === 2 ? [{ id: '1099' }, ...Array.from({ length: 99 }, (_, i) => ({ id: String(1100 + i) }))] : []) });
    const seen = new Set<string | number>(['1099']);
    const { got, stats: s } = await readAll(fetchPage, { pageSize: 100, key, seen, startPage: 2, concurrency: 1 });
    assert.deepEqual(stats.pages.slice(0, 1), [2]);
    assert.equal(got[0].items.length, 99);
    assert.equal(got[0].duplicates, 1);
    assert.equal(seen.size, 100);
    assert.equal(s.endedBy, 'empty-page');
  });

  it('one at a time is on demand: no page is asked for before the consumer is at it', async () => {
    const { fetchPage, stats } = scripted(500, 100);
    const it = orderedPages<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 1 })[Symbol.asyncIterator]();
    assert.equal((await it.next()).value?.n, 1);
    await sleep(30);
    assert.deepEqual(stats.pages, [1]);
    assert.equal((await it.next()).value?.n, 2);
    await sleep(30);
    assert.deepEqual(stats.pages, [1, 2]);
    await it.return?.();
  });

  it('counts the concurrency where the calls are made: never above the limit, clamped to 16', async () => {
    for (const [asked, want] of [
      [1, 1],
      [4, 4],
      [16, 16],
      [100, 16],
    ]) {
      const { fetchPage, stats } = scripted(3000, 100, { delay: () => 10 });
      const { stats: s } = await readAll(fetchPage, { pageSize: 100, key, concurrency: asked });
      assert.equal(s.items, 3000);
      assert.equal(stats.maxInFlight, want, `asked ${asked}`);
    }
  });

  it('never runs more than max(8, 4 × concurrency) pages ahead of a slow consumer', async () => {
    const { fetchPage, stats } = scripted(5000, 100, { delay: () => 1 });
    let maxAhead = 0;
    let last = 0;
    for await (const p of orderedPages<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 2 })) {
      maxAhead = Math.max(maxAhead, Math.max(...stats.pages) - p.n);
      await sleep(3);
      last = p.n;
    }
    assert.equal(last, 50);
    assert.ok(maxAhead <= 8, `${maxAhead} pages requested ahead of the consumer`);
    assert.ok(maxAhead >= 4, `${maxAhead}: the stream did not read ahead`);
  });

  it('adaptive: scattered 5xx take it down one step at a time and never below half', async () => {
    // Every page after page 1 fails its first attempt with HTTP 500.
    const { fetchPage } = scripted(4000, 100, { delay: () => 3, fail: (p, attempt) => (p > 1 && attempt === 1 ? http(500) : undefined) });
    const seen: number[] = [];
    const stream = orderedPages<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 8, backoffMs: FAST, onRetry: () => void seen.push(stream.stats.concurrency) });
    for await (const _ of stream) seen.push(stream.stats.concurrency);
    assert.equal(stream.stats.items, 4000);
    assert.equal(stream.stats.retries, 39);
    assert.equal(stream.stats.minConcurrency, 4);
    assert.equal(stream.stats.concurrency, 4);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] <= seen[i - 1] && seen[i - 1] - seen[i] <= 1, `${seen[i - 1]} -> ${seen[i]}`);
  });

  it('adaptive: "too frequent" (-15, HTTP 429) halves the concurrency, down to 1', async () => {
    for (const tooFrequent of [new PnsApiError('-15', 'too frequent'), http(429)]) {
      const { fetchPage } = scripted(4000, 100, { delay: () => 3, fail: (p, attempt) => (p > 1 && attempt === 1 ? tooFrequent : undefined) });
      const lowered: number[] = [];
      const stream = orderedPages<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 8, backoffMs: FAST, onRetry: () => void lowered.push(stream.stats.concurrency) });
      for await (const _ of stream);
      assert.equal(stream.stats.items, 4000);
      assert.deepEqual([...new Set(lowered)], [4, 2, 1]);
    }
  });

  it('one failure lowers once: failures of requests started before a decrease do not lower again', async () => {
    // Pages 2..9 (all started together at 8) fail once: one step, 8 -> 7.
    const { fetchPage } = scripted(900, 100, { delay: () => 5, fail: (p, attempt) => (attempt === 1 && p >= 2 ? http(502) : undefined) });
    const { stats: s } = await readAll(fetchPage, { pageSize: 100, key, concurrency: 8, backoffMs: FAST });
    assert.equal(s.minConcurrency, 7);
    assert.equal(s.retries, 8);
  });

  it("honours Retry-After, capped by backoff.max, and holds every new request for the throttle's wait", async () => {
    const after = new PnsTransportError('http', 'm', 'h', { host: 'h', httpStatus: 429, retryAfterMs: 60_000 });
    const a = scripted(300, 100, { fail: (p, at) => (p === 2 && at === 1 ? after : undefined) });
    const t0 = Date.now();
    const { stats: s } = await readAll(a.fetchPage, { pageSize: 100, key, concurrency: 1, backoffMs: { base: 1, max: 200 } });
    assert.equal(s.items, 300);
    assert.ok(Date.now() - t0 >= 190, `waited ${Date.now() - t0} ms`);
    assert.deepEqual(a.stats.pages, [1, 2, 2, 3]);
    // Concurrency 4: page 2 is told to wait; pages 3..5 are in flight; no page after them starts before the wait is over.
    const b = scripted(1000, 100, { delay: (p) => (p === 2 ? 1 : 20), fail: (p, at) => (p === 2 && at === 1 ? after : undefined) });
    await readAll(b.fetchPage, { pageSize: 100, key, concurrency: 4, backoffMs: { base: 1, max: 300 } });
    const told = b.stats.started.find((r) => r.page === 2)!.at;
    const later = b.stats.started.filter((r) => r.page > 5);
    assert.ok(later.length > 0);
    assert.ok(later.every((r) => r.at >= told + 290), `a page started ${Math.min(...later.map((r) => r.at)) - told} ms into a 300 ms wait`);
  });

  it('gives up on a page after maxAttempts with its error; a fatal error at once, aborting what is in flight', async () => {
    const a = scripted(500, 100, { fail: (p) => (p === 3 ? new PnsApiError('-18', 'anomaly') : undefined) });
    await assert.rejects(readAll(a.fetchPage, { pageSize: 100, key, maxAttempts: 3, backoffMs: FAST }), (e: unknown) => e instanceof PnsApiError && e.status === '-18');
    assert.equal(a.stats.pages.filter((p) => p === 3).length, 3);
    const b = scripted(500, 100, { delay: (p) => (p === 3 ? 1 : 200), fail: (p) => (p === 3 ? new PnsApiError('-1', 'auth') : undefined) });
    await assert.rejects(readAll(b.fetchPage, { pageSize: 100, key, backoffMs: FAST }), (e: unknown) => e instanceof PnsApiError && e.status === '-1');
    assert.equal(b.stats.pages.filter((p) => p === 3).length, 1);
    assert.equal(b.stats.inFlight, 0, 'requests in flight were not aborted');
    assert.ok(b.stats.aborted > 0);
  });

  it('cancellation: rejects with PnsAbortError, aborts what is in flight, starts nothing more', async () => {
    const { fetchPage, stats } = scripted(5000, 100, { delay: () => 1000 });
    const ac = new AbortController();
    const p = readAll(fetchPage, { pageSize: 100, key, concurrency: 4, signal: ac.signal, abortMessage: 'stop it' });
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
    await assert.rejects(readAll(c.fetchPage, { pageSize: 100, key, signal: AbortSignal.abort() }), PnsAbortError);
    assert.equal(c.stats.calls, 0);
  });

  it('leaving the loop (break, or an exception in it) aborts the rest and starts nothing more', async () => {
    const { fetchPage, stats } = scripted(5000, 100, { delay: (p) => (p === 1 ? 1 : 30) });
    const stream = orderedPages<Item, P>(fetchPage, { pageSize: 100, key, concurrency: 4 });
    for await (const p of stream) if (p.n === 3) break;
    assert.equal(stream.stats.pages, 3);
    assert.equal(stream.stats.items, 300);
    assert.equal(stats.inFlight, 0);
    const calls = stats.calls;
    assert.ok(calls <= 3 + 4 + 4, `${calls} calls`);
    await sleep(50);
    assert.equal(stats.calls, calls);
    const boom = new Error('boom');
    const b = scripted(5000, 100, { delay: (p) => (p === 1 ? 1 : 30) });
    await assert.rejects(
      (async () => {
        for await (const p of orderedPages<Item, P>(b.fetchPage, { pageSize: 100, key, concurrency: 4 })) if (p.n === 2) throw boom;
      })(),
      (e: unknown) => e === boom,
    );
    assert.equal(b.stats.inFlight, 0);
  });

  it('an exception in onRetry ends the stream with it', async () => {
    const boom = new Error('boom');
    const a = scripted(500, 100, { fail: (p, at) => (p === 2 && at === 1 ? http(503) : undefined) });
    await assert.rejects(
      readAll(a.fetchPage, {
        pageSize: 100,
        key,
        backoffMs: FAST,
        onRetry: () => {
          throw boom;
        },
      }),
      (e: unknown) => e === boom,
    );
  });

  it('the caps: pages (PnsWalkError before asking) and reply text', async () => {
    const a = scripted(5000, 100);
    await assert.rejects(readAll(a.fetchPage, { pageSize: 100, key, maxPages: 10 }), PnsWalkError);
    assert.equal(a.stats.calls, 1, 'it knew from page 1 that 50 pages are beyond the cap');
    const b = scripted(5000, 100);
    await assert.rejects(readAll(b.fetchPage, { pageSize: 100, key, maxChars: 1000, concurrency: 2 }), (e: unknown) => e instanceof PnsWalkError && /replies/.test(e.message));
    assert.ok(b.stats.calls <= 13, `${b.stats.calls} calls`);
  });
});

describe('pages: where a stream ends', function () {
  this.timeout(20_000);
  const items = Array.from({ length: 245 }, (_, i) => ({ id: `x${i}` }));
  const noTotal = (list: (page: number) => Item[]): FetchPage<P> => (page) => Promise.resolve({ items: list(page), total: 0, totalReported: false });

  it('the total: every page it reports, and no request after the last', async () => {
    const { fetchPage, stats } = scripted(250, 100, { delay: () => 5 });
    const { stats: s, ids } = await readAll(fetchPage, { pageSize: 100, key, concurrency: 4 });
    assert.equal(ids.length, 250);
    assert.equal(s.endedBy, 'complete');
    await sleep(20);
    assert.deepEqual([...stats.pages].sort(), [1, 2, 3]);
  });

  it('a growing total: the new pages are read too', async () => {
    let total = 300;
    const all = Array.from({ length: 500 }, (_, i) => ({ id: String(i) }));
    const { fetchPage } = scripted(500, 100, { delay: () => 5, items: (p) => all.slice((p - 1) * 100, p * 100), total: (p) => (p >= 2 ? (total = 500) : total) });
    const { stats: s, ids } = await readAll(fetchPage, { pageSize: 100, key, concurrency: 1 });
    assert.equal(ids.length, 500);
    assert.equal(s.totalChanged, true);
    assert.equal(s.pages, 5);
  });

  it('a server serving fewer a page than asked: read at its own page size', async () => {
    const all = Array.from({ length: 95 }, (_, i) => ({ id: String(i) }));
    const fetchPage: FetchPage<P> = (page) => Promise.resolve({ items: all.slice((page - 1) * 20, page * 20), total: 95 });
    const { stats: s, ids } = await readAll(fetchPage, { pageSize: 50, key, concurrency: 3 });
    assert.deepEqual(ids, all.map((i) => i.id));
    assert.equal(s.endedBy, 'complete');
    assert.equal(s.anomaly, false);
  });

  it('an empty page, before the total says', async () => {
    const { fetchPage, stats } = scripted(30, 10, { total: () => 500 });
    const { stats: s, ids } = await readAll(fetchPage, { pageSize: 10, key, concurrency: 1 });
    assert.equal(ids.length, 30);
    assert.equal(s.endedBy, 'empty-page');
    assert.equal(stats.calls, 4);
  });

  it('without a total: reads on until a short page, and asks for nothing after it once it arrived', async () => {
    const { stats: s, ids } = await readAll(noTotal((p) => items.slice((p - 1) * 10, p * 10)), { pageSize: 10, key, concurrency: 4 });
    assert.equal(ids.length, 245);
    assert.equal(s.endedBy, 'short-page');
    // A slow consumer: page 25 arrives long before it is read; only the 3 in flight with it go past it.
    const { fetchPage, stats } = scripted(245, 10, { totalReported: false, total: () => 0 });
    let pages = 0;
    for await (const _ of orderedPages<Item, P>(fetchPage, { pageSize: 10, key, concurrency: 4 })) {
      pages++;
      await sleep(5);
    }
    assert.equal(pages, 25);
    assert.ok(Math.max(...stats.pages) <= 28, `page ${Math.max(...stats.pages)} was asked for`);
  });

  it('a repeated page: without a total, or with one that stands still; not while the total moves', async () => {
    const r = await readAll(noTotal(() => items.slice(0, 10)), { pageSize: 10, key, concurrency: 4 });
    assert.equal(r.ids.length, 10);
    assert.equal(r.stats.endedBy, 'repeated-page');
    const same = scripted(1000, 10, { items: () => items.slice(0, 10) });
    const t = await readAll(same.fetchPage, { pageSize: 10, key, concurrency: 1 });
    assert.equal(t.stats.endedBy, 'repeated-page');
    assert.equal(same.stats.calls, 2);
    // Ten added at the front after page 1: page 2 is page 1 again, and the rest follows.
    const all = Array.from({ length: 50 }, (_, i) => ({ id: String(i) }));
    const shifted = [...Array.from({ length: 10 }, (_, i) => ({ id: `new${i}` })), ...all];
    const moving = scripted(60, 10, { items: (p) => (p === 1 ? all : shifted).slice((p - 1) * 10, p * 10), total: (p) => (p === 1 ? 50 : 60) });
    const m = await readAll(moving.fetchPage, { pageSize: 10, key, concurrency: 1 });
    assert.equal(m.got[1].items.length, 0);
    assert.equal(m.ids.length, 50);
    assert.equal(m.stats.pages, 6);
    assert.equal(m.stats.endedBy, 'complete');
  });

  it('the page cap ends an endless stream', async () => {
    let n = 0;
    const endless = noTotal(() => Array.from({ length: 10 }, () => ({ id: String(n++) })));
    await assert.rejects(readAll(endless, { pageSize: 10, key, concurrency: 4, maxPages: 20 }), (e: unknown) => e instanceof PnsWalkError && /Stopped at 20 pages/.test(e.message) && e.pagesFetched === 20);
  });
});
