/**
 * Search across every page: matching rules, and searchBindings against the local sandbox over
 * real HTTP — completeness (with faults, rate limits and data changing underneath),
 * cancellation, and the concurrency limit measured at the server side through a tiny loopback
 * proxy that counts open requests.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import {
  PnsAbortError,
  PnsApiError,
  PnsClient,
  PnsTransportError,
  PnsValidationError,
  PnsWalkError,
  matchBinding,
  parseSearchQuery,
  searchBindings,
  type BindPageSource,
  type BindingRecord,
  type SearchMatch,
  type SearchProgress,
} from '../../src/api';
import { startSandbox, type FaultKind, type Sandbox, type SandboxBinding } from '../../src/sandbox/main';
import { envelope, json, listenOnLoopback, startRawServer, vendorRecord } from './helpers/rawServer';

// ---------------------------------------------------------------------------------------------
// helpers

function record(over: Partial<BindingRecord>): BindingRecord {
  const base = { bindId: '100000001', phoneA: '915027021995', phoneB: '628123456789', pnsNumberA: '6281100001', pnsNumberB: '6281100002', expireTime: '', expiresAt: null };
  const r = { ...base, ...over };
  return { ...r, mode: r.pnsNumberA === r.pnsNumberB ? 'AXB' : 'AXXB', raw: { ...r } } as BindingRecord;
}

/** The expected result, computed independently of matchBinding from the sandbox's truth. */
function expectedIds(truth: SandboxBinding[], digits: string, mode: 'exact' | 'partial'): string[] {
  return truth
    .filter((b) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => (mode === 'exact' ? v === digits : v.includes(digits))))
    .map((b) => b.bindId)
    .sort();
}

function ids(matches: SearchMatch[]): string[] {
  return matches.map((m) => m.record.bindId).sort();
}

function assertNoDuplicates(matches: SearchMatch[]): void {
  assert.equal(new Set(matches.map((m) => m.record.bindId)).size, matches.length, 'a binding was reported twice');
}

/** A partial query (4 digits) that matches some but not all bindings of `truth`. */
function pickPartial(truth: SandboxBinding[]): string {
  for (let i = 7; i < truth.length; i += 13) {
    const d = truth[i].phoneB.slice(5, 9);
    const n = expectedIds(truth, d, 'partial').length;
    if (n >= 5 && n < truth.length / 4) return d;
  }
  throw new Error('no suitable partial query in the data');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clientFor(sb: Sandbox, extra: Partial<ConstructorParameters<typeof PnsClient>[0]> = {}): PnsClient {
  return new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 5000, ...extra });
}

/** Wraps a source to count calls and the calls in flight (client side). */
function counting(source: BindPageSource) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const wrapped: BindPageSource = {
    async queryBindPage(q, o) {
      stats.calls++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        return await source.queryBindPage(q, o);
      } finally {
        stats.inFlight--;
      }
    },
  };
  return { source: wrapped, stats };
}

interface CountingProxy {
  url: string;
  /** Requests open at the proxy right now / at most so far. */
  readonly open: number;
  readonly maxOpen: number;
  readonly requests: number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of the sandbox that counts requests open at the server side:
 * from the moment a request arrives until just before its answer (or its failure) is passed on.
 */
async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  let open = 0;
  let maxOpen = 0;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    let closed = false;
    const finish = () => {
      if (!closed) {
        closed = true;
        open--;
      }
    };
    res.on('close', finish); // the client went away
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = { ...req.headers, host: target.host };
      const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent }, (upRes) => {
        const body: Buffer[] = [];
        upRes.on('data', (c: Buffer) => body.push(c));
        upRes.on('close', () => {
          finish();
          if (!upRes.complete) {
            res.destroy();
            return;
          }
          const h = { ...upRes.headers };
          delete h['connection'];
          delete h['keep-alive'];
          delete h['transfer-encoding'];
          const buf = Buffer.concat(body);
          h['content-length'] = String(buf.length);
          res.writeHead(upRes.statusCode ?? 502, h);
          res.end(buf);
        });
      });
      up.on('error', () => {
        finish();
        res.destroy();
      });
      up.end(Buffer.concat(chunks));
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    get open() {
      return open;
    },
    get maxOpen() {
      return maxOpen;
    },
    get requests() {
      return requests;
    },
    reset() {
      maxOpen = open;
      requests = 0;
    },
    close() {
      agent.destroy();
      return close();
    },
  };
}

const FAST_BACKOFF = { base: 5, max: 40 };

