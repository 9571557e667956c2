/**
 * Middle numbers (number/queryPage), number pools (number/queryNumberPool) and discoverAppIds:
 * against the real sandbox, and against raw loopback servers for the vendor's quirks.
 */
import { strict as assert } from 'node:assert';
import { PnsClient, PnsAbortError, PnsTransportError, PnsValidationError, appOfNumber, discoverAppIds, type MiddleNumber } from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { startRawServer, json, envelope, type RawServer } from './helpers/rawServer';

const KEY = 'numbers-test-key';
const SECRET = 'numbers-test-secret-41';

describe('numbers and pools against the sandbox', () => {
  let sb: Sandbox;
  let c: PnsClient;
  before(async () => {
    sb = await startSandbox({ apiKey: KEY, apiSecret: SECRET, apps: 3, bindings: 30, seed: 11 });
    c = new PnsClient({ baseUrl: sb.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000 });
  });
  after(async () => {
    c.dispose();
    await sb.close();
  });

  async function everyNumber(appId?: string): Promise<MiddleNumber[]> {
    const out: MiddleNumber[] = [];
    for (let current = 1; ; current++) {
      const p = await c.queryNumberPage({ current, size: 7, appId });
      out.push(...p.records);
      if (current >= p.pages) return out;
    }
  }

  it('pages through the numbers: strings of digits, state, due date, app id', async () => {
    const p = await c.queryNumberPage({ current: 1, size: 5 });
    assert.ok(p.total > 0);
    assert.equal(p.size, 5);
    assert.equal(p.pages, Math.ceil(p.total / 5));
    assert.deepEqual(p.warnings, []);
    for (const n of p.records) {
      assert.match(n.number, /^\d+$/);
      assert.ok(['in-use', 'expired', 'disabled'].includes(n.state), n.state);
      assert.ok(n.dueDate !== null && n.dueDate > Date.UTC(2020, 0, 1), `dueDate ${n.dueDateText}`);
      assert.ok(sb.appIds.includes(n.appId));
    }
    const all = await everyNumber();
    assert.equal(all.length, p.total);
    const one = await everyNumber(sb.appIds[1]);
    assert.ok(one.length > 0 && one.every((n) => n.appId === sb.appIds[1]));
  });

  it('reads the number pools: whitelist, concurrency, numbers', async () => {
    const p = await c.queryNumberPool();
    assert.equal(p.records.length, sb.appIds.length);
    const all = await everyNumber();
    for (const pool of p.records) {
      assert.match(pool.poolNumber, /\S/);
      assert.deepEqual(pool.customerWhitelist, []);
      assert.equal(pool.maxConcurrency, 10);
      // The pool has the app's numbers in use; its expired and disabled ones are in no pool.
      assert.deepEqual(pool.numberList.sort(), all.filter((n) => n.appId === pool.appId && n.state === 'in-use').map((n) => n.number).sort());
    }
    const one = await c.queryNumberPool({ appId: sb.appIds[0] });
    assert.equal(one.records.length, 1);
  });

  it('discoverAppIds: every app once, with how many numbers it has', async () => {
    const all = await everyNumber();
    const r = await discoverAppIds(c, { size: 3, concurrency: 4 });
    assert.deepEqual(r.apps.map((a) => a.appId).sort(), [...sb.appIds].sort());
    for (const a of r.apps) assert.equal(a.numbers, all.filter((n) => n.appId === a.appId).length);
    assert.equal(r.numbers, all.length);
    assert.equal(r.invalid, 0);
    assert.equal(r.pages, Math.ceil(all.length / 3));
  });

  it('appOfNumber: the app of a binding\'s middle number, read from the numbers list; unknown numbers give undefined', async () => {
    // A binding of each app, as "All apps" lists it (its record names no app).
    for (const appId of sb.appIds) {
      const b = sb.bindings(appId)[0];
      assert.equal(await appOfNumber(c, b.pnsNumberA, { size: 7 }), appId, `binding ${b.bindId}`);
      assert.equal(await appOfNumber(c, `+${b.pnsNumberB}`), appId, 'written with a +');
    }
    assert.equal(await appOfNumber(c, '999000111222'), undefined, 'not a number of this key');
    assert.equal(await appOfNumber(c, ''), undefined);
    // Stops at the page that has it; never reads past maxPages.
    const last = (await everyNumber()).at(-1)!;
    const before = sb.requestCount;
    assert.equal(await appOfNumber(c, last.number, { size: 7, maxPages: 1 }), undefined);
    assert.equal(sb.requestCount - before, 1);
  });

  it('refuses bad pages and app ids without sending anything', async () => {
    const before = sb.requestCount;
    for (const q of [{ current: 0, size: 10 }, { current: 1, size: 101 }, { current: 1, size: 10, appId: 'a b' }, { current: 1, size: 10, appId: 'x"y' }]) {
      await assert.rejects(c.queryNumberPage(q), PnsValidationError);
    }
    await assert.rejects(c.queryNumberPool({ size: 0 }), PnsValidationError);
    assert.equal(sb.requestCount, before);
  });
});

