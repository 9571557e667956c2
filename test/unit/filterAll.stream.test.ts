/**
 * Filter All Pages' read (src/filterAll/stream.ts) over a real loopback server: every match is
 * counted, also past the most the tree holds, the kept ones in the server's order with their
 * places; when the data changes under the read, one fresh pass decides.
 */
import { strict as assert } from 'node:assert';
import { PnsClient } from '../../src/api';
import { filterEveryPage } from '../../src/filterAll/stream';
import { pagedHandler, startRawServer, vendorRecord, type RawServer } from './helpers/rawServer';

describe('Filter All Pages: the read of every page', function () {
  this.timeout(30_000);
  let server: RawServer;
  let client: PnsClient;
  before(async () => {
    server = await startRawServer();
    client = new PnsClient({ baseUrl: server.url, apiKey: 'filter-all-key', apiSecret: 'filter-all-secret-29x', timeoutMs: 5000 });
  });
  after(async () => {
    client.dispose();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  /** Every seventh binding has phone A 91555…. */
  const all = Array.from({ length: 1234 }, (_, i) => vendorRecord(i, { phoneA: `${i % 7 === 0 ? '91555' : '91444'}${String(i).padStart(7, '0')}` }));
  const keep = (r: { phoneA: string }) => r.phoneA.startsWith('91555');

  it('counts every match, keeps the first `max` in the server\'s order with their places, and reports each page', async () => {
    server.handle(pagedHandler(() => all));
    const want = all.map((r, i) => ({ id: String(r.bindId), i })).filter((x) => x.i % 7 === 0);
    const pages: number[] = [];
    let restarted = false;
    const r = await filterEveryPage(client, {
      keep,
      max: 50,
      concurrency: 4,
      signal: new AbortController().signal,
      onPage: (p) => pages.push(p.matches),
      onRestart: () => (restarted = true),
    });
    assert.equal(r.matches, want.length);
    assert.equal(r.scanned, all.length);
    assert.equal(r.pages, 13);
    assert.equal(r.consistent, true);
    assert.equal(restarted, false);
    assert.deepEqual(r.kept.map((e) => e.record.bindId), want.slice(0, 50).map((x) => x.id));
    assert.deepEqual(r.kept.map((e) => e.position), want.slice(0, 50).map((x) => x.i));
    assert.equal(pages.length, 13);
    assert.equal(pages[pages.length - 1], want.length);
  });

  it('when the total changes under the read, reads every page again and counts that pass only', async () => {
    server.handle(pagedHandler(() => all, { total: (n) => (n === 3 ? all.length + 5 : all.length) }));
    let restarted = 0;
    const r = await filterEveryPage(client, { keep, max: 1000, concurrency: 1, signal: new AbortController().signal, onPage: () => undefined, onRestart: () => restarted++ });
    assert.equal(restarted, 1);
    assert.equal(r.matches, Math.ceil(all.length / 7));
    assert.equal(r.kept.length, r.matches);
    assert.equal(r.consistent, true);
  });
});
