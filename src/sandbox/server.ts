/**
 * The sandbox's HTTP server (node:http only): routing, body limits, the vendor's signature and
 * timestamp checks, fault injection, latency, the request log and a clean close().
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sign } from '../api/sign';
import { SandboxData, type StoredBinding } from './data';
import { ENDPOINTS, INVALID_JSON, fail, serialize, type Body, type EndpointContext, type Envelope } from './endpoints';
import { FAULT_KINDS, FaultInjector, faultKeepsEffect, httpFault, statusFault } from './faults';
import { checkClockSkew, checkLatency, resolveOptions } from './options';
import { isLoopbackHostHeader } from './host';
import { expireFormatter } from './time';
import type { FaultKind, FaultOptions, Sandbox, SandboxBinding, SandboxOptions, SandboxRequest } from './types';

/** Larger request bodies get HTTP 413. */
export const BODY_LIMIT = 64 * 1024;
/** After a 413, at most this much more is read (and discarded) before the socket is cut. */
const DRAIN_LIMIT = 1024 * 1024;
/** The request log keeps the last LOG_CAP entries. */
export const LOG_CAP = 20_000;
/** Endpoints live under /v3, like the vendor's. */
const PREFIX = '/v3';
/** The sandbox's own paths (not vendor API): only for a loopback Host, see ./host.ts. */
const OWN_PREFIX = '/__sandbox/';
/** Demo credentials for the extension's "Try the Local Sandbox" (loopback only, not vendor API). */
export const INFO_PATH = `${OWN_PREFIX}info`;

const JSON_TYPE = 'application/json;charset=UTF-8';
const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n' +
  '<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n';

type Headers = Record<string, string>;

