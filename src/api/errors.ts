/**
 * Typed errors of the Laaffic client. Every error carries a plain-language `hint`
 * that says what to do. Messages never contain the API key, secret or a Sign.
 */
import { safeText } from './safe';

/** What each documented vendor status means and what a user should do about it. */
export const STATUS_TABLE: Readonly<Record<string, { meaning: string; hint: string; retryable?: boolean }>> = {
  '-1': {
    meaning: 'account authentication failed',
    hint: 'The API key or API secret is wrong. Enter both again (in VS Code: "Laaffic PNS: Set Credentials").',
  },
  '-2': {
    meaning: 'IP restricted',
    hint: "This machine's IP address may not call the Laaffic API. Allow it in the Laaffic console.",
  },
  '-13': { meaning: 'user locked', hint: 'The Laaffic account is locked. Contact Laaffic support.' },
  '-15': {
    meaning: 'queried too frequently',
    hint: 'Laaffic is rate-limiting this key. Wait a few seconds, then try again.',
    retryable: true,
  },
  '-16': {
    meaning: 'timestamp expired',
    hint: "Laaffic rejected the request time: this computer's clock is probably off. Synchronise the system clock, then try again.",
  },
  '-18': {
    meaning: 'system anomaly',
    hint: 'Laaffic reported an error on its side. Retrying in a moment may help.',
    retryable: true,
  },
  '-20': { meaning: 'data already exists', hint: 'The item already exists on the Laaffic side.' },
  '-22': {
    meaning: 'parameter exception',
    hint: 'Laaffic rejected a request field (page number, page size or app id). Check the app id and the page size (size).',
  },
  '-24': {
    meaning: 'data does not exist',
    hint: 'The binding does not exist any more: it may have expired or been unbound. Refresh the list.',
  },
  '-25': { meaning: 'outside the allowed time range', hint: 'The requested time range is not allowed by Laaffic.' },
  '-29': { meaning: 'workspace disabled', hint: 'The Laaffic workspace is disabled. Check the account in the Laaffic console.' },
  '-30': {
    meaning: 'API key disabled',
    hint: 'This API key is disabled. Enable it (or create a new one) in the Laaffic console, then set credentials again.',
  },
  '-31': {
    meaning: 'IP not in whitelist',
    hint: "This machine's IP address is not in the API key's whitelist. Add it in the Laaffic console.",
  },
  '-32': {
    meaning: 'API key may not access this application',
    hint: 'This API key does not belong to that app. Check the app id, or set the credentials of the key that owns the app.',
  },
  '-35': {
    meaning: 'A or B already has an AXB binding',
    hint: 'Unbind the existing AXB binding of phone A or B first. Find it by the phone number, then try the bind again.',
  },
  '-41': { meaning: 'no free middle number', hint: 'The number pool has no free middle number. Add numbers to the pool or wait for bindings to expire.' },
};

/** Statuses that mean the credentials themselves are not usable. */
export const AUTH_STATUSES: ReadonlySet<string> = new Set(['-1', '-30', '-32']);

/** Base class: every error the client throws on purpose is a PnsError. */
export class PnsError extends Error {
  /** What the user should do, in plain language. */
  readonly hint: string;
  /** True when repeating the same request later may succeed. */
  readonly retryable: boolean;
  /** How many requests were made before giving up, when more than one (set by the client's retries). */
  attempts?: number;
  constructor(message: string, hint: string, retryable = false, options?: { cause?: unknown }) {
    super(message, options);
    // Set explicitly by each class (not from new.target.name, which minifiers rename).
    this.name = 'PnsError';
    this.hint = hint;
    this.retryable = retryable;
  }
}

