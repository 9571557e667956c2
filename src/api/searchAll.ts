/**
 * One search over several places (the apps of several accounts): the groups (accounts) side by
 * side, the places of one group one after another, each with searchBindings' own concurrency, so
 * that one account never has more than its concurrency of requests in flight. A place that cannot
 * be searched is reported with its error and the others go on (never a silent miss); a cancel
 * aborts every read and rejects with PnsAbortError.
 */
import { PnsAbortError } from './errors';
import { searchBindings, type SearchMatch, type SearchOptions, type SearchProgress } from './search';
import type { BindPageSource } from './walk';

export interface SearchPlace<T> {
  place: T;
  /** The places of one group (an account) share its rate limits: they are searched one at a time. */
  group: string;
  /** undefined: every app of the group's key. */
  appId: string | undefined;
  source(): Promise<BindPageSource>;
}
export interface PlaceMatch<T> extends SearchMatch {
  place: T;
}
export interface PlacesProgress {
  pagesScanned: number;
  pagesTotal: number;
  matches: number;
  totalChanged: boolean;
}
export interface PlacesResult<T> {
  matches: PlaceMatch<T>[];
  /** The places that could not be searched; a group whose source failed is one entry (its first place, `whole`). */
  failed: Array<{ place: T; group: string; error: unknown; whole?: boolean }>;
  /** The places searched to the end. */
  searched: T[];
  /** Bindings searched (the servers' totals of the places searched). */
  total: number;
  pagesScanned: number;
  capped: boolean;
  totalChanged: boolean;
  /** The sums of the totals first and last reported (they differ when the data changed under the search). */
  firstTotal: number;
  lastTotal: number;
  retries: number;
  minConcurrency: number;
}
export type PlacesOptions<T> = Omit<SearchOptions, 'appId' | 'onMatch' | 'onProgress'> & {
  onMatch?: (m: PlaceMatch<T>) => void;
  onProgress?: (p: PlacesProgress) => void;
};

export async function searchPlaces<T>(places: readonly SearchPlace<T>[], options: PlacesOptions<T>): Promise<PlacesResult<T>> {
  const out: PlacesResult<T> = { matches: [], failed: [], searched: [], total: 0, pagesScanned: 0, capped: false, totalChanged: false, firstTotal: 0, lastTotal: 0, retries: 0, minConcurrency: Infinity };
  const progress = new Map<SearchPlace<T>, SearchProgress>();
  const report = () => {
    const all = [...progress.values()];
    const sum = (f: (p: SearchProgress) => number) => all.reduce((n, p) => n + f(p), 0);
    options.onProgress?.({ pagesScanned: sum((p) => p.pagesScanned), pagesTotal: sum((p) => p.pagesTotal), matches: sum((p) => p.matches), totalChanged: all.some((p) => p.totalChanged) });
  };
  const aborted = () => {
    if (options.signal?.aborted) throw new PnsAbortError('The search was cancelled.');
  };
  const groups = new Map<string, SearchPlace<T>[]>();
  for (const p of places) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  const runGroup = async (group: string, list: SearchPlace<T>[]) => {
    let source: BindPageSource;
    try {
      source = await list[0].source();
    } catch (error) {
      aborted();
      out.failed.push({ place: list[0].place, group, error, whole: true });
      return;
    }
    for (const p of list) {
      aborted();
      try {
        const r = await searchBindings(source, {
          ...options,
          appId: p.appId,
          onMatch: (m) => options.onMatch?.({ ...m, place: p.place }),
          onProgress: (s) => {
            progress.set(p, s);
            report();
          },
        });
        out.matches.push(...r.matches.map((m) => ({ ...m, place: p.place })));
        out.searched.push(p.place);
        out.total += r.total;
        out.pagesScanned += r.pagesScanned;
        out.capped ||= r.capped;
        out.totalChanged ||= r.totalChanged;
        out.firstTotal += r.firstTotal;
        out.lastTotal += r.lastTotal;
        out.retries += r.retries;
        out.minConcurrency = Math.min(out.minConcurrency, r.minConcurrency);
      } catch (error) {
        aborted();
        out.failed.push({ place: p.place, group, error });
      }
    }
  };
  await Promise.all([...groups].map(([g, list]) => runGroup(g, list)));
  aborted();
  // In the order of the places given, whichever group finished first.
  const order = new Map(places.map((p, i) => [p.place, i]));
  out.matches.sort((a, b) => order.get(a.place)! - order.get(b.place)!);
  return out;
}