// ---------------------------------------------------------------------------------------------

describe('search: parseSearchQuery', () => {
  it('keeps digits only', () => {
    assert.deepEqual(parseSearchQuery('+91 502-702 1995', 'exact'), { digits: '915027021995', mode: 'exact' });
    assert.deepEqual(parseSearchQuery(' (0091) 502.702/1995 ', 'partial'), { digits: '00915027021995', mode: 'partial' });
    assert.deepEqual(parseSearchQuery('7', 'exact'), { digits: '7', mode: 'exact' });
    assert.deepEqual(parseSearchQuery('502', 'partial'), { digits: '502', mode: 'partial' });
  });
  it('rejects input without digits, with a clear message', () => {
    for (const input of ['', '   ', 'abc', '+-() ']) {
      for (const mode of ['exact', 'partial'] as const) {
        assert.throws(
          () => parseSearchQuery(input, mode),
          (e: unknown) => e instanceof PnsValidationError && e.field === 'query' && /no digits/.test(e.message) && e.hint.length > 0,
        );
      }
    }
  });
  it('rejects a partial search of fewer than 3 digits', () => {
    for (const input of ['1', '+9 1', '12']) {
      assert.throws(() => parseSearchQuery(input, 'partial'), (e: unknown) => e instanceof PnsValidationError && e.field === 'query' && /at least 3 digits/.test(e.message));
    }
    assert.equal(parseSearchQuery('12', 'exact').digits, '12');
  });
  it('rejects an unknown mode', () => {
    assert.throws(() => parseSearchQuery('123', 'fuzzy' as 'exact'), PnsValidationError);
  });
});

describe('search: matchBinding', () => {
  const r = record({ bindId: '512345678', phoneA: '915027021995', phoneB: '628123456789', pnsNumberA: '6281100001', pnsNumberB: '6281100002' });
  const q = (s: string, mode: 'exact' | 'partial' = 'exact') => parseSearchQuery(s, mode);

  it('exact: each field on its own', () => {
    assert.deepEqual(matchBinding(r, q('+91 502-702 1995')), ['phoneA']);
    assert.deepEqual(matchBinding(r, q('+62 812 345 6789')), ['phoneB']);
    assert.deepEqual(matchBinding(r, q('6281100001')), ['pnsNumberA']);
    assert.deepEqual(matchBinding(r, q('6281100002')), ['pnsNumberB']);
    assert.deepEqual(matchBinding(r, q('512345678')), ['bindId']);
  });
  it('exact: a part of a number is not a match', () => {
    assert.deepEqual(matchBinding(r, q('5027021995')), []);
    assert.deepEqual(matchBinding(r, q('9150270219950')), []);
    assert.deepEqual(matchBinding(r, q('62811000')), []);
  });
  it('partial: substrings of each field', () => {
    assert.deepEqual(matchBinding(r, q('502-702', 'partial')), ['phoneA']);
    assert.deepEqual(matchBinding(r, q('3456', 'partial')), ['phoneB', 'bindId']);
    assert.deepEqual(matchBinding(r, q('628110', 'partial')), ['pnsNumberA', 'pnsNumberB']);
    assert.deepEqual(matchBinding(r, q('00002', 'partial')), ['pnsNumberB']);
    assert.deepEqual(matchBinding(r, q('51234', 'partial')), ['bindId']);
  });
  it('no false positives', () => {
    assert.deepEqual(matchBinding(r, q('777', 'partial')), []);
    assert.deepEqual(matchBinding(r, q('9999999', 'exact')), []);
    // digits spread over two fields don't match
    assert.deepEqual(matchBinding(r, q('1995628', 'partial')), []);
  });
  it('AXB: both middle-number fields match', () => {
    const axb = record({ pnsNumberA: '6281100001', pnsNumberB: '6281100001' });
    assert.deepEqual(matchBinding(axb, q('6281100001')), ['pnsNumberA', 'pnsNumberB']);
  });
  it('ignores empty fields and non-digits in field values', () => {
    const odd = record({ phoneA: '', phoneB: '+62 812-345', pnsNumberA: '', pnsNumberB: '' });
    assert.deepEqual(matchBinding(odd, q('62812345')), ['phoneB']);
    assert.deepEqual(matchBinding(odd, q('999', 'partial')), []);
  });
});

