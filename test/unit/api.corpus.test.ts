/**
 * Bad-response corpus: every way a server (or something pretending to be one) can answer
 * badly, served over real loopback sockets — an HTTP server for most cases, a plain TCP
 * server for byte-exact replies node:http would not write. Each case ends in an exactly
 * normalised page or in a typed error (class, kind, message, hint), never in a crash, a hang
 * past the timeout, or an unhandled rejection. Then the transport-security checks.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { PnsApiError, PnsClient, PnsError, PnsTransportError, PnsValidationError, type BindPage, type BindingRecord, type TransportErrorKind } from '../../src/api';
import { envelope, json, startRawServer, vendorRecord, type Handler, type RawServer } from './helpers/rawServer';

const KEY = 'corpusKey42';
const SECRET = 'corpus-secret-7bz1lzh9';
const EXP = Date.UTC(2023, 9, 22, 1, 0, 0); // "2023-10-22 09:00:00" at +08:00
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------
// A byte-exact TCP "server": reads one HTTP request, then lets the case write anything.

interface TcpServer {
  port: number;
  requests: number;
  connections: number;
  handle(h: (sock: net.Socket, n: number) => void): void;
  close(): Promise<void>;
}

async function startTcpServer(): Promise<TcpServer> {
  let handler: (sock: net.Socket, n: number) => void = (s) => s.end();
  const sockets = new Set<net.Socket>();
  const state = { requests: 0, connections: 0 };
  const server = net.createServer((sock) => {
    state.connections++;
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      sock.off('data', onData);
      state.requests++;
      handler(sock, state.requests);
    };
    sock.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    handle(h) {
      handler = h;
      state.requests = 0;
      state.connections = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** An HTTP/1.1 reply, byte for byte, that closes the connection. */
function rawReply(status: string, headers: string[], body: Buffer | string = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}

// ---------------------------------------------------------------------------------------
// Cases

interface ErrorExpect {
  type: 'api' | 'transport';
  status?: string;
  kind?: TransportErrorKind;
  httpStatus?: number;
  code?: string | RegExp;
  message?: RegExp;
  hint?: RegExp;
  check?: (e: PnsError) => void;
}

interface Case {
  name: string;
  /** Served by the HTTP server. */
  http?: Handler;
  /** Served by the byte-exact TCP server. */
  tcp?: (sock: net.Socket, n: number) => void;
  client?: { timeoutMs?: number; retries?: number; maxBodyBytes?: number };
  /** A tolerated reply: assertions on the normalised page. */
  page?: (p: BindPage) => void;
  error?: ErrorExpect;
  /** Requests the server received (default 1). */
  requests?: number;
  /** Extra checks after the request settled. */
  after?: () => void | Promise<void>;
}

function send(body: unknown, status = 200, headers: Record<string, string> = {}): Handler {
  return (_r, res) => json(res, body as object, status, headers);
}
function sendRaw(body: Buffer | string, status = 200, headers: Record<string, string | number> = {}): Handler {
  return (_r, res) => {
    const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': b.length, ...headers });
    res.end(b);
  };
}
function page(records: unknown[], over: Record<string, unknown> = {}) {
  return envelope({ total: records.length, size: 10, current: 1, pages: 1, records, ...over });
}

