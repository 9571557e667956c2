/**
 * CSV and JSON export: RFC 4180 quoting, CRLF, formula neutralisation, and a round trip of
 * the CSV through a small RFC 4180 parser of the tests' own (helpers/csv.ts).
 */
import { strict as assert } from 'node:assert';
import { EXPORT_COLUMNS, PnsClient, csvCell, normaliseRecord, toCsv, toJson, type BindingRecord, type ExportOptions } from '../../src/api';
import { startSandbox } from '../../src/sandbox/main';
import { parseCsv } from './helpers/csv';

const ZONE = 480; // +08:00
const NOW = Date.UTC(2023, 9, 22, 0, 0, 0); // 2023-10-22 08:00 in +08:00
const OPTS: ExportOptions = { now: NOW, expiringSoonHours: 24, zoneOffsetMinutes: ZONE, appId: 'app-1' };

function rec(raw: Record<string, unknown>): BindingRecord {
  const r = normaliseRecord(raw, ZONE);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

const base = { bindId: 100, phoneA: '915027021995', phoneB: '915027021996', pnsNumberA: '91502211', pnsNumberB: '91502211' };

/** What a spreadsheet may skip before a formula: Unicode white space and invisible format characters. */
const BLANKS = /^[\s\u0085\u180E\u200B-\u200F\u2028\u2029\u202A-\u202F\u2060-\u2064\uFEFF]*/u;

/** True when a spreadsheet could run a (parsed) cell as a formula. */
function runsAsFormula(cell: string): boolean {
  if (cell.startsWith("'")) return false;
  return /^[\t\r]/.test(cell) || /^[=+\-@＝＋－＠]/.test(cell.replace(BLANKS, ''));
}

/** [value, the CSV field csvCell must write for it], written out by hand. */
const HOSTILE: readonly [string, string][] = [
  [' =1+1', "' =1+1"],
  ['   @SUM(A1)', "'   @SUM(A1)"],
  ['\u00A0=1+1', "'\u00A0=1+1"],
  ['\n=1+1', `"'\n=1+1"`],
  ['\r\n-1', `"'\r\n-1"`],
  ['\t=1', `"'\t=1"`],
  ['\u200B=1+1', "'\u200B=1+1"],
  ['\uFEFF=1+1', "'\uFEFF=1+1"],
  ['\u2000+1', "'\u2000+1"],
  ['\u2007-1', "'\u2007-1"],
  ['\u200A@x', "'\u200A@x"],
  ['\u200D=1', "'\u200D=1"],
  ['\u200E=1', "'\u200E=1"],
  ['\u200F=1', "'\u200F=1"],
  ['\u2028=1', `'\u2028=1`],
  ['\u2029=1', `'\u2029=1`],
  ['\u3000=1', "'\u3000=1"],
  ['\u180E=1', "'\u180E=1"],
  ['\u202F=1', "'\u202F=1"],
  ['\u205F=1', "'\u205F=1"],
  ['\u2060=1', "'\u2060=1"],
  [' \u00A0\u200B\uFEFF\u3000=1', "' \u00A0\u200B\uFEFF\u3000=1"],
  ['＝1+1', "'＝1+1"],
  ['＋1', "'＋1"],
  ['－1', "'－1"],
  ['＠SUM(A1)', "'＠SUM(A1)"],
  ['\u3000＝1', "'\u3000＝1"],
  ['1;=1+1', '"1;=1+1"'],
  ['a;b', '"a;b"'],
  ['=1;2', `"'=1;2"`],
  ['-1,2', `"'-1,2"`],
  ['a\tb', '"a\tb"'],
  // harmless, left as they are
  [' plain', ' plain'],
  ['\u00A0x', '\u00A0x'],
  ['1-1', '1-1'],
];

describe('export: formula neutralisation gaps', () => {
  it('csvCell judges the first non-blank character and quotes ; and TAB', () => {
    assert.deepEqual(HOSTILE.map(([value]) => csvCell(value)), HOSTILE.map(([, field]) => field));
  });

  it('a line of hostile cells parses back with no cell a spreadsheet would run, ; always quoted', () => {
    const fields = HOSTILE.map(([v]) => csvCell(v));
    const rows = parseCsv(fields.join(',') + '\r\n');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].length, HOSTILE.length);
    rows[0].forEach((cell, i) => {
      const value = HOSTILE[i][0];
      assert.ok(cell === value || cell === `'${value}`, `cell ${i} changed: ${JSON.stringify(cell)}`);
      assert.ok(!runsAsFormula(cell), `formula cell ${JSON.stringify(cell)}`);
      if (/[;,]/.test(value)) assert.ok(fields[i].startsWith('"') && fields[i].endsWith('"'), `unquoted ${JSON.stringify(fields[i])}`);
    });
  });

  const evil = {
    bindId: '=300',
    appId: ' \u00A0@app\u200B ',
    phoneA: '=HYPERLINK("http://evil.example","call")',
    phoneB: '+91 502-702-1996',
    pnsNumberA: '－91502211',
    pnsNumberB: '@91502212',
    expireTime: '\u3000\t=1+1 ',
  };

  it('toCsv trims appId and expireTime and keeps only the digits of ids and numbers', () => {
    const records = [rec(evil), rec({ ...base, expireTime: ' 2023-10-22 09:00:00\u00A0' })];
    const csv = toCsv(records, { ...OPTS, appId: '\u2003 app-2 ' });
    const lines = csv.split('\r\n');
    assert.equal(lines[1], "300,'@app,,915027021996,91502211,91502212,AXXB,'=1+1,,,unknown");
    assert.equal(lines[2], '100,app-2,915027021995,915027021996,91502211,91502211,AXB,2023-10-22 09:00:00,2023-10-22T01:00:00.000Z,2023-10-22 09:00:00 +08:00,expiring');
    for (const r of parseCsv(csv)) for (const cell of r) assert.ok(!runsAsFormula(cell), `formula cell ${JSON.stringify(cell)}`);
  });

  it('toJson has the same trimmed, digits-only columns and the raw record untouched', () => {
    const [o] = JSON.parse(toJson([rec(evil)], OPTS)) as Record<string, unknown>[];
    assert.deepEqual(o, {
      bindId: '300',
      appId: '@app',
      phoneA: '',
      phoneB: '915027021996',
      pnsNumberA: '91502211',
      pnsNumberB: '91502212',
      mode: 'AXXB',
      expireTime: '=1+1',
      expiresAt: null,
      expiresAtVendorZone: null,
      state: 'unknown',
      raw: evil,
    });
  });
});

