/**
 * csvRow's fast paths against cells written out by hand, the streamed JSON against toJson
 * (one JSON.stringify of the whole array), and what a failed export leaves written.
 */
import { strict as assert } from 'node:assert';
import {
  PnsApiError,
  PnsAbortError,
  PnsClient,
  collectBindings,
  exportBindings,
  normaliseRecord,
  toCsv,
  toJson,
  type BindPage,
  type BindPageSource,
  type BindingRecord,
  type ExportOptions,
} from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';

const ZONE = 480;
const OPTS: ExportOptions = { now: Date.UTC(2023, 9, 22), expiringSoonHours: 24, zoneOffsetMinutes: ZONE, appId: 'app-1' };
/** The export's options without an app (the sandbox tests name theirs). */
const STREAM = { now: OPTS.now, expiringSoonHours: OPTS.expiringSoonHours, zoneOffsetMinutes: OPTS.zoneOffsetMinutes };
const HEADER = 'bindId,appId,phoneA,phoneB,pnsNumberA,pnsNumberB,mode,expireTime,expiresAt,expiresAtVendorZone,state\r\n';

function rec(raw: Record<string, unknown>): BindingRecord {
  const r = normaliseRecord(raw, ZONE);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

const base = { bindId: 100, phoneA: '915027021995', phoneB: '915027021996', pnsNumberA: '91502211', pnsNumberB: '91502212' };

/** The lines of toCsv after the header. */
function lines(records: BindingRecord[], o: ExportOptions = OPTS): string[] {
  return toCsv(records, o).split('\r\n').slice(1, -1);
}

/** A page source over fixed records (100 a page), failing on page `failOn` if given. */
function fixedSource(records: BindingRecord[], failOn?: number): BindPageSource {
  return {
    async queryBindPage(q): Promise<BindPage> {
      await new Promise((r) => setImmediate(r));
      if (q.current === failOn) throw new PnsApiError('-1', 'no such page');
      const from = (q.current - 1) * q.size;
      return { total: records.length, totalReported: true, size: q.size, current: q.current, pages: Math.ceil(records.length / q.size), records: records.slice(from, from + q.size), skipped: 0, warnings: [] };
    },
  };
}

describe('export fast paths: csvRow cells', () => {
  it('digit columns, text, time and state cells as csvCell would write them', () => {
    const got = lines([
      rec({ ...base, bindId: '  42 ', phoneA: '+91 502-702 1995', expireTime: '2023-10-22 09:00:00' }),
      rec({ ...base, expireTime: '=HYPERLINK("x"),1' }),
      rec({ ...base, expireTime: ' 2023-10-23 09:00:00 ' }),
      rec({ ...base, expireTime: '2023-10-23;09:00' }),
      rec({ ...base, expireTime: '2023-10-23 09:00:00\u00A0' }),
      rec({ ...base, expireTime: '-1' }),
      rec({ ...base, expireTime: '' }),
    ]);
    assert.deepEqual(got, [
      '42,app-1,915027021995,915027021996,91502211,91502212,AXXB,2023-10-22 09:00:00,2023-10-22T01:00:00.000Z,2023-10-22 09:00:00 +08:00,expiring',
      `100,app-1,915027021995,915027021996,91502211,91502212,AXXB,"'=HYPERLINK(""x""),1",,,unknown`,
      '100,app-1,915027021995,915027021996,91502211,91502212,AXXB,2023-10-23 09:00:00,2023-10-23T01:00:00.000Z,2023-10-23 09:00:00 +08:00,active',
      '100,app-1,915027021995,915027021996,91502211,91502212,AXXB,"2023-10-23;09:00",,,unknown',
      '100,app-1,915027021995,915027021996,91502211,91502212,AXXB,2023-10-23 09:00:00,2023-10-23T01:00:00.000Z,2023-10-23 09:00:00 +08:00,active',
      "100,app-1,915027021995,915027021996,91502211,91502212,AXXB,'-1,,,unknown",
      '100,app-1,915027021995,915027021996,91502211,91502212,AXXB,,,,unknown',
    ]);
  });

  it('a year outside 0000..9999 goes through csvCell (its text starts with + or -), the edges of the range do not', () => {
    const at = (expiresAt: number): BindingRecord => ({ ...rec(base), expireTime: 'x', expiresAt });
    const got = lines([at(Date.UTC(10000, 0, 1)), at(Date.UTC(-1, 0, 1)), at(-62_167_219_200_000 - 8 * 3_600_000), at(Date.UTC(9999, 11, 31, 15, 59, 59, 999)), at(8.64e15 + 1)], { ...OPTS, now: 0 });
    assert.deepEqual(
      got.map((l) => l.split(',').slice(8).join(',')),
      ["'+010000-01-01T00:00:00.000Z,10000-01-01 08:00:00 +08:00,active", "'-000001-01-01T00:00:00.000Z,'-1-01-01 08:00:00 +08:00,expired", "'-000001-12-31T16:00:00.000Z,0-01-01 00:00:00 +08:00,expired", '9999-12-31T15:59:59.999Z,9999-12-31 23:59:59 +08:00,active', ',,unknown'],
    );
  });

  it('the appId cell follows each record and each export (the remembered cell never leaks)', () => {
    const records = [rec(base), rec({ ...base, appId: ' other ' }), rec({ ...base, appId: '=cmd' }), rec({ ...base, appId: 7 }), rec(base)];
    assert.deepEqual(
      lines(records).map((l) => l.split(',')[1]),
      ['app-1', 'other', "'=cmd", '7', 'app-1'],
    );
    assert.ok(lines([rec(base)], { ...OPTS, appId: 'b,c' })[0].startsWith('100,"b,c",915027021995,'));
    assert.equal(lines([rec(base)], { ...OPTS, appId: undefined })[0].split(',')[1], '');
  });
});

describe('export: the streamed JSON', () => {
  it('is what toJson gives, for escapes, flat and nested raw values, values JSON leaves out or writes as null, null columns and a raw with toJSON', async () => {
    const records = [
      rec(base),
      rec({ ...base, bindId: 101, appId: 'q"uote\\back\nline\u2028\u0001', expireTime: 'not a time', note: '\uD800 lone', nested: { a: [1, { b: null }], e: {}, f: [] } }),
      rec({ ...base, bindId: 102, expireTime: 1700000000, flag: true, n: -0, big: '12345678901234567890' }),
      { ...rec({ ...base, bindId: 103 }), raw: { toJSON: (key: string) => ({ key }) } as unknown as Record<string, unknown> },
      { ...rec({ ...base, bindId: 104 }), raw: undefined as unknown as Record<string, unknown> },
      { ...rec({ ...base, bindId: 105 }), raw: { bindId: 105, n: NaN, i: -Infinity, u: undefined, f: () => 1, t: true, no: false, z: null, s: 'x', 2: 'two', 1: 'one' } },
      { ...rec({ ...base, bindId: 106 }), raw: {} },
      { ...rec({ ...base, bindId: 107 }), raw: { u: undefined } },
      { ...rec({ ...base, bindId: 108 }), raw: ['a', { b: 1 }] as unknown as Record<string, unknown> },
    ];
    let text = '';
    const res = await exportBindings(fixedSource(records), { format: 'json', out: (c) => void (text += c), ...OPTS });
    assert.equal(res.count, records.length);
    assert.equal(text, toJson(records, OPTS));
    assert.ok(text.includes('"key": "raw"'), 'toJSON is called with the key "raw", as in the whole array');
  });
});

describe('exportBindings: what a failure leaves in the output', function () {
  this.timeout(60_000);
  let sb: Sandbox;
  let client: PnsClient;
  let app: string;
  let records: BindingRecord[];

  before(async () => {
    sb = await startSandbox({ bindingsPerApp: [2345], seed: 11, latencyMs: 1 });
    app = sb.appIds[0];
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 10_000 });
    records = (await collectBindings(client, { appId: app })).records;
  });
  after(async () => {
    client.dispose();
    await sb.close();
  });

  it('a page that fails, a cancel, or a failing output leave every page before it written, and nothing after', async () => {
    const fixed = records.slice(0, 1000);
    let text = '';
    await assert.rejects(exportBindings(fixedSource(fixed, 7), { format: 'csv', out: (c) => void (text += c), concurrency: 4, ...STREAM, maxAttemptsPerPage: 1 }), PnsApiError);
    assert.equal(text, HEADER + lines(fixed.slice(0, 600), STREAM).map((l) => l + '\r\n').join(''));
    text = '';
    await assert.rejects(exportBindings(fixedSource(fixed, 7), { format: 'json', out: (c) => void (text += c), concurrency: 4, ...STREAM, maxAttemptsPerPage: 1 }), PnsApiError);
    assert.equal(text, toJson(fixed.slice(0, 600), STREAM).slice(0, -2));
    // Cancelled after the 5th page: those five pages are in the output.
    const ac = new AbortController();
    text = '';
    await assert.rejects(
      exportBindings(client, { appId: app, format: 'csv', out: (c) => void (text += c), signal: ac.signal, ...STREAM, onProgress: (p) => void (p.pages === 5 && ac.abort()) }),
      PnsAbortError,
    );
    assert.equal(text, HEADER + lines(records.slice(0, 500), { ...STREAM, appId: app }).map((l) => l + '\r\n').join(''));
    // An output that fails: its error, and nothing written after it.
    const boom = new Error('disk full');
    let writes = 0;
    let afterFailure = 0;
    await assert.rejects(
      exportBindings(client, {
        appId: app,
        format: 'csv',
        ...STREAM,
        out: async () => {
          if (writes > 1) afterFailure++;
          if (++writes === 2) throw boom;
        },
      }),
      (e: unknown) => e === boom,
    );
    assert.equal(afterFailure, 0);
  });
});
