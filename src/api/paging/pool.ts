/**
 * The paging engine's concurrent half: a bounded, adaptive pool that reads every page of a
 * paged endpoint and hands the pages over IN PAGE ORDER (page k only after every page < k),
 * de-duplicated by a key, as they arrive.
 *
 * It knows nothing of bindings: it is given "fetch page N" and the page size. Page 1 goes
 * alone first (to learn the total), then the other pages through the pool. When the server
 * pushes back it backs off and lowers its concurrency for the rest of the run: it halves it
 * on "too frequent" (-15, HTTP 429) and takes one step down (never below half the start) on
 * HTTP 5xx, timeouts and network errors (retry.ts classifies; retry.ts computes the waits,
 * Retry-After included). A failed page is retried up to `maxAttemptsPerPage` times; a fatal
 * error, an abort, a callback's exception or the page/char caps end the run with that error.
 * The pool never runs more than `maxAhead` pages ahead of the consumer, and awaits an
 * `onPage` that returns a promise (backpressure), so memory stays bounded however many pages.
 *
 * A pool can make several passes (a search rescans once when the pages did not line up); the
 * adaptive state (concurrency, retries) carries over from one pass to the next.
 *
 * This module is the pool's public face (what './paging/pool' has always exported) and
 * readPages(); the parts live beside it: types.ts (the public types), options.ts (defaults,
 * validation), pagePool.ts (the PagePool class: passes, stop, cancel, the pump),
 * concurrency.ts (adaptive controller), schedule.ts (retry queue, timer), pass.ts (a pass's
 * state), arrival.ts (totals, end, caps) and delivery.ts (ordered, de-duplicated hand-over
 * from the reorder buffer).
 */
import { PagePool } from './pagePool';
import type { FetchPage, Page, PassOptions, PassSummary, PoolOptions } from './types';

export { PagePool } from './pagePool';
export type { Page, FetchContext, FetchPage, PageKey, PoolProgress, PoolRetry, PoolOptions, PoolPage, PassOptions, PassEnd, PassSummary } from './types';
export {
  DEFAULT_POOL_CONCURRENCY,
  MAX_POOL_CONCURRENCY,
  DEFAULT_POOL_ATTEMPTS,
  DEFAULT_POOL_BACKOFF_MS,
  DEFAULT_POOL_MAX_PAGES,
  DEFAULT_POOL_MAX_CHARS,
} from './options';

/** One pass over every page with a fresh pool (closed afterwards). */
export async function readPages<T, P extends Page<T>>(
  fetchPage: FetchPage<P>,
  options: PoolOptions<T> & PassOptions<T, P>,
): Promise<PassSummary & { retries: number; minConcurrency: number }> {
  const pool = new PagePool<T, P>(fetchPage, options);
  try {
    const s = await pool.pass({ fresh: options.fresh, onPage: options.onPage });
    return { ...s, retries: pool.retries, minConcurrency: pool.minConcurrency };
  } finally {
    pool.close();
  }
}
