/** The balance and its runway: balance ÷ the average daily cost of the calls window, exactly (decimal arithmetic). */
import type { Balance } from '../endpoints/balance';
import type { CallTally } from './aggregate';
import { formatAmount, parseAmount, roundDiv } from './decimal';
import type { BalanceFigures } from './figures';

const MICRO = 1_000_000n;

/**
 * The balance figures. The balance's currency is the calls' when the reply names none. The
 * runway is null without calls, without cost, or when the balance is in another currency than
 * the calls' costs; 0 when the balance is not positive; else rounded half up to one decimal.
 * The daily cost is rounded to 6 decimals.
 */
export function balanceFigures(b: Balance, calls: CallTally | undefined, days: number): BalanceFigures {
  const callCurrency = calls && calls.total > 0 ? calls.mainCurrency() : undefined;
  const currency = b.currency !== '' ? b.currency : (callCurrency ?? 'USD');
  if (!calls || calls.total === 0) return { balance: b.balance, currency, dailyCost: null, runwayDays: null };
  const cost = calls.costPico();
  const dailyCost = formatAmount(roundDiv(cost, BigInt(days) * MICRO) * MICRO);
  const balance = parseAmount(b.balance);
  let runwayDays: number | null = null;
  if (balance !== undefined && cost > 0n && currency === callCurrency) runwayDays = balance <= 0n ? 0 : Number(roundDiv(balance * BigInt(days) * 10n, cost)) / 10;
  return { balance: b.balance, currency, dailyCost, runwayDays };
}
