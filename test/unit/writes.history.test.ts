// The write history's store (src/writes/history.ts) on a real temporary folder: appended and read
// newest first, cut back to its cap, torn or foreign lines skipped, no full phone and no secret
// written, concurrent appends all kept; its CSV read back by the tests' own reader.
import { strict as assert } from 'node:assert';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_FILE, historyCsv, WriteHistory, type WriteEntry } from '../../src/writes/history';
import { parseCsv } from './helpers/csv';

const entry = (i: number, over: Partial<WriteEntry> = {}): WriteEntry => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  kind: i % 2 ? 'unbind' : 'bind',
  accountId: 'acc-1',
  accountName: 'Production',
  appId: 'app1',
  bindId: `b${i}`,
  phoneA: '+91 74•••• 3233',
  phoneB: '+91 70•••• 0002',
  outcome: 'done',
  status: '0',
  ...over,
});

describe('write history store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'laaffic-history-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what was appended, newest first, and an empty history as []', async () => {
    const h = new WriteHistory(dir);
    assert.deepEqual(await h.read(), []);
    for (let i = 0; i < 3; i++) await h.append(entry(i));
    const back = await h.read();
    assert.deepEqual(
      back.map((e) => e.bindId),
      ['b2', 'b1', 'b0'],
    );
    assert.deepEqual(back[2], entry(0));
  });

  it('is cut back to its cap, keeping the newest', async () => {
    const h = new WriteHistory(dir, 10);
    for (let i = 0; i < 12; i++) await h.append(entry(i));
    const lines = (await readFile(join(dir, HISTORY_FILE), 'utf8')).split('\n').filter(Boolean);
    assert.equal(lines.length, 10, 'the file was not cut back');
    assert.deepEqual(
      (await h.read()).map((e) => e.bindId),
      ['b11', 'b10', 'b9', 'b8', 'b7', 'b6', 'b5', 'b4', 'b3', 'b2'],
    );
  });

  it('skips torn and foreign lines', async () => {
    const h = new WriteHistory(dir);
    await h.append(entry(1));
    const file = join(dir, HISTORY_FILE);
    await appendFile(file, '{"at":"2026-01-01T00:00:09.000Z","kind":"bind","outc\n[1,2]\nnot json\n{"at":"x","kind":"bind","outcome":"done"}\n{"at":"2026-01-01T00:00:09.000Z","kind":"delete","outcome":"done"}\nnull\n', 'utf8');
    await h.append(entry(2));
    assert.deepEqual(
      (await h.read()).map((e) => e.bindId),
      ['b2', 'b1'],
    );
  });

  it('never writes a full phone or a secret-looking run, whatever was passed in', async () => {
    const h = new WriteHistory(dir);
    const secret = '0123456789abcdef0123456789abcdef';
    await h.append(entry(1, { phoneA: '917414913233', phoneB: '+91 70001 00002', message: `Sign ${secret} rejected` }));
    const text = await readFile(join(dir, HISTORY_FILE), 'utf8');
    assert.ok(!text.replace(/\D/g, ' ').split(' ').some((run) => run.length >= 5), `a run of 5+ digits was written: ${text}`);
    assert.ok(!text.includes(secret), 'the secret-looking run was written');
    const [back] = await h.read();
    assert.ok(back.phoneA.endsWith('3233') && back.phoneB.endsWith('0002'), JSON.stringify(back));
  });

  it('keeps every one of many appends made at once', async () => {
    const h = new WriteHistory(dir);
    await Promise.all(Array.from({ length: 60 }, (_, i) => h.append(entry(i))));
    const back = await h.read();
    assert.equal(back.length, 60);
    assert.deepEqual(new Set(back.map((e) => e.bindId)).size, 60);
  });

  it('exports CSV whose cells cannot start a formula', () => {
    const csv = historyCsv([entry(1, { accountName: '=HYPERLINK("http://x","y")', message: '@SUM(1)', status: '-24', outcome: 'already-gone' })]);
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], ['time', 'kind', 'outcome', 'status', 'account', 'accountId', 'appId', 'bindId', 'phoneA', 'phoneB', 'message', 'batch']);
    const row = rows[1];
    assert.equal(row[4], `'=HYPERLINK("http://x","y")`);
    assert.equal(row[3], `'-24`);
    assert.equal(row[10], `'@SUM(1)`);
    assert.equal(row[8], `'+91 74•••• 3233`);
    assert.equal(row[2], 'already-gone');
  });
});
