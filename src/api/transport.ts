/**
 * The signed call: one HTTP exchange with the Laaffic API over node-fetch (Sign and Timestamp
 * headers, a timeout, cancellation, a cap on the reply size, no redirects, loopback-only name
 * resolution for http://), retries of idempotent queries, clock-skew correction after a -16,
 * and typed errors for everything that can go wrong. Endpoints live in ./endpoints/.
 */
import fetch, { type Response } from 'node-fetch';
import type * as http from 'node:http';
import { createAgent } from './agent';
import { RequestAbort } from './requestAbort';
import { sign, unixSeconds } from './sign';
import { PnsAbortError, PnsApiError, PnsError, PnsTransportError, PnsValidationError } from './errors';
import { safeText } from './safe';
import { type ResolvedRetry, type RetryInfo, backoffDelay, checkRetries, describeError, isRetryable, resolveRetryOptions, sleep } from './retry';
import {
  DEFAULT_BASE_URL,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CLOCK_CORRECTION_MS,
  DEFAULT_TIMEOUT_MS,
  type Envelope,
  type RequestInfo,
  type RequestOptions,
  type TransportOptions,
  checkCredential,
  parseBaseUrl,
} from './options';
import { discard, readBody, readEnvelope } from './reply';
import { redirectError, transportError } from './failures';

/** Endpoint paths resolved against the base URL are remembered (there are only a few). */
const MAX_CACHED_PATHS = 64;

export class PnsTransport {
  readonly baseUrl: string;
  readonly host: string;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  clockOffsetMs: number;
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
  /** path as given -> absolute URL (only paths that stay below the base URL). */
  readonly #urls = new Map<string, string>();
  /** What reply.ts and failures.ts need; built once. */
  readonly #ctx: { host: string; base: URL; timeoutMs: number; maxBodyBytes: number; maxClockCorrectionMs: number; safe: (text: unknown, max: number) => string };

  constructor(options: TransportOptions) {
    this.#base = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.baseUrl = this.#base.href.replace(/\/$/, '');
    this.host = this.#base.host;
    this.#apiKey = checkCredential('apiKey', options.apiKey);
    this.#apiSecret = checkCredential('apiSecret', options.apiSecret);
    const t = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(t) || t <= 0) {
      throw new PnsValidationError('timeoutMs', `The timeout must be a positive number of milliseconds (got ${t}).`, 'Set timeoutMs to a positive number of milliseconds, e.g. 15000 (15 s).');
    }
    this.timeoutMs = t;
    const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isSafeInteger(maxBody) || maxBody < 1) {
      throw new PnsValidationError('maxBodyBytes', `The largest reply must be a positive whole number of bytes (got ${String(maxBody).slice(0, 20)}).`, 'Leave maxBodyBytes at its default (8 MiB).');
    }
    this.maxBodyBytes = maxBody;
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
    this.#agent = createAgent(this.#base, options.lookup);
    const secrets = [this.#apiKey, this.#apiSecret];
    this.#ctx = {
      host: this.host,
      base: this.#base,
      timeoutMs: this.timeoutMs,
      maxBodyBytes: this.maxBodyBytes,
      maxClockCorrectionMs: this.maxClockCorrectionMs,
      safe: (text, max) => safeText(text, { max, secrets }),
    };
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
   * send, by no more than maxClockCorrectionMs: adopt the measured offset, report it, and say
   * "resend". A Date header has whole seconds, so a difference under 2 s is measuring noise
   * and a resend could not help.
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

  /** The absolute URL of an endpoint path, which must stay below the base URL. */
  #url(path: string): string {
    let href = this.#urls.get(path);
    if (href === undefined) {
      const url = new URL(path.replace(/^\/+/, ''), this.#base);
      if (url.origin !== this.#base.origin) {
        throw new PnsValidationError('path', 'The request path must stay below the base URL.', 'Pass an endpoint path such as "number/pns/queryBindPage".');
      }
      href = url.href;
      if (this.#urls.size < MAX_CACHED_PATHS) this.#urls.set(path, href);
    }
    return href;
  }

  async #request(path: string, body: unknown, signal: AbortSignal | undefined): Promise<Envelope> {
    if (signal?.aborted) throw new PnsAbortError();
    // Never send a request without both credentials (the constructor checks them too).
    checkCredential('apiKey', this.#apiKey);
    checkCredential('apiSecret', this.#apiSecret);
    const href = this.#url(path);
    const timestamp = unixSeconds(Date.now() + this.clockOffsetMs);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json;charset=UTF-8',
      Accept: 'application/json',
      'Api-Key': this.#apiKey,
      Timestamp: timestamp,
      Sign: sign(this.#apiKey, this.#apiSecret, timestamp),
      'User-Agent': this.#userAgent,
    };

    const controller = new RequestAbort();
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
      res = await fetch(href, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller,
        redirect: 'manual',
        agent: this.#agent,
      });
      if (res.status >= 300 && res.status < 400) {
        discard(res);
        throw redirectError(res, this.#ctx);
      }
      text = await readBody(res, this.maxBodyBytes);
    } catch (err) {
      if (err instanceof PnsError) throw err;
      if (signal?.aborted && !timedOut) throw new PnsAbortError();
      throw transportError(err, timedOut, this.#ctx);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    return readEnvelope(res, text, this.#ctx);
  }

  /** Closes idle keep-alive connections. */
  dispose(): void {
    this.#agent.destroy();
  }
}

/** Path as reported to hooks: no leading slashes, no query. */
function cleanPath(path: string): string {
  return path.replace(/^\/+/, '').replace(/[?#].*$/, '');
}
