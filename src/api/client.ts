/**
 * PnsClient: signed calls to the Laaffic API over node-fetch, with a timeout, cancellation,
 * a cap on the size of a reply, retries of idempotent queries, clock-skew correction, and
 * typed errors for everything that can go wrong.
 */
import fetch, { FetchError, type Response } from 'node-fetch';
import * as http from 'node:http';
import * as https from 'node:https';
import * as dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { sign, unixSeconds } from './sign';
import { PnsAbortError, PnsApiError, PnsError, PnsTransportError, PnsValidationError } from './errors';
import { parseJsonKeepingBigInts } from './json';
import { safeText } from './safe';
import { isLoopbackAddress, isLoopbackHost } from './origins';
import { BindPage, normaliseBindPage, parseZoneOffset } from './normalize';
import {
  type ResolvedRetry,
  type RetryInfo,
  type RetryOptions,
  backoffDelay,
  checkRetries,
  describeError,
  isRetryable,
  parseHttpDate,
  parseRetryAfter,
  resolveRetryOptions,
  sleep,
} from './retry';

export const DEFAULT_BASE_URL = 'https://api.laaffic.com/v3';
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_PAGE_SIZE = 100;
/** The largest clock correction a -16 reply may cause (15 min); beyond it the user fixes the clock. */
export const DEFAULT_MAX_CLOCK_CORRECTION_MS = 15 * 60_000;
/** A Laaffic status: "0" or a small negative number. Anything else is not a Laaffic reply. */
const STATUS_SHAPE = /^-?\d{1,4}$/;
/** The longest vendor `reason` kept (it is shown in messages). */
const MAX_REASON_CHARS = 200;

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
  /** Value of the User-Agent header. */
  userAgent?: string;
  /** Called after every request (every attempt), for logging. Carries no key, secret or signature. */
  onRequest?: (info: RequestInfo) => void;
  /**
   * Retries of idempotent queries (queryBindPage, getBalance, `call()` with `idempotent`):
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
}

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
   * For `call()`: the request has no side effect, so it may be retried. queryBindPage and
   * getBalance set it; without it `call()` never retries (a bind must not be sent twice).
   */
  idempotent?: boolean;
}