describe('searchBindings against the sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let client: PnsClient;
  let appId: string;
  let truth: SandboxBinding[];

  before(async () => {
    sb = await startSandbox({ bindingsPerApp: [3000, 700], seed: 11 });
    appId = sb.appIds[0];
    truth = sb.bindings(appId);
    client = clientFor(sb);
  });
  after(async () => {
    client.dispose();
    await sb.close();
  });
  afterEach(() => {
    sb.setFaults(undefined);
    sb.setLatency(0);
  });

  it('exact: finds the one binding with a phone number, wherever it is', async () => {
    const target = truth[2345];
    const query = parseSearchQuery(`+${target.phoneA.slice(0, 2)} ${target.phoneA.slice(2)}`, 'exact');
    const res = await searchBindings(client, { appId, query, size: 100 });
    assert.deepEqual(ids(res.matches), expectedIds(truth, target.phoneA, 'exact'));
    assert.ok(res.matches.some((m) => m.record.bindId === target.bindId && m.fields.includes('phoneA') && m.page === 24));
    assert.equal(res.pagesScanned, 30);
    assert.equal(res.pagesTotal, 30);
    assert.equal(res.total, 3000);
    assert.equal(res.firstTotal, 3000);
    assert.equal(res.totalChanged, false);
    assert.equal(res.rescanned, false);
    assert.equal(res.consistent, true);
    assert.equal(res.retries, 0);
  });

  it('exact: by bind id and by middle number', async () => {
    const t = truth[1234];
    const byId = await searchBindings(client, { appId, query: parseSearchQuery(t.bindId, 'exact') });
    assert.deepEqual(ids(byId.matches), [t.bindId]);
    assert.deepEqual(byId.matches[0].fields, ['bindId']);
    const byMiddle = await searchBindings(client, { appId, query: parseSearchQuery(t.pnsNumberA, 'exact') });
    assert.deepEqual(ids(byMiddle.matches), expectedIds(truth, t.pnsNumberA, 'exact'));
    assert.ok(byMiddle.matches.length > 10);
  });

  it('partial: exactly the matching set, each once, streamed once, in server order', async () => {
    const digits = pickPartial(truth);
    const streamed: string[] = [];
    const progress: SearchProgress[] = [];
    const res = await searchBindings(client, {
      appId,
      query: parseSearchQuery(digits, 'partial'),
      size: 100,
      onMatch: (m) => streamed.push(m.record.bindId),
      onProgress: (p) => progress.push(p),
    });
    const want = expectedIds(truth, digits, 'partial');
    assert.deepEqual(ids(res.matches), want);
    assertNoDuplicates(res.matches);
    assert.deepEqual([...streamed].sort(), want);
    const order = new Map(truth.map((b, i) => [b.bindId, i]));
    const positions = res.matches.map((m) => order.get(m.record.bindId)!);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    for (const m of res.matches) assert.equal(m.page, Math.floor(order.get(m.record.bindId)! / 100) + 1);
    assert.equal(progress.length, 30);
    assert.deepEqual(progress.map((p) => p.pagesScanned), Array.from({ length: 30 }, (_, i) => i + 1));
    assert.equal(progress.at(-1)!.pagesTotal, 30);
    assert.equal(progress.at(-1)!.matches, want.length);
  });

  it('all apps: no appId is sent and every app is searched', async () => {
    const all = sb.bindings();
    const digits = pickPartial(all);
    const { source, stats } = counting(client);
    const res = await searchBindings(source, { query: parseSearchQuery(digits, 'partial'), size: 50 });
    assert.deepEqual(ids(res.matches), expectedIds(all, digits, 'partial'));
    assert.equal(res.total, 3700);
    assert.equal(stats.calls, 74);
  });

  it('an empty app takes one request and finds nothing', async () => {
    const { source, stats } = counting(client);
    const res = await searchBindings(source, { appId: 'noSuchApp', query: parseSearchQuery('123', 'partial') });
    assert.deepEqual(res.matches, []);
    assert.equal(stats.calls, 1);
    assert.equal(res.pagesScanned, 1);
  });

  it('stays exact under injected faults (-18, 502 HTML, 503, dropped connections), retrying failed pages', async () => {
    const digits = pickPartial(truth);
    sb.setFaults({ rate: 0.2, kinds: ['status-18', 'http-502-html', 'http-503', 'drop'] });
    const before = sb.faultCounts;
    const res = await searchBindings(client, { appId, query: parseSearchQuery(digits, 'partial'), maxAttemptsPerPage: 12, backoffMs: FAST_BACKOFF });
    const after = sb.faultCounts;
    const injected = (['status-18', 'http-502-html', 'http-503', 'drop'] as const).reduce((n, k) => n + after[k] - before[k], 0);
    assert.ok(injected > 0, 'no fault was injected');
    assert.equal(res.retries, injected, 'every failed page is retried once per failure');
    assert.deepEqual(ids(res.matches), expectedIds(truth, digits, 'partial'));
    assertNoDuplicates(res.matches);
    assert.equal(res.rescanned, false);
  });

  /** A partial search at concurrency 8 under injected faults; the concurrency after each progress report. */
  async function searchUnderFaults(kinds: FaultKind[], rate: number, maxAttemptsPerPage: number) {
    const digits = pickPartial(truth);
    sb.setFaults({ rate, kinds });
    const concurrency: number[] = [];
    const res = await searchBindings(client, {
      appId,
      query: parseSearchQuery(digits, 'partial'),
      concurrency: 8,
      maxAttemptsPerPage,
      backoffMs: FAST_BACKOFF,
      onProgress: (p) => concurrency.push(p.concurrency),
    });
    assert.deepEqual(ids(res.matches), expectedIds(truth, digits, 'partial'));
    assertNoDuplicates(res.matches);
    return { res, concurrency };
  }

  /**
   * A source that fails exactly the requests a test picks (no randomness): `fail(page, attempt)`
   * returns the error for that attempt of that page, or undefined to ask the sandbox.
   */
  function failing(fail: (page: number, attempt: number) => Error | undefined): BindPageSource {
    const attempts = new Map<number, number>();
    return {
      queryBindPage(q, o) {
        const a = (attempts.get(q.current) ?? 0) + 1;
        attempts.set(q.current, a);
        const e = fail(q.current, a);
        return e ? Promise.reject(e) : client.queryBindPage(q, o);
      },
    };
  }

  /** A partial search at concurrency 8 over a scripted source; the concurrency after each progress report. */
  async function searchScripted(source: BindPageSource) {
    const digits = pickPartial(truth);
    const concurrency: number[] = [];
    const res = await searchBindings(source, {
      appId,
      query: parseSearchQuery(digits, 'partial'),
      concurrency: 8,
      maxAttemptsPerPage: 3,
      backoffMs: FAST_BACKOFF,
      onProgress: (p) => concurrency.push(p.concurrency),
    });
    assert.deepEqual(ids(res.matches), expectedIds(truth, digits, 'partial'));
    assertNoDuplicates(res.matches);
    return { res, concurrency };
  }

  it('scattered HTTP 5xx lower the concurrency one step at a time, never below half', async () => {
    // The first attempt of every page after page 1 fails with HTTP 500 or 502: enough failures,
    // in enough rounds, to go all the way down — and it must stop at half (4).
    const http5xx = (page: number) => new PnsTransportError('http', `HTTP ${page % 2 ? 500 : 502}`, 'h', { host: '127.0.0.1', httpStatus: page % 2 ? 500 : 502 });
    const { res, concurrency } = await searchScripted(failing((page, attempt) => (page >= 2 && attempt === 1 ? http5xx(page) : undefined)));
    assert.equal(res.retries, 29);
    assert.ok(res.minConcurrency < 8 && res.minConcurrency >= 4, `minConcurrency ${res.minConcurrency}`);
    assert.equal(res.minConcurrency, 4);
    // One step at a time: no drop of more than one between two progress reports.
    for (let i = 1; i < concurrency.length; i++) assert.ok(concurrency[i - 1] - concurrency[i] <= 1 && concurrency[i] <= concurrency[i - 1], `${concurrency[i - 1]} -> ${concurrency[i]}`);
  });

  it('"too frequent" (-15) halves the concurrency', async () => {
    const { res, concurrency } = await searchScripted(failing((page, attempt) => (page >= 2 && attempt === 1 ? new PnsApiError('-15', 'too frequent') : undefined)));
    // Pages 2..9 may fail before page 1 is reported: the 8 it started with is then not reported.
    assert.deepEqual([...new Set(concurrency)].filter((c) => c < 8), [4, 2, 1]);
    assert.ok(res.minConcurrency <= 2, `minConcurrency ${res.minConcurrency}: -15 should halve it, again and again`);
  });

  it('under -15 and HTTP 429 it backs off, lowers its concurrency and stays exact', async () => {
    const { res, concurrency } = await searchUnderFaults(['status-15', 'http-429'], 0.3, 15);
    assert.ok(res.retries > 0);
    assert.ok(res.minConcurrency < 8, `minConcurrency ${res.minConcurrency}`);
    assert.ok(res.minConcurrency >= 1);
    for (let i = 1; i < concurrency.length; i++) assert.ok(concurrency[i] <= concurrency[i - 1], 'concurrency went up again');
  });

  it('backs off between attempts (exponentially)', async () => {
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    const t0 = Date.now();
    await assert.rejects(searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), maxAttemptsPerPage: 4, backoffMs: { base: 40, max: 1000 } }), PnsApiError);
    // waits of at least 20 + 40 + 80 ms (half of each step, the jitter's floor)
    assert.ok(Date.now() - t0 >= 140, `gave up after ${Date.now() - t0} ms`);
  });

  it("honours the server's Retry-After (HTTP 429), up to backoffMs.max", async () => {
    sb.setFaults({ rate: 1, kinds: ['http-429'] }); // the sandbox sends Retry-After: 1
    const t0 = Date.now();
    await assert.rejects(searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), maxAttemptsPerPage: 2, backoffMs: { base: 5, max: 100 } }), PnsTransportError);
    const ms = Date.now() - t0;
    // Generous on a loaded machine: the full Retry-After would be 1,000 ms, the backoff alone 5 ms.
    assert.ok(ms >= 95 && ms < 1000, `waited ${ms} ms (want the 100 ms cap, not 5 ms nor the full 1 s)`);
  });

  it('gives up on a page after maxAttemptsPerPage with that page\'s error', async () => {
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    const n0 = sb.requestCount;
    await assert.rejects(
      searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), maxAttemptsPerPage: 3, backoffMs: FAST_BACKOFF }),
      (e: unknown) => e instanceof PnsApiError && e.status === '-18',
    );
    assert.equal(sb.requestCount - n0, 3);
  });

  it('fails at once on a non-retryable error (-1)', async () => {
    const wrong = clientFor(sb, { apiSecret: 'not-the-secret' });
    const n0 = sb.requestCount;
    try {
      await assert.rejects(searchBindings(wrong, { appId, query: parseSearchQuery('123', 'partial'), backoffMs: FAST_BACKOFF }), (e: unknown) => e instanceof PnsApiError && e.status === '-1');
      assert.equal(sb.requestCount - n0, 1);
    } finally {
      wrong.dispose();
    }
  });

  it('fails the whole search, and stops its requests, when a later page fails for good', async () => {
    sb.setLatency(20);
    let calls = 0;
    const source: BindPageSource = {
      queryBindPage(q, o) {
        calls++;
        if (q.current === 5) return Promise.reject(new PnsApiError('-22', 'Parameter exception'));
        return client.queryBindPage(q, o);
      },
    };
    await assert.rejects(searchBindings(source, { appId, query: parseSearchQuery('123', 'partial'), concurrency: 2 }), (e: unknown) => e instanceof PnsApiError && e.status === '-22');
    const c = calls;
    await sleep(100);
    assert.equal(calls, c);
    assert.ok(c < 10, `${c} calls`);
  });

  it('cancellation: rejects promptly with PnsAbortError, aborts in-flight requests, makes no request after the abort', async () => {
    sb.setLatency(1500); // answers slow enough that "aborted" and "finished anyway" differ, even on a loaded machine
    const ac = new AbortController();
    const { source, stats } = counting(client);
    const n0 = sb.requestCount;
    let callsAtAbort = -1;
    let inFlightAtAbort = -1;
    let abortedAt = 0;
    const p = searchBindings(source, {
      appId,
      query: parseSearchQuery('123', 'partial'),
      concurrency: 4,
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.pagesScanned === 3 && callsAtAbort < 0) {
          callsAtAbort = stats.calls;
          inFlightAtAbort = stats.inFlight;
          abortedAt = Date.now();
          ac.abort();
        }
      },
    });
    await assert.rejects(p, PnsAbortError);
    assert.ok(Date.now() - abortedAt < 750, `rejected ${Date.now() - abortedAt} ms after the abort (an answer takes 1,500 ms)`);
    assert.ok(inFlightAtAbort >= 1, 'nothing was in flight at the abort');
    await sleep(200);
    assert.equal(stats.inFlight, 0, 'in-flight requests were not aborted (they would still be waiting for the 1,500 ms answer)');
    await sleep(250);
    assert.equal(stats.calls, callsAtAbort, 'a request was started after the abort');
    // Requests already sent may still have arrived, but none beyond those.
    assert.ok(sb.requestCount - n0 <= callsAtAbort, `${sb.requestCount - n0} requests for ${callsAtAbort} calls`);
    const settled = sb.requestCount;
    await sleep(200);
    assert.equal(sb.requestCount, settled);
  });

  it('cancellation during a backoff wait stops at once', async () => {
    sb.setFaults({ rate: 1, kinds: ['http-503'] });
    const ac = new AbortController();
    const p = searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), signal: ac.signal, backoffMs: { base: 5000, max: 5000 } });
    await sleep(100);
    const n = sb.requestCount;
    const t0 = Date.now();
    ac.abort();
    await assert.rejects(p, PnsAbortError);
    assert.ok(Date.now() - t0 < 2500, `${Date.now() - t0} ms: the backoff is 5,000 ms`);
    await sleep(100);
    assert.equal(sb.requestCount, n);
  });

  it('an already aborted signal sends nothing', async () => {
    const n0 = sb.requestCount;
    await assert.rejects(searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), signal: AbortSignal.abort() }), PnsAbortError);
    assert.equal(sb.requestCount, n0);
  });

  it('an exception in a callback ends the search with it', async () => {
    const boom = new Error('callback failed');
    await assert.rejects(
      searchBindings(client, {
        appId,
        query: parseSearchQuery('123', 'partial'),
        onProgress: (p) => {
          if (p.pagesScanned === 3) throw boom;
        },
      }),
      (e: unknown) => e === boom,
    );
  });

  it('stops at the hard page cap with PnsWalkError', async () => {
    await assert.rejects(searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), maxPages: 10 }), PnsWalkError);
  });

  it('rejects a page size outside 1..100 before sending anything', async () => {
    const n0 = sb.requestCount;
    await assert.rejects(searchBindings(client, { appId, query: parseSearchQuery('123', 'partial'), size: 101 }), PnsValidationError);
    assert.equal(sb.requestCount, n0);
  });
});

