/**
 * Find keeps at most 10,000 matches (or maxMatches): on reaching the cap it stops reading pages,
 * aborts those in flight and says so (capped), so a short query over a huge account (or a
 * hostile server) cannot make it hold millions. Over a real loopback server.
 */
import { strict as assert } from 'node:assert';
import { PnsClient, PnsValidationError, parseSearchQuery, searchBindings } from '../../src/api';
import { pagedHandler, startRawServer, vendorRecord, type RawServer } from './helpers/rawServer';

const KEY = 'search-cap-key';
const SECRET = 'search-cap-secret-21x';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('searchBindings: the cap on matches', function () {
  this.timeout(30_000);
  let server: RawServer;
  let client: PnsClient;
  before(async () => {
    server = await startRawServer();
    client = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 5000 });
  });
  after(async () => {
    client.dispose();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  /** `n` bindings; those with `matches(i)` have phone A 91555000…, the rest 91444000…. */
  const bindings = (n: number, matches: (i: number) => boolean) =>
    Array.from({ length: n }, (_, i) => vendorRecord(i, { phoneA: `${matches(i) ? '91555' : '91444'}${String(i).padStart(7, '0')}` }));

  it('keeps the first 10,000 matches in the server\'s order, says capped, and reads no page after', async () => {
    const all = bindings(25_000, () => true); // 250 pages of 100, every binding matches
    server.handle(pagedHandler(() => all));
    const streamed: string[] = [];
    const res = await searchBindings(client, { query: parseSearchQuery('91555', 'partial'), size: 100, concurrency: 4, onMatch: (m) => streamed.push(m.record.bindId) });
    assert.equal(res.capped, true);
    assert.equal(res.matches.length, 10_000);
    const want = all.slice(0, 10_000).map((r) => String(r.bindId));
    assert.deepEqual(res.matches.map((m) => m.record.bindId), want);
    assert.deepEqual(streamed, want);
    // Page 100 holds the 10,000th match; at most the 4 in flight were asked for beyond it (they
    // may reach the server just after the search resolved), and nothing after that.
    await sleep(300);
    const asked = server.requests.length;
    assert.ok(asked >= 100 && asked <= 104, `${asked} pages were asked for`);
    await sleep(300);
    assert.equal(server.requests.length, asked, 'pages were still asked for after the cap');
  });

  it('maxMatches: stops at that many (here on page 3 of 10)', async () => {
    const all = bindings(1000, (i) => i % 10 === 0); // one match in ten: the 25th is binding 240, on page 3
    server.handle(pagedHandler(() => all));
    const res = await searchBindings(client, { query: parseSearchQuery('91555', 'partial'), size: 100, concurrency: 1, maxMatches: 25 });
    assert.equal(res.capped, true);
    assert.deepEqual(res.matches.map((m) => m.record.bindId), Array.from({ length: 25 }, (_, k) => String(1000 + k * 10)));
    await sleep(100);
    assert.ok(server.requests.length <= 4, `${server.requests.length} pages were asked for`);
  });

  it('fewer matches than the cap: every page is read, not capped', async () => {
    const all = bindings(1000, (i) => i % 10 === 0);
    server.handle(pagedHandler(() => all));
    const res = await searchBindings(client, { query: parseSearchQuery('91555', 'partial'), size: 100, maxMatches: 101 });
    assert.equal(res.capped, false);
    assert.equal(res.matches.length, 100);
    assert.equal(server.requests.length, 10);
  });

  it('refuses a cap below 1 before sending anything', async () => {
    for (const bad of [0, -5, 1.5, Number.NaN]) {
      await assert.rejects(searchBindings(client, { query: parseSearchQuery('91555', 'partial'), maxMatches: bad }), PnsValidationError);
    }
    assert.equal(server.requests.length, 0);
  });
});
