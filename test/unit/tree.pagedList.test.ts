// The tree's paged list in plain Node: an app's bindings against the sandbox over real HTTP, and
// the paging rules against a scripted fetchPage.
import { strict as assert } from 'node:assert';
import { PnsClient, type BindPageSource, type ListPage } from '../../src/api';
import { bindingList, PagedList } from '../../src/tree/pagedList';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

const log = { lines: [] as string[], info() {}, warn() {}, error(m: string) { log.lines.push(m); } };

describe('PagedList: an app\'s bindings against the sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let client: PnsClient;
  let asked: number[];
  /** The client, noting the pages Load more asks for. */
  const source = async (): Promise<BindPageSource> => ({
    queryBindPage: (q, o) => {
      asked.push(q.current);
      return client.queryBindPage(q, o);
    },
  });
  const list = (max = 50_000, pageSize = 50) =>
    bindingList({ appId: sb.appIds[0], label: 'Rides', log, source, cachedSource: async () => client, pageSize: () => pageSize, concurrency: () => 4, max });
  const ids = (l: PagedList<{ bindId: string }>) => l.records.map((e) => e.record.bindId);
  const truth = (n?: number) => sb.bindings(sb.appIds[0]).slice(0, n).map((b) => b.bindId);

  beforeEach(async () => {
    sb = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [137] });
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
    asked = [];
  });
  afterEach(async () => {
    client.dispose();
    await sb.close();
  });

  it('Load more reads one page per load, in order, and stops after the last page by the total', async () => {
    const l = list();
    await l.loadMore();
    assert.deepEqual([ids(l), l.total, l.hasMore], [truth(50), 137, true]);
    assert.deepEqual([asked, sb.requests.length], [[1], 1], 'one request, no read-ahead');
    await l.loadMore();
    await l.loadMore();
    assert.deepEqual(ids(l), truth());
    assert.equal(l.hasMore, false);
    await l.loadMore();
    assert.deepEqual([asked, sb.requests.length], [[1, 2, 3], 3]);
    assert.deepEqual(l.records.map((e) => e.position), truth().map((_, i) => i));
  });

  it('a failed page is kept as the error and read again by the next load', async () => {
    const l = list();
    await l.loadMore();
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    await l.loadMore();
    assert.match(String((l.error as Error).message), /-18/);
    assert.deepEqual(ids(l), truth(50));
    assert.match(log.lines.at(-1) ?? '', /^Rides: /);
    sb.setFaults(undefined);
    await l.loadMore();
    assert.equal(l.error, undefined);
    assert.deepEqual(asked, [1, 2, 2]);
    assert.deepEqual(ids(l), truth(100));
  });

  it('Load All stops at the cap and says so; Load more then reads nothing, and room made reads the rest of the page', async () => {
    const l = list(120, 50);
    await l.loadMore();
    const first = l.records[0];
    const result = await l.loadAll();
    assert.deepEqual(result, { loaded: 120, total: 137, truncated: true });
    assert.deepEqual(ids(l), truth(120));
    assert.equal(l.records[0], first, 'an entry already loaded stays the same object');
    assert.deepEqual([l.hasMore, l.full], [true, true]);
    const before = sb.requests.length;
    await l.loadMore();
    assert.equal(sb.requests.length, before, 'a full list reads nothing');
    // An unbind makes room: the next load reads page 3 (bindings 101..150) again for the one more it may hold.
    assert.equal(l.remove(truth()[0]), true);
    await l.loadMore();
    assert.deepEqual(asked, [1, 3]);
    assert.equal(sb.requests.length, before + 1);
    assert.deepEqual(ids(l), truth(121).slice(1));
    assert.equal(l.full, true);
  });

  it('Load more stops at the cap within a page; room made reads that page again for the ones left out', async () => {
    const l = list(75, 50);
    await l.loadMore();
    await l.loadMore();
    assert.deepEqual([ids(l), l.full, l.total], [truth(75), true, 137]);
    await l.loadMore();
    assert.deepEqual(asked, [1, 2]);
    assert.equal(l.remove(truth()[10]), true);
    assert.deepEqual(l.records.slice(10, 12).map((e) => e.position), [10, 11], 'the ones after it move up');
    await l.loadMore();
    assert.deepEqual(asked, [1, 2, 2]);
    assert.deepEqual(ids(l), truth(76).filter((_, i) => i !== 10));
  });

  it('Load All without a cap in reach loads every binding, and a cancelled one keeps what was there', async () => {
    const l = list();
    assert.deepEqual(await l.loadAll(), { loaded: 137, total: 137, truncated: false });
    assert.deepEqual(ids(l), truth());
    assert.equal(l.hasMore, false);
    const other = list();
    await other.loadMore();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(other.loadAll({ signal: ac.signal }), { name: 'AbortError' });
    assert.deepEqual(ids(other), truth(50));
  });
});

