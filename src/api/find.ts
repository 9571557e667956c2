/**
 * Find one binding by its bindId. The vendor has no single-binding lookup, so: the page where
 * it was last seen and its neighbours first (cheap, and right unless the data moved a lot),
 * then the whole app concurrently, stopping at the first sight of it. "Not found" is only said
 * after every page was read.
 */
import { PnsAbortError, PnsValidationError } from './errors';
import type { BindingRecord } from './normalize';
import { bindingPages, type BindPageSource } from './walk';
import { checkPageSize } from './endpoints/fields';

export interface FindBindingOptions {
  bindId: string;
  /** The app to look in; undefined = all apps of the key. */
  appId?: string;
  /** Page size of `pageHint` and of the returned `page` (the tree's page size). Default 100. */
  size?: number;
  /** The page (at `size`) where the binding was last seen; its neighbours are looked at too. */
  pageHint?: number;
  signal?: AbortSignal;
  /** Requests in flight during the walk (default 6, clamped to 1..16). */
  concurrency?: number;
  /** Page size of the walk when the hint misses (default 100: fewest requests). */
  walkSize?: number;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  maxPages?: number;
}

export interface FoundBinding {
  record: BindingRecord;
  /** Index in the vendor's order (0-based). */
  position: number;
  /** The page at `size` it is on: floor(position / size) + 1. */
  page: number;
}

export interface FindBindingResult {
  /** The binding, or null when it is on none of the app's pages (expired or unbound). */
  found: FoundBinding | null;
  /** Bindings looked at (when not found: every binding of the app, once). */
  checked: number;
  /** Page requests answered. */
  pages: number;
  /** How it was settled: on the hinted page or a neighbour, or by walking the app. */
  via: 'hint' | 'walk';
}

export async function findBinding(source: BindPageSource, options: FindBindingOptions): Promise<FindBindingResult> {
  const bindId = options?.bindId;
  if (typeof bindId !== 'string' || bindId.trim() === '') {
    throw new PnsValidationError('bindId', 'The bind id to look for is empty.', 'Pass the bindId of a binding.');
  }
  const size = checkPageSize(options.size ?? 100);
  const walkSize = checkPageSize(options.walkSize ?? 100, 'walkSize');
  const abortMessage = 'Looking for the binding was cancelled.';
  const signal = options.signal;
  if (signal?.aborted) throw new PnsAbortError(abortMessage);
  let checked = 0;
  let pages = 0;

  // 1. The hinted page, then both neighbours at once.
  const hint = options.pageHint;
  if (hint !== undefined && Number.isSafeInteger(hint) && hint >= 1) {
    const look = async (current: number): Promise<FoundBinding | null> => {
      const page = await source.queryBindPage({ current, size, appId: options.appId }, { signal });
      pages++;
      checked += page.records.length;
      const i = page.records.findIndex((r) => r.bindId === bindId);
      return i < 0 ? null : { record: page.records[i], position: (current - 1) * size + i, page: current };
    };
    const first = await look(hint);
    if (first) return { found: first, checked, pages, via: 'hint' };
    const around = await Promise.all([look(hint + 1), hint > 1 ? look(hint - 1) : Promise.resolve(null)]);
    const near = around[0] ?? around[1];
    if (near) return { found: near, checked, pages, via: 'hint' };
    checked = 0; // the walk below looks at every binding once
  }

  // 2. The whole app, concurrently, stopping at the first sight of it.
  const stream = bindingPages(source, { ...options, size: walkSize, signal, abortMessage });
  for await (const { items, position } of stream) {
    const i = items.findIndex((r) => r.bindId === bindId);
    checked += i < 0 ? items.length : i + 1;
    if (i >= 0) {
      const found = { record: items[i], position: position + i, page: Math.floor((position + i) / size) + 1 };
      return { found, checked, pages: pages + stream.stats.pages, via: 'walk' };
    }
  }
  return { found: null, checked, pages: pages + stream.stats.pages, via: 'walk' };
}
