/**
 * The call records the sandbox serves, byte for byte: fingerprints (md5 of the reply text) of
 * record/queryPage pages taken before the record path was made cheap (issue 20), so that a faster
 * page is proven to be the same page. The sandbox clock is moved (clockSkewSeconds) to a day after
 * a pinned start, so retention and the answers do not depend on today's date. Every sandbox is
 * closed in afterEach.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/main';
import { signedPost } from './helpers/signedPost';

const DAY = 86_400_000;
/** Pinned, so that the records (relative to it) are the same on every run. */
const START = Date.UTC(2026, 0, 15, 12, 0, 0);

const open: Sandbox[] = [];
/** A sandbox started at START whose clock reads a day after START (signed requests still pass). */
async function sandbox(o: SandboxOptions): Promise<Sandbox> {
  const sb = await startSandbox({
    ...o,
    startTime: START,
    clockSkewSeconds: Math.round((START + DAY - Date.now()) / 1000),
    timestampWindowSeconds: 20 * 365 * 86_400,
  });
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** The reply text of one record/queryPage page of [fromMs, toMs]. */
async function pageText(sb: Sandbox, fromMs: number, toMs: number, current: number, size = 100): Promise<string> {
  const text = await signedPost(sb, '/number/record/queryPage', {
    current,
    size,
    params: { strTime: new Date(fromMs).toISOString(), endTime: new Date(toMs).toISOString() },
  });
  assert.ok(text.startsWith('{"status":"0"'), text.slice(0, 200));
  return text;
}

/** md5 of the concatenated texts of the given pages. */
async function pagesHash(sb: Sandbox, fromMs: number, toMs: number, pages: number[], size = 100): Promise<string> {
  let all = '';
  for (const current of pages) {
    const text = await pageText(sb, fromMs, toMs, current, size);
    assert.ok(text.includes('"callid"'), `page ${current} has records`);
    all += text;
  }
  return md5(all);
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('sandbox: call records byte for byte (fingerprints)', function () {
  this.timeout(120_000);

  it('serves the call records its fingerprints were taken from (default data, both 30-day halves)', async () => {
    const sb = await sandbox({});
    const recent = JSON.parse(await pageText(sb, START - 30 * DAY, START, 1)).data;
    assert.ok(recent.total > 1500, `${recent.total} calls in 30 days`);
    const lastRecent = Math.ceil(recent.total / 100);
    assert.equal(await pagesHash(sb, START - 30 * DAY, START, range(1, lastRecent)), '40aaee3686ccf1d991e7c7497e775ccb', 'the last 30 days, every page');
    const older = JSON.parse(await pageText(sb, START - 60 * DAY, START - 30 * DAY, 1)).data;
    assert.equal(await pagesHash(sb, START - 60 * DAY, START - 30 * DAY, range(1, Math.ceil(older.total / 100))), 'ca67dd1bd2823de1e158723f56f6abf6', 'the 30 days before');
    const eight = await sandbox({ apps: 8, bindings: 3000, seed: 99, callsPerBinding: 4 });
    assert.equal(await pagesHash(eight, START - 7 * DAY, START, range(1, 30), 37), '8fd6a3680afa44f8e7d2d6ad00e846c2', '8 apps, size 37');
  });

  it('serves the call records of a million bindings its fingerprints were taken from (callsPerBinding 0.6 and the default)', async () => {
    const sparse = await sandbox({ bindingsPerApp: [1_000_000], callsPerBinding: 0.6 });
    const first = JSON.parse(await pageText(sparse, START - 30 * DAY, START, 1)).data;
    assert.ok(first.total > 270_000 && first.total < 330_000, `${first.total} calls in 30 days`);
    assert.equal(await pagesHash(sparse, START - 30 * DAY, START, [1, 2, 777, 1500, 2222, Math.ceil(first.total / 100)]), 'b6c0cdf8dc31b6956ff7200b69f33da4', '0.6 a binding, 30 days');
    assert.equal(await pagesHash(sparse, START - 60 * DAY, START - 30 * DAY, [1, 1000, 1400]), '1995f156d25107c0ccdff094d6fa2b61', '0.6 a binding, the 30 days before');
    await sparse.close();
    const dense = await sandbox({ apps: 3, bindings: 1_000_000, seed: 1 });
    assert.equal(await pagesHash(dense, START - 30 * DAY, START, [1, 4321, 9000]), '6b6175ac9177a57f605d43f2952e9a8a', 'the default density, 3 apps');
  });

  it('serves the heavy caller its fingerprint was taken from', async () => {
    const sb = await sandbox({ bindingsPerApp: [3], heavyCaller: { bindingIndex: 1, calls: 10_000 } });
    assert.equal(await pagesHash(sb, START - 30 * DAY, START, range(1, 101)), 'fabf20efb98c7a50cbf981dd8f12cf4c', '10,000 calls of one binding');
  });
});
