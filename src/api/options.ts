/**
 * What a PnsClient is configured with, what one request reports, and the checks of the
 * options that decide where credentials go (base URL, loopback-only name resolution,
 * credentials that can be sent in a header).
 */
import * as dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { PnsValidationError } from './errors';
import { isLoopbackAddress, isLoopbackHost } from './origins';
import type { RetryInfo, RetryOptions } from './retry';

export const DEFAULT_BASE_URL = 'https://api.laaffic.com/v3';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
/** The largest clock correction a -16 reply may cause (15 min); beyond it the user fixes the clock. */
export const DEFAULT_MAX_CLOCK_CORRECTION_MS = 15 * 60_000;

export interface PnsClientOptions {
  /** Default https://api.laaffic.com/v3. http:// only for loopback hosts. */
  baseUrl?: string;
  apiKey: string;
  apiSecret: string;
  /** Per request, covering connect, headers and body. Default 15 s. */
  timeoutMs?: number;
  /** Zone of the vendor's text expiry times ("yyyy-MM-dd HH:mm:ss"). Default "+08:00". */
  expireTimeZone?: string;
  /** Largest reply body read, in bytes. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Added to the local clock when making Timestamps (ms), e.g. a measured server offset. */
  clockOffsetMs?: number;
  userAgent?: string;
  /** Called after every request (every attempt), for logging. Carries no key, secret or signature. */
  onRequest?: (info: RequestInfo) => void;
  /**
   * Retries of idempotent queries (every query; `call()` only with `idempotent`):
   * network errors, timeouts, HTTP 5xx / 429 and vendor -15 / -18, with full-jitter
   * exponential backoff. Defaults: 2 retries, 300 ms base, 5,000 ms maximum delay.
   */
  retry?: RetryOptions;
  /** Called before each retry, for logging. Carries no key, secret, signature or reply. */
  onRetry?: (info: RetryInfo) => void;
  /**
   * Called when a -16 reply (timestamp expired) made the client adopt a new clock offset
   * (server clock minus local clock, ms, from the reply's Date header); later requests use it.
   */
  onClockSkew?: (offsetMs: number) => void;
  /**
   * The largest clock offset a -16 reply may make the client adopt, in ms (default 15 min,
   * 0 = never correct). A server that claims more is not believed: the error tells the user to
   * set the computer's clock, and by how much. This bounds how far into the future a hostile
   * server can make the client sign Timestamps (a Sign covers only key, secret and Timestamp).
   */
  maxClockCorrectionMs?: number;
  /**
   * How host names are resolved (default: node's dns.lookup). For a plain-http base URL every
   * address it gives must be a loopback address, or no connection is made.
   */
  lookup?: LookupFunction;
  /**
   * Called once after every bind or unbind attempt, whatever came of it (done, refused, outcome
   * unknown, not even sent): pages read before it may no longer be true, e.g. to drop cached
   * pages. An exception it throws is ignored.
   */
  onWrite?: (op: 'bind' | 'unbind') => void;
}

/** What the transport needs: the client's options without those of the endpoints (expireTimeZone, onWrite). */
export type TransportOptions = Omit<PnsClientOptions, 'expireTimeZone' | 'onWrite'>;

/** What a finished request reports to `onRequest`. */
export interface RequestInfo {
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. "number/pns/queryBindPage". */
  path: string;
  /** HTTP status (0 when no reply arrived). */
  httpStatus: number;
  /** Vendor status ("0" for success) when a Laaffic reply was read. */
  status?: string;
  /** The error's class name and kind when the request failed. */
  error?: string;
  ms: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * How many times a failed idempotent query may be retried (overrides the client's retry
   * setting; 0 = fail on the first error, e.g. when the caller retries by itself).
   * The one-off resend after a -16 with a corrected Timestamp is not a retry and still happens.
   */
  retries?: number;
  /**
   * For `call()`: the request has no side effect, so it may be retried. Every query sets it;
   * without it `call()` never retries (a bind must not be sent twice).
   */
  idempotent?: boolean;
}

/** The vendor's envelope after the status check; `data` still raw. */
export interface Envelope {
  status: string;
  reason: string;
  data: unknown;
  /** The whole parsed reply (some endpoints, e.g. getBalance, answer at the top level). */
  body: Record<string, unknown>;
  /** Length of the reply body in characters. */
  replyChars: number;
}

/** The error code a loopbackOnlyLookup failure carries. */
export const NOT_LOOPBACK = 'ERR_LAAFFIC_NOT_LOOPBACK';

/** Wraps a lookup so that a name resolving to anything but loopback fails before connecting. */
export function loopbackOnlyLookup(lookup: LookupFunction): LookupFunction {
  return ((hostname: string, opts: dns.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    lookup(hostname, opts, (err, address, family) => {
      if (err) return callback(err, address, family);
      const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
      const outside = list.find((a) => !isLoopbackAddress(a));
      if (outside !== undefined || list.length === 0) {
        const e: NodeJS.ErrnoException = new Error(`${hostname} does not resolve to a loopback address`);
        e.code = NOT_LOOPBACK;
        return callback(e, address, family);
      }
      callback(null, address, family);
    });
  }) as LookupFunction;
}

/** Validates a base URL: http(s), no credentials or query, http only for loopback. */
export function parseBaseUrl(baseUrl: string): URL {
  const hint = 'Set baseUrl to https://api.laaffic.com/v3 (or the local sandbox URL, e.g. http://127.0.0.1:8787/v3).';
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new PnsValidationError('baseUrl', `The base URL "${baseUrl.slice(0, 80)}" is not a valid URL.`, hint);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PnsValidationError('baseUrl', `The base URL must start with https:// (got ${url.protocol}).`, hint);
  }
  if (url.username || url.password) {
    throw new PnsValidationError('baseUrl', 'The base URL must not contain a user name or password.', hint);
  }
  if (url.search || url.hash) {
    throw new PnsValidationError('baseUrl', 'The base URL must not contain a query (?…) or fragment (#…).', hint);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new PnsValidationError(
      'baseUrl',
      `Refusing to send credentials over plain http:// to ${url.hostname}: only loopback hosts (localhost, 127.x.x.x, [::1]) may use http://.`,
      'Use https:// for a remote Laaffic server.',
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** An API key or secret that can be sent in a header, else PnsValidationError (never echoing it). */
export function checkCredential(field: 'apiKey' | 'apiSecret', value: unknown): string {
  const label = field === 'apiKey' ? 'API key' : 'API secret';
  const hint = 'Enter the API key and secret from the Laaffic console (in VS Code: "Laaffic PNS: Set Credentials").';
  if (typeof value !== 'string' || value.trim() === '') {
    throw new PnsValidationError(field, `The ${label} is empty; no request was sent.`, hint);
  }
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new PnsValidationError(field, `The ${label} contains spaces or characters that cannot be sent in an HTTP header.`, hint);
  }
  return value;
}