export interface BindPageQuery {
  /** Page number, 1..N. */
  current: number;
  /** Page size, 1..100. */
  size: number;
  /** Only this app's bindings; all apps of the key when absent. */
  appId?: string;
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

export interface Balance {
  balance: string;
  gift: string;
  credit: string;
}

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
const NOT_LOOPBACK = 'ERR_LAAFFIC_NOT_LOOPBACK';

/** Validates a base URL: http(s), no credentials or query, http only for loopback. */
export function parseBaseUrl(baseUrl: string): URL {
  const hint = 'Set laafficPns.baseUrl to https://api.laaffic.com/v3 (or the local sandbox URL, e.g. http://127.0.0.1:8787/v3).';
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

function checkCredential(field: 'apiKey' | 'apiSecret', value: unknown): string {
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

export class PnsClient {
  readonly baseUrl: string;
  readonly host: string;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly zoneOffsetMinutes: number;
  /** Added to the local clock for Timestamps; can be updated when skew is measured. */
  clockOffsetMs: number;
  /** See PnsClientOptions.maxClockCorrectionMs. */
  readonly maxClockCorrectionMs: number;
  readonly #apiKey: string;
  readonly #apiSecret: string;
  readonly #base: URL;
  readonly #agent: http.Agent;
  readonly #userAgent: string;
  readonly #onRequest?: (info: RequestInfo) => void;
  readonly #onRetry?: (info: RetryInfo) => void;
  readonly #onClockSkew?: (offsetMs: number) => void;
  readonly #retry: ResolvedRetry;

  constructor(options: PnsClientOptions) {
    this.#base = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.baseUrl = this.#base.href.replace(/\/$/, '');
    this.host = this.#base.host;
    this.#apiKey = checkCredential('apiKey', options.apiKey);
    this.#apiSecret = checkCredential('apiSecret', options.apiSecret);
    const t = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(t) || t <= 0) {
      throw new PnsValidationError('timeoutMs', `The timeout must be a positive number of milliseconds (got ${t}).`, 'Set laafficPns.timeoutSeconds to a value from 1 to 120.');
    }
    this.timeoutMs = t;
    const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isSafeInteger(maxBody) || maxBody < 1) {
      throw new PnsValidationError('maxBodyBytes', `The largest reply must be a positive whole number of bytes (got ${String(maxBody).slice(0, 20)}).`, 'Leave maxBodyBytes at its default (8 MiB).');
    }
    this.maxBodyBytes = maxBody;
    this.zoneOffsetMinutes = parseZoneOffset(options.expireTimeZone ?? '+08:00');
    const offset = options.clockOffsetMs ?? 0;
    const maxCorrection = options.maxClockCorrectionMs ?? DEFAULT_MAX_CLOCK_CORRECTION_MS;
    if (!Number.isFinite(maxCorrection) || maxCorrection < 0) {
      throw new PnsValidationError('maxClockCorrectionMs', `The largest clock correction must be 0 or more milliseconds (got ${String(maxCorrection).slice(0, 20)}).`, 'Leave maxClockCorrectionMs at its default (15 minutes).');
    }
    this.maxClockCorrectionMs = maxCorrection;
    // A given offset obeys the same cap as a measured one.
    this.clockOffsetMs = Number.isFinite(offset) && Math.abs(offset) <= maxCorrection ? offset : 0;
    this.#userAgent = options.userAgent ?? 'laaffic-pns-explorer';
    this.#onRequest = options.onRequest;
    this.#onRetry = options.onRetry;
    this.#onClockSkew = options.onClockSkew;
    this.#retry = resolveRetryOptions(options.retry);
    const agentOptions: http.AgentOptions & { lookup?: LookupFunction } = { keepAlive: true, maxSockets: 16 };
    // http:// is allowed for loopback only: a name such as "localhost" is trusted only for as
    // long as it really resolves to this machine (checked at every connection, not once).
    if (this.#base.protocol === 'http:') agentOptions.lookup = loopbackOnlyLookup(options.lookup ?? (dns.lookup as LookupFunction));
    else if (options.lookup) agentOptions.lookup = options.lookup;
    this.#agent = this.#base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  /** One page of bindings, normalised. */
  async queryBindPage(query: BindPageQuery, options: RequestOptions = {}): Promise<BindPage> {
    const { current, size, appId } = query;
    if (!Number.isSafeInteger(current) || current < 1) {
      throw new PnsValidationError('current', `The page number must be a whole number of at least 1 (got ${String(current).slice(0, 20)}).`, 'Ask for page 1 or later.');
    }
    if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
      throw new PnsValidationError('size', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(size).slice(0, 20)}).`, 'Set laafficPns.pageSize to a value from 1 to 100.');
    }
    const params: { appId?: string } = {};
    if (appId !== undefined && appId !== null) {
      if (typeof appId !== 'string' || appId.trim() === '' || appId.length > 128 || /[\x00-\x1f\x7f]/.test(appId)) {
        throw new PnsValidationError('appId', 'The app id must be a non-empty line of text.', 'Copy the app id from the Laaffic console.');
      }
      params.appId = appId.trim();
    }
    const env = await this.call('number/pns/queryBindPage', { current, size, params }, { ...options, idempotent: true });
    const page = normaliseBindPage(env.data, { current, size }, this.zoneOffsetMinutes, this.host);
    page.replyChars = env.replyChars;
    return page;
  }

  /** The account balance (`GET /getBalance`, answered at the top level). */
  async getBalance(options: RequestOptions = {}): Promise<Balance> {
    const env = await this.call('getBalance', undefined, { ...options, idempotent: true });
    const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    return { balance: s(env.body.balance), gift: s(env.body.gift), credit: s(env.body.credit) };
  }

  /**
   * A signed call: POST with a JSON body, or GET when `body` is undefined. Resolves with the
   * envelope of a status-"0" reply; rejects with PnsApiError, PnsTransportError,
   * PnsValidationError or PnsAbortError.
   *
   * With `options.idempotent`, failures worth repeating (see isRetryable) are retried up to
   * `options.retries` (default: the client's `retry.retries`) times after a backoff that the
   * signal cancels. Any call answered -16 whose Date header shows a clock difference is sent
   * once more with a corrected Timestamp (the vendor rejects it before doing anything), and
   * the offset is kept for later requests.
   */
  async call(path: string, body: unknown, options: RequestOptions = {}): Promise<Envelope> {
    const { signal } = options;
    const retries = options.idempotent ? (options.retries === undefined ? this.#retry.retries : checkRetries(options.retries)) : 0;
    let skewCorrected = false;
    for (let attempt = 1, retry = 0; ; attempt++) {
      try {
        return await this.#attempt(path, body, signal);
      } catch (err) {
        if (!skewCorrected && this.#adoptClockSkew(err)) {
          skewCorrected = true;
          continue;
        }
        if (retry >= retries || !isRetryable(err) || signal?.aborted) {
          if (signal?.aborted && !(err instanceof PnsAbortError) && isRetryable(err)) throw new PnsAbortError();
          if (attempt > 1 && err instanceof PnsError && !(err instanceof PnsAbortError)) {
            err.attempts = attempt;
            err.message = `${err.message.replace(/\.$/, '')} (gave up after ${attempt} attempts).`;
          }
          throw err;
        }
        retry++;
        const after = err instanceof PnsTransportError ? err.retryAfterMs : undefined;
        const delayMs = after !== undefined ? Math.min(after, this.#retry.maxDelayMs) : backoffDelay(retry, this.#retry.baseDelayMs, this.#retry.maxDelayMs);
        try {
          this.#onRetry?.({ attempt: retry, delayMs, path: cleanPath(path), error: describeError(err) });
        } catch {
          /* a logging hook must never break a request */
        }
        await sleep(delayMs, signal);
      }
    }
  }

  /**
   * On a -16 whose Date header puts the server's clock clearly away from the Timestamps we
   * send, by no more than maxClockCorrectionMs: adopt the measured offset, report it, and say "resend". A Date header has whole
   * seconds, so a difference under 2 s is measuring noise and a resend could not help.
   */
  #adoptClockSkew(err: unknown): boolean {
    if (!(err instanceof PnsApiError) || err.status !== '-16' || err.clockSkewMs === undefined || !Number.isFinite(err.clockSkewMs)) return false;
    if (Math.abs(err.clockSkewMs - this.clockOffsetMs) < 2000) return false;
    // Never further than the cap: the error (its hint says by how much) goes to the user instead.
    if (Math.abs(err.clockSkewMs) > this.maxClockCorrectionMs) return false;
    this.clockOffsetMs = err.clockSkewMs;
    try {
      this.#onClockSkew?.(err.clockSkewMs);
    } catch {
      /* a logging hook must never break a request */
    }
    return true;
  }

  /** One request, reported to onRequest. */
  async #attempt(path: string, body: unknown, signal: AbortSignal | undefined): Promise<Envelope> {
    if (!this.#onRequest) return this.#request(path, body, signal);
    const started = Date.now();
    const method = body === undefined ? 'GET' : 'POST';
    const report = (httpStatus: number, status?: string, error?: string) => {
      try {
        this.#onRequest?.({ method, path: cleanPath(path), httpStatus, status, error, ms: Date.now() - started });
      } catch {
        /* a logging hook must never break a request */
      }
    };
    try {
      const env = await this.#request(path, body, signal);
      report(200, env.status);
      return env;
    } catch (e) {
      const err = e as PnsError & { httpStatus?: number; status?: string; kind?: string };
      report(err.httpStatus ?? (err instanceof PnsApiError ? 200 : 0), err instanceof PnsApiError ? err.status : undefined, `${err.name}${err.kind ? `(${err.kind})` : ''}`);
      throw e;
    }
  }

  async #request(path: string, body: unknown, signal: AbortSignal | undefined): Promise<Envelope> {
    if (signal?.aborted) throw new PnsAbortError();
    // Never send a request without both credentials (the constructor checks them too).
    checkCredential('apiKey', this.#apiKey);
    checkCredential('apiSecret', this.#apiSecret);
    const url = new URL(path.replace(/^\/+/, ''), this.#base);
    if (url.origin !== this.#base.origin) {
      throw new PnsValidationError('path', 'The request path must stay below the base URL.', 'Pass an endpoint path such as "number/pns/queryBindPage".');
    }
    const timestamp = unixSeconds(Date.now() + this.clockOffsetMs);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json;charset=UTF-8',
      Accept: 'application/json',
      'Api-Key': this.#apiKey,
      Timestamp: timestamp,
      Sign: sign(this.#apiKey, this.#apiSecret, timestamp),
      'User-Agent': this.#userAgent,
    };

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });

    let res: Response;
    let text: string;
    try {
      res = await fetch(url.href, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        redirect: 'manual',
        agent: this.#agent,
      });
      if (res.status >= 300 && res.status < 400) {
        discard(res);
        throw this.#redirectError(res);
      }
      text = await readBody(res, this.maxBodyBytes);
    } catch (err) {
      if (err instanceof PnsError) throw err;
      if (signal?.aborted && !timedOut) throw new PnsAbortError();
      throw this.#transportError(err, timedOut);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    return this.#readEnvelope(res, text);
  }

  #readEnvelope(res: Response, text: string): Envelope {
    const host = this.host;
    const isHtml = /^\s*</.test(text);
    if (res.status < 200 || res.status >= 300) {
      const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
      const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
      const what = isHtml ? 'an HTML error page' : text.trim() === '' ? 'an empty body' : 'an error body';
      const hint =
        res.status === 404
          ? 'Check laafficPns.baseUrl: it should end in /v3 (https://api.laaffic.com/v3).'
          : res.status === 429
            ? 'The server is rate-limiting: wait a little, then try again.'
            : res.status >= 500
              ? 'The server had a problem. Retrying in a moment may help.'
              : 'Check laafficPns.baseUrl and your network (proxy, firewall).';
      // The HTTP status text is the server's free text: it is not shown anywhere.
      throw new PnsTransportError('http', `${host} answered HTTP ${res.status} with ${what}.`, hint, {
        host,
        httpStatus: res.status,
        retryable,
        retryAfterMs,
      });
    }
    let parsed: unknown;
    try {
      if (text.trim() === '') throw new SyntaxError('empty');
      parsed = parseJsonKeepingBigInts(text);
    } catch {
      const what = text.trim() === '' ? 'an empty body' : isHtml ? 'an HTML page instead of JSON' : 'JSON that is truncated or malformed';
      throw new PnsTransportError('invalid-response', `${host} answered HTTP ${res.status} with ${what}.`, 'Check that laafficPns.baseUrl points at the Laaffic API (…/v3). If it does, the vendor had a hiccup: try again.', {
        host,
        httpStatus: res.status,
        // Empty or cut-off JSON is a transient hiccup (a query may be repeated); other text is not.
        retryable: text.trim() === '' || /^\s*[{[]/.test(text),
      });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new PnsTransportError('invalid-response', `${host} answered with JSON that is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}, not a Laaffic reply.`, 'Check that laafficPns.baseUrl points at the Laaffic API (…/v3).', { host, httpStatus: res.status, retryable: false });
    }
    const obj = parsed as Record<string, unknown>;
    if (obj.status === undefined || obj.status === null || (typeof obj.status !== 'string' && typeof obj.status !== 'number')) {
      throw new PnsTransportError('invalid-response', `${host} answered without a Laaffic status.`, 'Check that laafficPns.baseUrl points at the Laaffic API (…/v3).', { host, httpStatus: res.status, retryable: false });
    }
    const status = String(obj.status).trim();
    if (!STATUS_SHAPE.test(status)) {
      // Not a Laaffic status (the vendor's are small negative numbers): an invalid reply, and
      // its text is never shown (it could be anything the server wants to put in front of the user).
      throw new PnsTransportError('invalid-response', `${host} answered with a status that is not a Laaffic status code.`, 'Check that laafficPns.baseUrl points at the Laaffic API (…/v3).', { host, httpStatus: res.status, retryable: false });
    }
    const reason = typeof obj.reason === 'string' || typeof obj.reason === 'number' ? this.#safe(obj.reason, MAX_REASON_CHARS) : '';
    if (status !== '0') {
      let clockSkewMs: number | undefined;
      if (status === '-16') {
        const serverDate = parseHttpDate(res.headers.get('date'));
        if (serverDate !== undefined) clockSkewMs = serverDate - Date.now();
      }
      throw new PnsApiError(status, reason, { clockSkewMs, maxClockCorrectionMs: this.maxClockCorrectionMs });
    }
    return { status, reason, data: obj.data, body: obj, replyChars: text.length };
  }

  #redirectError(res: Response): PnsTransportError {
    let target = 'another address';
    try {
      const loc = res.headers.get('location');
      if (loc) target = this.#safe(new URL(loc, this.#base).host, 100);
    } catch {
      /* keep the generic text */
    }
    return new PnsTransportError('http', `${this.host} answered HTTP ${res.status}, a redirect to ${target}; it was not followed, so the credentials were not sent there.`, 'Check laafficPns.baseUrl: use the exact API address (https://api.laaffic.com/v3).', { host: this.host, httpStatus: res.status, retryable: false });
  }

  #transportError(err: unknown, timedOut: boolean): PnsTransportError {
    const host = this.host;
    if (timedOut) {
      return new PnsTransportError('timeout', `No complete answer from ${host} within ${fmtSeconds(this.timeoutMs)}.`, 'Try again. If the server is just slow, raise laafficPns.timeoutSeconds.', { host, retryable: true, cause: err });
    }
    const e = err as FetchError & { code?: string; erroredSysCall?: string };
    if (err instanceof BodyTooLarge) {
      return new PnsTransportError('invalid-response', `${host} sent a reply larger than ${fmtBytes(this.maxBodyBytes)}${err.declared ? ` (it announced ${fmtBytes(err.declared)})` : ''}; it was not read.`, 'Use a smaller page size, and check that laafficPns.baseUrl points at the Laaffic API.', { host, retryable: false, cause: err });
    }
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const message = String(e?.message ?? '');
    if (code && /^Z_|^ERR_ZLIB|^ERR_BROTLI/.test(code)) {
      return new PnsTransportError('invalid-response', `${host} sent a compressed reply that cannot be decompressed (${code}).`, 'Check that laafficPns.baseUrl points at the Laaffic API, and any proxy in between. If it does, the vendor had a hiccup: try again.', { host, code, retryable: false, cause: err });
    }
    if ((code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|^EPROTO$|HOSTNAME/i.test(code)) || /SSL routines|wrong version number|certificate/i.test(message)) {
      const tlsCode = code ?? 'TLS';
      return new PnsTransportError('network', `The TLS connection to ${host} failed: ${tlsWhy(tlsCode, message)} (${tlsCode}).`, 'The server\'s certificate is not trusted, or it does not speak HTTPS. Check laafficPns.baseUrl (https:// only for a TLS server), the system clock, and any proxy that intercepts HTTPS.', { host, code: tlsCode, retryable: false, cause: err });
    }
    const why: Record<string, string> = {
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
    if (code === NOT_LOOPBACK) {
      return new PnsTransportError('network', `Refusing to send credentials over plain http:// to ${host}: the name does not resolve to this machine (a loopback address).`, 'Use http://127.0.0.1:PORT/v3 for the local sandbox, or https:// for a remote server.', { host, code, retryable: false, cause: err });
    }
    const premature = /premature close/i.test(message);
    if (code?.startsWith('HPE_')) {
      // The server answered, but not in valid HTTP: repeating the request will not change that.
      return new PnsTransportError('network', `${host} sent a reply that is not valid HTTP: ${why[code] ?? 'the parser rejected it'} (${code}).`, 'Check that laafficPns.baseUrl points at the Laaffic API (https://…/v3), and any proxy in between.', { host, code, retryable: false, cause: err });
    }
    const reason = (code && why[code]) || (premature ? why.ERR_STREAM_PREMATURE_CLOSE : 'the request failed');
    return new PnsTransportError('network', `Cannot reach ${host}: ${reason}${code ? ` (${code})` : ''}.`, 'Check laafficPns.baseUrl and your network connection, proxy or firewall, then retry.', { host, code: code ?? (premature ? 'ERR_STREAM_PREMATURE_CLOSE' : undefined), retryable: true, cause: err });
  }

