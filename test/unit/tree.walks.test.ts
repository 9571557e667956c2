import { strict as assert } from 'node:assert';
import { asWalk, onWalking, walking } from '../../src/tree/walks';

describe('tree: walks running', () => {
  it('counts overlapping walks until the last settles, also when one fails; listeners hear the first start and the last end', async () => {
    const heard: boolean[] = [];
    const sub = onWalking((w) => heard.push(w));
    try {
      assert.equal(walking(), false);
      let release!: () => void;
      const first = asWalk(() => new Promise<void>((r) => (release = r)));
      assert.equal(walking(), true);
      await assert.rejects(asWalk(() => Promise.reject(new Error('boom'))), /boom/);
      assert.equal(walking(), true, 'the first walk still runs');
      release();
      await first;
      assert.equal(walking(), false);
      assert.deepEqual(heard, [true, false]);
    } finally {
      sub.dispose();
    }
  });
});
