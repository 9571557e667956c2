// Each character JSON must escape, alone in a value, in a column and in the vendor's flat raw
// record of the streamed JSON export: the text goes through UTF-8 bytes, as in the file, and
// must parse back to the very strings written here.
import { strict as assert } from 'node:assert';
import { exportBindings, normaliseRecord, type BindPage, type BindPageSource, type BindingRecord } from '../../src/api';

const OPTS = { now: Date.UTC(2023, 9, 22), expiringSoonHours: 24, zoneOffsetMinutes: 480 };
const base = { phoneA: '915027021995', phoneB: '915027021996', pnsNumberA: '91502211', pnsNumberB: '91502211', expireTime: '2023-10-22 09:00:00' };

function rec(raw: Record<string, unknown>): BindingRecord {
  const r = normaliseRecord(raw, 480);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

function source(records: BindingRecord[]): BindPageSource {
  return {
    async queryBindPage(q): Promise<BindPage> {
      const from = (q.current - 1) * q.size;
      return { total: records.length, totalReported: true, size: q.size, current: q.current, pages: Math.ceil(records.length / q.size), records: records.slice(from, from + q.size), skipped: 0, warnings: [] };
    },
  };
}

/** [what, a value holding that one character and nothing else JSON escapes] */
const VALUES: Array<[string, string]> = [
  ['a double quote', 'say "hi'],
  ['a backslash', 'C:\\temp'],
  ['a control character', 'ding\u0007dong'],
  ['a lone high surrogate', 'half \uD800 pair'],
  ['a lone low surrogate', '\uDC00 tail'],
];

describe('JSON export: every character JSON escapes, alone in a value', () => {
  for (const [what, value] of VALUES) {
    it(`${what}: in a column and in the raw record, parses back from the file's bytes unchanged`, async () => {
      const records = [rec({ ...base, bindId: 1, appId: value, note: value })];
      let text = '';
      const res = await exportBindings(source(records), { format: 'json', out: (c) => void (text += c), ...OPTS });
      assert.equal(res.count, 1);
      const fromFile = Buffer.from(text, 'utf8').toString('utf8');
      const parsed = JSON.parse(fromFile) as Array<{ appId: string; raw: { note: string; appId: string } }>;
      assert.equal(parsed.length, 1);
      assert.equal(parsed[0].appId, value);
      assert.equal(parsed[0].raw.appId, value);
      assert.equal(parsed[0].raw.note, value);
    });
  }
});
