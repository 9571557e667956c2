import { strict as assert } from 'node:assert';
import { PnsClient, PnsWalkError, PnsApiError, collectBindings, walkBindPages } from '../../src/api';
import { startRawServer, json, envelope, vendorRecord, pagedHandler, RawServer } from './helpers/rawServer';

describe('walkBindPages / collectBindings over real HTTP', () => {
  let server: RawServer;
  let client: PnsClient;
  beforeEach(async () => {
    server = await startRawServer();
    client = new PnsClient({ baseUrl: server.url, apiKey: 'key-1', apiSecret: 'secret-1', timeoutMs: 2000 });
  });
  afterEach(async () => {
    client.dispose();
    await server.close();
  });

  const make = (n: number) => Array.from({ length: n }, (_, i) => vendorRecord(i));
  const ids = (n: number) => Array.from({ length: n }, (_, i) => String(1000 + i));

  it('visits every page once and returns every binding in order', async () => {
    server.handle(pagedHandler(() => make(237)));
    const { records, summary } = await collectBindings(client, { appId: 'app1', size: 50 });
    assert.deepEqual(records.map((r) => r.bindId), ids(237));
    assert.equal(summary.pagesFetched, 5);
    assert.equal(summary.endedBy, 'complete');
    assert.equal(server.requests.length, 5);
    assert.deepEqual(server.requests.map((r) => JSON.parse(r.body).current), [1, 2, 3, 4, 5]);
    assert.ok(server.requests.every((r) => JSON.parse(r.body).params.appId === 'app1'));
  });

  it('an exact multiple of the page size needs no extra request', async () => {
    server.handle(pagedHandler(() => make(200)));
    const { summary } = await collectBindings(client, { size: 100 });
    assert.equal(summary.pagesFetched, 2);
  });

  it('an empty app takes one request', async () => {
    server.handle(pagedHandler(() => []));
    const { records, summary } = await collectBindings(client, { size: 100 });
    assert.equal(records.length, 0);
    assert.equal(summary.pagesFetched, 1);
  });

  it('ends on a server that repeats the same page forever', async () => {
    server.handle((_r, res) => json(res, envelope({ total: 1000, size: 10, current: 1, pages: 100, records: make(10) })));
    const { records, summary } = await collectBindings(client, { size: 10 });
    assert.equal(records.length, 10);
    assert.equal(summary.endedBy, 'repeated-page');
    assert.equal(server.requests.length, 2);
  });

  it('ends on an empty page before the reported total', async () => {
    server.handle(pagedHandler(() => make(30), { total: () => 500 }));
    const { records, summary } = await collectBindings(client, { size: 10 });
    assert.equal(records.length, 30);
    assert.equal(summary.endedBy, 'empty-page');
    assert.equal(server.requests.length, 4);
  });

  it('stops at the hard page cap with an error on a server with endless new bindings', async () => {
    let next = 0;
    const endless = (total: unknown) => server.handle((_r, res) => json(res, envelope({ total, size: 5, current: 1, records: Array.from({ length: 5 }, () => vendorRecord(next++)) })));
    // No total: full pages until the cap.
    endless(null);
    await assert.rejects(collectBindings(client, { size: 5, maxPages: 25 }), (e: unknown) => e instanceof PnsWalkError && e.pagesFetched === 25 && /25 pages/.test(e.message));
    assert.equal(server.requests.length, 25);
    // A total beyond the cap: known from page 1, nothing more is asked for.
    server.requests.length = 0;
    endless(1_000_000);
    await assert.rejects(collectBindings(client, { size: 5, maxPages: 25 }), (e: unknown) => e instanceof PnsWalkError && /more than 25 pages/.test(e.message));
    assert.equal(server.requests.length, 1);
  });

  it('reports a total that changes mid-walk and de-duplicates shifted pages', async () => {
    // After page 1 a binding is added at the front: page 2 then starts with the last of page 1.
    let list = make(25);
    server.handle((req, res, n) => {
      if (n === 2) list = [vendorRecord(999), ...list];
      void pagedHandler(() => list)(req, res, n);
    });
    const { records, summary } = await collectBindings(client, { size: 10 });
    assert.equal(summary.totalChanged, true);
    assert.equal(summary.firstTotal, 25);
    assert.equal(summary.lastTotal, 26);
    assert.equal(summary.duplicates, 1);
    assert.equal(new Set(records.map((r) => r.bindId)).size, records.length);
    assert.deepEqual([...records.map((r) => r.bindId)].sort(), ids(25).sort());
  });

  it('gets everything when the server serves fewer per page than asked (size echo quirk)', async () => {
    server.handle(pagedHandler(() => make(95), { serveSize: 20 }));
    const { records, summary } = await collectBindings(client, { size: 50 });
    assert.deepEqual(records.map((r) => r.bindId), ids(95));
    assert.equal(summary.endedBy, 'complete');
  });

  it('gets everything when the total is missing, ending on a short page', async () => {
    server.handle((req, res) => {
      const { current, size } = JSON.parse(req.body);
      json(res, envelope({ size, current, records: make(42).slice((current - 1) * size, current * size) }));
    });
    const { records, summary } = await collectBindings(client, { size: 10 });
    assert.equal(records.length, 42);
    assert.equal(summary.endedBy, 'short-page');
  });

  it('yields each page as it arrives with only the new bindings', async () => {
    server.handle(pagedHandler(() => make(25)));
    const seen: number[] = [];
    const last: boolean[] = [];
    for await (const step of walkBindPages(client, { size: 10 })) {
      seen.push(step.records.length, step.seen);
      last.push(step.last);
    }
    assert.deepEqual(seen, [10, 10, 10, 20, 5, 25]);
    assert.deepEqual(last, [false, false, true]);
    assert.equal(server.requests.length, 3);
  });

  it('resumes from a given page with the caller\'s seen set', async () => {
    server.handle(pagedHandler(() => make(25)));
    const seen = new Set(ids(10)); // page 1, loaded before an error
    const { records, summary } = await collectBindings(client, { size: 10, startPage: 2, seen });
    assert.deepEqual(records.map((r) => r.bindId), ids(25).slice(10));
    assert.equal(seen.size, 25);
    assert.equal(summary.pagesFetched, 2);
    assert.deepEqual(server.requests.map((r) => JSON.parse(r.body).current), [2, 3]);
  });

  it('passes vendor errors through and can be cancelled', async () => {
    server.handle((_r, res, n) => (n >= 2 ? json(res, envelope(null, '-18', 'busy')) : pagedHandler(() => make(30))(_r, res, n)));
    await assert.rejects(collectBindings(client, { size: 10 }), (e: unknown) => e instanceof PnsApiError && e.status === '-18');
    assert.equal(server.requests.length, 4); // page 1, then page 2 three times: -18 is retried (2 retries by default)
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(collectBindings(client, { size: 10, signal: ac.signal }), { name: 'AbortError' });
  });
});