describe('numbers and pools: the vendor quirks (raw loopback server)', () => {
  let server: RawServer;
  const client = () => new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 1000, expireTimeZone: '+08:00' });
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('numbers as JSON numbers keep every digit; states 3/4/5/other; dueDate in every documented form', async () => {
    server.handle((_r, res) =>
      json(
        res,
        '{"status":"0","reason":"ok","data":{"total":6,"size":20,"current":1,"pages":1,"records":[' +
          '{"number":9150270219951234567,"ccode":91,"country":"IN","state":3,"type":"MOBILE","dueDate":"2024-03-01","appId":"app1","autoRenew":1},' +
          '{"number":"915027021996","state":"4","dueDate":"1709251200","appId":"app1","autoRenew":"0"},' +
          '{"number":"915027021997","state":5,"dueDate":1709251200000,"appId":"app2"},' +
          '{"number":"915027021998","state":9,"dueDate":"soon","remark":"[click](command:x)"},' +
          '{"state":3},' +
          '"not a record"' +
          ']}}',
      ),
    );
    const p = await client().queryNumberPage({ current: 1, size: 10 });
    assert.deepEqual(p.warnings.slice(0, 1), ['skipped a number record has no usable number']);
    assert.equal(p.skipped, 2);
    assert.ok(p.warnings.some((w) => /echoed size 20 for a request of 10/.test(w)));
    const [a, b, c, d] = p.records;
    assert.equal(a.number, '9150270219951234567');
    assert.equal(a.ccode, '91');
    assert.equal(a.state, 'in-use');
    assert.equal(a.dueDate, Date.UTC(2024, 2, 1) - 8 * 3_600_000); // midnight in +08:00
    assert.equal(a.autoRenew, true);
    assert.equal(b.state, 'expired');
    assert.equal(b.dueDate, 1_709_251_200_000);
    assert.equal(b.autoRenew, false);
    assert.equal(c.state, 'disabled');
    assert.equal(c.dueDate, 1_709_251_200_000);
    assert.equal(c.autoRenew, null);
    assert.equal(d.state, 'unknown');
    assert.equal(d.dueDate, null);
    assert.equal(d.dueDateText, 'soon');
    assert.equal(d.appId, '');
    assert.ok(!/[[\]()]/.test(d.remark), d.remark);
  });

  it('sends current, size and params (appId only when given)', async () => {
    server.handle((_r, res) => json(res, envelope({ total: 0, records: [] })));
    await client().queryNumberPage({ current: 2, size: 10, appId: ' app1 ' });
    await client().queryNumberPool();
    assert.equal(server.requests[0].url, '/v3/number/queryPage');
    assert.deepEqual(JSON.parse(server.requests[0].body), { current: 2, size: 10, params: { appId: 'app1' } });
    assert.equal(server.requests[1].url, '/v3/number/queryNumberPool');
    assert.deepEqual(JSON.parse(server.requests[1].body), { current: 1, size: 100, params: {} });
  });

  it('pools: maxConcurrency as a string or a number, whitelist split at commas, bad numbers dropped', async () => {
    server.handle((_r, res) =>
      json(
        res,
        envelope({
          total: 3,
          records: [
            { poolNumber: 'P1', customerWhitelist: '1.2.3.4, 5.6.7.8,,', maxConcurrency: '25', numberList: ['915022110', 915022111, 'x<script>', null] },
            { poolNumber: 77, customerWhitelist: null, maxConcurrency: 'many', numberList: '915022112,915022113' },
            { customerWhitelist: '' },
          ],
        }),
      ),
    );
    const p = await client().queryNumberPool();
    assert.equal(p.skipped, 1);
    assert.deepEqual(p.records.map((r) => [r.poolNumber, r.customerWhitelist, r.maxConcurrency, r.numberList]), [
      ['P1', ['1.2.3.4', '5.6.7.8'], 25, ['915022110', '915022111']],
      ['77', [], null, ['915022112', '915022113']],
    ]);
  });

  it('an unusable reply is a PnsTransportError naming the endpoint', async () => {
    server.handle((_r, res) => json(res, envelope({ total: 5, records: 'nope' })));
    const e = await client().queryNumberPage({ current: 1, size: 10 }, { retries: 0 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsTransportError && e.kind === 'invalid-response');
    assert.match(e.message, /number\/queryPage/);
  });

  it('a page with more numbers than its size is an invalid reply that says how many', async () => {
    server.handle((_r, res) => json(res, envelope({ total: 500, records: Array.from({ length: 51 }, (_, i) => ({ number: `9150221${100 + i}`, state: 3 })) })));
    const e = await client().queryNumberPage({ current: 1, size: 50 }, { retries: 0 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsTransportError && e.kind === 'invalid-response', String(e));
    assert.match(e.message, /number\/queryPage.*sent 51 records for a page of 50\./);
  });

  it('discoverAppIds drops app ids that break the rule (counted), counts the rest, most numbers first', async () => {
    const ids = ['app1', 'app2', 'app1', '<b>x</b>', '', 'a'.repeat(65), 'app2', 'app2', 'has space', "q'uote"];
    const recs = ids.map((appId, i) => ({ number: String(915000000000 + i), appId, state: 3 }));
    server.handle((req, res) => {
      const { current, size } = JSON.parse(req.body) as { current: number; size: number };
      json(res, envelope({ total: recs.length, size, current, records: recs.slice((current - 1) * size, current * size) }));
    });
    const r = await discoverAppIds(client(), { size: 3, concurrency: 2 });
    assert.deepEqual(r.apps, [
      { appId: 'app2', numbers: 3 },
      { appId: 'app1', numbers: 2 },
    ]);
    assert.equal(r.invalid, 5);
    assert.equal(r.numbers, 10);
    assert.equal(r.pages, 4);
  });

  it('discoverAppIds is cancellable', async () => {
    server.handle(() => undefined); // never answers
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(discoverAppIds(client(), { signal: ac.signal }), PnsAbortError);
  });
});