describe('searchBindings: concurrency measured at the server', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let proxy: CountingProxy;
  let client: PnsClient;
  let appId: string;

  before(async () => {
    sb = await startSandbox({ bindingsPerApp: [3000], seed: 3, latencyMs: 30 });
    appId = sb.appIds[0];
    proxy = await startCountingProxy(sb.url);
    client = new PnsClient({ baseUrl: proxy.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 5000 });
  });
  after(async () => {
    client.dispose();
    await proxy.close();
    await sb.close();
  });
  beforeEach(() => proxy.reset());
  afterEach(() => sb.setFaults(undefined));

  for (const limit of [1, 4, 6]) {
    it(`never more than ${limit} in flight, and reaches ${limit}`, async () => {
      const res = await searchBindings(client, { appId, query: parseSearchQuery('555', 'partial'), concurrency: limit });
      assert.equal(proxy.requests, 30);
      assert.equal(res.pagesScanned, 30);
      assert.ok(proxy.maxOpen <= limit, `${proxy.maxOpen} open at once`);
      assert.equal(proxy.maxOpen, limit);
    });
  }

  it('clamps the concurrency to 16', async () => {
    // Counted where the calls are made: the HTTP agent's own limit of 16 sockets cannot hide a
    // pool that starts more. The last of 16 answers arrives only after all 16 were started.
    const { source, stats } = counting(client);
    const res = await searchBindings(source, { appId, query: parseSearchQuery('555', 'partial'), concurrency: 100 });
    assert.equal(res.pagesScanned, 30);
    assert.equal(stats.maxInFlight, 16);
    assert.ok(proxy.maxOpen <= 16);
  });

  it('really runs concurrently: the requests overlap at the server (page 1 alone, then 6 at a time)', async () => {
    const res = await searchBindings(client, { appId, query: parseSearchQuery('555', 'partial'), concurrency: 6 });
    assert.equal(res.pagesScanned, 30);
    assert.equal(proxy.maxOpen, 6);
    // By the order of arrival: page 1 is answered before any other page is asked for.
    const times = sb.requests.slice(-30).map((r) => r.at);
    assert.ok(times.slice(1).every((t) => t >= times[0]));
  });

  it('never exceeds the limit while retrying under 429 and 503', async () => {
    sb.setFaults({ rate: 0.25, kinds: ['http-429', 'http-503'] });
    const truth = sb.bindings(appId);
    const res = await searchBindings(client, { appId, query: parseSearchQuery('555', 'partial'), concurrency: 5, maxAttemptsPerPage: 15, backoffMs: FAST_BACKOFF });
    assert.ok(res.retries > 0);
    assert.ok(proxy.maxOpen <= 5, `${proxy.maxOpen} open at once`);
    assert.deepEqual(ids(res.matches), expectedIds(truth, '555', 'partial'));
  });
});

