/**
 * Streaming export, Load All and findBinding against the local sandbox over real loopback HTTP:
 * the written file parsed back and compared with the sandbox's own data, the text identical to
 * toCsv/toJson, writes of a few pages (never the whole text at once), backpressure, cancellation;
 * loadAll's positions and truncation; findBinding by hint, by walk, and "gone".
 */
import { strict as assert } from 'node:assert';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  PnsAbortError,
  PnsApiError,
  PnsClient,
  PnsValidationError,
  collectBindings,
  exportBindings,
  findBinding,
  loadAll,
  toCsv,
  toJson,
  type BindPageSource,
  type PositionedRecord,
} from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { parseCsv } from './helpers/csv';

const OPTS = { now: Date.UTC(2026, 0, 1), expiringSoonHours: 24, zoneOffsetMinutes: 480 };

function counting(source: BindPageSource) {
  const stats = { calls: 0, pages: [] as number[] };
  const wrapped: BindPageSource = {
    queryBindPage(q, o) {
      stats.calls++;
      stats.pages.push(q.current);
      return source.queryBindPage(q, o);
    },
  };
  return { source: wrapped, stats };
}

describe('exportBindings: streaming export over the sandbox', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let client: PnsClient;
  let big: string;
  let small: string;
  let dir: string;

  before(async () => {
    sb = await startSandbox({ bindingsPerApp: [50_000, 1234], seed: 5, latencyMs: 1 });
    [big, small] = sb.appIds;
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 10_000 });
    dir = mkdtempSync(join(tmpdir(), 'pns-export-'));
  });
  after(async () => {
    client.dispose();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('CSV of 50,000 bindings to a file: every binding once, in order, as the sandbox has them, written in writes of 64 Ki characters', async () => {
    const file = join(dir, 'big.csv');
    const out = createWriteStream(file);
    const chunks: number[] = [];
    const write = out.write.bind(out);
    (out as unknown as { write: (c: string) => boolean }).write = (c: string) => {
      chunks.push(c.length);
      return write(c);
    };
    const progress: number[] = [];
    const res = await exportBindings(client, { appId: big, format: 'csv', out, concurrency: 8, ...OPTS, onProgress: (p) => progress.push(p.count) });
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    assert.equal(res.count, 50_000);
    assert.equal(res.pages, 500);
    assert.equal(res.duplicates, 0);
    assert.equal(res.totalChanged, false);
    const text = readFileSync(file, 'utf8');
    const rows = parseCsv(text);
    const truth = sb.bindings(big);
    assert.equal(rows.length, 50_001);
    rows.slice(1).forEach((r, i) => {
      const b = truth[i];
      assert.deepEqual(r.slice(0, 6), [b.bindId, big, b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB]);
      assert.equal(Date.parse(r[8]), b.expiresAt);
    });
    // Streamed: writes of 64 Ki characters and at most a page more (a page is ~1/500 of the text), the last one shorter.
    assert.ok(chunks.length > 50, `${chunks.length} writes`);
    chunks.slice(0, -1).forEach((c) => assert.ok(c >= 65536 && c < 65536 + text.length / 400, `a write of ${c} of ${text.length}`));
    assert.ok(chunks[chunks.length - 1] > 0);
    assert.equal(progress.length, 500);
    assert.deepEqual(progress.slice(0, 3), [100, 200, 300]);
  });

  it('the text is exactly what toCsv / toJson give for the same records (BOM, empty app too)', async () => {
    const { records } = await collectBindings(client, { appId: small, size: 100 });
    for (const format of ['csv', 'json'] as const) {
      for (const bom of [false, true]) {
        let text = '';
        const res = await exportBindings(client, { appId: small, format, out: async (c) => void (text += c), size: 50, ...OPTS, bom });
        assert.equal(res.count, 1234);
        const want = format === 'csv' ? toCsv(records, { ...OPTS, appId: small, bom }) : toJson(records, { ...OPTS, appId: small });
        assert.equal(text, want, `${format} bom ${bom}`);
      }
    }
    for (const format of ['csv', 'json'] as const) {
      let text = '';
      const res = await exportBindings(client, { appId: 'noSuchApp', format, out: (c) => void (text += c), ...OPTS });
      assert.equal(res.count, 0);
      assert.equal(text, format === 'csv' ? toCsv([], OPTS) : toJson([], OPTS));
    }
  });

  it('JSON parses back to the sandbox data', async () => {
    let text = '';
    await exportBindings(client, { appId: small, format: 'json', out: (c) => void (text += c), ...OPTS });
    const rows = JSON.parse(text) as Array<{ bindId: string; phoneA: string; raw: { bindId: unknown } }>;
    const truth = sb.bindings(small);
    assert.deepEqual(
      rows.map((r) => r.bindId),
      truth.map((b) => b.bindId),
    );
    assert.deepEqual(
      rows.map((r) => r.phoneA),
      truth.map((b) => b.phoneA),
    );
  });

  it('respects backpressure: a slow stream never buffers more than its high-water mark and one write', async () => {
    let maxBuffered = 0;
    let largest = 0;
    let total = 0;
    const out = new Writable({
      highWaterMark: 4096,
      decodeStrings: false,
      write(chunk: string, _enc, cb) {
        largest = Math.max(largest, chunk.length);
        total += chunk.length;
        maxBuffered = Math.max(maxBuffered, this.writableLength);
        setTimeout(cb, 2);
      },
    });
    const res = await exportBindings(client, { appId: small, format: 'csv', out, concurrency: 6, ...OPTS });
    assert.equal(res.count, 1234);
    assert.ok(total > 100_000);
    assert.ok(maxBuffered <= 4096 + largest, `the stream held ${maxBuffered} characters (largest chunk ${largest})`);
  });

  it('an output that fails ends the export with its error; an async writer is awaited', async () => {
    const boom = new Error('disk full');
    let n = 0;
    await assert.rejects(
      exportBindings(client, {
        appId: big,
        format: 'csv',
        out: async () => {
          if (++n === 4) throw boom;
        },
        ...OPTS,
      }),
      (e: unknown) => e === boom,
    );
    const out = new Writable({
      write(_c, _e, cb) {
        cb(n++ > 6 ? boom : null);
      },
    });
    await assert.rejects(exportBindings(client, { appId: big, format: 'csv', out, size: 10, ...OPTS }), (e: unknown) => e === boom);
  });

  it('cancellation: PnsAbortError, no request after it', async () => {
    const ac = new AbortController();
    const { source, stats } = counting(client);
    await assert.rejects(
      exportBindings(source, {
        appId: big,
        format: 'json',
        out: () => undefined,
        signal: ac.signal,
        ...OPTS,
        onProgress: (p) => {
          if (p.pages === 5) ac.abort();
        },
      }),
      PnsAbortError,
    );
    const calls = stats.calls;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(stats.calls, calls);
    assert.ok(calls < 40, `${calls} calls`);
    await assert.rejects(exportBindings(client, { format: 'xml' as 'csv', out: () => undefined }), PnsValidationError);
  });

  it('retries failed pages and stays exact', async () => {
    sb.setFaults({ rate: 0.2, kinds: ['status-18', 'http-503', 'drop'] });
    try {
      let text = '';
      const res = await exportBindings(client, { appId: small, format: 'csv', out: (c) => void (text += c), size: 20, maxAttemptsPerPage: 15, backoffMs: { base: 2, max: 20 }, ...OPTS });
      assert.ok(res.retries > 0);
      const rows = parseCsv(text).slice(1);
      assert.deepEqual(
        rows.map((r) => r[0]),
        sb.bindings(small).map((b) => b.bindId),
      );
    } finally {
      sb.setFaults(undefined);
    }
  });
});

