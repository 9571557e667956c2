/**
 * The dashboard's tallies: each takes records one at a time and keeps counts, never the records
 * (no list of all bindings or calls): a million bindings and 300,000 calls stream through them.
 * The facts they count by are buckets.ts's, the same healthSetFilter selects by.
 */
import type { BindingRecord, BindingMode } from '../normalize';
import type { CallRecord } from '../endpoints/records';
import type { MiddleNumber, NumberState } from '../endpoints/numbers';
import { CALL_OUTCOMES, callOutcome, type CallOutcome } from '../endpoints/outcome';
import { bindingState, digitsOnly, type BindingState } from '../state';
import { pairHashOf, PairSet } from './pairSet';
import { callingCode } from './codes';
import { callCurrency, callDayIndex, callDayLabel, dueWithoutRenew, expiryBucket, isLive, middleNumbers, modeOf, reasonOf, type CallWindow } from './buckets';
import { DecimalSum } from './decimal';
import { DurationHistogram } from './durations';
import { EXPIRY_BUCKETS, TOP_COUNTRIES, TOP_NUMBERS, TOP_REASONS, type BindingFigures, type CallDay, type CallFigures, type DueNumber, type ExpiryBucket, type NumberFigures, type TopList } from './figures';

/** Distinct keys a counter map keeps (reasons, middle numbers); later new keys count only in `rest`. */
export const MAX_DISTINCT_KEYS = 100_000;
/** Due numbers named at most. */
export const MAX_DUE_NAMED = 100;

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  const r = {} as Record<K, number>;
  for (const k of keys) r[k] = 0;
  return r;
}

/** Counts per key, bounded: past MAX_DISTINCT_KEYS keys a new key is only counted as `overflow`. */
class Counter {
  readonly map = new Map<string, number>();
  overflow = 0;
  add(key: string): void {
    const n = this.map.get(key);
    if (n !== undefined) this.map.set(key, n + 1);
    else if (this.map.size < MAX_DISTINCT_KEYS) this.map.set(key, 1);
    else this.overflow++;
  }
  /** The `n` largest counts (ties by key) and the count of the rest. */
  top(n: number): TopList {
    const all = [...this.map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let rest = this.overflow;
    for (let i = n; i < all.length; i++) rest += all[i][1];
    return { top: all.slice(0, n).map(([key, count]) => ({ key, count })), rest };
  }
}

const BINDING_STATES: readonly BindingState[] = ['active', 'expiring', 'expired', 'unknown'];
const MODES: readonly BindingMode[] = ['AXB', 'AXXB'];
const NUMBER_STATES: readonly NumberState[] = ['in-use', 'expired', 'disabled', 'unknown'];

export class BindingTally {
  total = 0;
  readonly states = zeros(BINDING_STATES);
  readonly expiry = zeros<ExpiryBucket>(EXPIRY_BUCKETS);
  readonly modes = zeros(MODES);
  readonly countriesA = new Counter();
  readonly countriesB = new Counter();
  readonly perNumber = new Counter();
  /** The phone pairs of live bindings (for calls without a live binding). */
  readonly livePairs = new PairSet();

  constructor(
    readonly asOf: number,
    readonly soonHours: number,
  ) {}

  add(b: BindingRecord): void {
    this.total++;
    this.states[bindingState(b.expiresAt, this.asOf, this.soonHours)]++;
    this.expiry[expiryBucket(b.expiresAt, this.asOf)]++;
    this.modes[modeOf(b)]++;
    this.countriesA.add(callingCode(b.phoneA));
    this.countriesB.add(callingCode(b.phoneB));
    for (const n of middleNumbers(b)) this.perNumber.add(n);
    if (isLive(b.expiresAt, this.asOf)) this.livePairs.add(b.phoneA, b.phoneB);
  }

  /** The figures; `inUse` = the in-use middle numbers of the Numbers list (undefined: not read). */
  figures(inUse: ReadonlySet<string> | undefined): BindingFigures {
    let carrying = 0;
    if (inUse) for (const n of inUse) if ((this.perNumber.map.get(n) ?? 0) > 0) carrying++;
    return {
      total: this.total,
      states: { ...this.states },
      expiry: { ...this.expiry },
      modes: { ...this.modes },
      countriesA: this.countriesA.top(TOP_COUNTRIES),
      countriesB: this.countriesB.top(TOP_COUNTRIES),
      perNumber: this.perNumber.top(TOP_NUMBERS),
      numbersIdle: inUse ? inUse.size - carrying : 0,
      numbersCarrying: carrying,
      ...(inUse ? {} : { numbersUnknown: true }),
    };
  }
}

/** A call's pair as the live-pair lookup reads it: pairHash(pairKey(caller, called)), 0 when either has no digits. */
export function callPairHash(r: Pick<CallRecord, 'caller' | 'called'>): number {
  return pairHashOf(r.caller, r.called);
}

/** Whether a call's pair is no pair of a live binding (a call without both parties never has one). */
export function withoutLiveBinding(r: Pick<CallRecord, 'caller' | 'called'>, livePairs: PairSet): boolean {
  const h = callPairHash(r);
  return h === 0 || !livePairs.hasHash(h);
}

/** Currencies kept apart at most; calls in further currencies count only in otherCurrencyCalls. */
const MAX_CURRENCIES = 16;

interface CurrencyTally {
  calls: number;
  total: DecimalSum;
  days: DecimalSum[];
}

export class CallTally {
  scanned = 0;
  total = 0;
  readonly outcomes = zeros<CallOutcome>(CALL_OUTCOMES);
  readonly dayOutcomes: Array<Record<CallOutcome, number>>;
  readonly durations = new DurationHistogram();
  readonly reasons = new Counter();
  readonly currencies = new Map<string, CurrencyTally>();
  overflowCurrencyCalls = 0;
  /** Each counted call's pair hash, 8 bytes a call, judged against the live pairs at the end (the bindings may still be read). */
  #pairs = new Float64Array(1024);
  #pairCount = 0;