describe('searchBindings: data changing during the search', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let client: PnsClient;
  let appId: string;

  beforeEach(async () => {
    sb = await startSandbox({ bindingsPerApp: [3000], seed: 21, latencyMs: 15 });
    appId = sb.appIds[0];
    client = clientFor(sb);
  });
  afterEach(async () => {
    client.dispose();
    await sb.close();
  });

  /** Runs `change` once, when the n-th page answer arrives, before the search sees it. */
  function changingAfter(n: number, change: () => Promise<void>): BindPageSource {
    let answered = 0;
    return {
      async queryBindPage(q, o) {
        const page = await client.queryBindPage(q, o);
        if (++answered === n) await change();
        return page;
      },
    };
  }

  async function bind(phoneA: string, phoneB: string): Promise<string> {
    const env = await client.call('number/pns/bind', { phoneA, phoneB, expireS: 3600, appId, bizType: 2 });
    return String((env.data as { bindId: string }).bindId);
  }

  it('bindings added and removed mid-search: exact w.r.t. the final data, totalChanged, one rescan', async () => {
    const initial = sb.bindings(appId);
    const digits = pickPartial(initial);
    const want0 = expectedIds(initial, digits, 'partial');
    const removedEarly = want0.find((id) => initial.findIndex((b) => b.bindId === id) < 100)!; // on page 1, already read
    const removedLate = [...want0].reverse().find((id) => initial.findIndex((b) => b.bindId === id) > 2800)!; // on the last pages
    let added = '';
    const source = changingAfter(4, async () => {
      added = await bind(`99${digits}0001`, `98${digits}0002`);
      await bind('7700000001', '7700000002'); // not a match, shifts offsets too
      assert.ok(removedEarly && sb.unbind(removedEarly));
      if (removedLate) assert.ok(sb.unbind(removedLate));
    });
    const streamed: string[] = [];
    const res = await searchBindings(source, { appId, query: parseSearchQuery(digits, 'partial'), onMatch: (m) => streamed.push(m.record.bindId) });
    const final = sb.bindings(appId);
    assert.deepEqual(ids(res.matches), expectedIds(final, digits, 'partial'));
    assert.ok(ids(res.matches).includes(added), 'the binding added at the front was missed');
    assert.ok(!ids(res.matches).includes(removedEarly), 'a removed binding is still listed');
    assertNoDuplicates(res.matches);
    assert.equal(new Set(streamed).size, streamed.length, 'onMatch reported a binding twice');
    assert.equal(res.totalChanged, true);
    assert.equal(res.rescanned, true);
    assert.equal(res.consistent, true);
    assert.equal(res.firstTotal, 3000);
    assert.equal(res.lastTotal, final.length);
    assert.ok(res.pagesScanned >= 60 && res.pagesScanned <= 62, `${res.pagesScanned} pages`);
  });

  it('the rescan asks past the cache and starts at the concurrency the first pass ended with', async () => {
    let throttled = false;
    let answered = 0;
    let inFlight = 0;
    let maxInRescan = 0;
    const reload: boolean[] = [];
    const source: BindPageSource = {
      async queryBindPage(q, o) {
        if (q.current === 2 && !throttled) {
          throttled = true;
          throw new PnsApiError('-15', 'too frequent'); // 4 -> 2
        }
        reload.push(o?.cache === 'reload');
        inFlight++;
        if (o?.cache === 'reload') maxInRescan = Math.max(maxInRescan, inFlight);
        try {
          const page = await client.queryBindPage(q, o);
          if (++answered === 3) await bind('7700000001', '7700000002'); // shifts every page: a rescan
          return page;
        } finally {
          inFlight--;
        }
      },
    };
    const res = await searchBindings(source, { appId, query: parseSearchQuery('555', 'partial'), concurrency: 4, backoffMs: FAST_BACKOFF });
    assert.equal(res.rescanned, true);
    assert.equal(res.minConcurrency, 2);
    assert.equal(maxInRescan, 2);
    const first = reload.indexOf(true);
    assert.ok(first > 0 && reload.slice(first).every(Boolean) && reload.length - first === 31, `${reload.length - first} of the rescan's requests`);
  });

  it('a growing app: new pages are read too', async () => {
    const digits = '4242';
    let added: string[] = [];
    const source = changingAfter(2, async () => {
      // 150 new bindings: the total grows by two pages.
      const jobs = [];
      for (let i = 0; i < 150; i++) jobs.push(bind(`9${digits}${String(100000 + i)}`, `8${String(300000000 + i)}`));
      added = await Promise.all(jobs);
    });
    const res = await searchBindings(source, { appId, query: parseSearchQuery(digits, 'partial'), concurrency: 3 });
    const final = sb.bindings(appId);
    assert.equal(final.length, 3150);
    assert.deepEqual(ids(res.matches), expectedIds(final, digits, 'partial'));
    for (const id of added) assert.ok(ids(res.matches).includes(id));
    assert.equal(res.totalChanged, true);
    assert.equal(res.lastTotal, 3150);
    // The first pass reads the two new pages as well (32), then the rescan reads all 32.
    assert.equal(res.pagesScanned, 64);
    assert.equal(res.pagesTotal, 64);
  });

  it('a change that keeps the total (one added, one removed) is caught by the overlap of shifted pages', async () => {
    const initial = sb.bindings(appId);
    const digits = pickPartial(initial);
    const source = changingAfter(5, async () => {
      await bind(`99${digits}0001`, `98${digits}0002`); // front: everything after shifts down by one
      sb.unbind(initial[2999].bindId); // the very last: the total is the same again
    });
    // One at a time, so no request sees the data between the two changes.
    const res = await searchBindings(source, { appId, query: parseSearchQuery(digits, 'partial'), concurrency: 1 });
    const final = sb.bindings(appId);
    assert.equal(final.length, 3000);
    assert.equal(res.totalChanged, false);
    assert.equal(res.rescanned, true);
    assert.deepEqual(ids(res.matches), expectedIds(final, digits, 'partial'));
  });

  it('data that keeps changing through the rescan: nothing seen is lost, consistent is false', async () => {
    const initial = sb.bindings(appId);
    const digits = pickPartial(initial);
    let answered = 0;
    const added: string[] = [];
    const source: BindPageSource = {
      async queryBindPage(q, o) {
        const page = await client.queryBindPage(q, o);
        answered++;
        if (answered === 3 || answered === 33) added.push(await bind(`9${answered}${digits}01`, `8${answered}${digits}02`));
        return page;
      },
    };
    const res = await searchBindings(source, { appId, query: parseSearchQuery(digits, 'partial'), concurrency: 1 });
    assert.equal(res.rescanned, true);
    assert.equal(res.consistent, false);
    const final = sb.bindings(appId);
    const got = new Set(ids(res.matches));
    // Everything that existed before and still exists is found; the first addition too.
    for (const id of expectedIds(initial, digits, 'partial')) assert.ok(got.has(id));
    assert.ok(got.has(added[0]));
    assertNoDuplicates(res.matches);
    assert.ok(ids(res.matches).every((id) => final.some((b) => b.bindId === id)));
  });
});

