/**
 * Filter All Pages' read: every page of an app (the shared page stream, concurrently, through
 * the account's page cache) through the tree filter's one predicate, counting every match and
 * keeping the first `max`. When the pages did not line up (the data changed under the read), one
 * fresh pass follows, as Find does. No vscode import.
 */
import type { BindingRecord } from '../api';
import { bindingPages, type BindPageSource } from '../api/walk';
import type { Entry } from '../tree/pagedList';

/** Bindings a page: the most the vendor gives, the fewest requests (and the pages Find and Load All cache). */
const PAGE_SIZE = 100;

export interface FilterAllProgress {
  pagesDone: number;
  pagesTotal: number;
  /** Bindings read so far (each once). */
  scanned: number;
  /** Bindings that match so far (all of them, also past `max`). */
  matches: number;
}

export interface FilterAllOptions {
  appId?: string;
  /** The predicate (the tree filter's, src/tree/filterMatch.ts). */
  keep(r: BindingRecord): boolean;
  /** The most matches kept; the count goes on past it. */
  max: number;
  concurrency: number;
  signal: AbortSignal;
  /** After each page, with the matches it added (in the vendor's order). */
  onPage(p: FilterAllProgress, added: readonly Entry<BindingRecord>[]): void;
  /** A fresh pass starts: what was kept so far is dropped. */
  onRestart(): void;
}

export interface FilterAllResult {
  /** The first `max` matches, in the vendor's order, each with its place among all bindings. */
  kept: Entry<BindingRecord>[];
  /** Every match: exact when `consistent`. */
  matches: number;
  /** Bindings read (the last pass). */
  scanned: number;
  pages: number;
  /** False when even the fresh pass saw the data change: the count may be off. */
  consistent: boolean;
}

/** Rejects with the stream's error (PnsAbortError on cancel, a page's error when it keeps failing). */
export async function filterEveryPage(source: BindPageSource, o: FilterAllOptions): Promise<FilterAllResult> {
  const pass = async (fresh: boolean) => {
    const stream = bindingPages(source, { appId: o.appId, size: PAGE_SIZE, concurrency: o.concurrency, signal: o.signal, abortMessage: 'Filtering every page was cancelled.', fresh });
    const s = stream.stats;
    const kept: Entry<BindingRecord>[] = [];
    let matches = 0;
    for await (const { items, position } of stream) {
      const added: Entry<BindingRecord>[] = [];
      items.forEach((record, i) => {
        if (!o.keep(record)) return;
        matches++;
        if (kept.length + added.length < o.max) added.push({ record, position: position + i });
      });
      kept.push(...added);
      o.onPage({ pagesDone: s.pages, pagesTotal: s.planned, scanned: s.items, matches }, added);
    }
    return { kept, matches, scanned: s.items, pages: s.pages, anomaly: s.anomaly };
  };
  let r = await pass(false);
  let consistent = true;
  if (r.anomaly) {
    o.onRestart();
    r = await pass(true);
    consistent = !r.anomaly;
  }
  return { kept: r.kept, matches: r.matches, scanned: r.scanned, pages: r.pages, consistent };
}