/** A scripted server: `pages[n - 1]` is page n's items; `fail` makes those page numbers throw once. */
function scripted(pages: number[][], total: number, fail = new Set<number>()) {
  const asked: number[] = [];
  const fetchPage = async (n: number, size: number): Promise<ListPage<number>> => {
    asked.push(n);
    await new Promise((r) => setTimeout(r, 5));
    if (fail.delete(n)) throw new Error(`page ${n} failed`);
    const records = pages[n - 1] ?? [];
    return { records, total, totalReported: true, size, current: n, pages: Math.ceil(total / size), skipped: 0, warnings: [] };
  };
  const list = new PagedList<number>({ label: 'List', log, pageSize: () => 3, key: (x) => x, fetchPage });
  return { asked, list };
}

describe('PagedList: the paging rules', () => {
  it('drops an item a later page repeats (the pages shifted), keeping the first', async () => {
    const { list, asked } = scripted([[1, 2, 3], [3, 4, 5], [6]], 7);
    for (let i = 0; i < 5; i++) await list.loadMore();
    assert.deepEqual(list.records.map((e) => e.record), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(asked, [1, 2, 3]);
    assert.equal(list.hasMore, false);
  });

  it('one load at a time: loads asked for meanwhile join it; it fires when it starts (something shown) and ends', async () => {
    const { list, asked } = scripted([[1, 2, 3], [4, 5, 6]], 6);
    let fired = 0;
    list.onDidChange(() => fired++);
    await list.loadMore();
    assert.equal(fired, 1, 'the first page: only its end');
    const a = list.loadMore();
    assert.equal(list.loading, true);
    const b = list.loadMore();
    assert.equal(a, b);
    await Promise.all([a, b, list.whenIdle()]);
    assert.deepEqual(asked, [1, 2]);
    assert.equal(fired, 3);
    assert.deepEqual([list.loading, list.hasMore], [false, false]);
  });

  it('keeps an error instead of throwing; the next load asks the failed page again', async () => {
    const { list, asked } = scripted([[1, 2, 3], [4, 5, 6], [7]], 7, new Set([2]));
    await list.loadMore();
    await list.loadMore();
    assert.match(String(list.error), /page 2 failed/);
    assert.deepEqual([list.records.length, list.hasMore], [3, true]);
    await list.loadMore();
    assert.equal(list.error, undefined);
    assert.deepEqual(asked, [1, 2, 2]);
    assert.deepEqual(list.records.map((e) => e.record), [1, 2, 3, 4, 5, 6]);
  });

  it('an empty list is done after page 1; after dispose nothing is kept and nothing fires', async () => {
    const empty = scripted([], 0);
    await empty.list.loadMore();
    assert.deepEqual([empty.list.records.length, empty.list.hasMore, empty.list.started], [0, false, true]);
    const { list } = scripted([[1, 2, 3]], 9);
    let fired = 0;
    list.onDidChange(() => fired++);
    const p = list.loadMore();
    list.dispose();
    await p;
    assert.deepEqual([list.records.length, fired, list.error], [0, 0, undefined]);
  });
});
