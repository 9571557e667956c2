/**
 * Reading the calls of a binding, an app or a middle number over any window: splitWindow()
 * cuts the window into queries the vendor accepts (at most 31 days each), callRecordsFor()
 * reads every page of every window (the windows at once, under one cap of requests in flight) and keeps the records its scope's predicate accepts
 * (callScope.ts; the endpoint filters only by time), the newest `keep` of them, while counting
 * every match and every record read.
 */
import { setMaxListeners } from 'node:events';
import { PnsAbortError, PnsValidationError } from '../errors';
import type { RequestOptions } from '../options';
import { compactKey, orderedPages, type Page, type PageKey, type PagesStats, type PageStream } from '../pages';
import { callPredicate, type CallScope } from './callScope';
import { checkPaging, MAX_PAGE_SIZE } from './fields';
import { type CallRecord, type CallRecordPage, type CallRecordPageQuery, MAX_WINDOW_MS, RETENTION_MS } from './records';
import { RequestGate } from '../gate';

export interface TimeWindow {
  /** Epoch ms. */
  from: number;
  to: number;
}

/** Windows of 31 days one read may have: about a year (Laaffic keeps about 62 days). */
export const MAX_WINDOWS = 12;
/** The last time a window may end: 9999-12-30 (its text, in any zone, still has a four-digit year). */
const LAST_TIME = Date.UTC(9999, 11, 30);

/**
 * [from, to] cut into consecutive windows of at most 31 days, oldest first; each window starts
 * where the previous one ends (a call on a boundary may be answered twice: callRecordsFor keeps it once).
 */
export function splitWindow(from: number, to: number): TimeWindow[] {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from <= 0) {
    throw new PnsValidationError('from', 'The time window needs a start and an end as epoch milliseconds.', 'Pass from and to as Date.getTime() values.');
  }
  if (to <= from) throw new PnsValidationError('to', 'The end of the time window must come after its start.', 'Swap the start and the end, or widen the window.');
  // The query writes its times as ISO 8601 with a four-digit year.
  if (to > LAST_TIME) throw new PnsValidationError('to', 'The end of the time window lies past the year 9999.', 'Pass from and to as Date.getTime() values.');
  // Laaffic keeps about two months: a longer window is a mistake, and millions of windows would be a crash.
  if (to - from > MAX_WINDOWS * MAX_WINDOW_MS) {
    throw new PnsValidationError('from', `The time window is longer than ${MAX_WINDOWS * 31} days; Laaffic keeps call records for about 62 days.`, 'Choose a shorter window, such as the last 60 days.');
  }
  // Whole seconds (the vendor's times have no milliseconds): a query rounds its start down and
  // its end up, so windows that already sit on seconds stay within the 31-day limit.
  const first = Math.floor(from / 1000) * 1000;
  const last = Math.ceil(to / 1000) * 1000;
  const out: TimeWindow[] = [];
  for (let start = first; start < last; start += MAX_WINDOW_MS) out.push({ from: start, to: Math.min(last, start + MAX_WINDOW_MS) });
  return out;
}

/** What callRecordsFor needs: PnsClient has it. */
export interface CallRecordSource {
  queryCallRecordPage(query: CallRecordPageQuery, options?: RequestOptions): Promise<CallRecordPage>;
}

export interface CallRecordsProgress {
  /** Pages read so far (all windows). */
  pagesDone: number;
  /** Pages known to be needed so far (grows as each window's first page tells its total). */
  pagesTotal: number;
  /** The window the page just read belongs to (1-based; the windows are read at once) and how many there are. */
  window: number;
  windows: number;
  /** Windows read to their end. */
  windowsDone: number;
  /** Calls matched so far. */
  matches: number;
}

export interface CallRecordsOptions {
  /** Whose calls: a binding's numbers, an app or a middle number (callScope.ts). */
  scope?: CallScope;
  /** Shorthand for `scope: { kind: 'binding', numbers }` (used when there is no scope). */
  numbers?: string[];
  /** Epoch ms. */
  from: number;
  to: number;
  /**
   * Keep at most this many matching calls, the newest (1..1,000,000; default: all). Every match
   * is still counted (`matched`): an app's calls can be far more than anyone reads in a list.
   */
  keep?: number;
  /** Page requests in flight at most, all windows together (default 6, 1..16). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: CallRecordsProgress) => void;
  /** Called after each page with the calls it matched that were not matched before (each call once), as they arrive. */
  onMatch?: (records: CallRecord[]) => void;
  /** Page size (default 100). */
  size?: number;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  /** The clock for the retention check (tests). */
  now?: number;
}

export interface CallRecordsResult {
  /** Matching calls, each once, newest first (by start, else end; unknown times last); at most `keep`. */
  records: CallRecord[];
  /** Matching calls in all, each once (more than records.length when `keep` cut the list). */
  matched: number;
  /** Call records read (all windows, before matching). */
  scanned: number;
  pages: number;
  windows: number;
  /** `from` lies further back than the vendor keeps records (~62 days): older calls may be missing. */
  reachesPastRetention: boolean;
}

