/**
 * Streaming export: every binding of an app (or of all apps), read through orderedPages and
 * written in the server's order, a few pages a write, as CSV rows or a JSON array, never holding
 * all records or the whole text. The text is byte for byte what toCsv / toJson give for the same
 * records. The output's backpressure is respected, and the stream reads only a few pages ahead.
 */
import { PnsAbortError, PnsValidationError } from './errors';
import { csvCell, csvRow, EXPORT_COLUMNS, jsonRow, type ExportOptions } from './export';
import type { BindingRecord } from './normalize';
import { bindingPages, type BindPageSource } from './walk';
import { checkPageSize } from './endpoints/fields';

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
  /** After every page written (or gathered for the next write). An exception ends the export with it. */
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
}

/**
 * Pages are gathered into writes of at least this many characters (about 4 pages): a write per
 * page cost a file export ~5 % more CPU per page (npm run bench).
 */
const WRITE_CHARS = 64 * 1024;

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

/** The text of a page's bindings: CSV lines, or JSON array elements as toJson indents them (no separator before the first). */
function pageText(format: 'csv' | 'json', records: readonly BindingRecord[], o: ExportOptions): string {
  if (format === 'json') return JSON.stringify(records.map((r) => jsonRow(r, o)), null, 2).slice(2, -2);
  let text = '';
  for (const r of records) text += csvRow(r, o) + '\r\n';
  return text;
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
  const size = checkPageSize(options.size ?? 100);
  const abortMessage = 'The export was cancelled.';
  if (options.signal?.aborted) throw new PnsAbortError(abortMessage);
  const o: ExportOptions = {
    now: options.now ?? Date.now(),
    expiringSoonHours: options.expiringSoonHours ?? 24,
    zoneOffsetMinutes: options.zoneOffsetMinutes ?? 480,
    appId: options.appId,
    bom: options.bom,
  };
  const pages = bindingPages(source, { ...options, size, abortMessage });
  const s = pages.stats;
  const out = outputWriter(options.out);
  let pending = '';
  /** Gathers `text` until WRITE_CHARS wait (`all`: writes what waits). */
  const write = async (text: string, all = false) => {
    pending += text;
    if (pending === '' || (pending.length < WRITE_CHARS && !all)) return;
    const chunk = pending;
    pending = '';
    await out.write(chunk);
  };
  let count = 0;
  try {
    if (format === 'csv') await write((o.bom ? '\uFEFF' : '') + EXPORT_COLUMNS.map(csvCell).join(',') + '\r\n');
    for await (const { items } of pages) {
      if (items.length > 0) {
        const text = pageText(format, items, o);
        await write(format === 'json' ? (count === 0 ? '[\n' : ',\n') + text : text);
        count += items.length;
      }
      options.onProgress?.({ pages: s.pages, pagesTotal: s.planned, count, total: s.lastTotal, concurrency: s.concurrency, retries: s.retries });
    }
    await write(format === 'json' ? (count === 0 ? '[]' : '\n]') : '', true);
    return { count, pages: s.pages, duplicates: s.duplicates, totalChanged: s.totalChanged, firstTotal: s.firstTotal, lastTotal: s.lastTotal, skipped: s.skipped, retries: s.retries };
  } catch (e) {
    // Pages gathered before a page's failure or a cancel are written (after a failed write nothing waits).
    await write('', true).catch(() => undefined);
    throw e;
  } finally {
    out.dispose();
  }
}
