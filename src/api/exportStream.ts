/**
 * Streaming export: every binding of an app (or of all apps), fetched concurrently through the
 * paging engine's pool and written to the output IN ORDER as the pages arrive, as CSV rows or
 * as a streamed JSON array — never holding all records or the whole text. The output's
 * backpressure is respected (a Node stream's 'drain' is awaited; a write function's promise
 * is awaited), and the pool never runs more than a few pages ahead of the writer.
 *
 * The text is byte for byte what toCsv / toJson give for the same records (same cells, same
 * formula neutralisation, same pretty-printed JSON).
 */
import { PnsAbortError, PnsValidationError } from './errors';
import { csvCell, csvRow, EXPORT_COLUMNS, type ExportOptions } from './export';
import { jsonElement } from './exportJson';
import { bindingKey, bindPageFetcher, type BindPageResult, type BindPageSource } from './walk';
import type { BindingRecord } from './normalize';
import { orderedPages } from './pages';
import { MAX_PAGE_SIZE } from './client';

/** Where the text goes: a Node writable stream (not ended by the export) or an async write function. */
export type ExportOutput = NodeJS.WritableStream | ((chunk: string) => Promise<void> | void);

export interface ExportProgress {
  /** Pages written. */
  pages: number;
  /** Pages to write, as far as known. */
  pagesTotal: number;
  /** Bindings written. */
  count: number;
  /** The server's latest total. */
  total: number;
  concurrency: number;
  retries: number;
}

export interface ExportBindingsOptions {
  /** One app; undefined = all apps of the key (no appId sent). Also the `appId` column's fallback. */
  appId?: string;
  format: 'csv' | 'json';
  out: ExportOutput;
  /** Page size, 1..100 (default 100). */
  size?: number;
  /** Requests in flight at most (default 6, clamped to 1..16). */
  concurrency?: number;
  signal?: AbortSignal;
  /** After every page written (with chunkChars: written or gathered for the next write). An exception ends the export with it. */
  onProgress?: (p: ExportProgress) => void;
  /** The moment the state is computed for, epoch ms (default: now). */
  now?: number;
  /** Default 24. */
  expiringSoonHours?: number;
  /** The vendor's zone, minutes east of UTC (default 480 = +08:00). */
  zoneOffsetMinutes?: number;
  /** CSV only: start with a UTF-8 BOM (default false). */
  bom?: boolean;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
  /** Hard cap on pages (default 10,000). */
  maxPages?: number;
  /**
   * Gather the text of consecutive pages into one write of at least this many characters
   * (the last one may be shorter), in order: fewer, larger writes cost a file less CPU per
   * page. At most this plus one page's text is held. Default 0: one write per page (and one
   * for the CSV header). Whatever was gathered is written before the export ends, also when
   * it fails or is cancelled, so the output then holds every page handed over, as with 0.
   */
  chunkChars?: number;
}

/** The largest chunkChars (16 Mi characters). */
export const MAX_CHUNK_CHARS = 16 * 1024 * 1024;

/**
 * The chunkChars of an export to a file (the extension's Export): 64 Ki characters a write,
 * about 4 pages of 100 bindings, ~0.1 ms less CPU a page than a write per page (npm run bench).
 */
export const FILE_CHUNK_CHARS = 64 * 1024;

export interface ExportBindingsResult {
  /** Bindings written. */
  count: number;
  /** Pages written. */
  pages: number;
  /** Bindings met again on a later page (offsets shifted while reading) and not written twice. */
  duplicates: number;
  /** The server's total changed during the export: the data changed while it was read. */
  totalChanged: boolean;
  firstTotal: number;
  lastTotal: number;
  /** Records the server sent that could not be read (not written). */
  skipped: number;
  retries: number;
}

/** A write function over either kind of output, awaiting 'drain' when a stream asks for it. */
export function outputWriter(out: ExportOutput): { write: (chunk: string) => Promise<void>; dispose: () => void } {
  if (typeof out === 'function') return { write: async (chunk) => out(chunk), dispose: () => undefined };
  let failure: unknown;
  const onError = (e: unknown) => {
    failure ??= e;
  };
  out.on('error', onError);
  return {
    write: (chunk) => {
      if (failure) return Promise.reject(failure);
      if (out.write(chunk)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (e?: unknown) => {
          out.removeListener('drain', onDrain);
          out.removeListener('error', onErr);
          out.removeListener('close', onClose);
          if (e) reject(e);
          else resolve();
        };
        const onDrain = () => done();
        const onErr = (e: unknown) => done(e ?? new Error('The output failed.'));
        const onClose = () => done(failure ?? new Error('The output was closed before the export finished.'));
        out.once('drain', onDrain);
        out.once('error', onErr);
        out.once('close', onClose);
      });
    },
    dispose: () => {
      out.removeListener('error', onError);
    },
  };
}

