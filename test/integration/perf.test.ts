// Numbers for `npm run bench` (printed, never asserted): how fast the tree turns a page into
// nodes, and how much extension-host heap 10,000 loaded bindings cost. Runs only when
// LAAFFIC_PNS_BENCH=1, so `npm test` stays about behaviour.
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { AppNode, LoadMoreNode, Node } from '../../src/tree/nodes';
import { startSandbox } from '../../src/sandbox/main';
import { activate, configure, resetSettings, setCredentials } from './helpers';


if (process.env.LAAFFIC_PNS_BENCH === '1') {
  suite('bench: tree', () => {
    test('expand-to-nodes time and heap growth for 10,000 bindings', async function () {
      this.timeout(300_000);
      const sb = await startSandbox({ port: 0, seed: 3, bindingsPerApp: [10_000] });
      const ext = await activate();
      await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: sb.appIds[0], label: 'Bench' }] });
      await setCredentials(sb.apiKey, sb.apiSecret);
      const app = async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appIds[0])!;

      // Expand -> 100 binding nodes returned by the provider (fresh state each time).
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        ext.tree.refresh();
        const a = await app();
        const t0 = performance.now();
        const kids = await ext.tree.getChildren(a);
        times.push(performance.now() - t0);
        if (kids.filter((k: Node) => k.kind === 'binding').length !== 100) throw new Error(`expected 100 nodes, got ${kids.length}`);
      }
      times.sort((x, y) => x - y);
      console.log(`bench: expand app -> 100 nodes: median ${times[15].toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times[29].toFixed(1)} ms (30 runs, loopback sandbox)`);

      // Drawing them: 100 tree items (numbers in international format, tooltip, accessibility label), shown and masked.
      const drawn = (await ext.tree.getChildren(await app())).filter((k: Node) => k.kind === 'binding');
      for (const masked of [false, true]) {
        await configure(ext, { maskNumbers: masked });
        const draw: number[] = [];
        for (let i = 0; i < 30; i++) {
          const t0 = performance.now();
          for (const k of drawn) ext.tree.getTreeItem(k);
          draw.push(performance.now() - t0);
        }
        draw.sort((x, y) => x - y);
        console.log(`bench: draw 100 binding items (${masked ? 'masked' : 'shown'}): median ${draw[15].toFixed(1)} ms, min ${draw[0].toFixed(1)} ms, max ${draw[29].toFixed(1)} ms (30 runs)`);
      }
      await resetSettings(['maskNumbers']);

      // Heap growth: load all 10,000 bindings into one app with Load more.
      ext.tree.refresh();
      const heap = () => process.memoryUsage().heapUsed;
      // A real collection before each reading, so the growth is live objects, not garbage.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as (() => void) | undefined;
      gc?.();
      await new Promise((r) => setTimeout(r, 200));
      const before = heap();
      const a = await app();
      let kids = await ext.tree.getChildren(a);
      const t0 = performance.now();
      for (;;) {
        const more = kids.find((k: Node): k is LoadMoreNode => k.kind === 'loadMore');
        if (!more) break;
        await more.parent.list.loadMore();
        kids = await ext.tree.getChildren(a);
      }
      const loadMs = performance.now() - t0;
      gc?.();
      await new Promise((r) => setTimeout(r, 200));
      const after = heap();
      const n = kids.filter((k: Node) => k.kind === 'binding').length;
      console.log(`bench: loaded ${n} bindings into one app with Load more in ${(loadMs / 1000).toFixed(2)} s; extension-host heap growth ${((after - before) / 1024 / 1024).toFixed(1)} MB (goal <= 40 MB${gc ? ', after a full GC' : '; no GC available, so garbage may be included'})`);

      await resetSettings(['baseUrl', 'pageSize', 'apps']);
      await sb.close();
    });
  });
}
