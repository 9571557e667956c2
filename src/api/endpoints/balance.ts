/** getBalance: the account balance, answered at the top level of the reply (not in `data`). */
import type { RequestOptions } from '../options';
import type { Caller } from './caller';

export const GET_BALANCE_PATH = 'getBalance';

export interface Balance {
  balance: string;
  gift: string;
  credit: string;
}

/** `GET /getBalance`. Idempotent, so retried. Amounts are strings ('' when absent or not a number). */
export async function getBalance(caller: Caller, options: RequestOptions = {}): Promise<Balance> {
  const env = await caller.call(GET_BALANCE_PATH, undefined, { ...options, idempotent: true });
  const s = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  return { balance: s(env.body.balance), gift: s(env.body.gift), credit: s(env.body.credit) };
}
