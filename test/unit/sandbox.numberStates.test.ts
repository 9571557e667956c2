/**
 * The sandbox's purchased numbers in every state (issue 20: a dashboard's "numbers by state"):
 * besides each app's pool (state 3, in use), a few expired (4) and disabled (5) numbers that
 * belong to no pool, so no binding uses them and bind never picks them; the numbers in use, the
 * pools and the app ids are byte for byte what they were before (fingerprints taken on the code
 * before the change). Over real HTTP with signed requests; every sandbox closed in afterEach.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/main';
import { signedPost } from './helpers/signedPost';

const DAY = 86_400_000;
/** Pinned, so that due dates (and so the reply text) are the same on every run. */
const START = Date.UTC(2026, 0, 15, 12, 0, 0);

interface NumberRecord {
  number: string;
  ccode: string;
  country: string;
  dueDate: string;
  state: number;
  type: string;
  appId: string;
  autoRenew: number;
}
interface PoolRecord {
  poolNumber: string;
  numberList: string[];
  appId: string;
}

const open: Sandbox[] = [];
async function sandbox(o: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ startTime: START, expireFormat: 'seconds', ...o });
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Every record of a paged endpoint, page by page. */
async function every<T>(sb: Sandbox, path: string, appId?: string): Promise<T[]> {
  const out: T[] = [];
  for (let current = 1; ; current++) {
    const env = JSON.parse(await signedPost(sb, path, { current, size: 100, params: appId === undefined ? {} : { appId } }));
    assert.equal(env.status, '0', JSON.stringify(env).slice(0, 200));
    out.push(...env.data.records);
    if (current >= env.data.pages) return out;
  }
}

describe('sandbox: numbers in use, expired and disabled', function () {
  this.timeout(30_000);

  it('lists per app its pool in use, then 1..2 expired numbers and one disabled, in no pool and used by no binding', async () => {
    for (const o of [{ bindings: 3000 }, { apps: 8, bindings: 3000, seed: 99 }, { apps: 1, bindings: 10, seed: 5 }]) {
      const sb = await sandbox(o);
      const numbers = await every<NumberRecord>(sb, '/number/queryPage');
      const pools = await every<PoolRecord>(sb, '/number/queryNumberPool');
      assert.equal(new Set(numbers.map((n) => n.number)).size, numbers.length, 'every number once');
      const used = new Set(sb.bindings().flatMap((b) => [b.pnsNumberA, b.pnsNumberB]));
      for (const appId of sb.appIds) {
        const mine = numbers.filter((n) => n.appId === appId);
        const pool = new Set(pools.find((p) => p.appId === appId)!.numberList);
        const states = mine.map((n) => n.state);
        const inUse = states.filter((s) => s === 3).length;
        assert.equal(inUse, pool.size, `${appId}: the numbers in use are the pool`);
        assert.deepEqual(states.slice(0, inUse), Array(inUse).fill(3), `${appId}: the pool first`);
        const expired = states.filter((s) => s === 4).length;
        assert.ok(expired >= 1 && expired <= 2, `${appId}: 1..2 expired (${states.join()})`);
        assert.equal(states.filter((s) => s === 5).length, 1, `${appId}: one disabled`);
        assert.equal(mine.length, inUse + expired + 1, `${appId}: no other state (${states.join()})`);
        for (const n of mine) {
          assert.equal(pool.has(n.number), n.state === 3, `${n.number} (state ${n.state}) is in the pool iff in use`);
          assert.ok(n.number.startsWith(n.ccode) && /^\d+$/.test(n.number), JSON.stringify(n));
          assert.equal(n.ccode, mine[0].ccode, "the app's country");
          if (n.state === 3) continue;
          assert.ok(!used.has(n.number), `${n.number} (state ${n.state}) carries no binding`);
          assert.equal(n.autoRenew, 0, 'not renewing');
          const due = Number(n.dueDate) * 1000 - START;
          if (n.state === 4) assert.ok(due < 0 && due >= -60 * DAY, `expired: due ${due / DAY} days from the start`);
          else assert.ok(due > 30 * DAY && due <= 365 * DAY, `disabled: due ${due / DAY} days from the start`);
        }
      }
    }
  });

  it('keeps the numbers in use, the pools and the app ids of before (fingerprints from before the new states)', async () => {
    for (const [o, ids, inUse, pools] of [
      [{}, ['AHogFJZO', 'eJmRhF9Q', 'RV9PsdRi'], '75089a1163d6b698a063cf987ea35444', 'c328c799b71dc6de942a4917b1cf1e16'],
      [{ apps: 8, bindings: 3000, seed: 99 }, ['rgVTBvWE', 'k8fwKyjL', '8g9sGUli', 'gdSymIxW', '8NNYiwyT', 'L5y7vWXw', '3ILqcUu3', '6rTZCo75'], '128e5cd371604ebb7fb288362cee1f68', '36eae30fc4ac925097c2b915bb725d3b'],
    ] as const) {
      // (the fingerprints were taken with expireFormat 'text', the default)
      const sb = await sandbox({ ...o, expireFormat: 'text' });
      assert.deepEqual(sb.appIds, ids);
      const numbers = await every<NumberRecord>(sb, '/number/queryPage');
      assert.equal(md5(JSON.stringify(numbers.filter((n) => n.state === 3))), inUse, 'the numbers in use');
      assert.equal(md5(JSON.stringify(await every<PoolRecord>(sb, '/number/queryNumberPool'))), pools, 'the pools');
    }
  });

  it('gives the same numbers for the same seed and other expired and disabled numbers for another seed', async () => {
    const retired = async (seed: number) => (await every<NumberRecord>(await sandbox({ seed }), '/number/queryPage')).filter((n) => n.state !== 3);
    const a = await retired(21);
    assert.deepEqual(await retired(21), a);
    assert.notDeepEqual(await retired(22), a);
  });

  it('never binds an expired or disabled number, and refuses one as poolNumber (-22)', async () => {
    const sb = await sandbox({ apps: 1, bindings: 50, seed: 3, startTime: Math.floor(Date.now() / 1000) * 1000 });
    const app = sb.appIds[0];
    const numbers = await every<NumberRecord>(sb, '/number/queryPage', app);
    const retired = numbers.filter((n) => n.state !== 3).map((n) => n.number);
    assert.ok(retired.length >= 2);
    for (const poolNumber of retired) {
      const r = JSON.parse(await signedPost(sb, '/number/pns/bind', { phoneA: '919500000001', phoneB: '919500000002', expireS: 600, appId: app, bizType: 2, poolNumber }));
      assert.equal(r.status, '-22', `${poolNumber}: ${JSON.stringify(r)}`);
    }
    // One phone takes every free number with AXXB bindings until none is left (-41).
    const bound: string[] = [];
    for (let i = 0; i < numbers.length; i++) {
      const r = JSON.parse(await signedPost(sb, '/number/pns/bind', { phoneA: '919600000000', phoneB: `9196000001${String(i).padStart(2, '0')}`, expireS: 600, appId: app, bizType: 2 }));
      if (r.status === '-41') break;
      assert.equal(r.status, '0', JSON.stringify(r));
      bound.push(r.data.pnsNumberA, r.data.pnsNumberB);
    }
    assert.ok(bound.length > 0);
    for (const n of retired) assert.ok(!bound.includes(n), `${n} was bound`);
  });
});
