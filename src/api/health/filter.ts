/**
 * The set behind one figure (HealthSet) as predicates: the extension streams the bindings, calls
 * or numbers again (streams.ts; pages of the last minute come from the cache) and keeps what the
 * predicate accepts. The predicates use the tallies' own bucketing (buckets.ts), so the count of
 * a set is the figure it was opened from.
 */
import type { BindingRecord } from '../normalize';
import type { CallRecord } from '../endpoints/records';
import type { MiddleNumber } from '../endpoints/numbers';
import { callOutcome } from '../endpoints/outcome';
import { callPredicate } from '../endpoints/callScope';
import { PnsValidationError } from '../errors';
import { bindingState, digitsOnly } from '../state';
import { PairSet } from './pairSet';
import type { PageStream } from '../pages';
import { withoutLiveBinding } from './aggregate';
import { callingCode } from './codes';
import { callDayIndex, callDayLabel, callWindow, dueWithoutRenew, expiryBucket, isLive, middleNumbers, modeOf, reasonOf } from './buckets';
import type { HealthFigures, HealthSet } from './figures';
import { healthBindingStream, healthCallStream, healthNumberStream, type HealthStreamOptions } from './streams';
import { splitWindow, type CallRecordSource } from '../endpoints/callRecordsFor';
import type { NumberPageSource } from '../endpoints/numbers';
import type { BindPageSource } from '../walk';

export interface HealthSetContext {
  /** The figures the set was opened from (asOf, zone, app, the calls window). */
  figures: Pick<HealthFigures, 'asOf' | 'zoneOffsetMinutes' | 'appId'> & { calls: { days: readonly unknown[] } | null };
  /** The tree's "expiring soon" hours the figures were read with. */
  soonHours: number;
  /** The live bindings' pairs (livePairSet()), needed only for { of: 'calls', by: 'withoutLiveBinding' }. */
  livePairs?: PairSet;
}

/** Whether a record is in the set; each says false for a record of another kind than `of`. */
export interface HealthSetFilter {
  of: HealthSet['of'];
  binding(b: BindingRecord): boolean;
  call(r: CallRecord): boolean;
  number(n: MiddleNumber): boolean;
}

const no = () => false;

/** The predicate of a set, or PnsValidationError when it cannot be told (a calls set without the calls window, a live-binding set without livePairs). */
export function healthSetFilter(set: HealthSet, ctx: HealthSetContext): HealthSetFilter {
  const { asOf } = ctx.figures;
  const make = (of: HealthSet['of'], p: { binding?: (b: BindingRecord) => boolean; call?: (r: CallRecord) => boolean; number?: (n: MiddleNumber) => boolean }): HealthSetFilter => ({ of, binding: p.binding ?? no, call: p.call ?? no, number: p.number ?? no });
  if (set.of === 'bindings') {
    switch (set.by) {
      case 'state':
        return make('bindings', { binding: (b) => bindingState(b.expiresAt, asOf, ctx.soonHours) === set.value });
      case 'expiry':
        return make('bindings', { binding: (b) => expiryBucket(b.expiresAt, asOf) === set.value });
      case 'mode':
        return make('bindings', { binding: (b) => modeOf(b) === set.value });
      case 'countryA':
        return make('bindings', { binding: (b) => callingCode(b.phoneA) === set.value });
      case 'countryB':
        return make('bindings', { binding: (b) => callingCode(b.phoneB) === set.value });
      case 'number': {
        const want = digitsOnly(String(set.value));
        return make('bindings', { binding: (b) => middleNumbers(b).includes(want) });
      }
    }
  }
  if (set.of === 'numbers') {
    if (set.by === 'state') return make('numbers', { number: (n) => n.state === set.value });
    return make('numbers', { number: (n) => dueWithoutRenew(n, asOf) });
  }
  const days = ctx.figures.calls?.days.length ?? 0;
  if (days === 0) throw new PnsValidationError('set', 'These figures have no calls to open.', 'Read the figures again.');
  const w = callWindow(asOf, days, ctx.figures.zoneOffsetMinutes);
  const inScope = ctx.figures.appId === undefined ? () => true : callPredicate({ kind: 'app', appId: ctx.figures.appId });
  /** The day index of a call the figures counted, else -1 (the tally's own rule). */
  const counted = (r: CallRecord) => (inScope(r) ? callDayIndex(r.start, w) : -1);
  if (set.by === 'outcome') {
    return make('calls', {
      call: (r) => {
        const d = counted(r);
        return d >= 0 && callOutcome(r) === set.value && (set.day === undefined || callDayLabel(w, d) === set.day);
      },
    });
  }
  if (set.by === 'reason') return make('calls', { call: (r) => counted(r) >= 0 && reasonOf(r) !== '' && reasonOf(r) === set.value });
  const live = ctx.livePairs;
  if (!live) throw new PnsValidationError('livePairs', 'Calls without a live binding need the live bindings\' pairs.', 'Read them with livePairSet() first.');
  return make('calls', { call: (r) => counted(r) >= 0 && withoutLiveBinding(r, live) });
}