  /** Text from the server made safe to show and log: one line, no markup, no key, secret or Sign. */
  #safe(text: unknown, max: number): string {
    return safeText(text, { max, secrets: [this.#apiKey, this.#apiSecret] });
  }

  /** Closes idle keep-alive connections. */
  dispose(): void {
    this.#agent.destroy();
  }
}

class BodyTooLarge extends Error {
  constructor(readonly declared?: number) {
    super('reply too large');
  }
}

/** Path as reported to hooks: no leading slashes, no query. */
function cleanPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/[?#].*$/, '');
}

/** Lets go of a reply whose body is not wanted (a redirect): the socket is not reused. */
function discard(res: Response): void {
  try {
    (res.body as unknown as { destroy?: () => void } | null)?.destroy?.();
  } catch {
    /* nothing to clean up */
  }
}

/**
 * Reads the whole body, refusing more than `max` bytes: at once when Content-Length announces
 * more, otherwise as soon as the streamed (decompressed) bytes pass the cap, so an oversized
 * reply is never held in memory. Decodes the declared charset (UTF-8 when none or unknown;
 * invalid bytes become U+FFFD) and drops a byte-order mark. Iterating the stream directly is
 * much cheaper than node-fetch's arrayBuffer()/text() (measured by npm run bench); the
 * request's abort signal still ends it.
 */
async function readBody(res: Response, max: number): Promise<string> {
  const body = res.body;
  if (!body) return '';
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const encoded = (res.headers.get('content-encoding') ?? '').trim() !== '';
  if (!encoded && Number.isSafeInteger(declared) && declared > max) {
    (body as unknown as { destroy?: () => void }).destroy?.();
    throw new BodyTooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > max) {
      (body as unknown as { destroy?: () => void }).destroy?.();
      throw new BodyTooLarge();
    }
    chunks.push(b);
  }
  return decodeText(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), res.headers.get('content-type'));
}

function decodeText(buf: Buffer, contentType: string | null): string {
  const charset = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  let text: string | undefined;
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    try {
      text = new TextDecoder(charset).decode(buf);
    } catch {
      text = undefined; // a label TextDecoder does not know: read it as UTF-8
    }
  }
  if (text === undefined) text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