describe('export: csvCell', () => {
  it('leaves plain values alone', () => {
    assert.equal(csvCell('915027021995'), '915027021995');
    assert.equal(csvCell(''), '');
    assert.equal(csvCell('AXB'), 'AXB');
    assert.equal(csvCell('2023-10-22 09:00:00'), '2023-10-22 09:00:00');
  });
  it('quotes commas, quotes, CR and LF, doubling the quotes', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('"'), '""""');
    assert.equal(csvCell('line1\nline2'), '"line1\nline2"');
    assert.equal(csvCell('line1\r\nline2'), '"line1\r\nline2"');
  });
  it('neutralises a leading =, +, -, @, TAB or CR with a single quote', () => {
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-5'), "'-5");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), `"'\tx"`); // a TAB is quoted too
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.equal(csvCell('=1,2'), `"'=1,2"`);
    // only at the start
    assert.equal(csvCell('1=1'), '1=1');
    assert.equal(csvCell('a-b'), 'a-b');
  });
});

describe('export: toCsv', () => {
  it('has the header, CRLF line ends and one row per record, numbers untouched', () => {
    const records = [rec({ ...base, expireTime: '2023-10-22 09:00:00' }), rec({ ...base, bindId: '101', pnsNumberB: 91502212, expireTime: '2023-10-21 09:00:00' })];
    const csv = toCsv(records, OPTS);
    assert.ok(!csv.startsWith('\uFEFF'), 'no BOM by default');
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.replace(/\r\n/g, '').includes('\n'), false, 'a bare LF');
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'bindId,appId,phoneA,phoneB,pnsNumberA,pnsNumberB,mode,expireTime,expiresAt,expiresAtVendorZone,state');
    assert.deepEqual(lines[0].split(','), [...EXPORT_COLUMNS]);
    assert.equal(lines.length, 4); // header, 2 rows, '' after the last CRLF
    assert.equal(lines[1], '100,app-1,915027021995,915027021996,91502211,91502211,AXB,2023-10-22 09:00:00,2023-10-22T01:00:00.000Z,2023-10-22 09:00:00 +08:00,expiring');
    assert.equal(lines[2], '101,app-1,915027021995,915027021996,91502211,91502212,AXXB,2023-10-21 09:00:00,2023-10-21T01:00:00.000Z,2023-10-21 09:00:00 +08:00,expired');
  });

  it('states and zones: active, expiring, expired, unknown; another vendor zone', () => {
    const rows = parseCsv(
      toCsv(
        [
          rec({ ...base, expireTime: String((NOW + 48 * 3600_000) / 1000) }),
          rec({ ...base, expireTime: String(NOW + 3600_000) }),
          rec({ ...base, expireTime: '2020-01-01 00:00' }),
          rec({ ...base, expireTime: 'soon' }),
        ],
        { ...OPTS, zoneOffsetMinutes: -330 },
      ),
    );
    assert.deepEqual(rows.slice(1).map((r) => r[10]), ['active', 'expiring', 'expired', 'unknown']);
    assert.equal(rows[1][8], '2023-10-24T00:00:00.000Z');
    assert.equal(rows[1][9], '2023-10-23 18:30:00 -05:30');
    assert.deepEqual(rows[4].slice(7, 10), ['soon', '', '']);
  });

  it('round-trips through an RFC 4180 parser, hostile values included', () => {
    const hostile = ['=1+1', '-5', '+91', '@cmd', '\t=x', '\r=x', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', ' =lead space', 'ünïcødé ☎'];
    const records = hostile.map((e, i) => rec({ ...base, bindId: 200 + i, expireTime: e }));
    const rows = parseCsv(toCsv(records, OPTS));
    assert.equal(rows.length, hostile.length + 1);
    for (const r of rows) assert.equal(r.length, EXPORT_COLUMNS.length);
    // expireTime is trimmed of blanks first, so '\t=x', '\r=x' and ' =lead space' lose them
    const expected = ["'=1+1", "'-5", "'+91", "'@cmd", "'=x", "'=x", 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf', "'=lead space", 'ünïcødé ☎'];
    assert.deepEqual(rows.slice(1).map((r) => r[7]), expected);
    assert.deepEqual(rows.slice(1).map((r) => r[0]), hostile.map((_, i) => String(200 + i)));
    // no cell a spreadsheet would run as a formula
    for (const r of rows) for (const cell of r) assert.ok(!runsAsFormula(cell), `formula cell ${JSON.stringify(cell)}`);
  });

  it('a record\'s own appId wins over the option; none at all gives an empty cell', () => {
    const rows = parseCsv(toCsv([rec({ ...base, appId: 'own', expireTime: '' }), rec({ ...base, expireTime: '' })], { ...OPTS, appId: undefined }));
    assert.equal(rows[1][1], 'own');
    assert.equal(rows[2][1], '');
  });

  it('adds a UTF-8 BOM only when asked', () => {
    const csv = toCsv([], { ...OPTS, bom: true });
    assert.ok(csv.startsWith('\uFEFFbindId,'));
    assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    assert.equal(toCsv([], OPTS), `${EXPORT_COLUMNS.join(',')}\r\n`);
  });

  it('exports what the sandbox serves, every binding a row that parses back', async function () {
    this.timeout(10_000);
    const sb = await startSandbox({ bindingsPerApp: [250], seed: 4 });
    const client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
    try {
      const records: BindingRecord[] = [];
      for (let p = 1; p <= 3; p++) records.push(...(await client.queryBindPage({ current: p, size: 100, appId: sb.appIds[0] })).records);
      const rows = parseCsv(toCsv(records, { ...OPTS, appId: sb.appIds[0], now: Date.now() }));
      const truth = sb.bindings(sb.appIds[0]);
      assert.equal(rows.length, 251);
      rows.slice(1).forEach((r, i) => {
        const b = truth[i];
        assert.deepEqual(r.slice(0, 6), [b.bindId, sb.appIds[0], b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB]);
        assert.equal(Date.parse(r[8]), b.expiresAt);
      });
    } finally {
      client.dispose();
      await sb.close();
    }
  });
});