describe('loadAll and findBinding over the sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let client: PnsClient;
  let appId: string;

  before(async () => {
    sb = await startSandbox({ bindingsPerApp: [2345, 10], seed: 8, latencyMs: 2 });
    appId = sb.appIds[0];
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 10_000 });
  });
  after(async () => {
    client.dispose();
    await sb.close();
  });

  it('loadAll: every binding in the vendor order, with positions, concurrently', async () => {
    const got: PositionedRecord[] = [];
    const res = await loadAll(client, { appId, size: 100, concurrency: 5, onPage: (p) => got.push(...p.records) });
    const truth = sb.bindings(appId);
    assert.equal(res.truncated, false);
    assert.equal(res.records.length, 2345);
    assert.equal(res.total, 2345);
    assert.equal(res.pages, 24);
    assert.deepEqual(
      res.records.map((r) => r.bindId),
      truth.map((b) => b.bindId),
    );
    assert.deepEqual(
      got.map((g) => g.position),
      truth.map((_, i) => i),
    );
    assert.ok(got.every((g) => g.record.bindId === truth[g.position].bindId));
  });

  it('loadAll: stops at maxRecords with truncated, and sends no further request', async () => {
    const { source, stats } = counting(client);
    const res = await loadAll(source, { appId, size: 100, concurrency: 3, maxRecords: 250 });
    assert.equal(res.truncated, true);
    assert.equal(res.records.length, 250);
    assert.equal(res.total, 2345);
    assert.deepEqual(
      res.records.map((r) => r.bindId),
      sb.bindings(appId)
        .slice(0, 250)
        .map((b) => b.bindId),
    );
    const calls = stats.calls;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stats.calls, calls);
    assert.ok(calls <= 3 + 12, `${calls} calls`);
    // Exactly the app's size: not truncated.
    const exact = await loadAll(client, { appId, maxRecords: 2345 });
    assert.equal(exact.truncated, false);
    assert.equal(exact.records.length, 2345);
    await assert.rejects(loadAll(client, { appId, maxRecords: 0 }), PnsValidationError);
  });

  it('findBinding: on the hinted page, on a neighbour, by walking, and null when it is gone', async () => {
    const truth = sb.bindings(appId);
    const size = 50;
    const target = truth[1234]; // page 25 at size 50
    let { source, stats } = counting(client);
    let r = await findBinding(source, { bindId: target.bindId, appId, size, pageHint: 25 });
    assert.deepEqual([r.found?.record.bindId, r.found?.position, r.found?.page, r.via], [target.bindId, 1234, 25, 'hint']);
    assert.equal(stats.calls, 1);
    assert.equal(r.checked, 50);

    ({ source, stats } = counting(client));
    r = await findBinding(source, { bindId: target.bindId, appId, size, pageHint: 24 });
    assert.deepEqual([r.found?.position, r.found?.page, r.via], [1234, 25, 'hint']);
    assert.equal(stats.calls, 3);

    ({ source, stats } = counting(client));
    r = await findBinding(source, { bindId: target.bindId, appId, size, pageHint: 3, concurrency: 2 });
    assert.deepEqual([r.found?.record.bindId, r.found?.position, r.found?.page, r.via], [target.bindId, 1234, 25, 'walk']);
    assert.equal(r.checked, 1235);
    assert.ok(stats.calls < 3 + 24, `${stats.calls} calls: the walk should stop when it is found`);

    const gone = truth[2000].bindId;
    assert.ok(sb.unbind(gone));
    r = await findBinding(client, { bindId: gone, appId, size, pageHint: 41 });
    assert.equal(r.found, null);
    assert.equal(r.checked, 2344, 'every remaining binding was checked once');
    assert.equal(r.via, 'walk');

    // No hint: straight to the walk.
    r = await findBinding(client, { bindId: truth[5].bindId, appId });
    assert.deepEqual([r.found?.position, r.found?.page, r.via], [5, 1, 'walk']);
  });

  it('findBinding: passes errors through, honours an aborted signal, checks its arguments', async () => {
    const failing: BindPageSource = { queryBindPage: () => Promise.reject(new PnsApiError('-1', 'auth')) };
    await assert.rejects(findBinding(failing, { bindId: '1', appId, pageHint: 2 }), (e: unknown) => e instanceof PnsApiError && e.status === '-1');
    await assert.rejects(findBinding(client, { bindId: '1', appId, signal: AbortSignal.abort() }), PnsAbortError);
    await assert.rejects(findBinding(client, { bindId: ' ', appId }), PnsValidationError);
    await assert.rejects(findBinding(client, { bindId: '1', appId, size: 0 }), PnsValidationError);
  });
});
