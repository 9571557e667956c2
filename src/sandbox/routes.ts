/** Request handling: routing, body reading, the vendor's signature and timestamp checks, fault injection and the answer. */
import type * as http from 'node:http';
import { sign } from '../api/sign';
import { BODY_LIMIT, header, parseJson, readBody } from './body';
import { ENDPOINTS, INVALID_JSON, fail, serialize, type Body, type EndpointContext, type Envelope } from './endpoints';
import { faultKeepsEffect, httpFault, statusFault, type FaultInjector } from './faults';
import { isLoopbackHostHeader } from './host';
import type { ResolvedOptions } from './options';
import type { FaultKind, SandboxRequest } from './types';

/** Endpoints live under /v3, like the vendor's. */
export const PREFIX = '/v3';
/** The sandbox's own paths (not vendor API): only for a loopback Host, see ./host.ts. */
const OWN_PREFIX = '/__sandbox/';
/** Demo credentials for the extension's "Try the Local Sandbox" (loopback only, not vendor API). */
export const INFO_PATH = `${OWN_PREFIX}info`;

const JSON_TYPE = 'application/json;charset=UTF-8';
const NOT_FOUND_HTML =
  '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n' +
  '<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>\n';

export type Headers = Record<string, string>;

/** Writes one answer (after the configured latency); 'drop' sends half the body and cuts the socket. */
export type Send = (res: http.ServerResponse, code: number, body: string, headers: Headers, how?: 'full' | 'drop') => Promise<void>;

/** What request handling needs from the server. */
export interface HandlerContext {
  cfg: Pick<ResolvedOptions, 'apiKey' | 'apiSecret' | 'info' | 'timestampWindowSeconds'>;
  /** the endpoints' context: the data and the sandbox clock (ctx.now) */
  ctx: EndpointContext;
  faults: FaultInjector;
  /** adds an entry to the request log; `summary` is describe(body) */
  record(entry: SandboxRequest, summary: string): void;
  send: Send;
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
    ['strTime', params.strTime],
    ['endTime', params.endTime],
    ['bindId', b.bindId],
    ['bizType', b.bizType],
  ];
  return fields
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${String(JSON.stringify(v)).slice(0, 40)}`)
    .join(' ');
}

/** The request handler for http.createServer (its errors are the caller's last resort). */
export function createHandler({ cfg, ctx, faults, record, send }: HandlerContext): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
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
    if (Math.abs(Math.floor(ctx.now() / 1000) - Number(timestamp)) > cfg.timestampWindowSeconds) {
      return fail('-16', 'Timestamp expired');
    }
    return undefined;
  }

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
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
    if (path === INFO_PATH && method === 'GET' && cfg.info) {
      // Only for the extension's "Try the Local Sandbox": the sandbox's own demo credentials
      // and app ids, so a demo needs no typing. Not part of the vendor's API.
      req.resume();
      done(200);
      return send(res, 200, JSON.stringify({ name: 'laaffic-sandbox', baseUrl: `${PREFIX}`, apiKey: cfg.apiKey, apiSecret: cfg.apiSecret, appIds: ctx.data.apps.map((a) => a.appId) }), {
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
  };
}
