/**
 * searchPlaces (Go to Binding's and Find's "All accounts" search) against two local sandboxes
 * over real HTTP: every match of every place, the groups (accounts) side by side, the places of
 * one group one at a time, a group that cannot be searched named while the others go on, and a
 * cancel that stops every read.
 */
import { strict as assert } from 'node:assert';
import { PnsAbortError, PnsClient, PnsValidationError, parseSearchQuery, type BindPageSource } from '../../src/api';
import { searchPlaces, type SearchPlace } from '../../src/api/searchAll';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

describe('searchPlaces: one search over the apps of several accounts', function () {
  this.timeout(30_000);
  let a: Sandbox;
  let b: Sandbox;
  /** Requests in flight per group, and by app: what the server side sees. */
  let open: Map<string, string[]>;
  let most: Map<string, number>;
  let overlapped: boolean;
  let bothAtOnce: boolean;

  function counted(sb: Sandbox, group: string): BindPageSource {
    const client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 5000 });
    return {
      async queryBindPage(q, o) {
        const mine = [...(open.get(group) ?? []), String(q.appId)];
        open.set(group, mine);
        most.set(group, Math.max(most.get(group) ?? 0, mine.length));
        if (new Set(mine).size > 1) overlapped = true;
        if ([...open.values()].filter((l) => l.length > 0).length > 1) bothAtOnce = true;
        try {
          return await client.queryBindPage(q, o);
        } finally {
          const l = open.get(group)!;
          l.splice(l.indexOf(String(q.appId)), 1);
        }
      },
    };
  }
  const places = (): SearchPlace<string>[] => [
    ...a.appIds.map((appId) => ({ place: `A/${appId}`, group: 'A', appId, source: async () => counted(a, 'A') })),
    ...b.appIds.map((appId) => ({ place: `B/${appId}`, group: 'B', appId, source: async () => counted(b, 'B') })),
  ];

  before(async () => {
    a = await startSandbox({ port: 0, seed: 81, bindingsPerApp: [900, 400] });
    b = await startSandbox({ port: 0, seed: 82, bindingsPerApp: [700, 300] });
  });
  after(async () => {
    await a.close();
    await b.close();
  });
  beforeEach(() => {
    open = new Map();
    most = new Map();
    overlapped = false;
    bothAtOnce = false;
    a.setLatency(20);
    b.setLatency(20);
  });

  it('finds every match of every place: accounts side by side, an account\'s apps one at a time, each within the concurrency', async () => {
    const digits = '918';
    const expected = [
      ...a.appIds.flatMap((appId) => a.bindings(appId).map((x) => [`A/${appId}`, x] as const)),
      ...b.appIds.flatMap((appId) => b.bindings(appId).map((x) => [`B/${appId}`, x] as const)),
    ]
      .filter(([, x]) => [x.phoneA, x.phoneB, x.pnsNumberA, x.pnsNumberB, x.bindId].some((v) => v.includes(digits)))
      .map(([p, x]) => `${p}:${x.bindId}`);
    assert.ok(expected.length > 100, 'too few matches to prove anything');
    const streamed: string[] = [];
    const r = await searchPlaces(places(), { query: parseSearchQuery(digits, 'partial'), concurrency: 3, onMatch: (m) => streamed.push(`${m.place}:${m.record.bindId}`) });
    assert.deepEqual(r.matches.map((m) => `${m.place}:${m.record.bindId}`), expected);
    assert.deepEqual([...streamed].sort(), [...expected].sort());
    assert.deepEqual(r.failed, []);
    assert.equal(r.total, a.bindingCount(a.appIds[0]) + a.bindingCount(a.appIds[1]) + b.bindingCount(b.appIds[0]) + b.bindingCount(b.appIds[1]));
    assert.equal(overlapped, false, 'two apps of one account were read at once');
    assert.ok(bothAtOnce, 'the accounts were not searched side by side');
    assert.ok(most.get('A')! <= 3 && most.get('B')! <= 3, JSON.stringify([...most]));
  });

  it('an account that cannot be searched is named (its whole group once), and the others are searched', async () => {
    const broken: SearchPlace<string> = { place: 'C/x', group: 'C', appId: 'x', source: () => Promise.reject(new PnsValidationError('apiKey', 'No credentials.', 'Set them.')) };
    const target = b.bindings(b.appIds[1])[5];
    const r = await searchPlaces([broken, { ...broken, place: 'C/y', appId: 'y' }, ...places()], { query: parseSearchQuery(target.bindId, 'exact') });
    assert.deepEqual(r.matches.map((m) => [m.place, m.record.bindId]), [[`B/${b.appIds[1]}`, target.bindId]]);
    assert.equal(r.failed.length, 1);
    assert.deepEqual([r.failed[0].place, r.failed[0].group, r.failed[0].whole, (r.failed[0].error as Error).message], ['C/x', 'C', true, 'No credentials.']);
    assert.equal(r.searched.length, 4);
  });

  it('a cancel rejects with PnsAbortError and stops the reads of every account', async () => {
    a.setLatency(200);
    b.setLatency(200);
    const ac = new AbortController();
    const start = [a.requestCount, b.requestCount];
    const run = searchPlaces(places(), { query: parseSearchQuery('15550000000123', 'exact'), concurrency: 2, signal: ac.signal });
    while (a.requestCount - start[0] < 2 || b.requestCount - start[1] < 2) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await assert.rejects(run, PnsAbortError);
    const atCancel = [a.requestCount, b.requestCount];
    await new Promise((r) => setTimeout(r, 400));
    // Requests already on their way may still arrive (at most the concurrency); no new ones are made.
    const after = [a.requestCount, b.requestCount];
    assert.ok(after[0] - atCancel[0] <= 2 && after[1] - atCancel[1] <= 2, `requests went on after the cancel: ${after[0] - atCancel[0]}, ${after[1] - atCancel[1]}`);
    await new Promise((r) => setTimeout(r, 600));
    assert.deepEqual([a.requestCount, b.requestCount], after, 'requests still being made');
    assert.ok(after[0] - start[0] < 13 && after[1] - start[1] < 10, `every page was read anyway: ${after[0] - start[0]}, ${after[1] - start[1]}`);
  });
});
