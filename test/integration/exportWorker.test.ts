// The export's worker thread in a real VS Code (code-server), against the sandbox: a page that
// keeps failing shows the core's own error text as it does without a worker, a cancel stops the
// worker's requests, and a worker that runs out of memory says so; none leaves a file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { PnsAbortError, PnsApiError, PnsClient, PnsError, PageCache, exportBindings, type ExportProgress } from '../../src/api';
import { exportInWorker, type WorkerExport } from '../../src/commands/exportInWorker';
import { writeThroughFile } from '../../src/commands/streamFile';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import type { AppNode } from '../../src/tree/nodes';
import { envelope, json, startRawServer, vendorRecord } from '../unit/helpers/rawServer';
import { EXTENSION_ID, activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';

type W = Record<string, (...args: unknown[]) => unknown>;

suite('Export in a worker thread: errors, cancel, out of memory', () => {
  let sb: Sandbox;
  let ext: TestApi;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-export-worker-'));
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith('.part') || f.endsWith('.csv'));

  /** A job for exportInWorker against the sandbox, as the Export command builds it. */
  function job(signal: AbortSignal, onProgress: (p: ExportProgress) => void = () => undefined): WorkerExport {
    return {
      script: path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'exportWorker.js'),
      job: {
        client: { baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 30_000, expireTimeZone: '+08:00', userAgent: 'test', retries: 2, clockOffsetMs: 0 },
        appId: sb.appIds[0],
        format: 'csv',
        now: Date.now(),
        expiringSoonHours: 24,
        zoneOffsetMinutes: 480,
        concurrency: 6,
        size: 100,
      },
      cache: new PageCache(),
      hooks: { onRequest: () => undefined, onRetry: () => undefined, onClockSkew: () => undefined },
      signal,
      onProgress,
    };
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    // 40 ms a request: the 200 pages take seconds, so a cancel lands well before the end even on a busy machine.
    sb = await startSandbox({ bindingsPerApp: [20_000], latencyMs: 40, seed: 31 });
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: sb.appIds[0], label: 'Worker' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a page that keeps failing: the error shown is the core\'s own (class, message, hint), the requests are logged, no file is left', async function () {
    this.timeout(120_000);
    // What the same export raises in this thread (as it did before the worker), with the extension's retries (2).
    const direct = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, retry: { retries: 2 } });
    sb.setFaults({ rate: 1, kinds: ['status-18'], paths: ['/number/pns/queryBindPage'] });
    const w = vscode.window as unknown as W;
    const original = w.showErrorMessage;
    const shown: string[] = [];
    w.showErrorMessage = (msg: unknown) => (shown.push(String(msg)), Promise.resolve(undefined));
    try {
      const expected = await exportBindings(direct, { appId: sb.appIds[0], format: 'csv', out: () => undefined, concurrency: 6 }).then(
        () => assert.fail('the fault was not injected'),
        (e: PnsError) => e,
      );
      assert.ok(expected instanceof PnsApiError, String(expected));
      assert.match(expected.message, /^Laaffic API error -18 /);
      const app = await waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appIds[0]));
      ext.ui.answer('All bindings', vscode.Uri.file(path.join(dir, 'failed.csv')));
      const res = await vscode.commands.executeCommand('laafficPns.exportBindings', app);
      assert.equal(res, undefined);
      await waitFor('the error message', () => shown.length > 0);
      assert.equal(shown.length, 1, shown.join('\n'));
      assert.ok(shown[0].startsWith(`${expected.message} `), `shown: ${shown[0]}\nthe core's: ${expected.message}`);
      assert.ok(shown[0].endsWith(expected.hint), `shown: ${shown[0]}\nthe core's hint: ${expected.hint}`);
      assert.deepEqual(leftovers(), [], 'a file was left');
      // The worker's requests reach the extension's log like any other.
      await waitFor('the worker\'s requests in the log', () => /POST \/number\/pns\/queryBindPage → HTTP 200, status -18/.test(extensionLog(ext)), 20_000);
    } finally {
      w.showErrorMessage = original;
      sb.setFaults(undefined);
      direct.dispose();
    }
  });

  test('a cancel stops the worker: no more requests, no file, an existing file untouched', async function () {
    this.timeout(60_000);
    const existing = path.join(dir, 'existing.txt');
    fs.writeFileSync(existing, 'keep me\n');
    try {
      const ac = new AbortController();
      const before = sb.requestCount;
      const run = writeThroughFile(vscode.Uri.file(existing), true, (file, mode) => exportInWorker(job(ac.signal, () => ac.abort()), file, mode));
      await assert.rejects(run, PnsAbortError);
      const atCancel = sb.requestCount;
      await new Promise((r) => setTimeout(r, 1000));
      // 200 pages in all; a cancel on the first progress leaves at most the requests then in flight.
      assert.ok(sb.requestCount - atCancel <= 6, `${sb.requestCount - atCancel} requests after the cancel`);
      assert.ok(sb.requestCount - before < 100, `${sb.requestCount - before} requests: the export ran on`);
      assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me\n');
      assert.deepEqual(leftovers(), [], 'a file was left');
    } finally {
      fs.rmSync(existing, { force: true });
    }
  });

  test('a worker that runs out of memory gives an error that says so and leaves no file', async function () {
    this.timeout(120_000);
    // A server of endless pages whose bind ids are 64 digits: beyond a safe integer, so each one
    // stays in the export's de-duplication set as a string. That set outgrows a 16 MB heap after
    // a few hundred thousand bindings whatever the machine's speed (with the sandbox's 20,000 small
    // integer ids the export could finish inside the limit and the test would show nothing).
    const big = await startRawServer((req, res) => {
      const { current, size } = JSON.parse(req.body) as { current: number; size: number };
      const records = Array.from({ length: size }, (_, i) => vendorRecord(i, { bindId: `${'9'.repeat(52)}${String((current - 1) * size + i).padStart(12, '0')}` }));
      json(res, envelope({ total: 1_000_000, size, current, records }));
    });
    try {
      const base = job(new AbortController().signal);
      const w = { ...base, job: { ...base.job, client: { ...base.job.client, baseUrl: big.url } }, limits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 } };
      await assert.rejects(
        writeThroughFile(vscode.Uri.file(path.join(dir, 'oom.csv')), true, (file, mode) => exportInWorker(w, file, mode)),
        (e: Error) => e instanceof PnsError && /ran out of memory \(it may use 16 MB\)/.test(e.message),
      );
      assert.deepEqual(leftovers(), [], 'a file was left');
      // Limits it starts with (a smaller heap can fail at start-up, which would show nothing of the data).
      assert.ok(big.requests.length >= 100, `the worker ran out of memory after ${big.requests.length} pages: before the export's data could fill it`);
    } finally {
      await big.close();
    }
  });
});
