// For `npm run bench` (printed, never asserted; runs only when LAAFFIC_PNS_BENCH=1): Export of
// 1,000,000 bindings (BENCH_EXPORT_BINDINGS) from the extension in the real VS Code, its file
// chosen in VS Code's own save dialog (in code-server the dialog hands the extension a file:
// URI), against a sandbox in a child process: the extension host's peak resident memory growth
// (goal <= 150 MB), the file's rows and the time. BENCH_EXPORT_TARGET=remote answers the dialog
// with a `vscode-remote` URI of this window instead. One export per run: the first one grows the
// host's heap, which a second would then reuse.
import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppNode } from '../../src/tree/nodes';
import { activate, clearCredentials, configure, resetSettings, setCredentials, sleep } from './helpers';
import { csvSummary, peakRssDuring, startSandboxProcess } from './exportProbe';

/** VS Code's own save dialog (in code-server a quick input), accepted as offered. */
async function realSaveDialog(defaultUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const chosen = vscode.window.showSaveDialog({ defaultUri, filters: { CSV: ['csv'] } });
  let settled = false;
  void chosen.then(() => (settled = true));
  for (let i = 0; i < 50 && !settled; i++) {
    await sleep(300);
    if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }
  return chosen;
}

if (process.env.LAAFFIC_PNS_BENCH === '1') {
  suite('bench: export', () => {
    test('export of 1,000,000 bindings through the save dialog: extension host peak memory, rows, time', async function () {
      this.timeout(1_800_000);
      const n = Number(process.env.BENCH_EXPORT_BINDINGS ?? 1_000_000);
      const sb = await startSandboxProcess(n);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-export-bench-'));
      try {
        console.log(`bench: export: sandbox of ${sb.count.toLocaleString('en')} bindings started in ${(sb.startMs / 1000).toFixed(1)} s in a child process`);
        const ext = await activate();
        await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: sb.appId, label: 'Bench' }] });
        await setCredentials(sb.apiKey, sb.apiSecret);
        const remote = process.env.BENCH_EXPORT_TARGET === 'remote';
        const authority = (vscode.env as { remoteAuthority?: string }).remoteAuthority ?? '';
        const what = remote ? 'a vscode-remote URI of this window' : 'the save dialog';
        const target = (): Promise<vscode.Uri | undefined> =>
          remote ? Promise.resolve(vscode.Uri.from({ scheme: 'vscode-remote', authority, path: path.join(dir, 'remote.csv') })) : realSaveDialog(vscode.Uri.file(path.join(dir, 'dialog.csv')));
        const app = ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appId);
        let file: vscode.Uri | undefined;
        let ms = 0;
        const m = await peakRssDuring(async () => {
          ext.ui.answer('All bindings', async () => (file = await target()));
          const t0 = performance.now();
          const res = (await vscode.commands.executeCommand('laafficPns.exportBindings', app)) as { count: number } | undefined;
          ms = performance.now() - t0;
          return res;
        });
        const csv = file && fs.existsSync(file.fsPath) ? await csvSummary(file.fsPath) : undefined;
        console.log(
          `bench: export ${n.toLocaleString('en')} bindings to ${what} (${file?.scheme ?? 'none'}:): ${(ms / 1000).toFixed(1)} s; extension host rss ${m.beforeMb.toFixed(0)} MB before, PEAK GROWTH ${m.growthMb.toFixed(1)} MB (goal <= 150 MB; ${m.how}), ${m.keptMb.toFixed(1)} MB still resident after (GC'd); ` +
            `file ${csv ? `${csv.rows.toLocaleString('en')} rows, ${csv.distinct.toLocaleString('en')} distinct bindIds, checksum ${csv.checksum === sb.checksum ? 'matches' : 'DIFFERS'}` : 'MISSING'}, count ${m.result?.count ?? 'none'}`,
        );
      } finally {
        await clearCredentials();
        await resetSettings(['baseUrl', 'pageSize', 'apps']);
        await sb.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
