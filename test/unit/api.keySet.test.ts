// The stream's de-duplication set (src/api/keySet.ts) against a Set: the same answers for integer
// keys well past the first table (it grows), for keys that collide in their low bits, and for
// every key the table does not hold (0, negatives, fractions, NaN, -0, unsafe integers, strings).
import { strict as assert } from 'node:assert';
import { compactKey } from '../../src/api/pages';
import { KeySet } from '../../src/api/keySet';

describe('api: KeySet', () => {
  it('adds and counts what a Set adds and counts', () => {
    const keys: Array<string | number> = [1, 2, 0, -1, 1.5, NaN, -0, 2 ** 53, 2 ** 53 - 1, 2 ** 32, 2 ** 32 + 1, 4294967296 * 3 + 1, '1', '', 'abc'];
    for (let i = 0; i < 50_000; i++) keys.push(1 + ((i * 7919) % 30_000) * 4294967296 + (i % 3));
    for (let i = 0; i < 5000; i++) keys.push(compactKey(String(338534153 - i * 7)));
    const ks = new KeySet();
    const set = new Set<string | number>();
    const added: boolean[] = [];
    const want: boolean[] = [];
    for (const k of [...keys, ...keys.slice(0, 100), ...keys.slice(-100)]) {
      want.push(!set.has(k));
      set.add(k);
      added.push(ks.add(k));
      assert.equal(ks.size, set.size);
    }
    assert.deepEqual(added, want);
  });
});
