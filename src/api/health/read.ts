/**
 * readHealth(): the health dashboard's figures of one account (or one app of it), read through
 * the page streams with every part side by side under one concurrency, streamed through the
 * tallies (aggregate.ts): no list of all bindings or calls is kept.
 */
import { PnsAbortError, PnsValidationError } from '../errors';
import type { RequestOptions } from '../options';
import type { Balance } from '../endpoints/balance';
import type { BindPageSource } from '../walk';
import { callPredicate } from '../endpoints/callScope';
import { splitWindow, type CallRecordSource } from '../endpoints/callRecordsFor';
import type { NumberPageSource } from '../endpoints/numbers';
import type { PageStream } from '../pages';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../pages';
import { safeText } from '../safe';
import { BindingTally, CallTally, NumberTally } from './aggregate';
import { callWindow } from './buckets';
import { balanceFigures } from './runway';
import { RequestGate } from '../gate';
import { healthBindingStream, healthCallStream, healthNumberStream, type HealthStreamOptions } from './streams';
import { HEALTH_CALL_DAYS, type HealthFigures, type HealthProblem } from './figures';

/** What readHealth reads from: PnsClient has it all. */
export interface HealthSource extends BindPageSource, CallRecordSource, NumberPageSource {
  getBalance(options?: RequestOptions): Promise<Balance>;
}

export type HealthPart = HealthProblem['part'];

export interface HealthProgress {
  /** The part a page just came for. */
  part: HealthPart;
  /** That part's pages read and pages known to be needed (grows as totals arrive). */
  pagesDone: number;
  pagesTotal: number;
  /** Records of that part read so far. */
  items: number;
  /** Over every part. */
  allPagesDone: number;
  allPagesTotal: number;
}

export interface ReadHealthOptions {
  /** The account's id (copied into the figures). */
  account: string;
  /** The apps whose bindings are read (the account's; one app for an app's dashboard); none or empty: every app of the key, without appId. */
  appIds?: readonly string[];
  /** One app's dashboard: its calls (records naming it) and numbers only. */
  appId?: string;
  /** Epoch ms every "within" and "expired" counts from; default now. */
  asOf?: number;
  /** The vendor's zone, minutes east of UTC: the days of the calls are its days. */
  zoneOffsetMinutes: number;
  /** The tree's "expiring soon", in hours. */
  soonHours: number;
  /** Days of calls, 1..31 (default HEALTH_CALL_DAYS = 30): whole days of the vendor's zone, today the last. */
  callDays?: number;
  /** Page requests in flight at most over the whole reading (default 6, 1..16). */
  concurrency?: number;
  /** Pages of the last minute are reused; fetched pages are stored while their stream is small (cacheStoreLimit). */
  cache?: HealthStreamOptions['cache'];
  /** Cancel: readHealth rejects with PnsAbortError and sends nothing more. */
  signal?: AbortSignal;
  onProgress?: (p: HealthProgress) => void;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  maxPages?: number;
  /** Values never shown in a problem's text (the API key and secret). */
  secrets?: readonly string[];
}

const ABORT_MESSAGE = 'Reading the health figures was cancelled.';

/**
 * The dashboard's figures (HealthFigures, plain JSON): every binding of `appIds`, the calls of
 * the last `callDays` days of the vendor's zone (for one app, `appId`: those whose record names
 * it; every record of the window is read), the numbers (of `appId`, else all) and the balance.
 *
 * - The parts are read side by side with at most `concurrency` requests in flight in all,
 *   through the cache when given: pages of the last minute are reused; fetched pages are stored
 *   while their stream needs at most a quarter of the cache (cacheStoreLimit, streams.ts).
 * - Nothing is kept per binding or call but counts (tallies), plus 16-32 bytes per live binding
 *   (the hashed pair set) and 8 bytes per call (its pair's hash, judged when the bindings are in).
 * - A part that fails (after the stream's retries) becomes a `problems` entry (safe text, no key
 *   or secret) with that part null; the rest is still returned. Figures that need the failed part
 *   say so: `bindings.numbersUnknown`, `calls.withoutLiveBindingUnknown`, `balance.runwayDays` null.
 * - `onProgress` after every page and the balance: the part, its pages read and known to be
 *   needed, and the same over every part.
 * - Cancel (`signal`) rejects with PnsAbortError and no request is sent after it; bad options
 *   reject with PnsValidationError before anything is sent.
 *
 * The set behind a figure (HealthSet): readHealthSet(source, set, { figures, soonHours }, { appIds,
 * cache, onBindings | onCalls | onNumbers }) reads it again, or healthSetFilter() gives its
 * predicates for a stream of your own. Export Figures…: figuresCsv(figures).
 *
 * @example
 * const figures = await readHealth(client, { account: 'Acme', appIds, zoneOffsetMinutes: client.zoneOffsetMinutes, soonHours: 24, cache, signal, onProgress });
 */
