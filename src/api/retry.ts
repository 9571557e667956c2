/**
 * Retry policy of the Laaffic client: which failures of an idempotent query are worth
 * repeating, how long to wait in between (bounded exponential backoff with full jitter, or
 * the server's Retry-After), and a sleep that ends at once when the caller cancels.
 */
import { PnsAbortError, PnsApiError, PnsError, PnsTransportError, PnsValidationError } from './errors';

export interface RetryOptions {
  /** Retries after the first attempt (0 = none). Default 2. */
  retries?: number;
  /** Upper bound of the first backoff; doubles with every retry. Default 300 ms. */
  baseDelayMs?: number;
  /** No backoff (nor Retry-After) waits longer than this. Default 5,000 ms. */
  maxDelayMs?: number;
}

/** What `onRetry` reports before each retry. Carries no key, secret, Sign or reply body. */
export interface RetryInfo {
  /** 1 for the first retry (the second request), 2 for the second retry, … */
  attempt: number;
  /** How long the client waits before sending it. */
  delayMs: number;
  /** Path below the base URL, e.g. "number/pns/queryBindPage". */
  path: string;
  /** What went wrong, e.g. "PnsTransportError(timeout)", "PnsApiError(-18)", "PnsTransportError(http 503)". */
  error: string;
}

export const DEFAULT_RETRIES = 2;
export const DEFAULT_RETRY_BASE_DELAY_MS = 300;
export const DEFAULT_RETRY_MAX_DELAY_MS = 5_000;
export const MAX_RETRIES = 10;

/** Vendor statuses that mean "not now, maybe in a moment": -15 rate limited, -18 system anomaly. */
export const RETRYABLE_STATUSES: ReadonlySet<string> = new Set(['-15', '-18']);

export interface ResolvedRetry {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Validates retry options (PnsValidationError) and fills in the defaults. */
export function resolveRetryOptions(o: RetryOptions | undefined): ResolvedRetry {
  const retries = checkRetries(o?.retries ?? DEFAULT_RETRIES, 'retry.retries');
  const baseDelayMs = o?.baseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  const maxDelayMs = o?.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS;
  for (const [field, v] of [['retry.baseDelayMs', baseDelayMs], ['retry.maxDelayMs', maxDelayMs]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 600_000) {
      throw new PnsValidationError(field, `${field} must be a number of milliseconds from 0 to 600000 (got ${String(v).slice(0, 20)}).`, 'Use the defaults (300 ms base, 5,000 ms maximum) unless you have a reason not to.');
    }
  }
  return { retries, baseDelayMs, maxDelayMs: Math.max(maxDelayMs, 0) };
}

/** A retry count: a whole number 0..MAX_RETRIES, else PnsValidationError. */
export function checkRetries(v: unknown, field = 'retries'): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_RETRIES) {
    throw new PnsValidationError(field, `${field} must be a whole number from 0 to ${MAX_RETRIES} (got ${String(v).slice(0, 20)}).`, 'Use 0 to turn retries off, or a small number such as 2.');
  }
  return v;
}

/**
 * Whether a failed idempotent query may be repeated: network errors (not TLS/certificate
 * errors), timeouts, HTTP 5xx and 429, and vendor statuses -15 and -18. Never: other vendor
 * statuses (-1, -2, -13, -16, -22, -29, -30, -31, -32, …), invalid responses, redirects,
 * other HTTP statuses, validation errors, aborts, or anything that is not a PnsError.
 */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof PnsError)) return false;
  if (err instanceof PnsAbortError || err instanceof PnsValidationError) return false;
  if (err instanceof PnsApiError) return RETRYABLE_STATUSES.has(err.status);
  if (err instanceof PnsTransportError) {
    switch (err.kind) {
      case 'timeout':
        return true;
      case 'network':
        return err.retryable; // false for TLS / certificate failures: repeating cannot fix them
      case 'http':
        return err.httpStatus !== undefined && (err.httpStatus >= 500 || err.httpStatus === 429);
      case 'invalid-response':
        // A truncated or empty reply to a query is a transient hiccup worth one more try; an
        // HTML page, a wrong shape or an oversized body is not (err.retryable says which).
        return err.retryable;
      default:
        return false;
    }
  }
  return false;
}

