// For `npm run bench` (printed, never asserted; runs only when LAAFFIC_PNS_BENCH=1): the daily
// operations of issue 21 in the real VS Code, against a sandbox in a child process with
// BENCH_OPERATE_BINDINGS bindings (default 200,000) and BENCH_OPERATE_LATENCY_MS (default 10) per
// request, beside a second, small account:
// Without the page cache (cacheSeconds 0): every measurement reads from the sandbox.
// - Go to Binding of a bind id on page 10: every app of both accounts searched, then the tree's
//   pages 1..10 loaded and the binding selected; its floor: every page of both accounts ÷ the
//   concurrency × the latency, plus ten pages one after another;
// - Filter All Pages (state "expired") of the big app: its floor, every page ÷ the concurrency ×
//   the latency;
// - Unbind Selected of 30 bindings (count typed): one request after another, floor 30 × the latency.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { AccountNode, AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';
import { startSandboxProcess } from './exportProbe';

const PAGE = 100;

if (process.env.LAAFFIC_PNS_BENCH === '1') {
  suite('bench: operate', () => {
    test('Go to Binding, Filter All Pages and a bulk Unbind over a big account: time against the network floor', async function () {
      this.timeout(1_800_000);
      const n = Number(process.env.BENCH_OPERATE_BINDINGS ?? 200_000);
      const latency = Number(process.env.BENCH_OPERATE_LATENCY_MS ?? 10);
      const big = await startSandboxProcess(n, latency);
      const small = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [2_000], latencyMs: latency });
      const ext = await activate();
      let second: import('../../src/accounts/accounts').Account | undefined;
      try {
        console.log(`bench: operate: sandboxes of ${big.count.toLocaleString('en')} and 2,000 bindings, ${latency} ms a request`);
        // No page cache: each measurement reads its pages from the sandbox (cold), as a first read does.
        await configure(ext, { baseUrl: small.url, pageSize: PAGE, cacheSeconds: 0, apps: [{ appId: small.appIds[0], label: 'Small' }] });
        await setCredentials(small.apiKey, small.apiSecret);
        second = await ext.accounts.add({ name: 'Big', baseUrl: big.url, apps: [{ appId: big.appId, label: 'Big' }] }, { apiKey: big.apiKey, apiSecret: big.apiSecret, origin: new URL(big.url).origin });
        const concurrency = vscode.workspace.getConfiguration('laafficPns').get<number>('searchConcurrency') ?? 6;
        const bigNode = async () => {
          const acc = await waitFor('the Big account', async () => ((await ext.tree.getChildren()) as Node[]).find((x): x is AccountNode => x.kind === 'account' && x.account.id === second!.id));
          return waitFor('its app', async () => ((await ext.tree.getChildren(acc)) as Node[]).find((x): x is AppNode => x.kind === 'app' && x.appId === big.appId));
        };
        const page10 = JSON.parse(await signedPost(big, '/number/pns/queryBindPage', { current: 10, size: PAGE, params: { appId: big.appId } })) as { data: { records: Array<{ bindId: string | number }> } };
        const target = String(page10.data.records[37].bindId);

        // Go to Binding.
        ext.ui.reset();
        ext.ui.answer(target);
        let t0 = performance.now();
        await vscode.commands.executeCommand('laafficPns.goToBinding');
        await waitFor('the binding selected', () => {
          const s = ext.treeView.selection[0] as Node | undefined;
          return s?.kind === 'binding' && s.record.bindId === target;
        }, 600_000);
        let ms = performance.now() - t0;
        const allPages = Math.ceil(big.count / PAGE) + Math.ceil(2_000 / PAGE);
        let floor = (allPages / concurrency) * latency + 10 * latency;
        console.log(`bench: operate: Go to Binding (page 10 of ${big.count.toLocaleString('en')} + 2,000 in another account): ${(ms / 1000).toFixed(2)} s to the binding selected; floor ${(floor / 1000).toFixed(2)} s (${allPages} pages ÷ ${concurrency} × ${latency} ms + 10 pages in turn), RATIO ${(ms / floor).toFixed(2)}`);

        // Filter All Pages, expired.
        const app = await bigNode();
        ext.ui.reset();
        ext.ui.answer('', ['Expired']);
        t0 = performance.now();
        await vscode.commands.executeCommand('laafficPns.filterAllPages', app);
        ms = performance.now() - t0;
        const shown = ((await ext.tree.getChildren(app)) as Node[]).filter((x) => x.kind === 'binding').length;
        const pages = Math.ceil(big.count / PAGE);
        floor = (pages / concurrency) * latency;
        console.log(`bench: operate: Filter All Pages (expired) of ${big.count.toLocaleString('en')}: ${(ms / 1000).toFixed(2)} s, ${shown.toLocaleString('en')} bindings shown, description "${String((await ext.tree.getTreeItem(app)).description ?? '')}"; floor ${(floor / 1000).toFixed(2)} s (${pages} pages ÷ ${concurrency} × ${latency} ms), RATIO ${(ms / floor).toFixed(2)}`);
        await vscode.commands.executeCommand('laafficPns.clearFilter');

        // Unbind Selected of 30.
        const nodes = await waitFor('30 bindings loaded', async () => {
          const kids = ((await ext.tree.getChildren(app)) as Node[]).filter((x): x is BindingNode => x.kind === 'binding');
          return kids.length >= 30 ? kids.slice(0, 30) : undefined;
        });
        ext.ui.reset();
        ext.ui.answer('30');
        t0 = performance.now();
        await vscode.commands.executeCommand('laafficPns.unbindSelected', nodes[0], nodes);
        ms = performance.now() - t0;
        const summary = ext.ui.prompts.at(-1)?.text ?? '';
        floor = 30 * latency;
        console.log(`bench: operate: Unbind Selected of 30: ${(ms / 1000).toFixed(2)} s, "${summary}"; floor ${(floor / 1000).toFixed(2)} s (30 requests in turn × ${latency} ms), RATIO ${(ms / floor).toFixed(2)}`);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('laafficPns.clearFilter');
        if (second && ext.accounts.get(second.id)) await ext.accounts.remove(second);
        await clearCredentials();
        await resetSettings(['baseUrl', 'pageSize', 'cacheSeconds', 'apps']);
        await small.close();
        await big.close();
      }
    });
  });
}
