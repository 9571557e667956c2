/**
 * callRecordsFor reads its ≤31-day windows at once under ONE cap of `concurrency` requests in
 * flight across all of them. A raw loopback server answers each page after a delay and counts
 * the requests in flight (and of which windows) when each arrives: never more than the cap,
 * more than one window at a time; progress adds up across windows; Cancel sends nothing more;
 * one window failing ends the whole read with its error, and nothing is left running.
 */
import { strict as assert } from 'node:assert';
import { callRecordsFor, PnsAbortError, PnsClient, PnsTransportError, type CallRecordsProgress } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const DAY = 86_400_000;
const TO = Date.UTC(2024, 4, 20);
/** 70 days: three windows (31, 31 and 8 days). */
const FROM = TO - 70 * DAY;
const PER_WINDOW = 60;
const SIZE = 5;
const PAGES = 3 * (PER_WINDOW / SIZE);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('call records: the windows read at once under one cap', function () {
  this.timeout(20_000);
  let server: RawServer;
  let c: PnsClient | undefined;
  const client = () => (c = new PnsClient({ baseUrl: server.url, apiKey: 'conc-test-key', apiSecret: 'conc-test-secret-1', timeoutMs: 5000, expireTimeZone: '+00:00' }));
  /** Requests in flight now, by window (its strTime). */
  const inFlight = new Map<string, number>();
  let most = 0;
  let mostWindows = 0;
  /** How a page is answered: after `delayMs`, PER_WINDOW calls a window (distinct ids) unless `fail` says otherwise. */
  let delayMs = 20;
  let fail: (window: string, page: number) => boolean = () => false;
  /** Answer this request (by arrival, 1-based) with HTTP 429 "too many requests". */
  let throttleAt = 0;
  /** After the 429: the requests in flight when it was sent; once they are all answered, the most in flight at once. */
  let beforeThrottle: Set<number> | undefined;
  let mostAfterThrottle = 0;
  beforeEach(async () => {
    inFlight.clear();
    most = mostWindows = 0;
    delayMs = 20;
    fail = () => false;
    throttleAt = 0;
    beforeThrottle = undefined;
    mostAfterThrottle = 0;
    const live = new Set<number>();
    server = await startRawServer(async (req, res, n) => {
      const b = JSON.parse(req.body) as { current: number; size: number; params: { strTime: string } };
      const w = b.params.strTime;
      inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
      live.add(n);
      most = Math.max(most, live.size);
      if (beforeThrottle?.size === 0) mostAfterThrottle = Math.max(mostAfterThrottle, live.size);
      mostWindows = Math.max(mostWindows, [...inFlight.values()].filter((k) => k > 0).length);
      await sleep(delayMs);
      inFlight.set(w, inFlight.get(w)! - 1);
      live.delete(n);
      beforeThrottle?.delete(n);
      if (n === throttleAt) {
        beforeThrottle = new Set(live);
        return json(res, 'too many requests', 429, { 'Retry-After': '0' });
      }
      if (fail(w, b.current)) return json(res, 'unavailable', 503);
      const start = Date.parse(w);
      const records = Array.from({ length: Math.max(0, Math.min(b.size, PER_WINDOW - (b.current - 1) * b.size)) }, (_, i) => {
        const k = (b.current - 1) * b.size + i;
        return { callid: `w${start}-${k}`, caller: '919876543210', called: '447700900001', number: '15550001000', startTime: String((start + (k + 1) * 60_000) / 1000) };
      });
      json(res, envelope({ total: PER_WINDOW, size: b.size, current: b.current, records }));
    });
  });
  afterEach(async () => {
    c?.dispose();
    c = undefined;
    await server.close();
  });

  it('never more than `concurrency` requests in flight in all, more than one window at a time; progress adds up across the windows', async () => {
    const progress: CallRecordsProgress[] = [];
    const r = await callRecordsFor(client(), { scope: { kind: 'phone', phone: '+91 98765 43210' }, from: FROM, to: TO, size: SIZE, concurrency: 4, onProgress: (p) => progress.push({ ...p }) });
    assert.equal(r.windows, 3);
    assert.equal(r.pages, PAGES);
    assert.equal(server.requests.length, PAGES, 'each page asked for once');
    assert.equal(r.matched, 3 * PER_WINDOW);
    assert.ok(most <= 4, `${most} requests in flight at once`);
    assert.ok(mostWindows > 1, 'the windows were read one after another');
    // Progress: one report a page, counts that only grow, done never above total, ending at every page of every window.
    assert.equal(progress.length, PAGES);
    for (let i = 0; i < progress.length; i++) {
      const p = progress[i];
      assert.ok(p.pagesDone <= p.pagesTotal, JSON.stringify(p));
      assert.equal(p.pagesDone, i + 1);
      assert.ok(i === 0 || p.pagesTotal >= progress[i - 1].pagesTotal, JSON.stringify(progress.slice(i - 1, i + 1)));
      assert.equal(p.windows, 3);
      assert.ok(p.window >= 1 && p.window <= 3);
      assert.ok(p.windowsDone >= (progress[i - 1]?.windowsDone ?? 0) && p.windowsDone <= 3, JSON.stringify(p));
    }
    assert.deepEqual({ done: progress.at(-1)!.pagesDone, total: progress.at(-1)!.pagesTotal, windowsDone: progress.at(-1)!.windowsDone }, { done: PAGES, total: PAGES, windowsDone: 3 });
    // Windows are done one by one as their last page arrives, not all at the end.
    assert.ok(progress.some((p) => p.windowsDone === 1) && progress.some((p) => p.windowsDone === 2), 'windowsDone');
    assert.equal(new Set(progress.map((p) => p.window)).size, 3);
  });

  it('with concurrency 1 one request at a time, all windows still read', async () => {
    delayMs = 5;
    const r = await callRecordsFor(client(), { scope: { kind: 'phone', phone: '919876543210' }, from: FROM, to: TO, size: SIZE, concurrency: 1 });
    assert.equal(most, 1);
    assert.equal(r.pages, PAGES);
    assert.equal(r.matched, 3 * PER_WINDOW);
  });

  it('when the server says "too many requests", fewer requests go out in all, not only in that window', async () => {
    throttleAt = 8;
    const r = await callRecordsFor(client(), { scope: { kind: 'phone', phone: '919876543210' }, from: FROM, to: TO, size: SIZE, concurrency: 4, backoffMs: { base: 1, max: 5 } });
    assert.equal(r.pages, PAGES);
    assert.equal(r.matched, 3 * PER_WINDOW);
    assert.ok(most <= 4, `${most} in flight`);
    assert.equal(beforeThrottle?.size, 0, 'the requests in flight at the 429 were all answered');
    // orderedPages halves a stream's concurrency on a 429 (4 -> 2): the shared cap follows.
    assert.ok(mostAfterThrottle > 0 && mostAfterThrottle <= 2, `${mostAfterThrottle} in flight after the 429`);
  });

  it('Cancel mid-read: rejects with PnsAbortError and nothing more is sent', async () => {
    const ac = new AbortController();
    let atAbort = -1;
    const e = await callRecordsFor(client(), {
      scope: { kind: 'phone', phone: '919876543210' },
      from: FROM,
      to: TO,
      size: SIZE,
      concurrency: 4,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.pagesDone === 6) {
          atAbort = p.pagesDone;
          ac.abort();
        }
      },
    }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsAbortError, String(e));
    assert.equal(atAbort, 6);
    // The 6 pages read and what was in flight when Cancel came (at most the cap; the server may see
    // those a moment after the rejection), and nothing after.
    await sleep(300);
    const sent = server.requests.length;
    assert.ok(sent <= 6 + 4, `${sent} requests for 6 pages read`);
    await sleep(200);
    assert.equal(server.requests.length, sent, 'a request went out long after the read was cancelled');
  });

  it('one window failing ends the whole read with that error; the other windows stop, nothing is left running', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // The last window (8 days) fails on its first page; the others would go on for 12 pages each.
      const last = new Date(FROM + 62 * DAY).toISOString().replace(/\.000Z$/, '+00:00');
      fail = (w, page) => w === last && page === 1;
      const e = await callRecordsFor(client(), { scope: { kind: 'phone', phone: '919876543210' }, from: FROM, to: TO, size: SIZE, concurrency: 4, maxAttemptsPerPage: 1 }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsTransportError, String(e));
      await sleep(300);
      const sent = server.requests.length;
      assert.ok(server.requests.some((q) => (JSON.parse(q.body) as { params: { strTime: string } }).params.strTime === last), 'the failing window was asked');
      // The three first pages, and at most the cap in flight when the failure came.
      assert.ok(sent <= 3 + 4, `${sent} requests: the other windows went on`);
      await sleep(200);
      assert.equal(server.requests.length, sent, 'a request went out long after the read failed');
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