type Projected = Pick<BindingRecord, 'bindId' | 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'expireTime' | 'expiresAt' | 'mode'>;
/** The normalised form of vendorRecord(i), with overrides. */
function norm(i: number, over: Partial<Projected> = {}): Projected {
  const r: Projected = {
    bindId: String(1000 + i),
    phoneA: `9150270${10000 + i}`,
    phoneB: `9150271${10000 + i}`,
    pnsNumberA: '91502211',
    pnsNumberB: i % 2 ? '915022112' : '91502211',
    expireTime: '2023-10-22 09:00:00',
    expiresAt: EXP,
    mode: i % 2 ? 'AXXB' : 'AXB',
    ...over,
  };
  if (!('mode' in over)) r.mode = r.pnsNumberA === r.pnsNumberB ? 'AXB' : 'AXXB';
  return r;
}
function project(r: BindingRecord): Projected {
  const { bindId, phoneA, phoneB, pnsNumberA, pnsNumberB, expireTime, expiresAt, mode } = r;
  return { bindId, phoneA, phoneB, pnsNumberA, pnsNumberB, expireTime, expiresAt, mode };
}
function expectPage(
  p: BindPage,
  want: { total: number; totalReported?: boolean; pages: number; skipped?: number; records: Projected[]; warnings?: RegExp[] },
): void {
  assert.equal(p.size, 10);
  assert.equal(p.current, 1);
  assert.equal(p.total, want.total, 'total');
  assert.equal(p.totalReported, want.totalReported ?? true, 'totalReported');
  assert.equal(p.pages, want.pages, 'pages');
  assert.equal(p.skipped, want.skipped ?? 0, 'skipped');
  assert.deepEqual(p.records.map(project), want.records);
  for (const r of p.records) for (const k of ['bindId', 'phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'expireTime'] as const) assert.equal(typeof r[k], 'string', k);
  if (want.warnings) {
    if (want.warnings.length === 0) assert.deepEqual(p.warnings, []);
    for (const w of want.warnings) assert.ok(p.warnings.some((x) => w.test(x)), `no warning ${w} in ${JSON.stringify(p.warnings)}`);
  }
}

const invalid = (message?: RegExp, extra: Partial<ErrorExpect> = {}): ErrorExpect => ({ type: 'transport', kind: 'invalid-response', message, ...extra });

// Shared state of the cases that need it (filled while they run).
const big = { written: 0, finished: false };
const ports = { tcp: 0 };
let otherHostRequests = 0;

function streamBig(total: number, declareLength: boolean): Handler {
  return async (_r, res) => {
    big.written = 0;
    big.finished = false;
    let closed = false;
    res.on('close', () => (closed = true));
    res.writeHead(200, { 'Content-Type': 'application/json', ...(declareLength ? { 'Content-Length': String(total) } : {}) });
    const head = '{"status":"0","reason":"ok","data":{"total":0,"records":[],"pad":"';
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    res.write(head);
    big.written = head.length;
    while (!closed && big.written + chunk.length < total - 3) {
      const ok = res.write(chunk);
      big.written += chunk.length;
      if (!ok) {
        await new Promise<void>((resolve) => {
          if (closed) return resolve();
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (!closed) {
      res.end('x"}}');
      big.finished = true;
    }
  };
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');

const CASES: Case[] = [
  // --- not JSON at all
  { name: 'empty body, HTTP 200 (retried: a query may be repeated)', http: sendRaw(''), error: invalid(/empty body/), requests: 3 },
  { name: 'empty body, HTTP 502', http: sendRaw('', 502), error: { type: 'transport', kind: 'http', httpStatus: 502, message: /HTTP 502.*empty body/ }, requests: 3 },
  { name: 'HTML page, HTTP 200', http: sendRaw('<!DOCTYPE html><html><body><h1>Login</h1></body></html>', 200, { 'Content-Type': 'text/html' }), error: invalid(/HTML page/) },
  {
    name: 'nginx HTML error page, HTTP 502',
    http: sendRaw('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center>nginx</center></body></html>', 502, { 'Content-Type': 'text/html' }),
    error: { type: 'transport', kind: 'http', httpStatus: 502, message: /HTML error page/, hint: /Retrying/ },
    requests: 3,
  },
  { name: 'HTML 404 page', http: sendRaw('<html><body>Not Found</body></html>', 404, { 'Content-Type': 'text/html' }), error: { type: 'transport', kind: 'http', httpStatus: 404, hint: /baseUrl/ } },
  { name: 'plain text, HTTP 200', http: sendRaw('OK', 200, { 'Content-Type': 'text/plain' }), error: invalid(/truncated or malformed/) },
  { name: 'truncated JSON (retried)', http: sendRaw('{"status":"0","reason":"ok","data":{"total":2,"records":[{"bindId":1'), error: invalid(/truncated or malformed/), requests: 3 },
  { name: 'JSON followed by garbage', http: sendRaw('{"status":"0","data":{"total":0,"records":[]}}<!-- cache -->'), error: invalid(/truncated or malformed/), requests: 3 },
  { name: 'JSON that is an array', http: sendRaw('[{"status":"0"}]'), error: invalid(/an array/) },
  { name: 'JSON that is null', http: sendRaw('null'), error: invalid(/is null/) },
  { name: 'JSON that is a string', http: sendRaw('"success"'), error: invalid(/a string/) },
  { name: 'JSON that is a number', http: sendRaw('0'), error: invalid(/a number/) },
  { name: 'deeply nested JSON (200,000 levels)', http: sendRaw(`{"status":"0","data":${'['.repeat(200_000)}${']'.repeat(200_000)}}`), error: invalid(/data is an array/) },

  // --- the envelope's status
  { name: 'status missing', http: send({ reason: 'ok', data: { total: 0, records: [] } }), error: invalid(/without a Laaffic status/) },
  { name: 'status null', http: send({ status: null, reason: 'ok', data: {} }), error: invalid(/without a Laaffic status/) },
  { name: 'status an object', http: send({ status: { code: 0 }, data: {} }), error: invalid(/without a Laaffic status/) },
  { name: 'status a boolean', http: send({ status: true, data: {} }), error: invalid(/without a Laaffic status/) },
  {
    name: 'status " 0 " (padded): success',
    http: send({ status: ' 0 ', reason: 'ok', data: { total: 1, records: [vendorRecord(0)] } }),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)], warnings: [] }),
  },
  { name: 'status "-18" (system anomaly) is retried, then reported', http: send(envelope(null, '-18', 'System anomalies')), error: { type: 'api', status: '-18', message: /system anomaly.*gave up after 3 attempts/ }, requests: 3 },
  { name: 'status -1 as a number: not retried', http: send(envelope(null, -1, 'auth failed')), error: { type: 'api', status: '-1', hint: /Set Credentials/ } },
  {
    name: 'reason with control characters and 10 KB of text',
    http: send(envelope(null, '-22', `bad\u0000field\r\n\u001b[31m${'x'.repeat(10_000)}`)),
    error: { type: 'api', status: '-22', check: (e) => assert.equal((e as PnsApiError).reason, `bad field \uff3b31m${'x'.repeat(185)}…`) },
  },

  // --- data
  { name: 'data missing', http: send({ status: '0', reason: 'ok' }), error: invalid(/has no data/) },
  { name: 'data null', http: send(envelope(null)), error: invalid(/has no data/) },
  { name: 'data an array', http: send(envelope([vendorRecord(0)])), error: invalid(/data is an array/) },
  { name: 'data a string', http: send(envelope('{"total":1}')), error: invalid(/data is a string/) },
  { name: 'records null with total 3', http: send(envelope({ total: 3, records: null })), error: invalid(/no records list/) },
  { name: 'records null with total 0: an empty page', http: send(envelope({ total: 0, records: null })), page: (p) => expectPage(p, { total: 0, pages: 0, records: [], warnings: [] }) },
  { name: 'records an object', http: send(envelope({ total: 1, records: { 0: vendorRecord(0) } })), error: invalid(/records are object, not a list/) },
  { name: 'records a string', http: send(envelope({ total: 1, records: 'none' })), error: invalid(/records are string, not a list/) },

  // --- a record missing each field in turn
  ...(['bindId', 'phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'expireTime'] as const).map((field): Case => {
    const rec = vendorRecord(1);
    delete rec[field];
    return {
      name: `a record without ${field}`,
      http: send(page([vendorRecord(0), rec])),
      page: (p) =>
        field === 'bindId'
          ? expectPage(p, { total: 2, pages: 1, skipped: 1, records: [norm(0)], warnings: [/no usable bindId/] })
          : expectPage(p, { total: 2, pages: 1, records: [norm(0), norm(1, field === 'expireTime' ? { expireTime: '', expiresAt: null } : { [field]: '' })] }),
    };
  }),

  // --- fields of the wrong type
  {
    name: 'fields that are objects',
    http: send(page([vendorRecord(0, { phoneA: { n: 1 }, phoneB: {}, pnsNumberA: { v: '915' }, expireTime: { t: 1 } }), vendorRecord(1, { bindId: { id: 1 } })])),
    page: (p) => expectPage(p, { total: 2, pages: 1, skipped: 1, records: [norm(0, { phoneA: '', phoneB: '', pnsNumberA: '', expireTime: '{"t":1}', expiresAt: null })] }),
  },
  {
    name: 'fields that are booleans',
    http: send(page([vendorRecord(0, { phoneA: true, pnsNumberB: false, expireTime: false }), vendorRecord(1, { bindId: true })])),
    page: (p) => expectPage(p, { total: 2, pages: 1, skipped: 1, records: [norm(0, { phoneA: '', pnsNumberB: '', expireTime: 'false', expiresAt: null })] }),
  },
  {
    name: 'fields that are arrays',
    http: send(page([vendorRecord(0, { phoneB: ['915027011000'], pnsNumberA: [], expireTime: ['2023-10-22 09:00:00'] }), vendorRecord(1, { bindId: [1001] })])),
    page: (p) => expectPage(p, { total: 2, pages: 1, skipped: 1, records: [norm(0, { phoneB: '', pnsNumberA: '', expireTime: '["2023-10-22 09:00:00"]', expiresAt: null })] }),
  },
  {
    name: 'bindId beyond 2^53 as a JSON number',
    http: sendRaw(JSON.stringify(page([vendorRecord(0)])).replace('"bindId":1000', '"bindId":12345678901234567891')),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0, { bindId: '12345678901234567891' })] }),
  },
  {
    name: 'phone and middle numbers beyond 2^53 as JSON numbers',
    http: sendRaw(
      JSON.stringify(page([vendorRecord(0)]))
        .replace('"phoneA":"915027010000"', '"phoneA":9150270219951234567')
        .replace('"phoneB":"915027110000"', '"phoneB":9007199254740993')
        .replace('"pnsNumberB":"91502211"', '"pnsNumberB":91502211000000000001'),
    ),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0, { phoneA: '9150270219951234567', phoneB: '9007199254740993', pnsNumberB: '91502211000000000001', mode: 'AXXB' })] }),
  },
  {
    name: 'numbers as floats and exponents (1e300, 9.15e11, 915.5)',
    http: sendRaw(JSON.stringify(page([vendorRecord(0)])).replace('"phoneA":"915027010000"', '"phoneA":1e300').replace('"phoneB":"915027110000"', '"phoneB":9.15e11').replace('"pnsNumberA":"91502211"', '"pnsNumberA":915.5')),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0, { phoneA: '', phoneB: '915000000000', pnsNumberA: '', mode: 'AXXB' })] }),
  },
  {
    name: 'absurd expireTime values (1e300, -1, "2023-02-30")',
    http: send(page([vendorRecord(0, { expireTime: 1e300 }), vendorRecord(1, { expireTime: -1 }), vendorRecord(2, { expireTime: '2023-02-30 10:00:00' })])),
    page: (p) =>
      expectPage(p, { total: 3, pages: 1, records: [norm(0, { expireTime: '1e+300', expiresAt: null }), norm(1, { expireTime: '-1', expiresAt: null }), norm(2, { expireTime: '2023-02-30 10:00:00', expiresAt: null })] }),
  },
  {
    name: '__proto__ and constructor keys pollute nothing',
    http: sendRaw(`{"status":"0","__proto__":{"polluted":1},"data":{"total":1,"__proto__":{"polluted":2},"records":[{"__proto__":{"polluted":3},"constructor":{"prototype":{"polluted":4}},${JSON.stringify(vendorRecord(0)).slice(1)}]}}`),
    page: (p) => {
      expectPage(p, { total: 1, pages: 1, records: [norm(0)] });
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.prototype.hasOwnProperty.call(p.records[0].raw, '__proto__'), true);
    },
  },

  // --- paging counts
  { name: 'total negative', http: send(page([vendorRecord(0)], { total: -5 })), page: (p) => expectPage(p, { total: 1, totalReported: false, pages: 1, records: [norm(0)], warnings: [/total \(-5\) is not a count/] }) },
  { name: 'total 1e300', http: send(page([vendorRecord(0)], { total: 1e300 })), page: (p) => expectPage(p, { total: 1, totalReported: false, pages: 1, records: [norm(0)], warnings: [/total \(1e\+300\) is not a count/] }) },
  { name: 'total "NaN"', http: send(page([vendorRecord(0)], { total: 'NaN' })), page: (p) => expectPage(p, { total: 1, totalReported: false, pages: 1, records: [norm(0)], warnings: [/total \("NaN"\) is not a count/] }) },
  { name: 'total "12abc"', http: send(page([vendorRecord(0), vendorRecord(1)], { total: '12abc' })), page: (p) => expectPage(p, { total: 2, totalReported: false, pages: 1, records: [norm(0), norm(1)], warnings: [/is not a count/] }) },
  { name: 'pages absurd (-1) with a good total', http: send(page([vendorRecord(0)], { total: 25, pages: -1 })), page: (p) => expectPage(p, { total: 25, pages: 3, records: [norm(0)], warnings: [] }) },
  { name: 'pages 1e300 and "NaN" size', http: send(page([vendorRecord(0)], { total: 25, pages: 1e300, size: 'NaN' })), page: (p) => expectPage(p, { total: 25, pages: 3, records: [norm(0)], warnings: [] }) },
  { name: 'current not echoed', http: send(envelope({ total: 1, records: [vendorRecord(0)] })), page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)], warnings: [] }) },
  { name: 'current echoed wrong (page 5 for page 1)', http: send(page([vendorRecord(0)], { current: 5 })), page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)], warnings: [/echoed page 5 for a request of page 1/] }) },
  { name: 'size echoed 20 for 10', http: send(page([vendorRecord(0)], { total: 25, size: 20 })), page: (p) => expectPage(p, { total: 25, pages: 3, records: [norm(0)], warnings: [/echoed size 20/] }) },
  // A page is at most the size asked for (10 here): a server that sends more is not believed.
  {
    name: 'a page of exactly the size asked for (10 records): kept',
    http: send(page(Array.from({ length: 10 }, (_, i) => vendorRecord(i)), { total: 25 })),
    page: (p) => expectPage(p, { total: 25, pages: 3, records: Array.from({ length: 10 }, (_, i) => norm(i)), warnings: [] }),
  },
  {
    name: 'one record more than the size asked for (11 for 10): invalid reply',
    http: send(page(Array.from({ length: 11 }, (_, i) => vendorRecord(i)), { total: 25 })),
    error: invalid(/sent 11 records for a page of 10\./, { hint: /does not keep to the page size/ }),
  },
  {
    name: '220,000 records for a page of 10 (a hostile server): invalid reply, nothing kept',
    http: send(page(Array.from({ length: 220_000 }, () => ({ bindId: 7 })), { total: 220_000, size: 10 })),
    error: invalid(/sent 220000 records for a page of 10\./, { hint: /does not keep to the page size/ }),
  },

  // --- size
  {
    name: '20 MB chunked body with a 1 MB cap: refused while streaming',
    http: streamBig(20 * MB, false),
    client: { maxBodyBytes: MB },
    error: invalid(/larger than 1 MB; it was not read/),
    after: async () => {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(big.finished, false, 'the server finished writing 20 MB');
      assert.ok(big.written < 10 * MB, `the server wrote ${big.written} bytes`);
    },
  },
  {
    name: '20 MB chunked body with the default 8 MB cap',
    http: streamBig(20 * MB, false),
    error: invalid(/larger than 8 MB/),
    after: async () => {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(big.finished, false, 'the server finished writing 20 MB');
      assert.ok(big.written < 16 * MB, `the server wrote ${big.written} bytes`);
    },
  },
  {
    name: '20 MB body announced by Content-Length: refused before reading',
    http: streamBig(20 * MB, true),
    error: invalid(/larger than 8 MB \(it announced 20 MB\)/),
    after: async () => {
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(big.finished, false);
      assert.ok(big.written < 8 * MB, `the server wrote ${big.written} bytes`);
    },
  },

  // --- time
  {
    name: 'a body that drips forever: timeout, retried once',
    http: (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"0","data":{');
      const t = setInterval(() => res.write(' '), 30);
      res.on('close', () => clearInterval(t));
    },
    client: { timeoutMs: 400, retries: 1 },
    error: { type: 'transport', kind: 'timeout', message: /within 0\.4 s.*gave up after 2 attempts/ },
    requests: 2,
  },
  { name: 'an HTTP server that never answers: timeout, retried twice', http: () => undefined, client: { timeoutMs: 250 }, error: { type: 'transport', kind: 'timeout', hint: /raise the timeout \(timeoutMs\)/ }, requests: 3 },
  { name: 'a TCP server that accepts and never answers', tcp: () => undefined, client: { timeoutMs: 300, retries: 0 }, error: { type: 'transport', kind: 'timeout' } },

  // --- connection failures
  {
    name: 'connection reset mid-body',
    http: (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"status":"0","da');
      setTimeout(() => res.socket?.destroy(), 10);
    },
    error: { type: 'transport', kind: 'network', message: /closed before the whole reply|reset/ },
    requests: 3,
  },
  { name: 'connection closed before any reply', tcp: (s) => s.destroy(), error: { type: 'transport', kind: 'network', code: 'ECONNRESET' }, requests: 3 },
  { name: 'a TCP server that does not speak HTTP', tcp: (s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'), error: { type: 'transport', kind: 'network', code: /^HPE_/, message: /not valid HTTP/ } },
  {
    name: 'a redirect to another host is never followed',
    http: (_r, res) => {
      res.writeHead(302, { Location: `http://localhost:${ports.tcp}/v3/number/pns/queryBindPage` });
      res.end('moved');
    },
    error: { type: 'transport', kind: 'http', httpStatus: 302, message: /redirect to localhost:\d+; it was not followed/ },
    after: () => assert.equal(otherHostRequests, 0, 'the other host received a request'),
  },
  {
    name: 'a 307 redirect with a relative Location',
    http: (_r, res) => {
      res.writeHead(307, { Location: '/v4/number/pns/queryBindPage' });
      res.end();
    },
    error: { type: 'transport', kind: 'http', httpStatus: 307, message: /redirect to 127\.0\.0\.1:\d+; it was not followed/ },
  },

  // --- bytes and encodings
  {
    name: 'Latin-1 byte in the reason (no charset): replacement character',
    http: sendRaw(Buffer.concat([latin1('{"status":"-22","reason":"Param'), Buffer.from([0xe8]), latin1('tre invalide","data":null}')])),
    error: { type: 'api', status: '-22', check: (e) => assert.equal((e as PnsApiError).reason, 'Param\uFFFDtre invalide') },
  },
  {
    name: 'Latin-1 reason with charset=ISO-8859-1: decoded',
    http: sendRaw(latin1('{"status":"-22","reason":"Paramètre invalide","data":null}'), 200, { 'Content-Type': 'application/json; charset=ISO-8859-1' }),
    error: { type: 'api', status: '-22', check: (e) => assert.equal((e as PnsApiError).reason, 'Paramètre invalide') },
  },
  {
    name: 'invalid UTF-8 sequences in a phone field',
    http: sendRaw(Buffer.concat([latin1(JSON.stringify(page([vendorRecord(0)])).split('915027010000')[0]), Buffer.from([0x39, 0xc3, 0x28, 0x80, 0xc0, 0xaf, 0x31, 0xe9]), latin1(JSON.stringify(page([vendorRecord(0)])).split('915027010000')[1])])),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0, { phoneA: '9\uFFFD(\uFFFD\uFFFD\uFFFD1\uFFFD' })] }),
  },
  {
    name: 'a UTF-8 character split across two chunks',
    http: async (_r, res) => {
      const body = Buffer.from(JSON.stringify(envelope(null, '-22', 'Paramètre invalide')), 'utf8');
      const cut = body.indexOf(0xc3) + 1;
      res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
      res.write(body.subarray(0, cut));
      await new Promise((r) => setTimeout(r, 20));
      res.end(body.subarray(cut));
    },
    error: { type: 'api', status: '-22', check: (e) => assert.equal((e as PnsApiError).reason, 'Paramètre invalide') },
  },
  { name: 'a UTF-8 byte-order mark before the JSON', http: sendRaw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(page([vendorRecord(0)])))])), page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)] }) },
  {
    name: 'an unknown charset label falls back to UTF-8',
    http: sendRaw(JSON.stringify(page([vendorRecord(0)])), 200, { 'Content-Type': 'application/json; charset=x-made-up' }),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)] }),
  },
  { name: 'gzip-encoded body', http: sendRaw(zlib.gzipSync(JSON.stringify(page([vendorRecord(0), vendorRecord(1)]))), 200, { 'Content-Encoding': 'gzip' }), page: (p) => expectPage(p, { total: 2, pages: 1, records: [norm(0), norm(1)] }) },
  { name: 'deflate-encoded body', http: sendRaw(zlib.deflateSync(JSON.stringify(page([vendorRecord(3)]))), 200, { 'Content-Encoding': 'deflate' }), page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(3)] }) },
  { name: 'broken gzip body', http: sendRaw(Buffer.from('this is not gzip at all'), 200, { 'Content-Encoding': 'gzip' }), error: invalid(/compressed reply that cannot be decompressed/, { code: 'Z_DATA_ERROR' }) },
  {
    name: 'truncated gzip body',
    http: (() => {
      const gz = zlib.gzipSync(JSON.stringify(page([vendorRecord(0), vendorRecord(1)])));
      return sendRaw(gz.subarray(0, gz.length - 30), 200, { 'Content-Encoding': 'gzip' });
    })(),
    error: invalid(/truncated or malformed|cannot be decompressed/),
    requests: 3,
  },
  {
    name: 'gzip bomb (50 MB of zeros in 50 KB) stops at the cap',
    http: sendRaw(zlib.gzipSync(Buffer.alloc(50 * MB, 0x20)), 200, { 'Content-Encoding': 'gzip' }),
    error: invalid(/larger than 8 MB/),
  },
  {
    name: 'a chunked body in many small chunks',
    http: async (_r, res) => {
      const body = JSON.stringify(page([vendorRecord(0), vendorRecord(1), vendorRecord(2)]));
      res.writeHead(200, { 'Content-Type': 'application/json' }); // no Content-Length: chunked
      for (let i = 0; i < body.length; i += 7) {
        res.write(body.slice(i, i + 7));
        if (i % 70 === 0) await new Promise((r) => setImmediate(r));
      }
      res.end();
    },
    page: (p) => expectPage(p, { total: 3, pages: 1, records: [norm(0), norm(1), norm(2)] }),
  },
  {
    name: 'HTTP/1.0 reply without Content-Length, ended by closing',
    tcp: (s) => s.end(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n'), Buffer.from(JSON.stringify(page([vendorRecord(0)])))])),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)] }),
  },

  // --- headers
  {
    name: 'duplicate Content-Type and custom headers',
    tcp: (s) => s.end(rawReply('200 OK', ['Content-Type: application/json', 'Content-Type: text/html', 'X-Trace: a', 'X-Trace: b', `Content-Length: ${JSON.stringify(page([vendorRecord(0)])).length}`], JSON.stringify(page([vendorRecord(0)])))),
    page: (p) => expectPage(p, { total: 1, pages: 1, records: [norm(0)] }),
  },
  {
    name: 'duplicate, conflicting Content-Length headers',
    tcp: (s) => s.end(rawReply('200 OK', ['Content-Type: application/json', 'Content-Length: 10', 'Content-Length: 70'], JSON.stringify(page([])))),
    error: { type: 'transport', kind: 'network', code: 'HPE_UNEXPECTED_CONTENT_LENGTH', message: /not valid HTTP: the reply had conflicting Content-Length headers/ },
  },
  {
    name: 'duplicate Date headers on -16: the skew is still measured (and the resend fails too)',
    tcp: (s) => {
      const ahead = new Date(Date.now() + 10 * 60_000 + 2_000).toUTCString();
      const body = JSON.stringify(envelope(null, '-16', 'Timestamp expired'));
      s.end(rawReply('200 OK', ['Content-Type: application/json', `Date: ${ahead}`, `Date: ${ahead}`, `Content-Length: ${body.length}`], body));
    },
    error: {
      type: 'api',
      status: '-16',
      hint: /10 min \d+ s behind the server's/,
      check: (e) => assert.ok(Math.abs(((e as PnsApiError).clockSkewMs ?? 0) - 602_000) < 3000, String((e as PnsApiError).clockSkewMs)),
    },
    requests: 2,
  },
  {
    name: 'duplicate Retry-After on 429: the first value is used',
    tcp: (s) => s.end(rawReply('429 Too Many Requests', ['Content-Type: text/plain', 'Retry-After: 1', 'Retry-After: 1', 'Content-Length: 17'], 'Too Many Requests')),
    error: { type: 'transport', kind: 'http', httpStatus: 429, hint: /rate-limiting/, check: (e) => assert.equal((e as PnsTransportError).retryAfterMs, 1000) },
    requests: 3,
  },
  {
    name: 'a header value with a bare CR',
    tcp: (s) => s.end(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Bad: a\rb\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`)),
    error: { type: 'transport', kind: 'network', code: /^HPE_/ },
  },
];

describe('bad-response corpus', function () {
  this.timeout(20_000);
  let http: RawServer;
  let tcp: TcpServer;
  let unhandled = 0;
  const onUnhandled = () => {
    unhandled++;
  };
  const tally = { tolerated: 0, errors: new Map<string, number>() };

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    http = await startRawServer();
    tcp = await startTcpServer();
    ports.tcp = tcp.port;
  });
  after(async () => {
    await new Promise((r) => setTimeout(r, 200)); // let stragglers surface
    process.off('unhandledRejection', onUnhandled);
    await http.close();
    await tcp.close();
    const errors = [...tally.errors.values()].reduce((a, b) => a + b, 0);
    const detail = [...tally.errors.entries()].sort().map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`      corpus: ${tally.tolerated + errors} cases — ${tally.tolerated} tolerated and normalised, ${errors} typed errors (${detail}); ${unhandled} unhandled rejections`);
    assert.equal(unhandled, 0, 'unhandled rejections during the corpus');
  });

  it(`has at least 40 cases (${CASES.length})`, () => assert.ok(CASES.length >= 40));

  for (const c of CASES) {
    it(c.name, async () => {
      const timeoutMs = c.client?.timeoutMs ?? 3000;
      const retries = c.client?.retries ?? 2;
      let baseUrl: string;
      if (c.tcp) {
        tcp.handle(c.tcp);
        baseUrl = `http://127.0.0.1:${tcp.port}/v3`;
      } else {
        http.handle(c.http!);
        http.requests.length = 0;
        tcp.handle(() => {
          otherHostRequests++;
        });
        otherHostRequests = 0;
        baseUrl = http.url;
      }
      const client = new PnsClient({ baseUrl, apiKey: KEY, apiSecret: SECRET, timeoutMs, maxBodyBytes: c.client?.maxBodyBytes, retry: { retries, baseDelayMs: 1, maxDelayMs: 20 } });
      const t0 = Date.now();
      let result: BindPage | undefined;
      let error: unknown;
      try {
        result = await client.queryBindPage({ current: 1, size: 10 });
      } catch (e) {
        error = e;
      } finally {
        client.dispose();
      }
      const took = Date.now() - t0;
      const requests = c.tcp ? tcp.requests : http.requests.length;
      assert.equal(requests, c.requests ?? 1, 'requests the server received');
      assert.ok(took < (timeoutMs + 100) * requests + 2000, `took ${took} ms`);

      if (c.page) {
        if (error) assert.fail(`expected a page, got ${(error as Error).name}: ${(error as Error).message}`);
        c.page(result!);
        tally.tolerated++;
      } else {
        const want = c.error!;
        assert.ok(error !== undefined, `expected an error, got a page: ${JSON.stringify(result)?.slice(0, 200)}`);
        const e = error as PnsError;
        assert.ok(e instanceof PnsError, `not a PnsError: ${String(e)}`);
        assert.ok(typeof e.message === 'string' && e.message.length > 15, 'message');
        assert.ok(typeof e.hint === 'string' && e.hint.length > 15, 'hint');
        for (const text of [e.message, e.hint, String((e as PnsApiError).reason ?? '')]) {
          assert.ok(!text.includes(SECRET) && !text.includes(KEY), 'a message leaks the key or secret');
        }
        if (want.type === 'api') {
          assert.ok(e instanceof PnsApiError, `expected PnsApiError, got ${e.name}: ${e.message}`);
          if (want.status) assert.equal(e.status, want.status);
          tally.errors.set(`api ${e.status}`, (tally.errors.get(`api ${e.status}`) ?? 0) + 1);
        } else {
          assert.ok(e instanceof PnsTransportError, `expected PnsTransportError, got ${e.name}: ${e.message}`);
          if (want.kind) assert.equal(e.kind, want.kind, e.message);
          if (want.httpStatus !== undefined) assert.equal(e.httpStatus, want.httpStatus);
          if (want.code !== undefined) {
            if (typeof want.code === 'string') assert.equal(e.code, want.code, e.message);
            else assert.match(String(e.code), want.code);
          }
          tally.errors.set(e.kind, (tally.errors.get(e.kind) ?? 0) + 1);
        }
        if (want.message) assert.match(e.message, want.message);
        if (want.hint) assert.match(e.hint, want.hint);
        want.check?.(e);
      }
      await c.after?.();
    });
  }
});

