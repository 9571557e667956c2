/**
 * The paging engine's sequential half: walks the pages of any paged endpoint one at a time,
 * de-duplicating by a key, and always ends: on an empty page, on a page made only of items
 * already seen (a server repeating a page), once every item the server reports has been
 * seen, on a short page when the server reports no total, or at the hard page cap and the
 * reply-size cap (errors, never a silent truncation).
 */
import { PnsWalkError } from '../errors';
import type { Page, PageKey } from './pool';

/** "Fetch page N" for the walker: one request, the caller's signal. */
export type FetchWalkPage<P> = (page: number, signal: AbortSignal | undefined) => Promise<P>;

export interface WalkPagesOptions<T> {
  pageSize: number;
  key: (item: T) => PageKey;
  /** Hard cap on the page number; beyond it PnsWalkError. */
  maxPages: number;
  /** Cap on the reply text read by this walk, in characters; beyond it PnsWalkError. */
  maxChars: number;
  signal?: AbortSignal;
  /** First page to fetch (to resume). Default 1. */
  startPage?: number;
  /** Keys already seen (shared with the caller when resuming). */
  seen?: Set<PageKey>;
  /** What the items are, for messages ("bindings"). */
  noun?: string;
}

export type PagesWalkEnd = 'complete' | 'empty-page' | 'repeated-page' | 'short-page';

export interface PagesWalkStep<T, P> {
  page: P;
  /** The items of this page not seen before. */
  items: T[];
  duplicates: number;
  /** Unique items seen so far. */
  seen: number;
  last: boolean;
}

export interface PagesWalkSummary {
  pagesFetched: number;
  items: number;
  duplicates: number;
  skipped: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  endedBy: PagesWalkEnd;
}

export async function* walkPages<T, P extends Page<T>>(
  fetchPage: FetchWalkPage<P>,
  options: WalkPagesOptions<T>,
): AsyncGenerator<PagesWalkStep<T, P>, PagesWalkSummary, undefined> {
  const size = options.pageSize;
  const seen = options.seen ?? new Set<PageKey>();
  const startPage = options.startPage ?? 1;
  const noun = options.noun ?? 'items';
  let duplicates = 0;
  let skipped = 0;
  let firstTotal = -1;
  let lastTotal = 0;
  let totalChanged = false;
  let chars = 0;

  for (let current = startPage; ; current++) {
    if (current > options.maxPages) {
      throw new PnsWalkError(
        `Stopped after ${options.maxPages} pages: the server kept reporting more ${noun} (last total ${lastTotal}).`,
        "The server's paging looks broken. Try again later; if it persists, report it to Laaffic.",
        options.maxPages,
      );
    }
    const page = await fetchPage(current, options.signal);
    chars += page.replyChars ?? 0;
    if (chars > options.maxChars) {
      throw new PnsWalkError(
        `Stopped after ${current - startPage + 1} pages: the replies reached ${Math.round(chars / 1048576)} MB, far more than ${seen.size + page.items.length} ${noun} take.`,
        `The server is sending much more than ${noun === 'bindings' ? 'binding' : 'the'} data. Check baseUrl; look for one binding by its number instead (in VS Code: Find Binding by Number).`,
        current - startPage + 1,
      );
    }
    if (firstTotal < 0) firstTotal = page.total;
    else if (page.total !== lastTotal) totalChanged = true;
    lastTotal = page.total;
    const pageSkipped = page.skipped ?? 0;
    skipped += pageSkipped;

    const fresh: T[] = [];
    for (const item of page.items) {
      const k = options.key(item);
      if (seen.has(k)) continue;
      seen.add(k);
      fresh.push(item);
    }
    const dup = page.items.length - fresh.length;
    duplicates += dup;

    const reported = page.totalReported !== false;
    const rawCount = page.items.length + pageSkipped;
    let endedBy: PagesWalkEnd | undefined;
    if (rawCount === 0) endedBy = 'empty-page';
    else if (fresh.length === 0 && pageSkipped === 0) endedBy = 'repeated-page';
    else if (reported && seen.size + skipped >= page.total) endedBy = 'complete';
    else if (!reported && rawCount < size) endedBy = 'short-page';
    yield { page, items: fresh, duplicates: dup, seen: seen.size, last: endedBy !== undefined };
    if (endedBy) {
      return { pagesFetched: current - startPage + 1, items: seen.size, duplicates, skipped, firstTotal, lastTotal, totalChanged, endedBy };
    }
  }
}