/** The first value of a request header (node joins most duplicates, but be safe). */
function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(raw: Buffer): Body {
  if (raw.length === 0) return INVALID_JSON;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

/** A short, safe description of a request body for the log (no phone numbers, no headers). */
function describe(body: Body): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body === INVALID_JSON ? '(invalid JSON)' : '';
  const b = body as Record<string, unknown>;
  const params = typeof b.params === 'object' && b.params !== null ? (b.params as Record<string, unknown>) : {};
  const fields: [string, unknown][] = [
    ['current', b.current],
    ['size', b.size],
    ['appId', b.appId ?? params.appId],
    ['bindId', b.bindId],
    ['bizType', b.bizType],
  ];
  return fields
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${String(JSON.stringify(v)).slice(0, 40)}`)
    .join(' ');
}

function publicBinding(b: StoredBinding): SandboxBinding {
  return {
    appId: b.appId,
    bindId: b.bindId,
    phoneA: b.phoneA,
    phoneB: b.phoneB,
    pnsNumberA: b.pnsNumberA,
    pnsNumberB: b.pnsNumberB,
    expiresAt: b.expiresAt,
  };
}

type BodyResult = Buffer | 'too-large' | 'aborted';

/** Reads a request body up to `limit` bytes; past it, answers 'too-large' at once and discards the rest. */
function readBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: BodyResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(header(req.headers['content-length']));
    if (declared > limit) settle('too-large');
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit + DRAIN_LIMIT) req.socket.destroy();
      if (settled) return;
      if (size > limit) {
        chunks.length = 0;
        settle('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => settle(Buffer.concat(chunks)));
    req.on('error', () => settle('aborted'));
    req.on('close', () => settle('aborted'));
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  const cfg = resolveOptions(options);
  let skewMs = cfg.clockSkewSeconds * 1000;
  let latencyMs = cfg.latencyMs;
  /** The sandbox's clock: real time plus the configured skew. */
  const clock = (): number => Date.now() + skewMs;

  const anchorMs = Math.floor((cfg.startTime ?? clock()) / 1000) * 1000;
  const data = new SandboxData({ seed: cfg.seed, bindingsPerApp: cfg.bindingsPerApp, anchorMs });
  const faults = new FaultInjector(cfg.seed, cfg.faults);
  const ctx: EndpointContext = {
    data,
    now: clock,
    formatTime: expireFormatter(cfg.expireFormat, cfg.expireOffsetMinutes),
    echoSize: cfg.echoSize,
  };

  const requests: SandboxRequest[] = [];
  let requestCount = 0;
  const faultCounts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

  let closed = false;
  const sockets = new Set<Socket>();
  /** Pending latency waits; close() releases them so no timer outlives the server. */
  const waits = new Map<NodeJS.Timeout, () => void>();

  function pause(): Promise<void> {
    if (latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        waits.delete(t);
        resolve();
      }, latencyMs);
      waits.set(t, resolve);
    });
  }

  function record(entry: SandboxRequest, summary: string): void {
    requestCount++;
    requests.push(entry);
    if (requests.length > LOG_CAP) requests.shift();
    if (entry.fault) faultCounts[entry.fault]++;
    if (cfg.log) {
      const status = typeof entry.status === 'string' ? `status ${entry.status}` : entry.status === 0 ? 'no answer' : `HTTP ${entry.status}`;
      const line = [
        new Date(entry.at).toISOString(),
        entry.method.slice(0, 10),
        entry.path.slice(0, 200),
        summary,
        '->',
        status,
        entry.fault ? `[fault ${entry.fault}]` : '',
      ].filter(Boolean).join(' ');
      try {
        cfg.log(line);
      } catch {
        // a failing log sink must not break the sandbox
      }
    }
  }

  /** Writes one answer after the configured latency; 'drop' sends half the body and cuts the socket. */
  async function send(res: http.ServerResponse, code: number, body: string, headers: Headers, how: 'full' | 'drop' = 'full'): Promise<void> {
    await pause();
    if (closed || res.destroyed) return;
    const buf = Buffer.from(body, 'utf8');
    res.sendDate = false; // our own Date, from the (possibly skewed) sandbox clock
    res.writeHead(code, { Date: new Date(clock()).toUTCString(), 'Content-Length': String(buf.length), ...headers });
    if (how === 'drop') {
      res.write(buf.subarray(0, Math.max(1, Math.floor(buf.length / 2))), () => res.destroy());
    } else {
      res.end(buf);
    }
  }

  function sendEnvelope(res: http.ServerResponse, e: Envelope): Promise<void> {
    return send(res, 200, serialize(e), { 'Content-Type': JSON_TYPE });
  }

  /** The vendor's checks: -1 for a missing/unknown key or a wrong Sign, then -16 for a bad or stale Timestamp. */
  function authenticate(h: http.IncomingHttpHeaders): Envelope | undefined {
    const key = header(h['api-key']);
    const timestamp = header(h['timestamp']);
    const signature = header(h['sign']);
    if (key !== cfg.apiKey || signature === undefined || signature !== sign(cfg.apiKey, cfg.apiSecret, timestamp ?? '')) {
      return fail('-1', 'Abnormal account authentication');
    }
    if (timestamp === undefined || !/^-?\d{1,15}$/.test(timestamp)) return fail('-16', 'Timestamp expired');
    if (Math.abs(Math.floor(clock() / 1000) - Number(timestamp)) > cfg.timestampWindowSeconds) {
      return fail('-16', 'Timestamp expired');
    }
    return undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const method = req.method ?? '';
    const path = (req.url ?? '/').split('?')[0];
    const done = (status: string | number, summary = '', fault?: FaultKind): void =>
      record(fault ? { method, path, status, fault, at } : { method, path, status, at }, summary);

    if (path.startsWith(OWN_PREFIX) && !isLoopbackHostHeader(header(req.headers.host))) {
      // DNS rebinding: a web page reaching us under its own name must not read our paths.
      req.resume();
      done(403);
      const error = 'Forbidden: the sandbox answers /__sandbox/ only for a Host of localhost, 127.x.x.x or [::1].';
      return send(res, 403, JSON.stringify({ error }), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    }
    if (path === INFO_PATH && method === 'GET') {
      // Only for the extension's "Try the Local Sandbox": the sandbox's own demo credentials
      // and app ids, so a demo needs no typing. Not part of the vendor's API.
      req.resume();
      done(200);
      return send(res, 200, JSON.stringify({ name: 'laaffic-sandbox', baseUrl: `${PREFIX}`, apiKey: cfg.apiKey, apiSecret: cfg.apiSecret, appIds: data.apps.map((a) => a.appId) }), {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
      });
    }
    const endpoint = path.startsWith(PREFIX + '/') ? ENDPOINTS.get(path.slice(PREFIX.length)) : undefined;
    if (!endpoint) {
      done(404);
      return send(res, 404, NOT_FOUND_HTML, { 'Content-Type': 'text/html; charset=utf-8' });
    }
    if (!endpoint.methods.includes(method)) {
      done(405);
      return send(res, 405, 'Method Not Allowed', { 'Content-Type': 'text/plain; charset=utf-8', Allow: endpoint.methods.join(', ') });
    }

    let body: Body = undefined;
    if (method === 'POST') {
      const raw = await readBody(req, BODY_LIMIT);
      if (raw === 'aborted') {
        done(0);
        return;
      }
      if (raw === 'too-large') {
        done(413);
        return send(res, 413, 'Payload Too Large', { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      }
      body = parseJson(raw);
    } else {
      req.resume();
    }
    const summary = describe(body);

    const denied = authenticate(req.headers);
    if (denied) {
      done(denied.status, summary);
      return sendEnvelope(res, denied);
    }

    const fault = faults.pick(path);
    if (fault === 'hang') {
      done(0, summary, fault); // never answered; close() destroys the socket
      return;
    }
    if (fault && !faultKeepsEffect(fault)) {
      const asHttp = httpFault(fault);
      if (asHttp) {
        done(asHttp.code, summary, fault);
        return send(res, asHttp.code, asHttp.body, { 'Content-Type': asHttp.contentType, ...asHttp.headers });
      }
      const asStatus = statusFault(fault)!;
      done(asStatus.status, summary, fault);
      return sendEnvelope(res, fail(asStatus.status, asStatus.reason));
    }

    // The request takes effect; the remaining fault kinds only spoil the answer.
    const envelope = endpoint.run(ctx, body);
    const json = serialize(envelope);
    switch (fault) {
      case 'malformed-json':
        done(200, summary, fault);
        return send(res, 200, json.slice(0, Math.ceil(json.length / 2)), { 'Content-Type': JSON_TYPE });
      case 'empty-body':
        done(200, summary, fault);
        return send(res, 200, '', { 'Content-Type': JSON_TYPE });
      case 'drop':
        done(0, summary, fault);
        return send(res, 200, json, { 'Content-Type': JSON_TYPE }, 'drop');
      default:
        done(envelope.status, summary);
        return sendEnvelope(res, envelope);
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Last resort: never let one request take the sandbox down.
      try {
        cfg.log?.(`sandbox internal error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('Internal Server Error');
        } else {
          res.destroy();
        }
      } catch {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => cfg.log?.(`sandbox server error: ${err.message}`));
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      for (const [t, release] of waits) {
        clearTimeout(t);
        release();
      }
      waits.clear();
      server.close(() => resolve());
      // Keep-alive and hung requests would otherwise hold server.close() open.
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `http://${urlHost(cfg.host)}:${port}${PREFIX}`,
    host: cfg.host,
    port,
    apiKey: cfg.apiKey,
    apiSecret: cfg.apiSecret,
    appIds: data.apps.map((a) => a.appId),
    requests,
    get requestCount() {
      return requestCount;
    },
    get faultCounts() {
      return { ...faultCounts };
    },
    bindings: (appId?: string, start?: number, end?: number) => data.list(appId).slice(start, end).map(publicBinding),
    bindingCount: (appId?: string) => data.list(appId).length,
    unbind: (bindId: string) => data.unbind(String(bindId)),
    setFaults: (f: FaultOptions | undefined) => faults.set(f),
    setLatency: (ms: number) => {
      latencyMs = checkLatency(ms);
    },
    setClockSkew: (seconds: number) => {
      skewMs = checkClockSkew(seconds) * 1000;
    },
    close,
  };
}