/**
 * Writes through `write`, gathering chunks until `limit` characters are waiting (0: each chunk
 * at once). `settle()` writes what waits after a failure elsewhere (a page's error, a cancel),
 * unless the output itself failed.
 */
export function gatheringWriter(write: (chunk: string) => Promise<void>, limit: number): { write: (chunk: string) => Promise<void> | undefined; flush: () => Promise<void>; settle: () => Promise<void> } {
  let pending = '';
  let failed = false;
  const flush = async (): Promise<void> => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    try {
      await write(chunk);
    } catch (e) {
      failed = true;
      throw e;
    }
  };
  return {
    write: (chunk) => {
      pending += chunk;
      return pending.length >= limit ? flush() : undefined;
    },
    flush,
    settle: () => (failed ? Promise.resolve() : flush().catch(() => undefined)),
  };
}

/**
 * Exports every binding, page by page in the server's order, each binding once. Resolves when
 * the last chunk is written (the output is not ended: the caller owns it). Rejects with
 * PnsAbortError on cancel, with a page's error, with the output's error, or PnsWalkError at
 * the page cap; what was written until then stays written.
 */
export async function exportBindings(source: BindPageSource, options: ExportBindingsOptions): Promise<ExportBindingsResult> {
  const format = options.format;
  if (format !== 'csv' && format !== 'json') {
    throw new PnsValidationError('format', `Unknown export format "${String(format).slice(0, 20)}".`, 'Use "csv" or "json".');
  }
  const size = options.size ?? 100;
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new PnsValidationError('size', `The page size must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(size).slice(0, 20)}).`, 'Use a page size from 1 to 100.');
  }
  const chunkChars = options.chunkChars ?? 0;
  if (!Number.isSafeInteger(chunkChars) || chunkChars < 0 || chunkChars > MAX_CHUNK_CHARS) {
    throw new PnsValidationError('chunkChars', `chunkChars must be a whole number from 0 to ${MAX_CHUNK_CHARS} (got ${String(chunkChars).slice(0, 20)}).`, 'Use 0 (one write per page) or a size such as 65536.');
  }
  const abortMessage = 'The export was cancelled.';
  if (options.signal?.aborted) throw new PnsAbortError(abortMessage);
  const o: ExportOptions = {
    now: options.now ?? Date.now(),
    expiringSoonHours: options.expiringSoonHours ?? 24,
    zoneOffsetMinutes: options.zoneOffsetMinutes ?? 480,
    appId: options.appId,
    bom: options.bom,
  };
  const writer = outputWriter(options.out);
  const out = gatheringWriter(writer.write, chunkChars);
  let count = 0;
  const stream = orderedPages<BindingRecord, BindPageResult>(bindPageFetcher(source, { appId: options.appId, size }), {
    pageSize: size,
    key: bindingKey,
    concurrency: options.concurrency,
    maxAttempts: options.maxAttemptsPerPage,
    backoffMs: options.backoffMs,
    maxPages: options.maxPages,
    signal: options.signal,
    abortMessage,
    noun: 'bindings',
  });
  const s = stream.stats;
  try {
    if (format === 'csv') await out.write((o.bom ? '\uFEFF' : '') + EXPORT_COLUMNS.map(csvCell).join(',') + '\r\n');
    for await (const { items } of stream) {
      if (items.length > 0) {
        let chunk: string;
        if (format === 'csv') {
          chunk = '';
          for (const r of items) chunk += csvRow(r, o) + '\r\n';
        } else {
          chunk = (count === 0 ? '[\n' : ',\n') + items.map((r) => jsonElement(r, o)).join(',\n');
        }
        count += items.length;
        await out.write(chunk);
      }
      options.onProgress?.({ pages: s.pages, pagesTotal: s.planned, count, total: s.lastTotal, concurrency: s.concurrency, retries: s.retries });
    }
    if (format === 'json') await out.write(count === 0 ? '[]' : '\n]');
    await out.flush();
    return { count, pages: s.pages, duplicates: s.duplicates, totalChanged: s.totalChanged, firstTotal: Math.max(0, s.firstTotal), lastTotal: s.lastTotal, skipped: s.skipped, retries: s.retries };
  } catch (e) {
    await out.settle();
    throw e;
  } finally {
    writer.dispose();
  }
}