describe('export: toJson', () => {
  it('a pretty array of objects with the same columns plus raw', () => {
    const records = [rec({ ...base, expireTime: '2023-10-22 09:00:00' }), rec({ ...base, bindId: '12345678901234567890', expireTime: '=1+1' })];
    const text = toJson(records, OPTS);
    assert.ok(text.startsWith('[\n  {\n'), 'not pretty-printed');
    const arr = JSON.parse(text) as Record<string, unknown>[];
    assert.equal(arr.length, 2);
    for (const o of arr) assert.deepEqual(Object.keys(o), [...EXPORT_COLUMNS, 'raw']);
    assert.deepEqual(arr[0], {
      bindId: '100',
      appId: 'app-1',
      phoneA: '915027021995',
      phoneB: '915027021996',
      pnsNumberA: '91502211',
      pnsNumberB: '91502211',
      mode: 'AXB',
      expireTime: '2023-10-22 09:00:00',
      expiresAt: '2023-10-22T01:00:00.000Z',
      expiresAtVendorZone: '2023-10-22 09:00:00 +08:00',
      state: 'expiring',
      raw: { ...base, expireTime: '2023-10-22 09:00:00' },
    });
    // JSON is not a spreadsheet: values are kept exactly; unknown times are null
    assert.equal(arr[1].expireTime, '=1+1');
    assert.equal(arr[1].bindId, '12345678901234567890');
    assert.equal(arr[1].expiresAt, null);
    assert.equal(arr[1].state, 'unknown');
    assert.equal(toJson([], OPTS), '[]');
  });
});
