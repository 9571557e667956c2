/**
 * The bookkeeping of a page that arrived, in any order: the server's total (of the pass and
 * of the run), where the pass ends (the total, an empty page, a short page when there is no
 * total), the page and character caps (and their errors), and the reorder buffer it waits in
 * to be handed over.
 */
import { PnsWalkError } from '../errors';
import { lastPage, type Pass } from './pass';
import type { Page } from './types';

/** The pool's run-wide fields and caps an arrival reads and updates (the pool itself). */
export interface ArrivalRun {
  readonly pageSize: number;
  readonly maxPages: number;
  readonly maxChars: number;
  /** Pages that arrived (handed over or not), all passes. */
  pagesFetched: number;
  firstTotal: number;
  lastTotal: number;
  totalChanged: boolean;
}

/** The pass would not end: page after page beyond `maxPages` (the server kept reporting more). */
export function endlessPagesError<T, P>(maxPages: number, noun: string, p: Pass<T, P>): PnsWalkError {
  return new PnsWalkError(
    `Stopped at ${maxPages} pages: the server kept reporting more ${noun} (last total ${p.lastTotal}).`,
    "The server's paging looks broken. Try again later; if it persists, report it to Laaffic.",
    p.pages,
  );
}

/** Records page `n` of pass `p`; throws PnsWalkError past a cap. `noun` names the items in its message. */
export function recordArrival<T, P extends Page<T>>(run: ArrivalRun, p: Pass<T, P>, n: number, page: P, noun: string): void {
  run.pagesFetched++;
  p.chars += page.replyChars ?? 0;
  if (p.chars > run.maxChars) {
    throw new PnsWalkError(
      `Stopped after ${p.pages + 1} pages: the replies reached ${Math.round(p.chars / 1048576)} MB, far more than ${p.items + page.items.length} ${noun} take.`,
      'The server is sending much more than the data asked for. Check baseUrl.',
      p.pages,
    );
  }
  const size = run.pageSize;
  const rawCount = page.items.length + (page.skipped ?? 0);
  const total = page.total;
  if (page.totalReported !== false) {
    if (p.firstTotal < 0) p.firstTotal = total;
    else if (total !== p.lastTotal) {
      p.totalChanged = true;
      p.anomaly = true;
    }
    p.lastTotal = total;
    if (run.firstTotal < 0) run.firstTotal = total;
    else if (total !== run.lastTotal) run.totalChanged = true;
    run.lastTotal = total;
    // Read every page the server says there is (new ones too, if the total grew).
    const pages = Math.max(1, Math.ceil(total / size));
    p.limit = Math.max(p.limit, pages);
    const expected = Math.max(0, Math.min(size, total - (n - 1) * size));
    if (rawCount !== expected) p.anomaly = true;
    if (rawCount === 0 && n <= pages && n < p.stopAt) {
      p.stopAt = n;
      p.endedBy = 'empty-page';
    }
  } else {
    // No usable total: read on until a short page.
    if (p.firstTotal < 0) p.firstTotal = total;
    p.lastTotal = Math.max(p.lastTotal, total);
    if (run.firstTotal < 0) run.firstTotal = total;
    run.lastTotal = Math.max(run.lastTotal, total);
    if (rawCount < size) {
      if (n + 1 < p.stopAt) {
        p.stopAt = n + 1;
        p.endedBy = 'short-page';
      }
    } else if (p.stopAt === Infinity) p.limit = Infinity;
  }
  const last = lastPage(p);
  if (Number.isFinite(last) && last > run.maxPages) {
    throw new PnsWalkError(
      `This would need more than ${run.maxPages} pages (the server reports ${total} ${noun}).`,
      'Narrow it down (a single app), or use a larger page size.',
      p.pages,
    );
  }
  if (n <= last) p.buffer.set(n, page);
}
