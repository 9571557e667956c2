/**
 * The health dashboard's figures: what readHealth() (src/api/health/) computes from every
 * binding, the calls of a window, the middle numbers and the balance of one account (or one app
 * of it), as plain JSON data. The dashboard page draws them, Export Figures… writes them as CSV,
 * and a HealthSet names the bindings, calls or numbers behind one figure (the page sends it back
 * when the user opens that figure). No vscode import; no list of all bindings or calls is kept.
 */
import type { BindingMode } from '../normalize';
import type { BindingState, NumberState } from '../state';
import type { CallOutcome } from '../endpoints/outcome';

/**
 * When a binding expires, counted from `asOf`: already expired; within 1 h; within 24 h (after
 * the first hour); within 7 days (after the first day); later; no readable expiry.
 */
export type ExpiryBucket = 'expired' | '1h' | '24h' | '7d' | 'later' | 'unknown';
export const EXPIRY_BUCKETS: readonly ExpiryBucket[] = ['expired', '1h', '24h', '7d', 'later', 'unknown'];
/** Upper bounds of the buckets that have one, in ms after asOf. */
export const EXPIRY_BUCKET_MS: Readonly<Record<'1h' | '24h' | '7d', number>> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 };

/** How many countries and middle numbers the top lists keep; how many hang-up reasons. */
export const TOP_COUNTRIES = 10;
export const TOP_NUMBERS = 20;
export const TOP_REASONS = 10;
/** Numbers due within this many days without auto-renew are named. */
export const DUE_DAYS = 30;
/** The calls window the dashboard reads by default. */
export const HEALTH_CALL_DAYS = 30;

/** A count per key, largest first (ties by key), and what the list left out. */
export interface TopList {
  top: Array<{ key: string; count: number }>;
  /** The count of everything not in `top`. */
  rest: number;
}

export interface BindingFigures {
  total: number;
  /** By the tree's rule (bindingState with the user's "expiring soon" hours). */
  states: Record<BindingState, number>;
  expiry: Record<ExpiryBucket, number>;
  modes: Record<BindingMode, number>;
  /** Phone A's and phone B's country, as the calling code's digits ('1', '44', '91'; '' = not recognised). */
  countriesA: TopList;
  countriesB: TopList;
  /** Bindings per middle number (a binding counts once for each distinct middle number it uses). */
  perNumber: TopList;
  /** Middle numbers of the Numbers list (in use) that carry no binding, and how many carry one. */
  numbersIdle: number;
  numbersCarrying: number;
  /** True when the Numbers list could not be read: numbersIdle and numbersCarrying are 0 then, not counts. */
  numbersUnknown?: boolean;
}

export interface CallDay {
  /** yyyy-mm-dd in the vendor's time zone. */
  day: string;
  outcomes: Record<CallOutcome, number>;
  /** Answered ÷ all calls of the day; null on a day without calls. */
  answerRate: number | null;
  /** The day's cost, a decimal as text in `CallFigures.currency` ('0' when none). */
  cost: string;
}

export interface CallFigures {
  /** The window read, epoch ms. */
  from: number;
  to: number;
  /** Calls in the window (of the scope), each once. */
  total: number;
  outcomes: Record<CallOutcome, number>;
  /** Every day of the window, oldest first, including days without calls. */
  days: CallDay[];
  /** Of answered calls, in seconds; null when there are none. */
  durationMedianS: number | null;
  durationP90S: number | null;
  /** The vendor's currency ('USD' when the records name none); 'mixed' never: costs in another currency are counted in `otherCurrencyCalls`. */
  currency: string;
  costTotal: string;
  otherCurrencyCalls: number;
  /** The vendor's hangupReason as written (made safe), most frequent first. */
  reasons: TopList;
  /** Calls whose caller/called pair is no pair of phones of a live binding. */
  withoutLiveBinding: number;
  /** True when the bindings could not be read: withoutLiveBinding is 0 then, not a count. */
  withoutLiveBindingUnknown?: boolean;
  /** Call records read (all apps, before the scope's filter). */
  scanned: number;
}

export interface DueNumber {
  number: string;
  appId: string;
  /** Epoch ms. */
  dueDate: number;
}

export interface NumberFigures {
  total: number;
  states: Record<NumberState, number>;
  /** In use, due within DUE_DAYS, auto-renew off: soonest first (at most 100 named; `dueWithoutRenewTotal` counts all). */
  dueWithoutRenew: DueNumber[];
  dueWithoutRenewTotal: number;
}

export interface BalanceFigures {
  /** As the vendor wrote it. */
  balance: string;
  currency: string;
  /** The calls' cost per day averaged over the window's days, a decimal as text; null without calls. */
  dailyCost: string | null;
  /** balance ÷ dailyCost, in days (one decimal); null when there is no cost (or the balance is not positive: then 0). */
  runwayDays: number | null;
}

/** Part of the figures could not be read: the rest is still shown, with what was missing and why. */
export interface HealthProblem {
  part: 'bindings' | 'calls' | 'numbers' | 'balance';
  /** Made safe (one line, no key, secret or Sign). */
  message: string;
}

export interface HealthFigures {
  /** When the reading started (epoch ms): every "within" and "expired" is counted from it. */
  asOf: number;
  /** The vendor's zone, minutes east of UTC: the days of the calls are its days. */
  zoneOffsetMinutes: number;
  /** The account's id and, for one app, its id. */
  account: string;
  appId?: string;
  bindings: BindingFigures | null;
  calls: CallFigures | null;
  numbers: NumberFigures | null;
  balance: BalanceFigures | null;
  problems: HealthProblem[];
}

/**
 * The bindings, calls or numbers behind one figure: the page sends it back when the user opens a
 * figure; the extension reads that set again (pages of the last minute come from the cache).
 */
export type HealthSet =
  | { of: 'bindings'; by: 'state'; value: BindingState }
  | { of: 'bindings'; by: 'expiry'; value: ExpiryBucket }
  | { of: 'bindings'; by: 'mode'; value: BindingMode }
  | { of: 'bindings'; by: 'countryA' | 'countryB'; value: string }
  | { of: 'bindings'; by: 'number'; value: string }
  | { of: 'calls'; by: 'outcome'; value: CallOutcome; day?: string }
  | { of: 'calls'; by: 'reason'; value: string }
  | { of: 'calls'; by: 'withoutLiveBinding' }
  | { of: 'numbers'; by: 'state'; value: NumberState }
  | { of: 'numbers'; by: 'dueWithoutRenew' };