/** The pairs of phones of the live bindings of `appIds` (none: every app) at `asOf`, for healthSetFilter's calls without a live binding. */
export async function livePairSet(source: BindPageSource, appIds: readonly string[], asOf: number, o: HealthStreamOptions): Promise<PairSet> {
  const set = new PairSet();
  const apps: Array<string | undefined> = appIds.length === 0 ? [undefined] : [...appIds];
  for (const app of apps) {
    const stream: PageStream<BindingRecord, unknown> = healthBindingStream(source, app, o);
    for await (const { items } of stream) for (const b of items) if (isLive(b.expiresAt, asOf)) set.add(b.phoneA, b.phoneB);
  }
  return set;
}

/** Where readHealthSet reads and what it hands over. */
export interface ReadHealthSetOptions extends HealthStreamOptions {
  /** The apps the figures read the bindings of (none: every app of the key). */
  appIds: readonly string[];
  /** Each page's records in the set, as they arrive (only the one of the set's kind is called). */
  onBindings?: (records: BindingRecord[]) => void;
  onCalls?: (records: CallRecord[]) => void;
  onNumbers?: (records: MiddleNumber[]) => void;
}

/**
 * Reads the set behind one figure again (through the cache, when given: pages of the last minute
 * are not fetched twice) and hands over its records page by page; returns how many there were,
 * the figure's count when nothing changed meanwhile. For calls without a live binding the live
 * pairs are read first when `ctx.livePairs` is absent.
 */
export async function readHealthSet(source: BindPageSource & CallRecordSource & NumberPageSource, set: HealthSet, ctx: HealthSetContext, o: ReadHealthSetOptions): Promise<number> {
  let c = ctx;
  if (set.of === 'calls' && set.by === 'withoutLiveBinding' && !c.livePairs) c = { ...c, livePairs: await livePairSet(source, o.appIds, ctx.figures.asOf, o) };
  const filter = healthSetFilter(set, c);
  let count = 0;
  if (set.of === 'bindings') {
    for (const app of o.appIds.length === 0 ? [undefined] : o.appIds) {
      for await (const { items } of healthBindingStream(source, app, o)) {
        const hits = items.filter(filter.binding);
        count += hits.length;
        if (hits.length > 0) o.onBindings?.(hits);
      }
    }
  } else if (set.of === 'numbers') {
    for await (const { items } of healthNumberStream(source, ctx.figures.appId, o)) {
      const hits = items.filter(filter.number);
      count += hits.length;
      if (hits.length > 0) o.onNumbers?.(hits);
    }
  } else {
    const days = ctx.figures.calls?.days.length ?? 0;
    const w = callWindow(ctx.figures.asOf, days, ctx.figures.zoneOffsetMinutes);
    for (const win of splitWindow(w.from, w.to)) {
      for await (const { items } of healthCallStream(source, win, o)) {
        const hits = items.filter(filter.call);
        count += hits.length;
        if (hits.length > 0) o.onCalls?.(hits);
      }
    }
  }
  return count;
}
