/**
 * number/pns/bind and number/pns/unbind: the two calls with a side effect. Never retried
 * (`idempotent: false`): when a request may have reached Laaffic but no usable answer came
 * back, the caller gets PnsOutcomeUnknownError, whose hint says how to find out.
 */
import { PnsAbortError, PnsApiError, PnsOutcomeUnknownError, PnsTransportError, PnsValidationError } from '../errors';
import { digitsField, isPlainObject } from '../normalize';
import { NOT_LOOPBACK, type RequestOptions } from '../options';
import type { Caller } from './caller';
import { checkAppId, checkPhone } from './fields';

export const BIND_PATH = 'number/pns/bind';
export const UNBIND_PATH = 'number/pns/unbind';
/** The longest binding the vendor accepts: 72 hours. */
export const MAX_EXPIRE_S = 259_200;

export interface BindRequest {
  appId: string;
  phoneA: string;
  phoneB: string;
  /** 1 = AXB (one middle number), 2 = AXXB (two). */
  bizType: 1 | 2;
  /** A middle number of the pool to use; absent = Laaffic chooses. */
  poolNumber?: string;
  /** Lifetime in seconds, 1..259200. */
  expireS: number;
}

export interface BindResult {
  bindId: string;
  pnsNumberA: string;
  pnsNumberB: string;
}

export interface UnbindRequest {
  bindId: string;
  appId: string;
}

export interface UnbindResult {
  /** Laaffic answered -24: there was no such binding (expired, or unbound already). */
  alreadyGone: boolean;
}

/** The body of a bind request, else PnsValidationError (nothing is sent). Numbers go without '+'. */
export function bindBody(req: BindRequest): Record<string, unknown> {
  if (!isPlainObject(req)) throw new PnsValidationError('request', 'A bind needs appId, phoneA, phoneB, bizType and expireS.', 'Pass all of them.');
  const appId = checkAppId(req.appId);
  const phoneA = checkPhone('phoneA', req.phoneA, 'Phone A');
  const phoneB = checkPhone('phoneB', req.phoneB, 'Phone B');
  if (phoneA === phoneB) throw new PnsValidationError('phoneB', 'Phone A and phone B are the same number.', 'Bind two different phones.');
  if (req.bizType !== 1 && req.bizType !== 2) {
    throw new PnsValidationError('bizType', `bizType must be 1 (AXB) or 2 (AXXB) (got ${String(req.bizType).slice(0, 20)}).`, 'Use 1 for one middle number (AXB), 2 for two (AXXB).');
  }
  const e = req.expireS;
  if (typeof e !== 'number' || !Number.isSafeInteger(e) || e < 1 || e > MAX_EXPIRE_S) {
    throw new PnsValidationError('expireS', `The lifetime must be a whole number of seconds from 1 to ${MAX_EXPIRE_S} (72 h) (got ${String(e).slice(0, 20)}).`, 'Give the binding a lifetime of at most 72 hours (259200 seconds).');
  }
  const body: Record<string, unknown> = { appId, phoneA, phoneB, bizType: req.bizType, expireS: e };
  if (req.poolNumber !== undefined && req.poolNumber !== null && req.poolNumber !== '') body.poolNumber = checkPhone('poolNumber', req.poolNumber, 'The middle number');
  return body;
}

/** Transport failures after which the request may have reached Laaffic and been carried out. */
function mayHaveArrived(err: unknown): boolean {
  if (err instanceof PnsAbortError) return true;
  if (!(err instanceof PnsTransportError)) return false;
  if (err.kind === 'timeout') return true;
  if (err.kind === 'http') return err.httpStatus !== undefined && (err.httpStatus >= 500 || err.httpStatus === 408);
  if (err.kind === 'invalid-response') return true; // an answer came, but not one that says what happened
  // network: refused, unresolved, TLS, not loopback = never sent. Reset, closed, dropped = maybe.
  const never = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/;
  if (err.code !== undefined && (err.code === NOT_LOOPBACK || never.test(err.code) || /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|EPROTO|HOSTNAME/i.test(err.code))) return false;
  return true;
}

const BIND_HINT =
  'The binding may or may not exist now. Before binding again, look for it by its numbers (Find, or refresh the list); bind again only if it is not there.';
const UNBIND_HINT = 'The binding may or may not still exist. Refresh the list; if it is still there, unbind it again (unbinding one that is gone is harmless).';

function unknownOutcome(op: 'bind' | 'unbind', err: unknown, what: string): PnsOutcomeUnknownError {
  const why = err instanceof PnsAbortError ? 'it was cancelled after it was sent' : err instanceof Error ? err.message.replace(/\.$/, '') : 'no usable answer came back';
  return new PnsOutcomeUnknownError(op, `The ${what} request was sent, but whether Laaffic carried it out is unknown: ${why}.`, op === 'bind' ? BIND_HINT : UNBIND_HINT, { cause: err });
}

/**
 * `POST /number/pns/bind`. Validated before sending; never retried. Rejects with
 * PnsValidationError (nothing sent), PnsApiError (e.g. -35, -41), PnsOutcomeUnknownError (sent,
 * outcome unknown), or a PnsTransportError that means it was never sent (connection refused).
 */
export async function bind(caller: Caller, req: BindRequest, options: RequestOptions = {}): Promise<BindResult> {
  const body = bindBody(req);
  if (options.signal?.aborted) throw new PnsAbortError();
  let data: unknown;
  try {
    data = (await caller.call(BIND_PATH, body, { signal: options.signal, idempotent: false, retries: 0 })).data;
  } catch (err) {
    if (mayHaveArrived(err)) throw unknownOutcome('bind', err, 'bind');
    throw err;
  }
  const d = isPlainObject(data) ? data : {};
  const bindId = digitsField(d.bindId);
  const pnsNumberA = digitsField(d.pnsNumberA);
  const pnsNumberB = digitsField(d.pnsNumberB) || pnsNumberA;
  if (!bindId || !/^\d{1,30}$/.test(bindId) || !pnsNumberA || !pnsNumberB) {
    throw new PnsOutcomeUnknownError('bind', 'Laaffic answered the bind with success, but its reply has no usable bindId or middle number.', `The binding probably exists. ${BIND_HINT}`);
  }
  return { bindId, pnsNumberA, pnsNumberB };
}

/**
 * `POST /number/pns/unbind`. Never retried. -24 ("data does not exist") is a success with
 * `alreadyGone: true`. Rejects like bind (PnsOutcomeUnknownError when sent but unanswered).
 */
export async function unbind(caller: Caller, req: UnbindRequest, options: RequestOptions = {}): Promise<UnbindResult> {
  const bindId = isPlainObject(req) ? digitsField(req.bindId) : null;
  if (bindId === null || !/^\d{1,30}$/.test(bindId)) {
    throw new PnsValidationError('bindId', 'The bind id must be a string of digits.', 'Copy the bind id from the binding.');
  }
  const appId = checkAppId(req.appId);
  if (options.signal?.aborted) throw new PnsAbortError();
  try {
    await caller.call(UNBIND_PATH, { bindId, appId }, { signal: options.signal, idempotent: false, retries: 0 });
    return { alreadyGone: false };
  } catch (err) {
    if (err instanceof PnsApiError && err.status === '-24') return { alreadyGone: true };
    if (mayHaveArrived(err)) throw unknownOutcome('unbind', err, 'unbind');
    throw err;
  }
}
