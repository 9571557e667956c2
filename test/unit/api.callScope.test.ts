/**
 * Whose calls (src/api/endpoints/callScope.ts): the predicates of a binding, an app, a middle
 * number and a phone on hand-written records, hostile values included; and callRecordsFor with a scope and
 * `keep` against a raw loopback server (the newest kept, every match counted, each call once).
 */
import { strict as assert } from 'node:assert';
import { callPredicate, callRecordsFor, PnsClient, PnsValidationError, type CallScope } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const DAY = 86_400_000;

describe('call scope: which records are whose calls', () => {
  describe('a binding (its phones, compared by digits)', () => {
    const is = callPredicate({ kind: 'binding', numbers: ['+44 7700 900001', '447700900002'] });
    it('matches caller, called or number with the digits of one of the numbers', () => {
      assert.equal(is({ caller: '447700900001', called: '15550000000', number: '441234000000' }), true);
      assert.equal(is({ caller: '15550000000', called: '+44 (7700) 900-002', number: '441234000000' }), true);
      assert.equal(is({ caller: '', called: '', number: '447700900001' }), true);
      assert.equal(is({ caller: '15550000000', called: '15550000001', number: '441234000000' }), false);
    });
    it('a part of a number is not the number', () => {
      assert.equal(is({ caller: '4477009000011' }), false);
      assert.equal(is({ caller: '47700900001' }), false);
      assert.equal(is({ caller: '' }), false);
    });
    it('hostile fields never match and never throw', () => {
      const hostile: unknown[] = [447700900001, 447700900001n, null, undefined, {}, { toString: () => '447700900001' }, ['447700900001'], true, NaN, `447700900001${' '.repeat(100)}`];
      for (const v of hostile) assert.equal(is({ caller: v, called: v, number: v }), false, String(typeof v));
    });
    it('a binding without any digit is refused (nothing would be read for nothing)', () => {
      for (const numbers of [[], ['', 'abc', '+ -'], [5 as unknown as string], '447700900001' as unknown as string[]]) {
        assert.throws(() => callPredicate({ kind: 'binding', numbers }), PnsValidationError, JSON.stringify(numbers));
      }
    });
  });

  describe('an app (its id on the record)', () => {
    const is = callPredicate({ kind: 'app', appId: 'rides-01' });
    it('matches the record\'s appId exactly (blanks around ignored), nothing else', () => {
      assert.equal(is({ appId: 'rides-01', caller: '1', called: '2', number: '3' }), true);
      assert.equal(is({ appId: ' rides-01 ' }), true);
      for (const other of ['rides-02', 'RIDES-01', 'rides-0', 'rides-01x', 'x rides-01', '', 'rides\u000001']) assert.equal(is({ appId: other }), false, other);
      // The numbers do not matter for an app.
      assert.equal(is({ caller: 'rides-01', called: 'rides-01', number: 'rides-01' }), false);
    });
    it('hostile appId values never match and never throw', () => {
      for (const v of [null, undefined, 1, {}, ['rides-01'], { toString: () => 'rides-01' }, `rides-01${' '.repeat(300)}`]) assert.equal(is({ appId: v }), false, String(v));
    });
    it('an app id that is not one is refused', () => {
      for (const appId of ['', '   ', 'a b', 'x'.repeat(65), 'a<b', 'a"b', 7 as unknown as string, null as unknown as string]) {
        assert.throws(() => callPredicate({ kind: 'app', appId }), PnsValidationError, String(appId));
      }
    });
  });

  describe('a middle number (the number the call went through)', () => {
    const is = callPredicate({ kind: 'number', number: '+44 7700 900123' });
    it('matches the record\'s number by digits; caller and called do not count', () => {
      assert.equal(is({ number: '447700900123' }), true);
      assert.equal(is({ number: '+44-7700-900123' }), true);
      assert.equal(is({ number: '447700900124' }), false);
      assert.equal(is({ number: '4477009001230' }), false);
      assert.equal(is({ number: '', caller: '447700900123', called: '447700900123' }), false);
    });
    it('a number field that is not a string never matches and never throws', () => {
      for (const v of [447700900123, 447700900123n, null, undefined, { toString: () => '447700900123' }, ['447700900123'], NaN, Infinity, `447700900123${'0'.repeat(0)}${' '.repeat(60)}`]) {
        assert.equal(is({ number: v }), false, String(typeof v));
      }
    });
    it('a middle number with too few or too many digits is refused', () => {
      for (const number of ['', '12', 'abc', '1'.repeat(21), 447700900123 as unknown as string, undefined as unknown as string]) {
        assert.throws(() => callPredicate({ kind: 'number', number }), PnsValidationError, String(number));
      }
      assert.doesNotThrow(() => callPredicate({ kind: 'number', number: '123' }));
    });
  });

  describe('a phone (Find Calls by Number: caller or called, never the middle number)', () => {
    const is = callPredicate({ kind: 'phone', phone: '+91 98765-43210' });
    it('matches caller or called by digits; the middle number alone never', () => {
      assert.equal(is({ caller: '919876543210', called: '15550000000', number: '441234000000' }), true);
      assert.equal(is({ caller: '15550000000', called: '+91 (98765) 43210', number: '441234000000' }), true);
      assert.equal(is({ caller: '15550000000', called: '15550000001', number: '919876543210' }), false);
      assert.equal(is({ caller: '9198765432100', called: '19876543210' }), false);
    });
    it('hostile fields never match and never throw', () => {
      for (const v of [919876543210, 919876543210n, null, undefined, {}, { toString: () => '919876543210' }, ['919876543210'], true, NaN, `919876543210${' '.repeat(100)}`, '9'.repeat(100_000)]) {
        assert.equal(is({ caller: v, called: v, number: v }), false, String(typeof v));
      }
    });
  });

  it('a scope that is none of the four is refused', () => {
    for (const s of [null, undefined, 5, {}, { kind: 'all' }, { kind: 'APP', appId: 'x' }]) assert.throws(() => callPredicate(s as unknown as CallScope), PnsValidationError, JSON.stringify(s));
  });
});

