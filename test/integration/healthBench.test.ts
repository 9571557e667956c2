// For `npm run bench` (printed, never asserted; runs only when LAAFFIC_PNS_BENCH=1): Show Health
// in the real VS Code over BENCH_HEALTH_BINDINGS bindings (default 1,000,000) and the sandbox's
// calls at BENCH_HEALTH_CALLS_PER_BINDING (default 0.6: ~300,000 calls in 30 days at a million),
// against a sandbox in a child process with BENCH_HEALTH_LATENCY_MS (default 10) per request:
// the time from the command to the figures drawn, the network floor (every page the reading
// needs ÷ the concurrency × the latency) and the extension host's memory growth while it reads
// (the live heap: after a GC every 2 s; the resident set's peak).
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { AppNode } from '../../src/tree/nodes';
import type { ToHealthPage } from '../../src/shared/healthMessages';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';
import { peakRssDuring, startSandboxProcess } from './exportProbe';

const MB = 1024 * 1024;
const PAGE = 100;

if (process.env.LAAFFIC_PNS_BENCH === '1') {
  suite('bench: health', () => {
    test('Show Health over a million bindings and ~300,000 calls: time against the network floor, extension host memory', async function () {
      this.timeout(1_800_000);
      const n = Number(process.env.BENCH_HEALTH_BINDINGS ?? 1_000_000);
      const latency = Number(process.env.BENCH_HEALTH_LATENCY_MS ?? 10);
      const density = Number(process.env.BENCH_HEALTH_CALLS_PER_BINDING ?? 0.6);
      const sb = await startSandboxProcess(n, latency, density);
      try {
        console.log(`bench: health: sandbox of ${sb.count.toLocaleString('en')} bindings (${density} calls per binding in 60 days, ${latency} ms a request) started in ${(sb.startMs / 1000).toFixed(1)} s in a child process`);
        const ext = await activate();
        await configure(ext, { baseUrl: sb.url, pageSize: PAGE, apps: [{ appId: sb.appId, label: 'Bench' }] });
        await setCredentials(sb.apiKey, sb.apiSecret);
        const concurrency = vscode.workspace.getConfiguration('laafficPns').get<number>('searchConcurrency') ?? 6;
        const app = await waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appId));
        const key = `${app.account.id}/${sb.appId}`;
        v8.setFlagsFromString('--expose-gc');
        const gc = vm.runInNewContext('gc') as () => void;
        const live = () => {
          gc();
          const u = process.memoryUsage();
          return u.heapUsed + u.arrayBuffers;
        };
        const liveBefore = live();
        let livePeak = liveBefore;
        // BENCH_HEALTH_LIVE=0: no GC while it reads (the time without the measurement's own cost).
        const sampler = setInterval(() => process.env.BENCH_HEALTH_LIVE !== '0' && (livePeak = Math.max(livePeak, live())), 2000);
        let ms = 0;
        let figures: Extract<ToHealthPage, { type: 'healthFigures' }>['figures'] | undefined;
        const m = await peakRssDuring(async () => {
          ext.health.forget();
          const t0 = performance.now();
          await vscode.commands.executeCommand('laafficPns.showHealth', app);
          await waitFor('the dashboard to draw its figures', () => ext.health.rendered(key)?.state === 'figures' || undefined, 1_700_000);
          ms = performance.now() - t0;
          const posted = [...ext.health.posted].reverse().find((p) => p.key === key && p.message.type === 'healthFigures');
          figures = posted && (posted.message as Extract<ToHealthPage, { type: 'healthFigures' }>).figures;
        });
        clearInterval(sampler);
        const bindings = figures?.bindings?.total ?? 0;
        const scanned = figures?.calls?.scanned ?? 0;
        const numbers = figures?.numbers?.total ?? 0;
        const pages = Math.ceil(bindings / PAGE) + Math.ceil(scanned / PAGE) + Math.max(1, Math.ceil(numbers / PAGE)) + 1;
        const floorMs = (pages / concurrency) * latency;
        console.log(
          `bench: health: ${bindings.toLocaleString('en')} bindings, ${scanned.toLocaleString('en')} call records, ${numbers} numbers: ${(ms / 1000).toFixed(2)} s from the command to the figures drawn; ` +
            `floor ${(floorMs / 1000).toFixed(2)} s (${pages.toLocaleString('en')} pages ÷ ${concurrency} × ${latency} ms), RATIO ${(ms / floorMs).toFixed(2)} (goal <= 1.3); ` +
            `extension host live heap + ArrayBuffers ${(liveBefore / MB).toFixed(0)} MB before, LIVE GROWTH at most ${((livePeak - liveBefore) / MB).toFixed(1)} MB (goal <= 100 MB; after a GC every 2 s), ${((live() - liveBefore) / MB).toFixed(1)} MB after; ` +
            `rss peak growth ${m.growthMb.toFixed(1)} MB (${m.how}), ${m.keptMb.toFixed(1)} MB still resident after (GC'd); problems: ${figures?.problems.length ?? 'no figures'}`,
        );
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await clearCredentials();
        await resetSettings(['baseUrl', 'pageSize', 'apps']);
        await sb.close();
      }
    });
  });
}
