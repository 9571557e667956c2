// The set behind a figure, read again through the page cache: its count is the figure it was
// opened from, for every kind of set the dashboard opens, and pages of the last minute are not
// fetched twice.
import { strict as assert } from 'node:assert';
import { PageCache, PnsClient, readHealth, readHealthSet, type HealthFigures, type HealthSet } from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

describe('health figures: the set behind a figure', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let client: PnsClient;
  before(async () => {
    sb = await startSandbox({ port: 0, seed: 11, bindingsPerApp: [700, 300] });
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
  });
  after(async () => {
    client.dispose();
    await sb.close();
  });

  const SOON = 12;

  async function countOf(f: HealthFigures, set: HealthSet, cache?: PageCache): Promise<number> {
    let handed = 0;
    const n = await readHealthSet(client, set, { figures: f, soonHours: SOON }, {
      appIds: sb.appIds,
      cache,
      onBindings: (r) => (handed += set.of === 'bindings' ? r.length : NaN),
      onCalls: (r) => (handed += set.of === 'calls' ? r.length : NaN),
      onNumbers: (r) => (handed += set.of === 'numbers' ? r.length : NaN),
    });
    assert.equal(handed, n, `${JSON.stringify(set)}: records handed over = the count`);
    return n;
  }

  it('every set counts what its figure says, read again through the cache without fetching bind pages twice', async () => {
    const cache = new PageCache();
    const f = await readHealth(client, { account: 'a', appIds: sb.appIds, zoneOffsetMinutes: 480, soonHours: SOON, cache });
    assert.deepEqual(f.problems, []);
    const b = f.bindings!;
    const c = f.calls!;
    const n = f.numbers!;
    const bindPagesBefore = sb.requests.filter((r) => r.path.endsWith('/queryBindPage')).length;
    const checks: Array<[HealthSet, number]> = [
      [{ of: 'bindings', by: 'state', value: 'expiring' }, b.states.expiring],
      [{ of: 'bindings', by: 'state', value: 'expired' }, b.states.expired],
      [{ of: 'bindings', by: 'expiry', value: '1h' }, b.expiry['1h']],
      [{ of: 'bindings', by: 'expiry', value: '24h' }, b.expiry['24h']],
      [{ of: 'bindings', by: 'expiry', value: '7d' }, b.expiry['7d']],
      [{ of: 'bindings', by: 'mode', value: 'AXXB' }, b.modes.AXXB],
      [{ of: 'bindings', by: 'countryA', value: b.countriesA.top[1].key }, b.countriesA.top[1].count],
      [{ of: 'bindings', by: 'countryB', value: b.countriesB.top[0].key }, b.countriesB.top[0].count],
      [{ of: 'bindings', by: 'number', value: b.perNumber.top[3].key }, b.perNumber.top[3].count],
    ];
    for (const [set, want] of checks) assert.equal(await countOf(f, set, cache), want, JSON.stringify(set));
    assert.equal(sb.requests.filter((r) => r.path.endsWith('/queryBindPage')).length, bindPagesBefore, 'the bind pages came from the cache');
    const busiest = c.days.reduce((x, y) => (y.outcomes.busy > x.outcomes.busy ? y : x));
    const callChecks: Array<[HealthSet, number]> = [
      [{ of: 'calls', by: 'outcome', value: 'answered' }, c.outcomes.answered],
      [{ of: 'calls', by: 'outcome', value: 'failed' }, c.outcomes.failed],
      [{ of: 'calls', by: 'outcome', value: 'busy', day: busiest.day }, busiest.outcomes.busy],
      [{ of: 'calls', by: 'reason', value: c.reasons.top[2].key }, c.reasons.top[2].count],
      [{ of: 'calls', by: 'withoutLiveBinding' }, c.withoutLiveBinding],
      [{ of: 'numbers', by: 'state', value: 'in-use' }, n.states['in-use']],
      [{ of: 'numbers', by: 'dueWithoutRenew' }, n.dueWithoutRenewTotal],
    ];
    for (const [set, want] of callChecks) assert.equal(await countOf(f, set, cache), want, JSON.stringify(set));
    assert.ok(busiest.outcomes.busy > 0 && c.withoutLiveBinding > 0 && b.expiry['1h'] > 0, 'the sets are not empty');
  });

  it('a stream of more than a quarter of the cache is read through it but not stored; smaller ones are', async () => {
    const cache = new PageCache({ maxPages: 20 }); // streams of at most 5 pages are stored
    const [big, small] = sb.appIds; // 7 and 3 pages of 100
    const f = await readHealth(client, { account: 'a', appIds: sb.appIds, zoneOffsetMinutes: 480, soonHours: SOON, cache });
    assert.deepEqual(f.problems, []);
    assert.ok(f.calls!.scanned > 500, 'the calls need more than 5 pages');
    assert.deepEqual(cache.bindPagesHeld(big, 100), []);
    assert.deepEqual(cache.bindPagesHeld(small, 100).sort(), [1, 2, 3]);
    assert.equal(cache.size, 3 + 1, "the small app's bind pages and the numbers page");
    // what is stored is reused: the small app's set is read again without a bind page request
    const before = sb.requests.filter((r) => r.path.endsWith('/queryBindPage')).length;
    const n = await readHealthSet(client, { of: 'bindings', by: 'mode', value: 'AXB' }, { figures: f, soonHours: SOON }, { appIds: [small], cache });
    assert.ok(n > 0);
    assert.equal(sb.requests.filter((r) => r.path.endsWith('/queryBindPage')).length, before);
  });

  it("one app's calls: the sets hold only calls whose record names the app", async () => {
    const app = sb.appIds[1];
    const f = await readHealth(client, { account: 'a', appIds: [app], appId: app, zoneOffsetMinutes: 480, soonHours: SOON });
    const names: string[] = [];
    const count = await readHealthSet(client, { of: 'calls', by: 'outcome', value: 'answered' }, { figures: f, soonHours: SOON }, { appIds: [app], onCalls: (r) => names.push(...r.map((x) => x.appId)) });
    assert.equal(count, f.calls!.outcomes.answered);
    assert.ok(count > 0 && names.every((a) => a === app));
  });
});
