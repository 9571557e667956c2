// An export cancelled before it starts writes nothing at all (not even the CSV header) and asks
// the source for nothing: a gap the mutation pass (scripts/mutate.mjs) listed.
import { strict as assert } from 'node:assert';
import { exportBindings, PnsAbortError, type BindPage, type BindPageSource } from '../../src/api';

describe('export: cancelled before it starts', () => {
  for (const format of ['csv', 'json'] as const) {
    it(`${format}: PnsAbortError, no write, no page asked for`, async () => {
      let asked = 0;
      const source: BindPageSource = {
        async queryBindPage(q): Promise<BindPage> {
          asked++;
          return { total: 0, totalReported: true, size: q.size, current: q.current, pages: 0, records: [], skipped: 0, warnings: [] };
        },
      };
      const ac = new AbortController();
      ac.abort();
      const writes: string[] = [];
      const e = await exportBindings(source, { format, out: (c) => void writes.push(c), signal: ac.signal, bom: true }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsAbortError, String(e));
      assert.deepEqual(writes, []);
      assert.equal(asked, 0);
    });
  }
});