// ---------------------------------------------------------------------------------------

describe('transport security', function () {
  this.timeout(20_000);

  describe('TLS errors are reported as such', () => {
    let dir: string | undefined;
    let key: Buffer;
    let cert: Buffer;
    before(function () {
      const probe = spawnSync('openssl', ['version'], { encoding: 'utf8' });
      if (probe.error || probe.status !== 0) {
        console.log('      (skipped: the openssl CLI is not installed, so no self-signed certificate can be made)');
        this.skip();
      }
      dir = mkdtempSync(join(tmpdir(), 'pns-tls-'));
      const r = spawnSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, `openssl failed: ${r.stderr}`);
      key = readFileSync(join(dir, 'key.pem'));
      cert = readFileSync(join(dir, 'cert.pem'));
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('a self-signed certificate -> network error naming TLS, not retried, no HTTP request reaches the server', async () => {
      let httpRequests = 0;
      let tlsFailures = 0;
      const server = https.createServer({ key, cert }, (_req, res) => {
        httpRequests++;
        res.end(JSON.stringify(envelope({ total: 0, records: [] })));
      });
      server.on('tlsClientError', () => tlsFailures++);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as net.AddressInfo).port;
      const retries: unknown[] = [];
      const c = new PnsClient({ baseUrl: `https://localhost:${port}/v3`, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000, onRetry: (i) => retries.push(i) });
      try {
        const e = await c.queryBindPage({ current: 1, size: 10 }).then(
          () => assert.fail('resolved'),
          (x: unknown) => x,
        );
        assert.ok(e instanceof PnsTransportError, String(e));
        assert.equal(e.kind, 'network');
        assert.equal(e.code, 'DEPTH_ZERO_SELF_SIGNED_CERT');
        assert.match(e.message, /^The TLS connection to localhost:\d+ failed: the server's certificate is self-signed \(DEPTH_ZERO_SELF_SIGNED_CERT\)\.$/);
        assert.match(e.hint, /certificate/);
        assert.equal(e.retryable, false);
        assert.deepEqual(retries, []);
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(httpRequests, 0, 'an HTTP request (with the credentials) got through');
        assert.equal(tlsFailures, 1);
      } finally {
        c.dispose();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    });

    it('https:// to a plain-HTTP port -> network error naming TLS', async () => {
      const plain = await startRawServer();
      const c = new PnsClient({ baseUrl: `https://127.0.0.1:${plain.port}/v3`, apiKey: KEY, apiSecret: SECRET, timeoutMs: 3000 });
      try {
        const e = await c.queryBindPage({ current: 1, size: 10 }).then(
          () => assert.fail('resolved'),
          (x: unknown) => x,
        );
        assert.ok(e instanceof PnsTransportError, String(e));
        assert.equal(e.kind, 'network');
        assert.match(e.message, /TLS connection to 127\.0\.0\.1:\d+ failed: the server does not speak TLS on that port/);
        assert.equal(plain.requests.length, 0);
      } finally {
        c.dispose();
        await plain.close();
      }
    });
  });

  describe('plain http:// and credentials', () => {
    it('refuses http:// to any non-loopback host at construction, before a byte is sent', () => {
      for (const url of ['http://api.laaffic.com/v3', 'HTTP://API.LAAFFIC.COM/v3', 'http://localhost.evil.example/v3', 'http://127.0.0.1.nip.io/v3', 'http://0.0.0.0:8787/v3', 'http://192.168.1.10/v3', 'http://[::ffff:10.0.0.1]/v3']) {
        assert.throws(
          () => new PnsClient({ baseUrl: url, apiKey: KEY, apiSecret: SECRET }),
          (e: unknown) => e instanceof PnsValidationError && e.field === 'baseUrl' && /http:\/\//.test(e.message) && !e.message.includes(SECRET),
          url,
        );
      }
    });

    it('refuses an empty, blank or missing key or secret: no request is ever sent', async () => {
      const server = await startRawServer();
      try {
        const bad: Array<[unknown, unknown, string]> = [
          ['', SECRET, 'apiKey'],
          ['   ', SECRET, 'apiKey'],
          [undefined, SECRET, 'apiKey'],
          [KEY, '', 'apiSecret'],
          [KEY, '\t', 'apiSecret'],
          [KEY, null, 'apiSecret'],
          [KEY, 'two words', 'apiSecret'],
        ];
        for (const [apiKey, apiSecret, field] of bad) {
          assert.throws(
            () => new PnsClient({ baseUrl: server.url, apiKey: apiKey as string, apiSecret: apiSecret as string }),
            (e: unknown) => e instanceof PnsValidationError && e.field === field && /no request was sent|cannot be sent/.test(e.message),
            `${String(apiKey)} / ${String(apiSecret)}`,
          );
        }
        assert.equal(server.requests.length, 0);
      } finally {
        await server.close();
      }
    });

    it('an absolute URL passed to call() cannot send the credentials to another host', async () => {
      const server = await startRawServer();
      const other = await startRawServer();
      const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET });
      try {
        await assert.rejects(c.call(`${other.url}/number/pns/queryBindPage`, { current: 1 }), (e: unknown) => e instanceof PnsValidationError && e.field === 'path');
        assert.equal(other.requests.length + server.requests.length, 0);
      } finally {
        c.dispose();
        await server.close();
        await other.close();
      }
    });
  });

  describe('every request has a timeout', () => {
    let server: RawServer;
    beforeEach(async () => {
      server = await startRawServer(() => undefined);
    });
    afterEach(() => server.close());

    for (const [what, run] of [
      ['queryBindPage', (c: PnsClient) => c.queryBindPage({ current: 1, size: 10 }, { retries: 0 })],
      ['getBalance', (c: PnsClient) => c.getBalance({ retries: 0 })],
      ['call() POST (not idempotent: never retried)', (c: PnsClient) => c.call('number/pns/bind', { phoneA: '1', phoneB: '2' })],
      ['call() GET', (c: PnsClient) => c.call('getBalance', undefined)],
    ] as const) {
      it(`${what} times out after timeoutMs`, async () => {
        const c = new PnsClient({ baseUrl: server.url, apiKey: KEY, apiSecret: SECRET, timeoutMs: 250 });
        const t0 = Date.now();
        try {
          await assert.rejects(run(c), (e: unknown) => e instanceof PnsTransportError && e.kind === 'timeout');
        } finally {
          c.dispose();
        }
        assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
        assert.equal(server.requests.length, 1);
      });
    }
  });
});
