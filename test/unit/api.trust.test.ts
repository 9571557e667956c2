// Trust boundaries of the core: what a hostile server can put in front of the user or into the
// log, how far it can move the clock the client signs with, and where plain http:// may go.
// Every server here is a real loopback HTTP server; nothing mocks fetch.
import { strict as assert } from 'node:assert';
import type { LookupFunction } from 'node:net';
import { collectBindings, DEFAULT_MAX_CHARS, originVerdict, PnsApiError, PnsClient, PnsTransportError, PnsWalkError, safeText, sign, type RequestInfo, type RetryInfo } from '../../src/api';
import { envelope, json, startRawServer, type RawServer } from './helpers/rawServer';

const KEY = 'kTrust42x';
const SECRET = 'sTrust-secret-9f3';
const LINK = /\[[^\]]*\]\s*\(/; // the start of a markdown link or image: [label](
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** Every way the text could still carry something dangerous. */
function assertSafe(text: string, what: string, signs: string[] = []): void {
  assert.ok(!LINK.test(text), `${what} holds a markdown link: ${text}`);
  assert.ok(!/[[\]`]/.test(text), `${what} holds [ ] or a backtick: ${text}`);
  assert.ok(!LINE_BREAK.test(text), `${what} holds a line break: ${JSON.stringify(text)}`);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u001f\u007f]/.test(text), `${what} holds a control character: ${JSON.stringify(text)}`);
  for (const s of [KEY, SECRET, ...signs]) assert.ok(!text.includes(s), `${what} leaks ${s.slice(0, 3)}…: ${text}`);
  assert.ok(!/[0-9a-f]{32}/i.test(text), `${what} holds a Sign-like hex run: ${text}`);
}

describe('safeText()', () => {
  const cases: Array<[string, unknown, string]> = [
    ['plain text stays', 'queried too frequently', 'queried too frequently'],
    ['a command link is no link', '[Fix it](command:laafficPns.clearCredentials)', '［Fix it］（command:laafficPns.clearCredentials）'],
    ['an image is no image', '![x](https://evil.example/p.png)', '!［x］（https://evil.example/p.png）'],
    ['backticks become quotes', 'a `code` span', "a 'code' span"],
    ['line breaks and tabs become one space', 'line 1\r\n\tline 2\u2028line 3\u2029end\u0085!', 'line 1 line 2 line 3 end !'],
    ['control characters become spaces, zero-width and bidi characters go', 'a\u0000b\u001bc\u200bd\u202ee\u2066f\ufeffg', 'a b cdefg'],
    ['a 32-hex Sign is removed', `sign 05d7a50893e22a5c4bb3216ae3396c7c ok`, 'sign *** ok'],
    ['numbers become text', -16, '-16'],
    ['null becomes empty', null, ''],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => assert.equal(safeText(input), expected));
  }

  it('removes the key and the secret, also where the cut falls inside them', () => {
    assert.equal(safeText(`key ${KEY} and secret ${SECRET}.`, { secrets: [KEY, SECRET] }), 'key *** and secret ***.');
    for (let pad = 0; pad < SECRET.length + 3; pad++) {
      const out = safeText(`${'x'.repeat(40 - pad)}${SECRET}tail`, { max: 42, secrets: [SECRET] });
      assert.ok(Array.from(out).length <= 42, out);
      for (let n = 4; n <= SECRET.length; n++) assert.ok(!out.includes(SECRET.slice(0, n)), `cut at ${pad} leaves ${SECRET.slice(0, n)}: ${out}`);
    }
  });

  it('caps the length, with an ellipsis, without splitting a surrogate pair', () => {
    const out = safeText('😀'.repeat(400), { max: 10 });
    assert.equal(Array.from(out).length, 10);
    assert.ok(out.endsWith('…'));
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(out), 'a lone high surrogate');
  });

  it("markup: 'links' keeps this code's own parentheses but still breaks every link", () => {
    assert.equal(safeText('Timed out (15 s).', { markup: 'links' }), 'Timed out (15 s).');
    assert.ok(!LINK.test(safeText('[x](command:y)', { markup: 'links' })));
  });
});

describe('a hostile server cannot put links, line breaks or secrets in front of the user', () => {
  let server: RawServer;
  let requests: RequestInfo[];
  let retries: RetryInfo[];
  let c: PnsClient;
  beforeEach(async () => {
    server = await startRawServer();
    requests = [];
    retries = [];
    c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 2000, retry: { retries: 1, baseDelayMs: 1 }, onRequest: (i) => requests.push(i), onRetry: (i) => retries.push(i) });
  });
  afterEach(async () => {
    c.dispose();
    await server.close();
  });

  /** The Signs the server was sent (it could echo any of them). */
  const signsSent = () => server.requests.map((r) => String(r.headers.sign));

  it('a reason with a command link, forged log lines, the key, the secret and the Sign', async () => {
    server.handle((req, res) =>
      json(res, envelope(null, '-1', `[Set credentials](command:laafficPns.clearCredentials)\n2026-01-01 [info] GET /fake → HTTP 200\r\nkey=${req.headers['api-key']} secret=${SECRET} sign=${req.headers.sign} \`x\``)),
    );
    const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsApiError, String(e));
    assert.equal(e.status, '-1');
    assert.ok(e.reason.includes('Set credentials'), 'the words of the reason are still shown');
    for (const [what, text] of [['message', e.message], ['hint', e.hint], ['reason', e.reason]] as const) assertSafe(text, what, signsSent());
    for (const r of requests) assertSafe(`${r.path} ${r.status} ${r.error}`, 'onRequest', signsSent());
  });

  it('a reason that is very long, with the secret right where it is cut', async () => {
    server.handle((_r, res) => json(res, envelope(null, '-22', `${'y'.repeat(197)}${SECRET}${'z'.repeat(500)}`)));
    const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsApiError);
    assert.ok(e.reason.length <= 200, `reason of ${e.reason.length} characters`);
    for (let n = 4; n <= SECRET.length; n++) assert.ok(!e.message.includes(SECRET.slice(0, n)), `leaks ${SECRET.slice(0, n)}`);
  });

  for (const status of ['[Fix](command:laafficPns.clearCredentials)', '-1\n[info] forged', '12345', '1.5', '- 1', 'ok']) {
    it(`a status that is not a Laaffic status code (${JSON.stringify(status).slice(0, 24)}) is an invalid reply, and its text is not shown`, async () => {
      server.handle((_r, res) => json(res, envelope(null, status, 'whatever')));
      const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsTransportError && e.kind === 'invalid-response', String(e));
      assert.ok(!e.message.includes(status), e.message);
      assertSafe(e.message, 'message');
      assert.equal(server.requests.length, 1, 'not retried');
    });
  }

  it('the HTTP status text is dropped', async () => {
    server.handle((_r, res) => {
      res.writeHead(502, 'Bad [Gateway](command:laafficPns.clearCredentials)', { 'Content-Type': 'text/plain' });
      res.end('x');
    });
    const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsTransportError && e.httpStatus === 502, String(e));
    assert.ok(!e.message.includes('Gateway'), e.message);
    assertSafe(e.message, 'message');
    assert.equal(retries.length, 1);
    for (const r of retries) assertSafe(`${r.path} ${r.error}`, 'onRetry', signsSent());
  });

  it('a redirect target is named by its host only, made safe', async () => {
    server.handle((_r, res) => {
      res.writeHead(302, { Location: 'https://evil.example/x?sign=05d7a50893e22a5c4bb3216ae3396c7c' });
      res.end();
    });
    const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
    assert.ok(e instanceof PnsTransportError, String(e));
    assert.match(e.message, /redirect to evil\.example;/);
    assertSafe(e.message, 'message');
  });
});

