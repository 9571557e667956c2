// The vscode-free parts of the Numbers node: the paged list (PagedList) and the tooltip's text
// (numberText), in plain Node.
import { strict as assert } from 'node:assert';
import type { MiddleNumber, NumberPool } from '../../src/api';
import { PagedList, type ListPageResult } from '../../src/tree/pagedList';
import { numberRows, poolsByNumber, relativeDue } from '../../src/tree/numberText';

/** A fake server of `n` items in pages of `size`; `fail` makes the given page numbers throw once. */
function server(n: number, size: number, fail = new Set<number>()) {
  const asked: number[] = [];
  const fetch = async (current: number): Promise<ListPageResult<number>> => {
    asked.push(current);
    if (fail.delete(current)) throw new Error(`page ${current} failed`);
    const records = Array.from({ length: Math.max(0, Math.min(size, n - (current - 1) * size)) }, (_, i) => (current - 1) * size + i);
    return { records, total: n, pages: Math.ceil(n / size) };
  };
  return { asked, fetch };
}

describe('PagedList', () => {
  it('loads page by page until the last, with total and hasMore', async () => {
    const s = server(25, 10);
    const list = new PagedList(s.fetch);
    assert.equal(list.started, false);
    await list.loadMore();
    assert.deepEqual([list.records.length, list.total, list.hasMore], [10, 25, true]);
    await list.loadMore();
    await list.loadMore();
    assert.deepEqual(list.records, Array.from({ length: 25 }, (_, i) => i));
    assert.equal(list.hasMore, false);
    await list.loadMore(); // nothing more to ask
    assert.deepEqual(s.asked, [1, 2, 3]);
  });

  it('joins a load under way, and fires while loading and after', async () => {
    const s = server(5, 10);
    const list = new PagedList(s.fetch);
    let fired = 0;
    list.onDidChange(() => fired++);
    const a = list.loadMore();
    assert.equal(list.loading, true);
    const b = list.loadMore();
    await Promise.all([a, b]);
    assert.deepEqual(s.asked, [1]);
    assert.equal(list.loading, false);
    assert.equal(fired, 2);
  });

  it('keeps an error instead of throwing, and the next load asks the failed page again', async () => {
    const s = server(30, 10, new Set([2]));
    const list = new PagedList(s.fetch);
    await list.loadMore();
    await list.loadMore();
    assert.match(String(list.error), /page 2 failed/);
    assert.equal(list.records.length, 10);
    await list.loadMore();
    assert.equal(list.error, undefined);
    assert.equal(list.records.length, 20);
    assert.deepEqual(s.asked, [1, 2, 2]);
  });

  it('an empty list is done after page 1; after dispose nothing is kept', async () => {
    const empty = new PagedList(server(0, 10).fetch);
    await empty.loadMore();
    assert.deepEqual([empty.records.length, empty.hasMore], [0, false]);
    const list = new PagedList(server(30, 10).fetch);
    const p = list.loadMore();
    list.dispose();
    await p;
    assert.equal(list.records.length, 0);
  });
});

const number = (over: Partial<MiddleNumber> = {}): MiddleNumber => ({
  number: '6281234567',
  ccode: '62',
  country: 'Indonesia',
  state: 'in-use',
  type: 'MOBILE',
  dueDate: Date.UTC(2026, 0, 10, 16),
  dueDateText: '2026-01-11',
  appId: 'abcd1234',
  autoRenew: true,
  remark: '',
  raw: {},
  ...over,
});
const pool = (over: Partial<NumberPool> = {}): NumberPool => ({ poolNumber: '900', customerWhitelist: ['6285', '6286'], maxConcurrency: 7, numberList: ['6281234567'], appId: '', raw: {}, ...over });

describe('numberText', () => {
  const now = Date.UTC(2026, 0, 1);
  it('says the due date relative to now', () => {
    assert.equal(relativeDue(now + 3 * 86_400_000, now), 'due in 3 d');
    assert.equal(relativeDue(now - 2 * 3_600_000, now), 'due 2 h ago');
    assert.equal(relativeDue(null, now), 'no due date');
  });

  it('rows: every field, the due date in the vendor zone, and the pool when the number is in one', () => {
    const rows = new Map(numberRows(number(), { state: 'loaded', byNumber: poolsByNumber([pool()]) }, now, 480));
    assert.equal(rows.get('Country'), 'Indonesia +62');
    assert.equal(rows.get('State'), 'in use');
    assert.equal(rows.get('Type'), 'MOBILE');
    assert.equal(rows.get('Due'), '2026-01-11 00:00:00 +08:00 (due in 9 d 16 h)');
    assert.equal(rows.get('App'), 'abcd1234');
    assert.equal(rows.get('Pool'), '900');
    assert.equal(rows.get('Concurrency limit'), '7');
    assert.equal(rows.get('Whitelist'), '6285, 6286');
  });

  it('rows: no pool, pools not loaded, pools still loading, unreadable due date', () => {
    assert.equal(new Map(numberRows(number(), { state: 'loaded', byNumber: poolsByNumber([pool({ numberList: ['1'] })]) }, now, 0)).get('Pool'), 'none');
    assert.equal(new Map(numberRows(number(), { state: 'failed' }, now, 0)).get('Pool details'), 'not loaded');
    assert.equal(new Map(numberRows(number(), { state: 'loading' }, now, 0)).get('Pool details'), 'loading…');
    assert.equal(new Map(numberRows(number({ dueDate: null, dueDateText: 'soon' }), { state: 'failed' }, now, 0)).get('Due'), 'unreadable (soon)');
    assert.equal(new Map(numberRows(number({ state: 'disabled' }), { state: 'failed' }, now, 0)).get('State'), 'disabled');
  });
});