/** The vendor answered with a status other than "0". */
export class PnsApiError extends PnsError {
  override name = 'PnsApiError';
  /** The vendor status as a string, e.g. "-16". */
  readonly status: string;
  /** The vendor's own `reason` text (cleaned of control characters, shortened). */
  readonly reason: string;
  /** What the status means, from the vendor's table ("unknown" for unknown codes). */
  readonly meaning: string;
  /** For -16: how far the server's clock (its Date header) is ahead of ours, in ms. */
  readonly clockSkewMs?: number;
  constructor(status: string, reason: string, options: { clockSkewMs?: number; maxClockCorrectionMs?: number; endpoint?: string } = {}) {
    // Both may come from a server: made safe here too, whoever built the error.
    status = safeText(status, { max: 12 });
    reason = safeText(reason, { max: 200 });
    const known = STATUS_TABLE[status];
    const meaning = known ? known.meaning : 'unknown';
    const said = reason ? `: "${reason}"` : '';
    const message = known
      ? `Laaffic API error ${status} (${meaning})${said}`
      : `Laaffic API returned status ${status}${said}`;
    let hint = known ? known.hint : `Laaffic answered with status ${status}, which is not in its documented table. The vendor's reason is quoted above.`;
    if (status === '-16' && options.clockSkewMs !== undefined && Number.isFinite(options.clockSkewMs)) {
      const cap = options.maxClockCorrectionMs;
      if (cap !== undefined && Math.abs(options.clockSkewMs) > cap) {
        hint = `${describeSkew(options.clockSkewMs)} That is more than the ${describeDuration(cap)} this client corrects by itself, so it did not adjust its Timestamps: set this computer's clock (date, time and time zone) right, then try again.`;
      } else {
        hint = `${describeSkew(options.clockSkewMs)} ${hint}`;
      }
    }
    super(message, hint, known?.retryable ?? false);
    this.status = status;
    this.reason = reason;
    this.meaning = meaning;
    if (options.clockSkewMs !== undefined) this.clockSkewMs = options.clockSkewMs;
  }
  /** True for the statuses that mean "these credentials don't work here". */
  get isAuthError(): boolean {
    return AUTH_STATUSES.has(this.status);
  }
}

export type TransportErrorKind = 'network' | 'timeout' | 'http' | 'invalid-response';

/** Anything between us and a well-formed vendor envelope went wrong. */
export class PnsTransportError extends PnsError {
  override name = 'PnsTransportError';
  readonly kind: TransportErrorKind;
  /** The HTTP status, for kind 'http' (and for 'invalid-response' when known). */
  readonly httpStatus?: number;
  /** The host the request went to (never the full URL with credentials: there are none in URLs). */
  readonly host: string;
  /** A low-level error code when there is one (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, …). */
  readonly code?: string;
  /** For HTTP 429 / 503: the wait the server's Retry-After header asked for, in ms. */
  readonly retryAfterMs?: number;
  constructor(
    kind: TransportErrorKind,
    message: string,
    hint: string,
    details: { host: string; httpStatus?: number; code?: string; retryable?: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, hint, details.retryable ?? (kind !== 'invalid-response'), { cause: details.cause });
    this.kind = kind;
    this.host = details.host;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    if (details.code !== undefined) this.code = details.code;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

/** A request was not sent because something about it (or the client's settings) is invalid. */
export class PnsValidationError extends PnsError {
  override name = 'PnsValidationError';
  /** The option or field at fault, e.g. "size", "baseUrl", "apiSecret". */
  readonly field: string;
  constructor(field: string, message: string, hint: string) {
    super(message, hint, false);
    this.field = field;
  }
}

/** The caller aborted the request through its AbortSignal. */
export class PnsAbortError extends PnsError {
  constructor(message = 'The request was cancelled.') {
    super(message, 'Nothing to do: the operation was cancelled.', false);
    this.name = 'AbortError';
  }
}

/**
 * A request with a side effect (bind, unbind) was sent, but no usable answer came back
 * (timeout, connection dropped after sending, HTTP 5xx, a cut-off reply): it may or may not
 * have taken effect on the Laaffic side. Never retried by the client; the hint says how to
 * find out before trying again.
 */
export class PnsOutcomeUnknownError extends PnsError {
  override name = 'PnsOutcomeUnknownError';
  /** What was attempted. */
  readonly operation: 'bind' | 'unbind';
  constructor(operation: 'bind' | 'unbind', message: string, hint: string, options?: { cause?: unknown }) {
    super(message, hint, false, options);
    this.operation = operation;
  }
}

/** The page walker gave up (hard page cap) rather than loop forever. */
export class PnsWalkError extends PnsError {
  override name = 'PnsWalkError';
  readonly pagesFetched: number;
  constructor(message: string, hint: string, pagesFetched: number) {
    super(message, hint, false);
    this.pagesFetched = pagesFetched;
  }
}

/** "30 days 2 h", "10 min 3 s", "0 s". */
export function describeDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts = d ? [`${d} day${d === 1 ? '' : 's'}`, h ? `${h} h` : ''] : [h ? `${h} h` : '', m ? `${m} min` : '', sec || (!h && !m) ? `${sec} s` : ''];
  return parts.filter(Boolean).join(' ');
}

/** "This computer's clock seems to be 10 min 3 s behind the server's." — for clock-skew hints. */
export function describeSkew(serverAheadMs: number): string {
  const dir = serverAheadMs >= 0 ? 'behind' : 'ahead of';
  return `This computer's clock seems to be ${describeDuration(serverAheadMs)} ${dir} the server's.`;
}
