/**
 * What went wrong in one HTTP exchange, as a PnsTransportError in plain language: a redirect
 * that was not followed, a timeout, an oversized or undecodable reply, TLS and network errors.
 * Hints name client options (baseUrl, timeoutMs, size), never an application's settings.
 */
import type { FetchError, Response } from 'node-fetch';
import { PnsTransportError } from './errors';
import { NOT_LOOPBACK } from './options';
import { BodyTooLarge } from './reply';

export interface FailureContext {
  host: string;
  base: URL;
  timeoutMs: number;
  maxBodyBytes: number;
  safe(text: unknown, max: number): string;
}

const WHY: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (DNS is not answering)',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ERR_STREAM_PREMATURE_CLOSE: 'the connection closed before the whole reply arrived',
  HPE_INVALID_CONSTANT: 'the server did not answer in HTTP',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'the reply had conflicting Content-Length headers',
  HPE_INVALID_CONTENT_LENGTH: 'the reply had an invalid Content-Length header',
  HPE_INVALID_HEADER_TOKEN: 'the reply had a malformed header',
  HPE_INVALID_CHUNK_SIZE: 'the reply had a malformed chunked body',
};

/** A 3xx reply: never followed, so the credentials do not go to another address. */
export function redirectError(res: Response, ctx: FailureContext): PnsTransportError {
  let target = 'another address';
  try {
    const loc = res.headers.get('location');
    if (loc) target = ctx.safe(new URL(loc, ctx.base).host, 100);
  } catch {
    /* keep the generic text */
  }
  return new PnsTransportError('http', `${ctx.host} answered HTTP ${res.status}, a redirect to ${target}; it was not followed, so the credentials were not sent there.`, 'Check baseUrl: use the exact API address (https://api.laaffic.com/v3).', { host: ctx.host, httpStatus: res.status, retryable: false });
}

/** Anything fetch or the body reader threw (other than a PnsError), or the timeout. */
export function transportError(err: unknown, timedOut: boolean, ctx: FailureContext): PnsTransportError {
  const host = ctx.host;
  if (timedOut) {
    return new PnsTransportError('timeout', `No complete answer from ${host} within ${fmtSeconds(ctx.timeoutMs)}.`, 'Try again. If the server is just slow, raise the timeout (timeoutMs).', { host, retryable: true, cause: err });
  }
  const e = err as FetchError & { code?: string; erroredSysCall?: string };
  if (err instanceof BodyTooLarge) {
    return new PnsTransportError('invalid-response', `${host} sent a reply larger than ${fmtBytes(ctx.maxBodyBytes)}${err.declared ? ` (it announced ${fmtBytes(err.declared)})` : ''}; it was not read.`, 'Use a smaller page size (size), and check that baseUrl points at the Laaffic API.', { host, retryable: false, cause: err });
  }
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = String(e?.message ?? '');
  if (code && /^Z_|^ERR_ZLIB|^ERR_BROTLI/.test(code)) {
    return new PnsTransportError('invalid-response', `${host} sent a compressed reply that cannot be decompressed (${code}).`, 'Check that baseUrl points at the Laaffic API, and any proxy in between. If it does, the vendor had a hiccup: try again.', { host, code, retryable: false, cause: err });
  }
  if ((code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|^EPROTO$|HOSTNAME/i.test(code)) || /SSL routines|wrong version number|certificate/i.test(message)) {
    const tlsCode = code ?? 'TLS';
    return new PnsTransportError('network', `The TLS connection to ${host} failed: ${tlsWhy(tlsCode, message)} (${tlsCode}).`, 'The server\'s certificate is not trusted, or it does not speak HTTPS. Check baseUrl (https:// only for a TLS server), the system clock, and any proxy that intercepts HTTPS.', { host, code: tlsCode, retryable: false, cause: err });
  }
  if (code === NOT_LOOPBACK) {
    return new PnsTransportError('network', `Refusing to send credentials over plain http:// to ${host}: the name does not resolve to this machine (a loopback address).`, 'Use http://127.0.0.1:PORT/v3 for the local sandbox, or https:// for a remote server.', { host, code, retryable: false, cause: err });
  }
  const premature = /premature close/i.test(message);
  if (code?.startsWith('HPE_')) {
    // The server answered, but not in valid HTTP: repeating the request will not change that.
    return new PnsTransportError('network', `${host} sent a reply that is not valid HTTP: ${WHY[code] ?? 'the parser rejected it'} (${code}).`, 'Check that baseUrl points at the Laaffic API (https://…/v3), and any proxy in between.', { host, code, retryable: false, cause: err });
  }
  const reason = (code && Object.hasOwn(WHY, code) && WHY[code]) || (premature ? WHY.ERR_STREAM_PREMATURE_CLOSE : 'the request failed');
  return new PnsTransportError('network', `Cannot reach ${host}: ${reason}${code ? ` (${code})` : ''}.`, 'Check baseUrl and your network connection, proxy or firewall, then retry.', { host, code: code ?? (premature ? 'ERR_STREAM_PREMATURE_CLOSE' : undefined), retryable: true, cause: err });
}

function tlsWhy(code: string, message: string): string {
  if (/SELF_SIGNED/i.test(code)) return 'the server\'s certificate is self-signed';
  if (/UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i.test(code)) return 'the server\'s certificate could not be verified';
  if (/EXPIRED/i.test(code)) return 'the server\'s certificate has expired';
  if (/NOT_YET_VALID/i.test(code)) return 'the server\'s certificate is not valid yet';
  if (/ALTNAME|HOSTNAME/i.test(code)) return 'the server\'s certificate is for another host name';
  if (/wrong version number|EPROTO/i.test(`${code} ${message}`)) return 'the server does not speak TLS on that port';
  return 'the TLS handshake failed';
}

function fmtBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

function fmtSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
