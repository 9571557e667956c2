/**
 * PnsClient: the public face of the core. It holds one PnsTransport (the signed call, see
 * ./transport) and offers the endpoints (./endpoints/*) as methods; it re-exports the option
 * types and helpers its callers need.
 */
import { PnsTransport } from './transport';
import { type BindPage, parseZoneOffset } from './normalize';
import type { Envelope, PnsClientOptions, RequestOptions } from './options';
import { type BindPageQuery, queryBindPage } from './endpoints/bindings';
import { type Balance, getBalance } from './endpoints/balance';
import { type NumberPage, type NumberPageQuery, type NumberPoolPage, type NumberPoolQuery, queryNumberPage, queryNumberPool } from './endpoints/numbers';
import { type CallRecordPage, type CallRecordPageQuery, queryCallRecordPage } from './endpoints/records';
import { type BindRequest, type BindResult, type UnbindRequest, type UnbindResult, bind, unbind } from './endpoints/bind';

export {
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CLOCK_CORRECTION_MS,
  parseBaseUrl,
  loopbackOnlyLookup,
} from './options';
export type { PnsClientOptions, RequestInfo, RequestOptions, Envelope } from './options';
export { MAX_PAGE_SIZE } from './endpoints/bindings';
export type { BindPageQuery } from './endpoints/bindings';
export type { Balance } from './endpoints/balance';
export type { NumberPage, NumberPageQuery, NumberPoolPage, NumberPoolQuery } from './endpoints/numbers';
export type { CallRecordPage, CallRecordPageQuery } from './endpoints/records';
export type { BindRequest, BindResult, UnbindRequest, UnbindResult } from './endpoints/bind';

export class PnsClient {
  readonly #transport: PnsTransport;
  readonly #onWrite: PnsClientOptions['onWrite'];
  readonly zoneOffsetMinutes: number;

  constructor(options: PnsClientOptions) {
    const transport = new PnsTransport(options);
    this.zoneOffsetMinutes = parseZoneOffset(options.expireTimeZone ?? '+08:00');
    this.#transport = transport;
    this.#onWrite = options.onWrite;
  }

  /** Without a trailing slash, e.g. "https://api.laaffic.com/v3". */
  get baseUrl(): string {
    return this.#transport.baseUrl;
  }
  /** host[:port] of the base URL. */
  get host(): string {
    return this.#transport.host;
  }
  get timeoutMs(): number {
    return this.#transport.timeoutMs;
  }
  get maxBodyBytes(): number {
    return this.#transport.maxBodyBytes;
  }
  get maxClockCorrectionMs(): number {
    return this.#transport.maxClockCorrectionMs;
  }
  /** Added to the local clock for Timestamps; can be updated when skew is measured. */
  get clockOffsetMs(): number {
    return this.#transport.clockOffsetMs;
  }
  set clockOffsetMs(ms: number) {
    this.#transport.clockOffsetMs = ms;
  }

  // The endpoints go through this.call(), so that a subclass or a test may wrap it.

  /** One page of bindings, normalised. */
  queryBindPage(query: BindPageQuery, options: RequestOptions = {}): Promise<BindPage> {
    return queryBindPage(this, query, this.zoneOffsetMinutes, options);
  }

  /** One page of the account's (or one app's) middle numbers (`POST /number/queryPage`). */
  queryNumberPage(query: NumberPageQuery, options: RequestOptions = {}): Promise<NumberPage> {
    return queryNumberPage(this, query, this.zoneOffsetMinutes, options);
  }

  /** One page of number pools (`POST /number/queryNumberPool`; default page 1 of 100). */
  queryNumberPool(query: NumberPoolQuery = {}, options: RequestOptions = {}): Promise<NumberPoolPage> {
    return queryNumberPool(this, query, options);
  }

  /** One page of call records of a window of at most 31 days (`POST /number/record/queryPage`). */
  queryCallRecordPage(query: CallRecordPageQuery, options: RequestOptions = {}): Promise<CallRecordPage> {
    return queryCallRecordPage(this, query, this.zoneOffsetMinutes, options);
  }

  /** Creates a binding (`POST /number/pns/bind`). Never retried; PnsOutcomeUnknownError when sent but unanswered. */
  bind(request: BindRequest, options: Pick<RequestOptions, 'signal'> = {}): Promise<BindResult> {
    return this.#write('bind', () => bind(this, request, options));
  }

  /** Removes a binding (`POST /number/pns/unbind`); -24 = `{ alreadyGone: true }`. Never retried. */
  unbind(request: UnbindRequest, options: Pick<RequestOptions, 'signal'> = {}): Promise<UnbindResult> {
    return this.#write('unbind', () => unbind(this, request, options));
  }

  /** The one way bind and unbind go: `onWrite` after each attempt, whatever its outcome. */
  async #write<R>(op: 'bind' | 'unbind', send: () => Promise<R>): Promise<R> {
    try {
      return await send();
    } finally {
      try {
        this.#onWrite?.(op);
      } catch {
        // A listener's failure must not replace the write's own outcome.
      }
    }
  }

  /** The account balance (`GET /getBalance`, answered at the top level). */
  getBalance(options: RequestOptions = {}): Promise<Balance> {
    return getBalance(this, options);
  }

  /** A signed call: POST with a JSON body, GET when `body` is undefined (see PnsTransport.call). */
  call(path: string, body: unknown, options: RequestOptions = {}): Promise<Envelope> {
    return this.#transport.call(path, body, options);
  }

  /** Closes idle keep-alive connections. */
  dispose(): void {
    this.#transport.dispose();
  }
}