  constructor(
    readonly window: CallWindow,
    readonly inScope: (r: CallRecord) => boolean,
  ) {
    this.dayOutcomes = Array.from({ length: window.days }, () => zeros<CallOutcome>(CALL_OUTCOMES));
  }

  add(r: CallRecord): void {
    this.scanned++;
    if (!this.inScope(r)) return;
    const day = callDayIndex(r.start, this.window);
    if (day < 0) return;
    this.total++;
    const outcome = callOutcome(r);
    this.outcomes[outcome]++;
    this.dayOutcomes[day][outcome]++;
    if (outcome === 'answered') this.durations.add(r.durationS);
    const reason = reasonOf(r);
    if (reason !== '') this.reasons.add(reason);
    const currency = callCurrency(r);
    let c = this.currencies.get(currency);
    if (!c && this.currencies.size < MAX_CURRENCIES) {
      c = { calls: 0, total: new DecimalSum(), days: Array.from({ length: this.window.days }, () => new DecimalSum()) };
      this.currencies.set(currency, c);
    }
    if (c) {
      c.calls++;
      if (r.cost !== '') {
        c.total.add(r.cost);
        c.days[day].add(r.cost);
      }
    } else this.overflowCurrencyCalls++;
    if (this.#pairCount === this.#pairs.length) {
      const grown = new Float64Array(this.#pairs.length * 2);
      grown.set(this.#pairs);
      this.#pairs = grown;
    }
    this.#pairs[this.#pairCount++] = callPairHash(r);
  }

  /** The currency most calls have (ties by code): the one the costs are told in. */
  mainCurrency(): string {
    let best = 'USD';
    let most = -1;
    for (const [code, c] of this.currencies) {
      if (c.calls > most || (c.calls === most && code < best)) {
        best = code;
        most = c.calls;
      }
    }
    return best;
  }

  /** The cost of the window in the main currency, 10^-12 units. */
  costPico(): bigint {
    return this.currencies.get(this.mainCurrency())?.total.pico ?? 0n;
  }

  /** The figures; `livePairs` undefined when the bindings could not be read. */
  figures(livePairs: PairSet | undefined): CallFigures {
    const currency = this.mainCurrency();
    const main = this.currencies.get(currency);
    let without = 0;
    if (livePairs) for (let i = 0; i < this.#pairCount; i++) if (this.#pairs[i] === 0 || !livePairs.hasHash(this.#pairs[i])) without++;
    const days: CallDay[] = this.dayOutcomes.map((outcomes, i) => {
      let n = 0;
      for (const o of CALL_OUTCOMES) n += outcomes[o];
      return { day: callDayLabel(this.window, i), outcomes: { ...outcomes }, answerRate: n === 0 ? null : outcomes.answered / n, cost: main ? main.days[i].toString() : '0' };
    });
    return {
      from: this.window.from,
      to: this.window.to,
      total: this.total,
      outcomes: { ...this.outcomes },
      days,
      durationMedianS: this.durations.percentile(0.5),
      durationP90S: this.durations.percentile(0.9),
      currency,
      costTotal: main ? main.total.toString() : '0',
      otherCurrencyCalls: this.total - (main?.calls ?? 0),
      reasons: this.reasons.top(TOP_REASONS),
      withoutLiveBinding: without,
      ...(livePairs ? {} : { withoutLiveBindingUnknown: true }),
      scanned: this.scanned,
    };
  }
}

export class NumberTally {
  total = 0;
  readonly states = zeros(NUMBER_STATES);
  /** The in-use numbers' digits. */
  readonly inUse = new Set<string>();
  #due: DueNumber[] = [];
  dueTotal = 0;

  constructor(readonly asOf: number) {}

  add(n: MiddleNumber): void {
    this.total++;
    this.states[n.state]++;
    if (n.state === 'in-use') this.inUse.add(digitsOnly(n.number));
    if (dueWithoutRenew(n, this.asOf)) {
      this.dueTotal++;
      this.#due.push({ number: n.number, appId: n.appId, dueDate: n.dueDate as number });
      if (this.#due.length >= 2 * MAX_DUE_NAMED) this.#trim();
    }
  }

  #trim(): void {
    this.#due.sort((a, b) => a.dueDate - b.dueDate || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
    this.#due = this.#due.slice(0, MAX_DUE_NAMED);
  }

  figures(): NumberFigures {
    this.#trim();
    return { total: this.total, states: { ...this.states }, dueWithoutRenew: this.#due.map((d) => ({ ...d })), dueWithoutRenewTotal: this.dueTotal };
  }
}
