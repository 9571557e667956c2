/**
 * An export holds no page it has written: a million bindings must fit in a small heap (the
 * export's worker has 256 MB), so once a page is written nothing may keep its records.
 */
import { strict as assert } from 'node:assert';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { exportBindings, normaliseRecord, type BindPageSource, type BindingRecord } from '../../src/api';

const PAGES = 60;

describe('export: memory', () => {
  it('the records of pages already written are garbage (nothing holds them)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const written: WeakRef<object>[] = [];
    const source: BindPageSource = {
      async queryBindPage(q) {
        await new Promise((r) => setImmediate(r));
        const records: BindingRecord[] = [];
        for (let i = 0; i < q.size; i++) {
          const r = normaliseRecord({ bindId: (q.current - 1) * q.size + i + 1, phoneA: '915027021995', phoneB: '915027021996', pnsNumberA: '91502211', pnsNumberB: '91502212', expireTime: '1700000000' }, 480);
          if (typeof r === 'string') throw new Error(r);
          records.push(r);
        }
        written[q.current] = new WeakRef(records);
        return { total: PAGES * q.size, totalReported: true, size: q.size, current: q.current, pages: PAGES, records, skipped: 0, warnings: [] };
      },
    };
    let alive: number[] | undefined;
    await exportBindings(source, {
      format: 'csv',
      out: () => undefined,
      concurrency: 4,
      onProgress: (p) => {
        if (p.pages !== PAGES - 10) return;
        gc();
        alive = [];
        for (let n = 1; n <= 20; n++) if (written[n].deref() !== undefined) alive.push(n);
      },
    });
    assert.deepEqual(alive, [], `pages written but still held: ${alive?.join(', ')}`);
  });
});
