/**
 * Typed errors of the Laaffic client. Every error carries a plain-language `hint`
 * that says what to do. Messages never contain the API key, secret or a Sign.
 */
import { safeText } from './safe';
import { STATUS_TABLE, statusText, type CoreLanguage } from './statusTable';

export { STATUS_TABLE, STATUS_TABLE_ZH, statusText, coreLanguage } from './statusTable';
export type { CoreLanguage, StatusInfo } from './statusTable';

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
  /** The largest clock correction of the client that got the -16, for the hint in every language. */
  readonly #maxClockCorrectionMs?: number;
  constructor(status: string, reason: string, options: { clockSkewMs?: number; maxClockCorrectionMs?: number; endpoint?: string } = {}) {
    // Both may come from a server: made safe here too, whoever built the error.
    status = safeText(status, { max: 12 });
    reason = safeText(reason, { max: 200 });
    const text = apiErrorText(status, reason, options, 'en');
    super(text.message, text.hint, STATUS_TABLE[status]?.retryable ?? false);
    this.status = status;
    this.reason = reason;
    this.meaning = text.meaning;
    if (options.clockSkewMs !== undefined) this.clockSkewMs = options.clockSkewMs;
    this.#maxClockCorrectionMs = options.maxClockCorrectionMs;
  }
  /**
   * The message, hint and meaning in a language: English is what `message`, `hint` and
   * `meaning` hold; 'zh-cn' is the same text from STATUS_TABLE_ZH (the vendor's reason is
   * quoted as it came).
   */
  describe(language: CoreLanguage): { message: string; hint: string; meaning: string } {
    if (language === 'en') return { message: this.message, hint: this.hint, meaning: this.meaning };
    return apiErrorText(this.status, this.reason, { clockSkewMs: this.clockSkewMs, maxClockCorrectionMs: this.#maxClockCorrectionMs }, language);
  }
  get isAuthError(): boolean {
    return AUTH_STATUSES.has(this.status);
  }
}

/** PnsApiError's text in one language (the status and reason already made safe). */
function apiErrorText(
  status: string,
  reason: string,
  options: { clockSkewMs?: number; maxClockCorrectionMs?: number },
  language: CoreLanguage,
): { message: string; hint: string; meaning: string } {
  const zh = language === 'zh-cn';
  const known = statusText(status, language);
  const meaning = known ? known.meaning : zh ? '未知' : 'unknown';
  let message: string;
  let hint: string;
  if (zh) {
    const said = reason ? `：“${reason}”` : '';
    message = known ? `Laaffic API 错误 ${status}（${meaning}）${said}` : `Laaffic API 返回了状态 ${status}${said}`;
    hint = known ? known.hint : `Laaffic 返回的状态 ${status} 不在其文档列出的状态表中。上面引用了 Laaffic 给出的原因。`;
  } else {
    const said = reason ? `: "${reason}"` : '';
    message = known ? `Laaffic API error ${status} (${meaning})${said}` : `Laaffic API returned status ${status}${said}`;
    hint = known ? known.hint : `Laaffic answered with status ${status}, which is not in its documented table. The vendor's reason is quoted above.`;
  }
  const skew = options.clockSkewMs;
  if (status === '-16' && skew !== undefined && Number.isFinite(skew)) {
    const cap = options.maxClockCorrectionMs;
    if (cap !== undefined && Math.abs(skew) > cap) {
      hint = zh
        ? `${describeSkew(skew, language)}这超过了本客户端可自行校正的 ${describeDuration(cap, language)}，因此它没有调整时间戳：请把此计算机的时钟（日期、时间和时区）调准，然后重试。`
        : `${describeSkew(skew)} That is more than the ${describeDuration(cap)} this client corrects by itself, so it did not adjust its Timestamps: set this computer's clock (date, time and time zone) right, then try again.`;
    } else {
      hint = zh ? `${describeSkew(skew, language)}${hint}` : `${describeSkew(skew)} ${hint}`;
    }
  }
  return { message, hint, meaning };
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
  readonly operation: 'bind' | 'unbind';
  constructor(operation: 'bind' | 'unbind', message: string, hint: string, options?: { cause?: unknown }) {
    super(message, hint, false, options);
    this.operation = operation;
  }
}

/** The ordered page stream (orderedPages, ./pages) stopped at its page or reply-text cap rather than run on. */
export class PnsWalkError extends PnsError {
  override name = 'PnsWalkError';
  readonly pagesFetched: number;
  constructor(message: string, hint: string, pagesFetched: number) {
    super(message, hint, false);
    this.pagesFetched = pagesFetched;
  }
}

/** "30 days 2 h", "10 min 3 s", "0 s"; in Chinese "30 天 2 小时", "10 分 3 秒", "0 秒". */
export function describeDuration(ms: number, language: CoreLanguage = 'en'): string {
  const s = Math.round(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const zh = language === 'zh-cn';
  const unit = { d: zh ? ' 天' : d === 1 ? ' day' : ' days', h: zh ? ' 小时' : ' h', m: zh ? ' 分' : ' min', s: zh ? ' 秒' : ' s' };
  const parts = d ? [`${d}${unit.d}`, h ? `${h}${unit.h}` : ''] : [h ? `${h}${unit.h}` : '', m ? `${m}${unit.m}` : '', sec || (!h && !m) ? `${sec}${unit.s}` : ''];
  return parts.filter(Boolean).join(' ');
}

/** "This computer's clock seems to be 10 min 3 s behind the server's." — for clock-skew hints. */
export function describeSkew(serverAheadMs: number, language: CoreLanguage = 'en'): string {
  if (language === 'zh-cn') return `此计算机的时钟似乎比服务器${serverAheadMs >= 0 ? '慢' : '快'} ${describeDuration(serverAheadMs, language)}。`;
  const dir = serverAheadMs >= 0 ? 'behind' : 'ahead of';
  return `This computer's clock seems to be ${describeDuration(serverAheadMs)} ${dir} the server's.`;
}
