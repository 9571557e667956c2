/**
 * What the extension and the export's worker thread (src/export/worker.ts) say to each other,
 * as plain data, and the core's typed errors turned into plain data and back, so that an error
 * raised in the worker is shown exactly as the same error raised in the extension host would be.
 * No vscode import: used on both sides.
 */
import type { BindPage } from '../api/normalize';
import type { ExportBindingsResult, ExportProgress } from '../api/exportStream';
import type { RetryInfo } from '../api/retry';
import type { PnsClientOptions, RequestInfo } from '../api/options';
import { PnsAbortError, PnsApiError, PnsError, PnsOutcomeUnknownError, PnsTransportError, PnsValidationError, PnsWalkError } from '../api/errors';

/** The client's options that are plain data (its callbacks stay in the extension; the worker reports their calls). */
export interface WorkerClientOptions {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  timeoutMs: number;
  expireTimeZone: string;
  userAgent: string;
  retries: number;
  /** The extension's client's clock correction, so the worker's first request is signed as well. */
  clockOffsetMs: number;
}

/** The client's callbacks that log: the extension's own, or in the worker ones that report to it. */
export type ClientHooks = Required<Pick<PnsClientOptions, 'onRequest' | 'onRetry' | 'onClockSkew'>>;

/** A client's options from their plain data and its logging callbacks: one rule for the extension's client and the worker's. */
export function clientOptions({ retries, ...plain }: WorkerClientOptions, hooks: ClientHooks): PnsClientOptions {
  return { ...plain, retry: { retries }, ...hooks };
}

/** Everything the worker needs for one export: sent once, in the first message. */
export interface ExportJob {
  type: 'start';
  client: WorkerClientOptions;
  appId: string | undefined;
  format: 'csv' | 'json';
  now: number;
  expiringSoonHours: number;
  zoneOffsetMinutes: number;
  concurrency: number;
  size: number;
  /** The pages of this export the extension's page cache held when it started (the worker asks for these only). */
  cachedPages: number[];
  /** The cache's generation then (see PageCache.generation). */
  generation: number;
  /** The file to create (it must not exist) and its mode: the temporary file streamFile.ts chose. */
  file: string;
  mode: number;
}

/** Extension → worker. */
export type ToWorker = ExportJob | { type: 'cancel' } | { type: 'cached'; id: number; page: BindPage | undefined };

/** A typed error as plain data: its class's name and its own plain fields. */
export interface PlainError {
  name: string;
  message: string;
  fields: Record<string, string | number | boolean>;
}

/** Worker → extension. */
export type FromWorker =
  | { type: 'progress'; progress: ExportProgress }
  /** Requests made (logged by the extension), sent a few at a time. */
  | { type: 'requests'; infos: RequestInfo[] }
  | { type: 'retry'; info: RetryInfo }
  | { type: 'clockSkew'; offsetMs: number }
  /** Asks the extension's page cache for a page (one of ExportJob.cachedPages; it may have expired since). */
  | { type: 'cache'; id: number; appId: string | undefined; size: number; current: number }
  /** A page fetched while the cache was at `generation`: what it says of the cache's pages (sent when the total is not the last one sent). */
  | { type: 'saw'; appId: string | undefined; size: number; page: Pick<BindPage, 'current' | 'total' | 'totalReported'>; generation: number }
  | { type: 'done'; result: ExportBindingsResult }
  | { type: 'error'; error: PlainError };

/** `e` as plain data. PnsApiError also carries the client's largest clock correction (its hint in every language needs it). */
export function toPlainError(e: unknown, maxClockCorrectionMs?: number): PlainError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} };
  const fields: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k !== 'name' && k !== 'message' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) fields[k] = v;
  }
  if (e instanceof PnsApiError && maxClockCorrectionMs !== undefined) fields.maxClockCorrectionMs = maxClockCorrectionMs;
  return { name: String(e.name), message: String(e.message), fields };
}

/** The classes an error's name gives back (PnsApiError is built by its constructor: it has a private field). */
const CLASSES: Record<string, { prototype: PnsError }> = {
  PnsError,
  PnsTransportError,
  PnsValidationError,
  PnsWalkError,
  PnsOutcomeUnknownError,
  AbortError: PnsAbortError,
};

/** The error `p` describes: the same class, message, hint and fields as the one the worker raised. */
export function fromPlainError(p: PlainError): Error {
  const { maxClockCorrectionMs, ...fields } = p.fields;
  let e: Error;
  if (p.name === 'PnsApiError') {
    const skew = fields.clockSkewMs;
    const cap = maxClockCorrectionMs;
    e = new PnsApiError(String(fields.status ?? ''), String(fields.reason ?? ''), {
      clockSkewMs: typeof skew === 'number' ? skew : undefined,
      maxClockCorrectionMs: typeof cap === 'number' ? cap : undefined,
    });
  } else {
    const cls = CLASSES[p.name];
    e = cls ? (Object.create(cls.prototype) as Error) : new Error(p.message);
    if (cls) Object.defineProperty(e, 'stack', { value: `${p.name}: ${p.message}`, writable: true, configurable: true });
  }
  Object.assign(e, fields, { name: p.name, message: p.message });
  return e;
}
