/** getBalance: the account balance, answered at the top level of the reply (not in `data`). */
import { PnsTransportError } from '../errors';
import type { RequestOptions } from '../options';
import type { Caller } from './caller';

export const GET_BALANCE_PATH = 'getBalance';

export interface Balance {
  /** A decimal, as the vendor wrote it (e.g. "-1.002000"). */
  balance: string;
  /** Decimals too; '' when absent. */
  gift: string;
  credit: string;
  /** The currency, an ISO 4217 code such as "USD", when the reply names one; '' otherwise. */
  currency: string;
}

/** An amount as the vendor writes it: a decimal number, nothing else. */
const DECIMAL = /^-?\d{1,15}(\.\d{1,10})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/**
 * `GET /getBalance`. Idempotent, so retried. A reply whose balance (or gift, or credit, when
 * present) is not a decimal is not usable (PnsTransportError 'invalid-response'); a currency is
 * kept only when it is a three-letter code.
 */
export async function getBalance(caller: Caller, options: RequestOptions = {}): Promise<Balance> {
  const env = await caller.call(GET_BALANCE_PATH, undefined, { ...options, idempotent: true });
  const amount = (field: 'balance' | 'gift' | 'credit'): string => {
    const v = env.body[field];
    const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : undefined;
    if (text === '' && field !== 'balance') return '';
    if (text !== undefined && DECIMAL.test(text)) return text;
    throw new PnsTransportError('invalid-response', `The server's reply to getBalance is not usable: its ${field} is ${text === '' ? 'missing' : 'not a decimal number'}.`, 'Check that baseUrl points at the Laaffic API (…/v3). If it does, the vendor sent a malformed reply: try again later.', {
      host: caller.host,
      retryable: false,
    });
  };
  const currency = env.body.currency;
  return {
    balance: amount('balance'),
    gift: amount('gift'),
    credit: amount('credit'),
    currency: typeof currency === 'string' && CURRENCY.test(currency.trim()) ? currency.trim() : '',
  };
}