const MAX_KEEP = 1_000_000;
const when = (r: CallRecord) => r.start ?? r.end ?? -Infinity;
/** Newest first; equal times by call id (descending), so the order is total and the same every run. */
const newestFirst = (a: CallRecord, b: CallRecord) => when(b) - when(a) || (a.callId < b.callId ? 1 : a.callId > b.callId ? -1 : 0);

/**
 * The calls of a scope: every page of every ≤31-day window of [from, to], all windows at once
 * with at most `concurrency` requests in flight in all, records kept when the scope's predicate
 * accepts them (each call once, however many windows answer it), the newest `keep`. The first
 * failure of any window ends the read with that error, and the other windows stop. Cancel with `signal` (PnsAbortError). A scope
 * that cannot match (no digits, a bad app id) is refused with PnsValidationError before
 * anything is sent.
 */
export async function callRecordsFor(source: CallRecordSource, options: CallRecordsOptions): Promise<CallRecordsResult> {
  const matches = callPredicate(options.scope ?? { kind: 'binding', numbers: Array.isArray(options.numbers) ? options.numbers : [] });
  const keep = options.keep ?? MAX_KEEP;
  if (!Number.isSafeInteger(keep) || keep < 1 || keep > MAX_KEEP) {
    throw new PnsValidationError('keep', `keep must be a whole number from 1 to ${MAX_KEEP.toLocaleString('en-US')}.`, 'Pass how many of the newest calls to keep.');
  }
  const windows = splitWindow(options.from, options.to);
  const { size } = checkPaging(1, options.size ?? MAX_PAGE_SIZE);
  const abortMessage = 'Reading the call records was cancelled.';
  if (options.signal?.aborted) throw new PnsAbortError(abortMessage);
  // Every matched call's key (a call on a window boundary is answered twice), and the newest
  // matches: trimmed to `keep` whenever twice that many pile up, so memory follows `keep`.
  const matchedKeys = new Set<PageKey>();
  let kept: CallRecord[] = [];
  const trim = () => {
    kept.sort(newestFirst);
    kept = kept.slice(0, keep);
  };
  // Every window is read at once, each through its own page stream, with ONE cap of `concurrency`
  // requests in flight across all of them (gate); the first failure (or Cancel) stops them all.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const cancel = () => stop.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const streams: PageStream<CallRecord, Page<CallRecord>>[] = [];
  // The cap follows the streams: when the vendor pushes back on one (orderedPages lowers its
  // concurrency), fewer requests go out in all, as when the windows were read one after another.
  const gate = new RequestGate(() => Math.min(...streams.map((s) => s.stats.concurrency)));
  let scanned = 0;
  const sum = (f: (s: PagesStats) => number) => streams.reduce((a, s) => a + f(s.stats), 0);
  for (const win of windows) {
    streams.push(
      orderedPages<CallRecord, Page<CallRecord>>(
        (current, { signal }) =>
          gate.run(
            signal,
            () =>
              source.queryCallRecordPage({ current, size, strTime: win.from, endTime: win.to }, { signal, retries: 0 }).then((p) => ({
                items: p.records,
                total: p.total,
                totalReported: p.totalReported,
                skipped: p.skipped,
                replyChars: p.replyChars,
              })),
            abortMessage,
          ),
        {
          pageSize: size,
          key: (r) => compactKey(r.callId),
          concurrency: options.concurrency,
          maxAttempts: options.maxAttemptsPerPage,
          backoffMs: options.backoffMs,
          signal: stop.signal,
          abortMessage,
          noun: 'call records',
        },
      ),
    );
  }
  let failure: unknown;
  const read = async (w: number): Promise<void> => {
    try {
      for await (const { items } of streams[w]) {
        const fresh: CallRecord[] = [];
        for (const r of items) {
          scanned++;
          if (!matches(r)) continue;
          const k = compactKey(r.callId);
          if (matchedKeys.has(k)) continue;
          matchedKeys.add(k);
          kept.push(r);
          if (options.onMatch) fresh.push(r);
          if (kept.length >= 2 * keep) trim();
        }
        if (fresh.length > 0) options.onMatch?.(fresh);
        options.onProgress?.({
          pagesDone: sum((s) => s.pages),
          pagesTotal: sum((s) => s.planned),
          window: w + 1,
          windows: windows.length,
          windowsDone: sum((s) => (s.endedBy === undefined ? 0 : 1)),
          matches: matchedKeys.size,
        });
      }
    } catch (e) {
      failure ??= e;
      stop.abort();
    }
  };
  try {
    // Every stream has ended (what it had in flight aborted) before the result or the first failure is given.
    await Promise.all(windows.map((_, w) => read(w)));
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  if (failure !== undefined) throw failure;
  const pages = sum((s) => s.pages);
  trim();
  const now = options.now ?? Date.now();
  return { records: kept, matched: matchedKeys.size, scanned, pages, windows: windows.length, reachesPastRetention: options.from < now - RETENTION_MS };
}
