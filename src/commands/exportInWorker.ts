/**
 * The extension's side of an export in a worker thread (dist/exportWorker.js, from
 * src/export/worker.ts): starts it with fixed heap limits, answers its questions to the page
 * cache, passes on its progress and its client's log, and turns what it ends with into the
 * core's result or typed error. A cancel asks the worker to stop, and ends it if it does not
 * within a moment; a worker that runs out of memory or dies gives an error that says so.
 */
import * as vscode from 'vscode';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { PnsAbortError, PnsError } from '../api/errors';
import type { PageCache } from '../api/cache';
import type { BindPage } from '../api/normalize';
import type { ExportBindingsResult, ExportProgress } from '../api/exportStream';
import { fromPlainError, type ClientHooks, type ExportJob, type FromWorker, type ToWorker } from '../export/protocol';

/**
 * The worker's heap: a young generation this small makes V8 collect each page's short-lived
 * garbage often; the old generation holds what an export keeps (the ids of up to 1,000,000
 * bindings) with a wide margin. At 1,000,000 bindings through the save dialog in code-server the
 * extension host grew by 86-123 MB, and by 273-281 MB with the export in its own thread.
 */
export const EXPORT_WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 });

/** How long a cancelled worker has to stop by itself before it is ended. */
const CANCEL_GRACE_MS = 2000;

export interface WorkerExport {
  /** The worker's script (dist/exportWorker.js). */
  script: string;
  /** The job without the file (exportInWorker adds it) and the cache's state (taken from `cache`). */
  job: Omit<ExportJob, 'type' | 'file' | 'mode' | 'cachedPages' | 'generation'>;
  /** The account's page cache: read, never stored into (as the core's cachedSource(…, false)). */
  cache: PageCache;
  hooks: ClientHooks;
  signal: AbortSignal;
  onProgress: (p: ExportProgress) => void;
  /** Default EXPORT_WORKER_LIMITS (a test gives smaller ones to see a worker run out of memory). */
  limits?: ResourceLimits;
}

/** Runs the export in a new worker, writing the new file `file` with `mode`; resolves once the file is written and closed. */
export function exportInWorker(w: WorkerExport, file: string, mode: number): Promise<ExportBindingsResult> {
  if (w.signal.aborted) return Promise.reject(new PnsAbortError('The export was cancelled.'));
  const worker = new Worker(w.script, { resourceLimits: w.limits ?? EXPORT_WORKER_LIMITS });
  const post = (m: ToWorker) => worker.postMessage(m);
  return new Promise<ExportBindingsResult>((resolve, reject) => {
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const onAbort = () => {
      post({ type: 'cancel' });
      grace = setTimeout(() => end(new PnsAbortError('The export was cancelled.')), CANCEL_GRACE_MS);
    };
    const end = (outcome: Error | ExportBindingsResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      w.signal.removeEventListener('abort', onAbort);
      // The worker has closed its file when it reports; after a crash or a cancel's grace it is ended first.
      void worker.terminate().then(
        () => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
        () => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
      );
    };
    w.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromWorker) => {
      switch (m.type) {
        case 'progress':
          return w.onProgress(m.progress);
        case 'requests':
          for (const info of m.infos) w.hooks.onRequest(info);
          return;
        case 'retry':
          return w.hooks.onRetry(m.info);
        case 'clockSkew':
          return w.hooks.onClockSkew(m.offsetMs);
        case 'cache':
          return post({ type: 'cached', id: m.id, page: w.cache.get(m.appId, m.size, m.current) });
        case 'saw':
          if (w.cache.generation === m.generation) w.cache.saw(m.appId, m.size, m.page as BindPage);
          return;
        case 'done':
          return end(m.result);
        case 'error':
          return end(fromPlainError(m.error));
      }
    });
    worker.on('error', (e: Error & { code?: string }) => end(workerFailure(w.limits ?? EXPORT_WORKER_LIMITS, e)));
    worker.on('exit', (code) => end(workerFailure(w.limits ?? EXPORT_WORKER_LIMITS, undefined, code)));
    const cachedPages = w.cache.bindPagesHeld(w.job.appId, w.job.size);
    post({ type: 'start', ...w.job, cachedPages, generation: w.cache.generation, file, mode });
  });
}

/** What a worker that died says to the user. */
function workerFailure(limits: ResourceLimits, e: (Error & { code?: string }) | undefined, exitCode?: number): PnsError {
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new PnsError(
      vscode.l10n.t('The export ran out of memory (it may use {0} MB) and stopped; nothing was written.', String(limits.maxOldGenerationSizeMb)),
      vscode.l10n.t('Try again; if it happens again, report it with the log (Show Log).'),
    );
  }
  const why = e ? `${e.name}: ${e.message}` : vscode.l10n.t('exit code {0}', String(exitCode));
  return new PnsError(vscode.l10n.t('The export stopped unexpectedly ({0}); nothing was written.', why), vscode.l10n.t('Try again; if it happens again, report it with the log (Show Log).'));
}
