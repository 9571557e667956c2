/**
 * The tree filter's one predicate and its sort: the view applies them to the loaded pages
 * (ViewState.visible) and Filter All Pages to every page, so both keep exactly the same bindings.
 * No vscode import.
 */
import { bindingState, type BindingRecord, type BindingState } from '../api';
import { matchBinding, type SearchQuery } from '../api/search';
import type { Entry } from './pagedList';

/** What the tree shows of an app's bindings. */
export interface TreeFilter {
  /** Only bindings with a number (or bind id) matching these digits. */
  query?: SearchQuery;
  /** Only bindings in these states. */
  states?: ReadonlySet<BindingState>;
}
export type TreeSort = 'vendor' | 'expiry';

/** Whether the filter keeps a binding at `now` (its state is read then). */
export function keepBinding(r: BindingRecord, f: TreeFilter, now: number, soonHours: number): boolean {
  return (!f.query || matchBinding(r, f.query).length > 0) && (!f.states || f.states.has(bindingState(r.expiresAt, now, soonHours)));
}

/** Soonest expiry first (unreadable last, ties in the vendor's order), or the vendor's order as it is. */
export function sortEntries<T extends Entry<BindingRecord>>(entries: readonly T[], sort: TreeSort): readonly T[] {
  if (sort !== 'expiry') return entries;
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.record.expiresAt ?? Infinity) - (b.e.record.expiresAt ?? Infinity) || a.i - b.i)
    .map((x) => x.e);
}