describe('clock correction is capped (a hostile server cannot make the client sign the far future)', function () {
  this.timeout(10_000);
  let server: RawServer;
  beforeEach(async () => {
    server = await startRawServer();
  });
  afterEach(() => server.close());

  const answerMinus16 = (aheadMs: number) => server.handle((_r, res) => json(res, envelope(null, '-16', 'Timestamp expired'), 200, { Date: new Date(Date.now() + aheadMs).toUTCString() }));

  for (const [what, ahead, words] of [
    // (a Date header has whole seconds: the measured skew is off by up to a second)
    ['30 days ahead', 30 * 86_400_000 + 30_000, /30 days behind the server's/],
    ['2 h behind', -(2 * 3_600_000 + 30_000), /2 h \d+ s ahead of the server's/],
    ['16 min ahead', 16 * 60_000 + 30_000, /16 min \d+ s behind the server's/],
  ] as const) {
    it(`${what}: not adopted, no resend, and the error says to fix the clock and by how much`, async () => {
      answerMinus16(ahead);
      const skews: number[] = [];
      const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, onClockSkew: (o) => skews.push(o) });
      try {
        const before = Date.now();
        const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
        assert.ok(e instanceof PnsApiError && e.status === '-16', String(e));
        assert.equal(server.requests.length, 1, 'no resend with a shifted Timestamp');
        assert.deepEqual(skews, []);
        assert.equal(c.clockOffsetMs, 0);
        assert.match(e.hint, words);
        assert.match(e.hint, /more than the 15 min this client corrects by itself/);
        assert.match(e.hint, /set this computer's clock/);
        // later requests are still signed with this computer's own time
        await c.queryBindPage({ current: 1, size: 10 }).catch(() => undefined);
        const ts = Number(server.requests[1].headers.timestamp);
        assert.ok(Math.abs(ts - before / 1000) < 5, `signed ${ts}, now ${before / 1000}`);
      } finally {
        c.dispose();
      }
    });
  }

  it('14 min ahead: corrected once (within the cap)', async () => {
    answerMinus16(14 * 60_000);
    const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET });
    try {
      await c.queryBindPage({ current: 1, size: 10 }).catch(() => undefined);
      assert.equal(server.requests.length, 2);
      assert.ok(Math.abs(c.clockOffsetMs - 14 * 60_000) < 2000, String(c.clockOffsetMs));
    } finally {
      c.dispose();
    }
  });

  it('a given clockOffsetMs beyond the cap is not used, and maxClockCorrectionMs: 0 turns correction off', async () => {
    const far = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, clockOffsetMs: 86_400_000 });
    assert.equal(far.clockOffsetMs, 0);
    far.dispose();
    answerMinus16(5 * 60_000);
    const off = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, maxClockCorrectionMs: 0 });
    try {
      await off.queryBindPage({ current: 1, size: 10 }).catch(() => undefined);
      assert.equal(server.requests.length, 1);
    } finally {
      off.dispose();
    }
  });
});