describe('searchBindings: a server without a usable total', () => {
  it('reads on until a short page, concurrently, and never past the page cap', async () => {
    const all = Array.from({ length: 245 }, (_, i) => vendorRecord(i));
    const server = await startRawServer((req, res) => {
      const body = JSON.parse(req.body) as { current: number; size: number };
      json(res, envelope({ total: null, size: body.size, current: body.current, records: all.slice((body.current - 1) * body.size, body.current * body.size) }));
    });
    const client = new PnsClient({ baseUrl: server.url, apiKey: 'k-1', apiSecret: 's-1', timeoutMs: 2000 });
    try {
      const q = parseSearchQuery('27010', 'partial');
      const res = await searchBindings(client, { query: q, size: 10, concurrency: 4 });
      const want = all.filter((r) => String(r.phoneA).includes('27010')).map((r) => String(r.bindId)).sort();
      assert.ok(want.length > 0);
      assert.deepEqual(ids(res.matches), want);
      assert.ok(server.requests.length >= 25 && server.requests.length <= 25 + 4, `${server.requests.length} requests`);

      // A server that always sends full pages: the cap ends it.
      server.handle((req, res) => {
        const body = JSON.parse(req.body) as { current: number; size: number };
        json(res, envelope({ total: 'n/a', records: all.slice(0, body.size).map((r, i) => ({ ...r, bindId: body.current * 1000 + i })) }));
      });
      await new Promise((r) => setTimeout(r, 200)); // requests of the first search still on their way
      server.requests.length = 0;
      await assert.rejects(searchBindings(client, { query: q, size: 10, concurrency: 4, maxPages: 20 }), PnsWalkError);
      assert.ok(server.requests.length <= 20, `${server.requests.length} requests: ${server.requests.map((r) => JSON.parse(r.body).current).join(",")}`);
    } finally {
      client.dispose();
      await server.close();
    }
  });
});
