/** The paging engine: one sequential walker and one concurrent ordered pool for every paged endpoint. */
export {
  PagePool,
  readPages,
  DEFAULT_POOL_CONCURRENCY,
  MAX_POOL_CONCURRENCY,
  DEFAULT_POOL_ATTEMPTS,
  DEFAULT_POOL_BACKOFF_MS,
  DEFAULT_POOL_MAX_PAGES,
  DEFAULT_POOL_MAX_CHARS,
} from './pool';
export type { Page, FetchContext, FetchPage, PageKey, PoolOptions, PoolProgress, PoolRetry, PoolPage, PassOptions, PassEnd, PassSummary } from './pool';
export { walkPages } from './walker';
export type { FetchWalkPage, WalkPagesOptions, PagesWalkStep, PagesWalkSummary, PagesWalkEnd } from './walker';
export { compactKey } from './keys';