describe('plain http:// goes to loopback addresses only, whatever a name resolves to', () => {
  let server: RawServer;
  beforeEach(async () => {
    server = await startRawServer((_r, res) => json(res, envelope({ total: 0, size: 10, current: 1, pages: 0, records: [] })));
  });
  afterEach(() => server.close());

  /** A resolver that answers `address` for every name (no DNS query is made). */
  const resolvingTo =
    (address: string, family: 4 | 6 = 4): LookupFunction =>
    (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else (cb as (e: null, a: string, f: number) => void)(null, address, family);
    };

  it('"localhost" that resolves elsewhere: refused before connecting, not retried, and says why', async () => {
    const c = new PnsClient({ baseUrl: `http://localhost:${server.port}/v3`, apiKey: KEY, apiSecret: SECRET, lookup: resolvingTo('192.0.2.10'), retry: { retries: 2, baseDelayMs: 1 } });
    try {
      const e = await c.queryBindPage({ current: 1, size: 10 }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsTransportError, String(e));
      assert.equal(e.code, 'ERR_LAAFFIC_NOT_LOOPBACK');
      assert.equal(e.retryable, false);
      assert.match(e.message, /Refusing to send credentials over plain http:\/\/ to localhost/);
      assert.equal(server.requests.length, 0);
    } finally {
      c.dispose();
    }
  });

  for (const address of ['127.0.0.1', '::ffff:127.0.0.1']) {
    it(`"localhost" that resolves to ${address}: allowed`, async () => {
      const c = new PnsClient({ baseUrl: `http://localhost:${server.port}/v3`, apiKey: KEY, apiSecret: SECRET, lookup: resolvingTo(address, address.includes(':') ? 6 : 4) });
      try {
        const page = await c.queryBindPage({ current: 1, size: 10 });
        assert.equal(page.total, 0);
        assert.equal(server.requests.length, 1);
        assert.equal(server.requests[0].headers.sign, sign(KEY, SECRET, String(server.requests[0].headers.timestamp)));
      } finally {
        c.dispose();
      }
    });
  }

  it('the real resolver: localhost works as before', async () => {
    const c = new PnsClient({ baseUrl: `http://localhost:${server.port}/v3`, apiKey: KEY, apiSecret: SECRET });
    try {
      await c.queryBindPage({ current: 1, size: 10 });
      assert.equal(server.requests.length, 1);
    } finally {
      c.dispose();
    }
  });
});

