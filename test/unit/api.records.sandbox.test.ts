// The client's call records against the project's sandbox over real HTTP: what callRecordsFor
// finds for a seeded binding is exactly what the sandbox says it serves for that binding.
import { strict as assert } from 'node:assert';
import { callRecordsFor, PnsClient } from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

const DAY = 86_400_000;

describe('call records: client against the sandbox', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  let client: PnsClient;
  beforeEach(async () => {
    sb = await startSandbox({ port: 0, seed: 31, bindingsPerApp: [300] });
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
  });
  afterEach(async () => {
    client.dispose();
    await sb.close();
  });

  it('the last 30 days of a seeded binding: the same calls as the sandbox, newest first, across pages', async () => {
    const to = Date.now();
    const from = to - 30 * DAY;
    const all = sb.callRecords(from, to);
    assert.ok(all.length > 100, `only ${all.length} records: the test needs several pages`);
    // a binding with calls in the window
    const binding = sb.bindings(sb.appIds[0]).find((b) => all.some((r) => r.caller === b.phoneA || r.caller === b.phoneB));
    assert.ok(binding, 'no seeded binding has calls in the window');
    const numbers = [binding.phoneA, binding.phoneB, binding.pnsNumberA, binding.pnsNumberB];
    const expected = all.filter((r) => numbers.includes(r.caller) || numbers.includes(r.called) || numbers.includes(r.number));
    const got = await callRecordsFor(client, { numbers, from, to, size: 50, concurrency: 4 });
    assert.deepEqual(got.records.map((r) => r.callId), expected.map((r) => r.callid));
    assert.equal(got.scanned, all.length, 'every record of the window was scanned once');
    assert.ok(got.pages >= Math.ceil(all.length / 50));
    assert.equal(got.reachesPastRetention, false);
    const starts = got.records.map((r) => r.start ?? 0);
    assert.deepEqual(starts, [...starts].sort((a, b) => b - a), 'newest first');
    for (const r of got.records) if (r.recordingUrl !== null) assert.match(r.recordingUrl, /^https:\/\//);
  });

  it('a 45-day window is read as two queries of at most 31 days, and says when it reaches past retention', async () => {
    const to = Date.now();
    const got = await callRecordsFor(client, { numbers: ['0'], from: to - 45 * DAY, to });
    assert.equal(got.windows, 2);
    const paths = sb.requests.filter((r) => r.path.endsWith('/number/record/queryPage'));
    assert.ok(paths.every((r) => r.status === '0'), JSON.stringify(paths.map((r) => r.status)));
    const far = await callRecordsFor(client, { numbers: ['0'], from: to - 75 * DAY, to: to - 10 * DAY });
    assert.equal(far.reachesPastRetention, true);
  });
});