describe('callRecordsFor with a scope and keep (raw loopback server)', () => {
  let server: RawServer;
  const client = () => new PnsClient({ baseUrl: server.url, apiKey: 'scope-test-key', apiSecret: 'scope-test-secret-1', timeoutMs: 1000, expireTimeZone: '+00:00' });
  const TO = Date.UTC(2024, 2, 15);
  const FROM = TO - 40 * DAY;
  /** 400 calls, one every 2.4 hours from FROM: every 3rd of app A, every 4th through number N. */
  const APP = 'app-A';
  const N = '447700900555';
  function dataset(): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 400; i++) {
      const t = FROM + i * (DAY / 10);
      out.push({
        callid: `c${String(i).padStart(3, '0')}`,
        appId: i % 3 === 0 ? APP : 'app-B',
        // about one in five middle numbers sent as a JSON number (the normaliser makes it text)
        number: i % 4 === 0 ? (i % 20 === 0 ? Number(N) : N) : '447700900999',
        caller: '15550000000',
        called: '15550000001',
        startTime: String(t / 1000),
      });
    }
    return out;
  }
  beforeEach(async () => {
    server = await startRawServer();
    const all = dataset();
    server.handle((req, res) => {
      const b = JSON.parse(req.body) as { current: number; size: number; params: { strTime: string; endTime: string } };
      const from = Date.parse(b.params.strTime);
      const to = Date.parse(b.params.endTime);
      // Both ends inclusive: a call on the boundary of the two windows is answered twice.
      const inWindow = all.filter((r) => Number(r.startTime) * 1000 >= from && Number(r.startTime) * 1000 <= to);
      json(res, envelope({ total: inWindow.length, size: b.size, current: b.current, records: inWindow.slice((b.current - 1) * b.size, b.current * b.size) }));
    });
  });
  afterEach(async () => {
    await server.close();
  });

  // Expected values from the dataset's own rule, not from the predicate.
  const ids = (pred: (i: number) => boolean) => [...Array(400).keys()].filter(pred).reverse().map((i) => `c${String(i).padStart(3, '0')}`);

  it('an app: every call of the app, newest first, each once across the two windows', async () => {
    const r = await callRecordsFor(client(), { scope: { kind: 'app', appId: APP }, from: FROM, to: TO, size: 25, concurrency: 3 });
    const want = ids((i) => i % 3 === 0);
    assert.deepEqual(r.records.map((x) => x.callId), want);
    assert.equal(r.matched, want.length);
    assert.equal(r.windows, 2);
    assert.ok(r.scanned >= 400, `scanned ${r.scanned}`);
  });

  it('a middle number: every call through it (also when sent as a JSON number)', async () => {
    const r = await callRecordsFor(client(), { scope: { kind: 'number', number: `+${N}` }, from: FROM, to: TO, size: 50 });
    const want = ids((i) => i % 4 === 0);
    assert.deepEqual(r.records.map((x) => x.callId), want);
    assert.equal(r.matched, want.length);
  });

  it('keep: only the newest are kept, every match is counted, and the kept are the true newest', async () => {
    for (const keep of [1, 7, 50]) {
      const r = await callRecordsFor(client(), { scope: { kind: 'app', appId: APP }, from: FROM, to: TO, size: 10, keep });
      const all = ids((i) => i % 3 === 0);
      assert.equal(r.matched, all.length, `keep ${keep}: matched`);
      assert.deepEqual(r.records.map((x) => x.callId), all.slice(0, keep), `keep ${keep}: the newest`);
    }
  });

  it('a bad keep or scope is refused before anything is sent', async () => {
    for (const keep of [0, -1, 1.5, NaN, 2_000_000]) {
      await assert.rejects(callRecordsFor(client(), { scope: { kind: 'app', appId: APP }, from: FROM, to: TO, keep }), PnsValidationError, String(keep));
    }
    await assert.rejects(callRecordsFor(client(), { scope: { kind: 'number', number: '12' }, from: FROM, to: TO }), PnsValidationError);
    await assert.rejects(callRecordsFor(client(), { scope: { kind: 'app', appId: 'a b' }, from: FROM, to: TO }), PnsValidationError);
    assert.equal(server.requests.length, 0);
  });
});