/** A short, secret-free label of an error for logs: "PnsApiError(-18)", "PnsTransportError(http 502)". */
export function describeError(err: unknown): string {
  if (err instanceof PnsApiError) return `${err.name}(${err.status})`;
  if (err instanceof PnsTransportError) {
    const detail = err.kind === 'http' && err.httpStatus !== undefined ? `http ${err.httpStatus}` : err.code ? `${err.kind} ${err.code}` : err.kind;
    return `${err.name}(${detail})`;
  }
  if (err instanceof Error) return err.name || 'Error';
  return typeof err;
}

/**
 * Full-jitter backoff before retry number `retry` (1-based): a uniform random delay in
 * [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))).
 */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const exp = Math.min(30, Math.max(0, retry - 1));
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** exp);
  const r = random();
  return Math.floor(cap * (r >= 0 && r < 1 ? r : 0));
}

/**
 * The delay a Retry-After header asks for, in ms: delta-seconds ("3") or an HTTP date.
 * Undefined when absent or unreadable. Duplicated headers ("1, 1") use the first value.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  const secs = /^(\d{1,9})(?:\s*,.*)?$/.exec(v);
  if (secs) return Number(secs[1]) * 1000;
  const date = parseHttpDate(v);
  if (date === undefined) return undefined;
  return Math.max(0, date - now);
}

/**
 * An HTTP date (IMF-fixdate, or whatever Date.parse reads) as epoch ms. When a header was
 * sent twice and the values were joined ("Mon, 01 … GMT, Mon, 01 … GMT"), the first is used.
 */
export function parseHttpDate(value: string | null | undefined): number | undefined {
  // Something with a 4-digit year and a time of day: Date.parse alone also accepts "-1" or "5".
  if (!value || !/\d{4}/.test(value) || !/\d{1,2}:\d{2}:\d{2}/.test(value)) return undefined;
  const direct = Date.parse(value);
  if (Number.isFinite(direct)) return direct;
  const first = /[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT/.exec(value);
  if (first) {
    const t = Date.parse(first[0]);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/**
 * Waits `ms`, or rejects with PnsAbortError as soon as `signal` aborts (at once if it
 * already has). Leaves no timer or listener behind.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new PnsAbortError());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new PnsAbortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How the ordered page stream (orderedPages, ./pages) reacts to a failure, on top of isRetryable:
 * - 'throttle': the server said "too many requests" (-15, HTTP 429): halve the concurrency;
 * - 'overload': HTTP 5xx, timeouts, network errors — load or just a failure: one step down;
 * - 'retry': other retryable failures (-18, a cut-off reply): just retry;
 * - 'fatal': not retryable (isRetryable false), aborts included.
 */
export type FailureClass = 'throttle' | 'overload' | 'retry' | 'fatal';

export function classifyFailure(err: unknown): FailureClass {
  if (!isRetryable(err)) return 'fatal';
  if (err instanceof PnsApiError) return err.status === '-15' ? 'throttle' : 'retry';
  if (err instanceof PnsTransportError) {
    if (err.kind === 'http' && err.httpStatus === 429) return 'throttle';
    if (err.kind === 'timeout' || err.kind === 'network' || err.kind === 'http') return 'overload';
  }
  return 'retry';
}

/**
 * The wait before retry number `retry` (1-based) after `err`: the server's Retry-After when the
 * error carries one (PnsTransportError.retryAfterMs), capped at `maxDelayMs`; otherwise the
 * jittered exponential backoff of backoffDelay. `minFraction` (0..1, default 0 = full jitter)
 * keeps that share of the step as a floor, e.g. 0.5 for "equal jitter".
 */
export function retryDelay(
  err: unknown,
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
  minFraction = 0,
): number {
  const after = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  if (typeof after === 'number' && Number.isFinite(after) && after >= 0) return Math.min(after, maxDelayMs);
  const f = Number.isFinite(minFraction) ? Math.min(1, Math.max(0, minFraction)) : 0;
  if (f === 0) return backoffDelay(retry, baseDelayMs, maxDelayMs, random);
  const exp = Math.min(30, Math.max(0, retry - 1));
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** exp);
  return Math.floor(cap * f) + backoffDelay(retry, cap * (1 - f), cap * (1 - f), random);
}