export async function readHealth(source: HealthSource, options: ReadHealthOptions): Promise<HealthFigures> {
  const o = checkOptions(options);
  if (o.signal?.aborted) throw new PnsAbortError(ABORT_MESSAGE);
  const gate = new RequestGate(o.concurrency);
  const so: HealthStreamOptions = { concurrency: o.concurrency, cache: o.cache, signal: o.signal, maxAttemptsPerPage: o.maxAttemptsPerPage, backoffMs: o.backoffMs, maxPages: o.maxPages, gate };
  const window = callWindow(o.asOf, o.callDays, o.zoneOffsetMinutes);
  const inScope = o.appId === undefined ? () => true : callPredicate({ kind: 'app', appId: o.appId });

  const progress = { bindings: { done: 0, total: 1, items: 0 }, calls: { done: 0, total: 1, items: 0 }, numbers: { done: 0, total: 1, items: 0 }, balance: { done: 0, total: 1, items: 0 } };
  const report = (part: HealthPart) => {
    if (!o.onProgress) return;
    let done = 0;
    let total = 0;
    for (const p of Object.values(progress)) {
      done += p.done;
      total += Math.max(p.total, p.done);
    }
    const p = progress[part];
    o.onProgress({ part, pagesDone: p.done, pagesTotal: Math.max(p.total, p.done), items: p.items, allPagesDone: done, allPagesTotal: total });
  };
  /** Reads streams one after the other into `add`, counting pages for the progress. */
  const drain = async <T>(part: 'bindings' | 'calls' | 'numbers', streams: Array<() => PageStream<T, { items: readonly T[] }>>, add: (item: T) => void) => {
    const p = progress[part];
    let doneBefore = 0;
    let plannedAfter = streams.length - 1;
    for (const make of streams) {
      const stream = make();
      for await (const { items } of stream) {
        for (const item of items) add(item);
        p.items += items.length;
        p.done = doneBefore + stream.stats.pages;
        p.total = doneBefore + stream.stats.planned + plannedAfter;
        report(part);
      }
      doneBefore += stream.stats.pages;
      plannedAfter = Math.max(0, plannedAfter - 1);
    }
  };

  const bindings = new BindingTally(o.asOf, o.soonHours);
  const calls = new CallTally(window, inScope);
  const numbers = new NumberTally(o.asOf);
  const apps: Array<string | undefined> = o.appIds.length === 0 ? [undefined] : [...o.appIds];
  // Side by side (the gate keeps the requests in flight to `concurrency` in all); each part settles on its own.
  const parts = {
    bindings: settle(drain('bindings', apps.map((app) => () => healthBindingStream(source, app, so)), (b) => bindings.add(b))),
    calls: settle(drain('calls', splitWindow(window.from, window.to).map((w) => () => healthCallStream(source, w, so)), (r) => calls.add(r))),
    numbers: settle(drain('numbers', [() => healthNumberStream(source, o.appId, so)], (n) => numbers.add(n))),
    balance: settle(
      gate.run(o.signal, () => source.getBalance({ signal: o.signal })).then((b) => {
        progress.balance.done = 1;
        report('balance');
        return b;
      }),
    ),
  };
  const settled = { bindings: await parts.bindings, calls: await parts.calls, numbers: await parts.numbers, balance: await parts.balance };
  // Cancelled: whatever the parts ended with, the reading rejects.
  if (o.signal?.aborted) throw new PnsAbortError(ABORT_MESSAGE);
  const problems: HealthProblem[] = [];
  for (const part of ['bindings', 'calls', 'numbers', 'balance'] as const) {
    const s = settled[part];
    if (!s.ok) {
      problems.push({ part, message: safeText(s.error, { max: 300, secrets: o.secrets }) });
    }
  }
  const callFigures = settled.calls.ok ? calls.figures(settled.bindings.ok ? bindings.livePairs : undefined) : null;
  return {
    asOf: o.asOf,
    zoneOffsetMinutes: o.zoneOffsetMinutes,
    account: o.account,
    ...(o.appId === undefined ? {} : { appId: o.appId }),
    bindings: settled.bindings.ok ? bindings.figures(settled.numbers.ok ? numbers.inUse : undefined) : null,
    calls: callFigures,
    numbers: settled.numbers.ok ? numbers.figures() : null,
    balance: settled.balance.ok ? balanceFigures(settled.balance.value, settled.calls.ok ? calls : undefined, o.callDays) : null,
    problems,
  };
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

interface CheckedOptions extends ReadHealthOptions {
  appIds: readonly string[];
  asOf: number;
  callDays: number;
  concurrency: number;
}

function checkOptions(options: ReadHealthOptions): CheckedOptions {
  const o = options ?? ({} as ReadHealthOptions);
  const asOf = o.asOf ?? Date.now();
  if (!Number.isFinite(asOf) || asOf <= 0) throw new PnsValidationError('asOf', 'The time the health figures are read as of must be epoch milliseconds.', 'Leave asOf out to read as of now.');
  const callDays = o.callDays ?? HEALTH_CALL_DAYS;
  if (!Number.isSafeInteger(callDays) || callDays < 1 || callDays > 31) throw new PnsValidationError('callDays', 'The calls window must be 1 to 31 whole days.', 'Use 30 days, the dashboard\'s default.');
  const zone = o.zoneOffsetMinutes;
  if (!Number.isSafeInteger(zone) || Math.abs(zone) > 14 * 60) throw new PnsValidationError('zoneOffsetMinutes', 'The vendor\'s time zone must be whole minutes east of UTC, within 14 hours.', 'Pass the client\'s zoneOffsetMinutes.');
  if (typeof o.soonHours !== 'number' || !Number.isFinite(o.soonHours) || o.soonHours < 0) throw new PnsValidationError('soonHours', '"Expiring soon" must be a number of hours of at least 0.', 'Pass the expiringSoonHours setting.');
  const appIds = Array.isArray(o.appIds) ? o.appIds : [];
  if (appIds.some((a) => typeof a !== 'string' || a.trim() === '')) throw new PnsValidationError('appIds', 'An app id to read the bindings of is empty or not text.', 'Pass the account\'s app ids as the settings have them.');
  if (o.appId !== undefined) callPredicate({ kind: 'app', appId: o.appId }); // throws on an app id that is none
  const c = o.concurrency ?? DEFAULT_CONCURRENCY;
  const concurrency = Number.isFinite(c) ? Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(c))) : DEFAULT_CONCURRENCY;
  return { ...o, appIds, asOf, callDays, concurrency };
}