describe('a hostile server cannot make one walk (Load All, Export) hold unbounded replies', () => {
  let server: RawServer;
  afterEach(() => server?.close());

  it('pages padded to 1 MB each: the walk stops at its cap with a PnsWalkError, not after 10,000 pages', async () => {
    const pad = 'p'.repeat(1024 * 1024);
    server = await startRawServer((req, res) => {
      const { current } = JSON.parse(req.body) as { current: number };
      const records = Array.from({ length: 10 }, (_, i) => ({ bindId: String(current * 100 + i), phoneA: '911', phoneB: '912', pnsNumberA: '913', pnsNumberB: '913', expireTime: '2030-01-01 00:00:00', padding: i === 0 ? pad : '' }));
      json(res, envelope({ total: 100_000, size: 10, current, pages: 10_000, records }));
    });
    const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET });
    try {
      const e = await collectBindings(c, { size: 10, maxChars: 5 * 1024 * 1024 }).catch((x: unknown) => x);
      assert.ok(e instanceof PnsWalkError, String(e));
      assert.match(e.message, /Stopped after 5 pages: the replies reached 5 MB/);
      assert.equal(server.requests.length, 5);
    } finally {
      c.dispose();
    }
  });

  it('the default cap leaves room for 10,000 real pages of 100 bindings', () => {
    // a real record is about 200 characters of JSON: 100 of them, 10,000 times, is ~200 MB
    assert.ok(DEFAULT_MAX_CHARS >= 10_000 * 100 * 400, String(DEFAULT_MAX_CHARS));
  });
});

describe('originVerdict(): which hosts get the credentials without asking', () => {
  const cases: Array<[string, string | undefined, 'allow' | 'deny' | undefined, 'allowed' | 'denied' | 'ask']> = [
    ['https://api.laaffic.com', undefined, undefined, 'allowed'],
    ['https://api.onbuka.com', 'https://api.laaffic.com', undefined, 'allowed'],
    // Itniotech, the third brand of the same platform (issue 21): trusted as Laaffic is.
    ['https://api.itniotech.com', undefined, undefined, 'allowed'],
    ['https://api.itniotech.com', 'https://api.laaffic.com', 'deny', 'allowed'],
    ['http://api.itniotech.com', undefined, undefined, 'ask'],
    ['https://api.itniotech.com.evil.example', undefined, undefined, 'ask'],
    ['https://itniotech.com', undefined, undefined, 'ask'],
    ['https://api.laaffic.com', undefined, 'deny', 'allowed'],
    ['http://api.laaffic.com', undefined, undefined, 'ask'], // not the documented (https) origin
    ['https://api.laaffic.com:8443', undefined, undefined, 'ask'],
    ['https://api.laaffic.com.evil.example', undefined, undefined, 'ask'],
    ['http://127.0.0.1:8787', undefined, undefined, 'allowed'],
    ['http://localhost:8787', undefined, undefined, 'allowed'],
    ['http://[::1]:8787', undefined, undefined, 'allowed'],
    ['https://[::ffff:7f00:1]:8443', undefined, undefined, 'ask'], // loopback, but not by name
    ['https://proxy.example', 'https://proxy.example', undefined, 'allowed'], // the host they were entered for
    ['https://proxy.example', 'https://other.example', undefined, 'ask'],
    ['https://proxy.example', undefined, 'allow', 'allowed'],
    ['https://proxy.example', undefined, 'deny', 'denied'],
    ['not a url', undefined, 'allow', 'denied'],
  ];
  for (const [origin, bound, remembered, expected] of cases) {
    it(`${origin} (entered for ${bound ?? 'none'}, remembered ${remembered ?? 'nothing'}): ${expected}`, () => {
      assert.equal(originVerdict(origin, bound, remembered), expected);
    });
  }
});
