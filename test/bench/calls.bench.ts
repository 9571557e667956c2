/**
 * npm run bench — prints numbers, asserts nothing.
 * The client's call records for one binding: a 30-day window holding 10,000 records (the
 * sandbox's heavy caller) at 50 ms latency, read through callRecordsFor (orderedPages,
 * concurrently), against the concurrency floor: 1 page first, then (pages - 1) / concurrency
 * rounds, each one latency. Then the same window as the calls panel of the app reads it (every
 * call matches), keeping all or only the newest 500.
 *
 *   node scripts/build.mjs && node out/test/bench/calls.bench.js
 */
import { performance } from 'node:perf_hooks';
import { callRecordsFor, PnsClient } from '../../src/api';
import { startSandbox } from '../../src/sandbox/main';

const CALLS = Number(process.env.BENCH_HEAVY_CALLS ?? 10_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const DAY = 86_400_000;

async function main(): Promise<void> {
  const sb = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [1], heavyCaller: { bindingIndex: 0, calls: CALLS }, latencyMs: LATENCY });
  const client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
  try {
    const b = sb.bindings()[0];
    const to = Date.now();
    const from = to - 30 * DAY;
    console.log(`call records bench: one binding, ${CALLS.toLocaleString('en')} calls in 30 days (sandbox heavy caller), ${LATENCY} ms latency, pages of 100`);
    for (const concurrency of [1, 6, 16]) {
      const t0 = performance.now();
      const r = await callRecordsFor(client, { numbers: [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB], from, to, concurrency });
      const ms = performance.now() - t0;
      const pages = r.pages;
      const floor = LATENCY * (1 + Math.ceil((pages - 1) / concurrency));
      console.log(
        `  concurrency ${String(concurrency).padStart(2)}: ${(ms / 1000).toFixed(2)} s for ${r.records.length.toLocaleString('en')} records of the binding (${r.scanned.toLocaleString('en')} scanned, ${pages} pages, ${r.windows} window)   floor ${(floor / 1000).toFixed(2)} s   ratio ${(ms / floor).toFixed(2)}`,
      );
    }
    // The calls panel of the app: every call matches; only the newest 500 are kept (all counted).
    console.log(`  the app's calls (scope app, concurrency 6):`);
    for (const keep of [undefined, 500]) {
      const t0 = performance.now();
      const r = await callRecordsFor(client, { scope: { kind: 'app', appId: b.appId }, from, to, concurrency: 6, keep });
      const ms = performance.now() - t0;
      console.log(`    keep ${keep === undefined ? 'all' : keep}: ${(ms / 1000).toFixed(2)} s, ${r.matched.toLocaleString('en')} matched, ${r.records.length.toLocaleString('en')} kept (${r.scanned.toLocaleString('en')} scanned, ${r.pages} pages)`);
    }
  } finally {
    client.dispose();
    await sb.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
