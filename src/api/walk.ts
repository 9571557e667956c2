/**
 * Walks every page of an app's bindings once, de-duplicating by bindId, and always ends:
 * on an empty page, on a page made only of bindings already seen (a server repeating a
 * page), once every binding the server reports has been seen, or at a hard page cap
 * (an error, never a silent truncation).
 */
import { PnsWalkError } from './errors';
import type { BindPage, BindingRecord } from './normalize';
import type { BindPageQuery, RequestOptions } from './client';

/** Anything that serves pages like PnsClient does. */
export interface BindPageSource {
  queryBindPage(query: BindPageQuery, options?: RequestOptions): Promise<BindPage>;
}

export interface WalkOptions {
  appId?: string;
  /** Page size, 1..100 (default 100: fewest requests). */
  size?: number;
  /** Hard cap on pages fetched; exceeding it throws PnsWalkError. Default 10,000. */
  maxPages?: number;
  signal?: AbortSignal;
  /** First page to fetch (to resume a walk after an error). Default 1. */
  startPage?: number;
  /** bindIds already seen (shared with the caller when resuming). Default: a new set. */
  seen?: Set<string>;
  /**
   * Cap on the reply text read by this walk, in characters (default 512 Mi): a server sending
   * replies far larger than their records need cannot make one Load All or Export hold
   * gigabytes. Exceeding it throws PnsWalkError.
   */
  maxChars?: number;
}

export type WalkEnd = 'complete' | 'empty-page' | 'repeated-page' | 'short-page';

export interface WalkStep {
  /** The page as the server sent it (normalised). */
  page: BindPage;
  /** The bindings of this page not seen on an earlier page. */
  records: BindingRecord[];
  /** Bindings of this page already seen earlier (server reshuffles, shifted offsets). */
  duplicates: number;
  /** Unique bindings seen so far. */
  seen: number;
  /** True on the last step: the walk ends without another request. */
  last: boolean;
}

export interface WalkSummary {
  pagesFetched: number;
  records: number;
  duplicates: number;
  skipped: number;
  /** The server's total on the first and on the last page. */
  firstTotal: number;
  lastTotal: number;
  /** The reported total changed during the walk: the data changed while it was read. */
  totalChanged: boolean;
  endedBy: WalkEnd;
}

export const DEFAULT_MAX_PAGES = 10_000;
/** About 50 KB per page over 10,000 pages: twice what 100 real records take. */
export const DEFAULT_MAX_WALK_CHARS = 512 * 1024 * 1024;

export async function* walkBindPages(source: BindPageSource, options: WalkOptions = {}): AsyncGenerator<WalkStep, WalkSummary, undefined> {
  const size = options.size ?? 100;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = options.seen ?? new Set<string>();
  const startPage = options.startPage ?? 1;
  let duplicates = 0;
  let skipped = 0;
  let firstTotal = -1;
  let lastTotal = 0;
  let totalChanged = false;
  const maxChars = options.maxChars ?? DEFAULT_MAX_WALK_CHARS;
  let chars = 0;

  for (let current = startPage; ; current++) {
    if (current > maxPages) {
      throw new PnsWalkError(
        `Stopped after ${maxPages} pages: the server kept reporting more bindings (last total ${lastTotal}).`,
        'The server\'s paging looks broken. Try again later; if it persists, report it to Laaffic.',
        maxPages,
      );
    }
    const page = await source.queryBindPage({ current, size, appId: options.appId }, { signal: options.signal });
    chars += page.replyChars ?? 0;
    if (chars > maxChars) {
      throw new PnsWalkError(
        `Stopped after ${current - startPage + 1} pages: the replies reached ${Math.round(chars / 1048576)} MB, far more than ${seen.size + page.records.length} bindings take.`,
        'The server is sending much more than binding data. Check laafficPns.baseUrl; use Find Binding by Number to look for one binding.',
        current - startPage + 1,
      );
    }
    if (firstTotal < 0) firstTotal = page.total;
    else if (page.total !== lastTotal) totalChanged = true;
    lastTotal = page.total;
    skipped += page.skipped;

    const fresh: BindingRecord[] = [];
    for (const r of page.records) {
      if (seen.has(r.bindId)) continue;
      seen.add(r.bindId);
      fresh.push(r);
    }
    const dup = page.records.length - fresh.length;
    duplicates += dup;

    const rawCount = page.records.length + page.skipped;
    let endedBy: WalkEnd | undefined;
    if (rawCount === 0) endedBy = 'empty-page';
    else if (fresh.length === 0 && page.skipped === 0) endedBy = 'repeated-page';
    else if (page.totalReported && seen.size + skipped >= page.total) endedBy = 'complete';
    else if (!page.totalReported && rawCount < size) endedBy = 'short-page';
    yield { page, records: fresh, duplicates: dup, seen: seen.size, last: endedBy !== undefined };
    if (endedBy) {
      return { pagesFetched: current - startPage + 1, records: seen.size, duplicates, skipped, firstTotal, lastTotal, totalChanged, endedBy };
    }
  }
}

/** Every binding of an app (or of all apps), with the walk's summary. */
export async function collectBindings(source: BindPageSource, options: WalkOptions = {}): Promise<{ records: BindingRecord[]; summary: WalkSummary }> {
  const records: BindingRecord[] = [];
  const it = walkBindPages(source, options);
  for (;;) {
    const step = await it.next();
    if (step.done) return { records, summary: step.value };
    records.push(...step.value.records);
  }
}
