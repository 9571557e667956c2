/**
 * A record nested thousands of levels deep (a hostile server's) is read, listed and written out
 * to a sane depth: capDepth replaces what lies deeper than MAX_JSON_DEPTH (64) with a
 * placeholder, so JSON.stringify (which recurses, and overflows the stack at some 5,000 levels)
 * never sees it. The page comes from a real loopback server.
 */
import { strict as assert } from 'node:assert';
import { PnsClient, capDepth, exportBindings, toJson, type ExportOptions } from '../../src/api';
import { envelope, json, startRawServer, vendorRecord, type RawServer } from './helpers/rawServer';

const KEY = 'deep-json-key';
const SECRET = 'deep-json-secret-0q';
const PLACEHOLDER = '… nested too deep';
const DEEP = 10_000;
/** `[[[…]]]` nested `n` levels, as text. */
const brackets = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('capDepth', () => {
  it('replaces what is nested deeper than the limit, objects and arrays alike', () => {
    assert.deepEqual(capDepth({ a: { b: { c: 1 } }, d: [1, [2, [3]]] }, 2), { a: { b: PLACEHOLDER }, d: [1, PLACEHOLDER] });
    assert.deepEqual(capDepth([[['x']]], 3), [[['x']]]);
    assert.deepEqual(capDepth([[['x']]], 1, null), [null]);
    assert.equal(capDepth('text', 1), 'text');
  });

  it('hands back the value itself when it is within the limit (no copy)', () => {
    const flat = { bindId: '1', nested: { a: [1, 2] } };
    assert.equal(capDepth(flat, 3), flat);
  });

  it('keeps a "__proto__" key a key', () => {
    const parsed = JSON.parse('{"__proto__":{"x":{"y":1}},"k":1}') as unknown;
    const capped = capDepth(parsed, 2) as Record<string, unknown>;
    assert.equal(JSON.stringify(capped), `{"__proto__":{"x":"${PLACEHOLDER}"},"k":1}`);
    assert.equal(Object.getPrototypeOf(capped), Object.prototype);
  });

  it(`a value ${DEEP.toLocaleString('en')} levels deep is written to 64 levels`, () => {
    const deep = JSON.parse(brackets(DEEP)) as unknown;
    assert.throws(() => JSON.stringify(deep), RangeError, 'JSON.stringify itself copes: the test shows nothing');
    assert.equal(JSON.stringify(capDepth(deep)), `${'['.repeat(64)}"${PLACEHOLDER}"${']'.repeat(64)}`);
  });
});

describe('a record nested 10,000 levels deep, from a loopback server', function () {
  this.timeout(20_000);
  let server: RawServer;
  let client: PnsClient;
  before(async () => {
    server = await startRawServer();
    client = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 5000 });
  });
  after(async () => {
    client.dispose();
    await server.close();
  });

  /** A page of two bindings; the second carries `extra` and `expireTime` nested DEEP levels. */
  const reply = () => {
    const deep = vendorRecord(1, { extra: '@EXTRA@', expireTime: '@EXPIRE@' });
    const text = JSON.stringify(envelope({ total: 2, size: 10, current: 1, records: [vendorRecord(0), deep] }));
    // Written as text: JSON.stringify could not write it.
    return text.replace('"@EXTRA@"', brackets(DEEP)).replace('"@EXPIRE@"', `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`);
  };

  it('is listed (its odd expiry kept as text to 64 levels) and written to a JSON export without a crash', async () => {
    server.handle((_r, res) => json(res, reply()));
    const page = await client.queryBindPage({ current: 1, size: 10 });
    assert.deepEqual(page.records.map((r) => r.bindId), ['1000', '1001']);
    const r = page.records[1];
    assert.equal(r.expireTime, `${'{"a":'.repeat(64)}"${PLACEHOLDER}"${'}'.repeat(64)}`);
    assert.equal(r.expiresAt, null);
    const o: ExportOptions = { now: Date.UTC(2023, 9, 1), expiringSoonHours: 24, zoneOffsetMinutes: 480 };
    const whole = JSON.parse(toJson(page.records, o)) as Array<{ raw: { extra: unknown } }>;
    assert.equal(JSON.stringify(whole[1].raw.extra), `${'['.repeat(63)}"${PLACEHOLDER}"${']'.repeat(63)}`);
    let streamed = '';
    await exportBindings(client, { format: 'json', out: (c) => void (streamed += c), ...o });
    assert.equal(streamed, toJson(page.records, o));
  });
});
