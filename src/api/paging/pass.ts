/**
 * The state of one pass of the page pool over every page: where the end is, what is in
 * flight, queued and buffered, the keys handed over so far, and the pass's counts.
 */
import { KeySet } from './keys';
import type { Job } from './schedule';
import type { PassEnd, PassOptions, PassSummary, PoolPage } from './types';

export interface Pass<T, P> {
  fresh: boolean;
  onPage?: (p: PoolPage<T, P>) => void | Promise<void>;
  /** Highest page to read; Infinity while the total is unknown. */
  limit: number;
  /** Pages from this one on are not read (an empty or repeated page came before the end). */
  stopAt: number;
  endedBy: PassEnd;
  nextPage: number;
  deliverNext: number;
  delivering: boolean;
  queue: Job[];
  running: number;
  buffer: Map<number, P>;
  keys: KeySet;
  pages: number;
  items: number;
  duplicates: number;
  skipped: number;
  chars: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
  anomaly: boolean;
  resolve: (s: PassSummary) => void;
  reject: (e: unknown) => void;
}

/** A pass about to start: page 1 alone first, to learn the total. */
export function createPass<T, P>(options: PassOptions<T, P>, resolve: (s: PassSummary) => void, reject: (e: unknown) => void): Pass<T, P> {
  return {
    fresh: options.fresh ?? false,
    onPage: options.onPage,
    limit: 1, // page 1 alone first, to learn the total
    stopAt: Infinity,
    endedBy: 'complete',
    nextPage: 1,
    deliverNext: 1,
    delivering: false,
    queue: [],
    running: 0,
    buffer: new Map(),
    keys: new KeySet(),
    pages: 0,
    items: 0,
    duplicates: 0,
    skipped: 0,
    chars: 0,
    firstTotal: -1,
    lastTotal: 0,
    totalChanged: false,
    anomaly: false,
    resolve,
    reject,
  };
}

/** The last page the pass reads as things stand (Infinity while the total is unknown). */
export function lastPage<T, P>(p: Pass<T, P>): number {
  return Math.min(p.limit, p.stopAt - 1);
}

/** Pages the pass plans to read as things stand. */
export function plannedPages<T, P>(p: Pass<T, P>): number {
  const last = lastPage(p);
  return Math.max(Number.isFinite(last) ? last : p.nextPage - 1, p.pages);
}

export function summarize<T, P>(p: Pass<T, P>): PassSummary {
  return {
    pages: p.pages,
    items: p.items,
    duplicates: p.duplicates,
    skipped: p.skipped,
    firstTotal: Math.max(0, p.firstTotal),
    lastTotal: p.lastTotal,
    totalChanged: p.totalChanged,
    anomaly: p.anomaly,
    chars: p.chars,
    endedBy: p.endedBy,
  };
}
