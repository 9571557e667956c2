/**
 * Entry of dist/exportWorker.js: one export to a file in a worker thread with a small heap of its
 * own (src/commands/exportInWorker.ts starts it), so that the garbage of a million bindings is
 * bounded by the worker's limits instead of growing the extension host's heap. Everything comes
 * in the first message (credentials too: never env, argv or a file); pages the extension's cache
 * holds are asked for; progress, the client's request log, the result or the error go back as
 * plain data.
 */
import { parentPort } from 'node:worker_threads';
import { PnsClient, DEFAULT_MAX_CLOCK_CORRECTION_MS } from '../api/client';
import { PnsAbortError } from '../api/errors';
import { exportBindings } from '../api/exportStream';
import type { BindPage } from '../api/normalize';
import type { BindPageSource } from '../api/walk';
import type { CachedRequestOptions } from '../api/cache';
import type { RequestInfo } from '../api/options';
import { streamInto } from './streamInto';
import { clientOptions, toPlainError, type ExportJob, type FromWorker, type ToWorker } from './protocol';

/** Requests logged a message at most (a message costs the extension host more than a line). */
const REQUESTS_A_MESSAGE = 50;
/** At most one progress report in this many ms. */
const PROGRESS_EVERY_MS = 100;

const port = parentPort;
if (port) {
  const ac = new AbortController();
  const asked = new Map<number, (page: BindPage | undefined) => void>();
  let nextId = 1;
  let requests: RequestInfo[] = [];
  /** Sends the requests not yet sent. */
  const flushRequests = () => {
    if (requests.length === 0) return;
    port.postMessage({ type: 'requests', infos: requests } satisfies FromWorker);
    requests = [];
  };
  /** Every other message goes after the requests made before it: the log keeps their order. */
  const post = (m: FromWorker) => {
    flushRequests();
    port.postMessage(m);
  };
  port.on('message', (m: ToWorker) => {
    if (m.type === 'start') void run(m);
    else if (m.type === 'cancel') ac.abort();
    else if (m.type === 'cached') {
      asked.get(m.id)?.(m.page);
      asked.delete(m.id);
    }
  });

  /** A page of the extension's page cache, unless it expired or was dropped since the export started. */
  const askCache = (query: { appId?: string; size: number; current: number }) =>
    new Promise<BindPage | undefined>((resolve) => {
      const id = nextId++;
      asked.set(id, resolve);
      post({ type: 'cache', id, appId: query.appId, size: query.size, current: query.current });
    });

  const run = async (job: ExportJob): Promise<void> => {
    const client = new PnsClient(
      clientOptions(job.client, {
        onRequest: (info) => {
          requests.push(info);
          if (requests.length >= REQUESTS_A_MESSAGE) flushRequests();
        },
        onRetry: (info) => post({ type: 'retry', info }),
        onClockSkew: (offsetMs) => post({ type: 'clockSkew', offsetMs }),
      }),
    );
    // What cachedSource(client, cache, false) is in the core: read the cache, store nothing;
    // a fetched page's total goes to the cache when it is new (a changed total drops its pages).
    // Only the pages the cache held are asked for: a question a page costs the extension host.
    const held = new Set(job.cachedPages);
    let totalSent: number | undefined;
    const source: BindPageSource = {
      async queryBindPage(query, options?: CachedRequestOptions) {
        if (options?.signal?.aborted) throw new PnsAbortError();
        if (options?.cache !== 'reload' && held.has(query.current)) {
          const hit = await askCache(query);
          if (hit) return hit;
        }
        const page = await client.queryBindPage(query, options);
        if (page.totalReported !== false && page.total !== totalSent) {
          totalSent = page.total;
          post({ type: 'saw', appId: query.appId, size: query.size, page: { current: page.current, total: page.total, totalReported: page.totalReported }, generation: job.generation });
        }
        return page;
      },
    };
    let lastProgress = 0;
    try {
      const result = await streamInto(job.file, job.mode, (out) =>
        exportBindings(source, {
          appId: job.appId,
          format: job.format,
          out,
          size: job.size,
          concurrency: job.concurrency,
          now: job.now,
          expiringSoonHours: job.expiringSoonHours,
          zoneOffsetMinutes: job.zoneOffsetMinutes,
          signal: ac.signal,
          onProgress: (progress) => {
            // A few updates a second are all a notification can show; each one costs the extension host.
            const t = Date.now();
            if (t - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = t;
            post({ type: 'progress', progress });
          },
        }),
      );
      post({ type: 'done', result });
    } catch (e) {
      post({ type: 'error', error: toPlainError(e, DEFAULT_MAX_CLOCK_CORRECTION_MS) });
    } finally {
      client.dispose();
    }
  };
}
