/**
 * The page pool's defaults and the validation of its options: a bad page size is an error,
 * any other out-of-range or non-finite number falls back to its default or is clamped.
 */
import { PnsValidationError } from '../errors';
import type { PoolOptions } from './types';

export const DEFAULT_POOL_CONCURRENCY = 6;
export const MAX_POOL_CONCURRENCY = 16;
export const DEFAULT_POOL_ATTEMPTS = 5;
export const DEFAULT_POOL_BACKOFF_MS: Readonly<{ base: number; max: number }> = { base: 250, max: 8000 };
export const DEFAULT_POOL_MAX_PAGES = 10_000;
/** Per pass, like the walker's: about 50 KB a page over 10,000 pages. */
export const DEFAULT_POOL_MAX_CHARS = 512 * 1024 * 1024;

/** The options a pool runs with, every default applied. */
export interface ResolvedPoolOptions {
  pageSize: number;
  /** The starting concurrency, 1..MAX_POOL_CONCURRENCY. */
  concurrency: number;
  maxAttempts: number;
  backoff: { base: number; max: number };
  maxPages: number;
  maxChars: number;
  maxAhead: number;
  random: () => number;
}

function wholeAtLeast(v: number | undefined, min: number, dflt: number): number {
  return v !== undefined && Number.isFinite(v) ? Math.max(min, Math.floor(v)) : dflt;
}

/** Applies the defaults; throws PnsValidationError when the page size is not a whole number ≥ 1. */
export function resolvePoolOptions<T>(options: PoolOptions<T>): ResolvedPoolOptions {
  if (!Number.isSafeInteger(options.pageSize) || options.pageSize < 1) {
    throw new PnsValidationError('pageSize', `The page size must be a whole number of at least 1 (got ${String(options.pageSize).slice(0, 20)}).`, 'Use a page size from 1 to 100.');
  }
  const c = options.concurrency ?? DEFAULT_POOL_CONCURRENCY;
  const concurrency = Number.isFinite(c) ? Math.min(MAX_POOL_CONCURRENCY, Math.max(1, Math.floor(c))) : DEFAULT_POOL_CONCURRENCY;
  const maxAttempts = wholeAtLeast(options.maxAttemptsPerPage, 1, DEFAULT_POOL_ATTEMPTS);
  const b = options.backoffMs ?? DEFAULT_POOL_BACKOFF_MS;
  const base = Number.isFinite(b.base) && b.base >= 0 ? b.base : DEFAULT_POOL_BACKOFF_MS.base;
  return {
    pageSize: options.pageSize,
    concurrency,
    maxAttempts,
    backoff: { base, max: Number.isFinite(b.max) && b.max >= base ? b.max : Math.max(base, DEFAULT_POOL_BACKOFF_MS.max) },
    maxPages: options.maxPages ?? DEFAULT_POOL_MAX_PAGES,
    maxChars: options.maxChars ?? DEFAULT_POOL_MAX_CHARS,
    maxAhead: wholeAtLeast(options.maxAhead, 1, Math.max(8, 4 * concurrency)),
    random: options.random ?? Math.random,
  };
}
