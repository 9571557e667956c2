// Where credentials may go, at the edges the mutation pass (scripts/mutate.mjs) found untested:
// which names and addresses are loopback, which base URLs are refused, and what a name that
// resolves to several addresses, or to none, does. Servers are real loopback HTTP servers.
import { strict as assert } from 'node:assert';
import type { LookupFunction } from 'node:net';
import { isLoopbackAddress, isLoopbackHost, originVerdict, parseBaseUrl, PnsClient, PnsTransportError, PnsValidationError } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const KEY = 'kOrigins42';
const SECRET = 'sOrigins-secret-77';

describe('loopback: by name and by address', () => {
  const hosts: Array<[string, boolean]> = [
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['localhost.evil.example', false],
    ['notlocalhost', false],
    ['127.0.0.1.evil.example', false],
    ['128.0.0.1', false],
    ['evil.example', false],
  ];
  for (const [host, loopback] of hosts) {
    it(`host ${host}: ${loopback ? 'loopback' : 'not loopback'}`, () => assert.equal(isLoopbackHost(host), loopback));
  }

  const addresses: Array<[string, boolean]> = [
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:192.0.2.10', false],
    ['::ffff:10.0.0.1', false],
    ['2001:db8::1', false],
    ['fe80::1', false],
    ['192.0.2.10', false],
    ['10.0.0.1', false],
  ];
  for (const [address, loopback] of addresses) {
    it(`address ${address}: ${loopback ? 'loopback' : 'not loopback'}`, () => assert.equal(isLoopbackAddress(address), loopback));
  }

  it('a plain-http look-alike of localhost is not allowed without asking', () => {
    assert.equal(originVerdict('http://localhost.evil.example:8787', undefined, undefined), 'ask');
    assert.equal(originVerdict('http://127.0.0.1.evil.example', undefined, undefined), 'ask');
  });
});

describe('parseBaseUrl(): what is refused before anything is sent', () => {
  const refused: Array<[string, RegExp]> = [
    ['ftp://api.example/v3', /must start with https:\/\//],
    ['file:///etc/passwd', /must start with https:\/\//],
    ['ws://127.0.0.1:8787/v3', /must start with https:\/\//],
    ['https://:hunter2@api.example/v3', /user name or password/],
    ['https://someone@api.example/v3', /user name or password/],
    ['https://api.example/v3#frag', /query \(\?…\) or fragment/],
    ['https://api.example/v3?x=1', /query \(\?…\) or fragment/],
    ['http://api.example/v3', /Refusing to send credentials over plain http:\/\/ to api\.example/],
    ['http://localhost.evil.example/v3', /Refusing to send credentials over plain http:\/\//],
    ['http://127.0.0.1.evil.example/v3', /Refusing to send credentials over plain http:\/\//],
  ];
  for (const [url, words] of refused) {
    it(`${url}: refused`, () => {
      assert.throws(() => parseBaseUrl(url), (e: unknown) => e instanceof PnsValidationError && words.test(e.message));
    });
  }
  it('loopback over http and any host over https are accepted', () => {
    assert.equal(parseBaseUrl('http://[::1]:8787/v3').href, 'http://[::1]:8787/v3/');
    assert.equal(parseBaseUrl('https://api.example/v3').href, 'https://api.example/v3/');
  });
});

describe('credentials that cannot go in a header are refused, never echoed', () => {
  for (const [what, apiKey, words] of [
    ['empty', '', /The API key is empty/],
    ['blank', '   ', /The API key is empty/],
    ['with a space', 'my key', /spaces or characters that cannot be sent/],
  ] as const) {
    it(`an API key ${what}`, () => {
      assert.throws(
        () => new PnsClient({ baseUrl: 'http://127.0.0.1:9/v3', apiKey, apiSecret: SECRET }),
        (e: unknown) => e instanceof PnsValidationError && words.test(e.message) && (apiKey.trim() === '' || !e.message.includes(apiKey)),
      );
    });
  }
});

describe('plain http://: every address a name resolves to must be loopback', () => {
  let server: RawServer;
  beforeEach(async () => {
    server = await startRawServer((_r, res) => json(res, envelope({ total: 0, size: 10, current: 1, pages: 0, records: [] })));
  });
  afterEach(() => server.close());

  /** A resolver that answers `list` for every name (no DNS query is made). */
  const resolvingTo =
    (list: Array<{ address: string; family: 4 | 6 }>): LookupFunction =>
    (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, list);
      else if (list.length) (cb as (e: null, a: string, f: number) => void)(null, list[0].address, list[0].family);
      else (cb as (e: null, a: string, f: number) => void)(null, '', 4);
    };

  async function refused(list: Array<{ address: string; family: 4 | 6 }>): Promise<void> {
    const c = new PnsClient({ baseUrl: `http://localhost:${server.port}/v3`, apiKey: KEY, apiSecret: SECRET, lookup: resolvingTo(list), timeoutMs: 3000, retry: { retries: 2, baseDelayMs: 1 } });
    try {
      const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsTransportError, String(e));
      assert.equal(e.code, 'ERR_LAAFFIC_NOT_LOOPBACK');
      assert.equal(server.requests.length, 0);
    } finally {
      c.dispose();
    }
  }

  it('"localhost" resolving to ::ffff:192.0.2.10 (an IPv4-mapped remote address): refused, nothing sent', () => refused([{ address: '::ffff:192.0.2.10', family: 6 }]));
  it('"localhost" resolving to 2001:db8::1: refused, nothing sent', () => refused([{ address: '2001:db8::1', family: 6 }]));
  it('"localhost" resolving to 127.0.0.1 and 192.0.2.10: refused, nothing sent', () =>
    refused([
      { address: '127.0.0.1', family: 4 },
      { address: '192.0.2.10', family: 4 },
    ]));
  it('"localhost" resolving to no address at all: refused as not loopback, nothing sent', () => refused([]));
});
