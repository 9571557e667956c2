/**
 * A short fault soak in `npm test` (the long one is `npm run soak`): 2,000 bindings walked
 * 5 times in pages of 100 while the sandbox faults 10 % of the requests (every kind, hang
 * included at a low share with a short timeout). Every walk must see exactly the sandbox's
 * bindings, once each and in order, with no unhandled rejection.
 */
import { strict as assert } from 'node:assert';
import { formatSoak, runSoak } from '../bench/soak';

describe('fault soak (short)', function () {
  this.timeout(60_000);

  it('2,000 bindings × 5 walks under 10 % faults: every record once, no unhandled rejection', async () => {
    const r = await runSoak({
      bindings: 2_000,
      walks: 5,
      pageSize: 100,
      faultRate: 0.1,
      hangShare: 0.03,
      timeoutMs: 1_000,
      retry: { baseDelayMs: 5, maxDelayMs: 50 },
      seed: 7,
      requireEveryKind: false,
      maxFailuresPerWalk: 50,
    });
    console.log(formatSoak(r).replace(/^/gm, '      '));
    assert.deepEqual(r.violations, []);
    assert.equal(r.recordsPerWalk.min, 2_000);
    assert.equal(r.recordsPerWalk.max, 2_000);
    assert.equal(r.duplicates, 0);
    assert.equal(r.unhandledRejections, 0);
    assert.ok(r.pageLoads >= 5 * 20, `page loads ${r.pageLoads}`);
    assert.ok(r.faultsTotal > 0, 'no fault was injected');
    assert.ok(r.retries > 0, 'nothing was retried');
    assert.ok(r.httpRequests >= r.pageLoads + r.faultsTotal - 1);
  });
});
