/**
 * Search benchmark — prints numbers, asserts nothing.
 * `node scripts/build.mjs && node out/test/bench/search.bench.js`
 *
 * Against the sandbox with 10,000 bindings in one app, page size 100 (100 pages), 50 ms latency:
 *  - the search with the default concurrency (6) next to the physical floor ceil(100 / c) × 50 ms
 *    and their ratio (goal <= 1.3);
 *  - the same search one page at a time (concurrency 1) and the speed-up (goal >= 6×);
 *  - the search with 10 % of requests failing (-18, HTTP 500, HTTP 503): wall time and whether
 *    the result is still exactly the truth;
 *  - peak heap during a search (process.memoryUsage().heapUsed sampled every 2 ms).
 * Env: BENCH_RUNS (default 3: the median of the runs is printed), BENCH_LATENCY_MS (default 50).
 */
import { performance } from 'node:perf_hooks';
import { PnsClient, parseSearchQuery, searchBindings, DEFAULT_SEARCH_CONCURRENCY, type SearchResult } from '../../src/api';
import { startSandbox, type SandboxBinding } from '../../src/sandbox/main';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 50);
const BINDINGS = 10_000;
const SIZE = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function expected(truth: SandboxBinding[], digits: string): string[] {
  return truth
    .filter((b) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => v.includes(digits)))
    .map((b) => b.bindId)
    .sort();
}

function sameSet(res: SearchResult, want: string[]): boolean {
  const got = res.matches.map((m) => m.record.bindId).sort();
  return got.length === want.length && got.every((id, i) => id === want[i]);
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ bindingsPerApp: [BINDINGS], seed: 17, latencyMs: LATENCY });
  const appId = sandbox.appIds[0];
  const client = new PnsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, timeoutMs: 15_000 });
  const truth = sandbox.bindings(appId);
  const digits = truth[4321].phoneB.slice(4, 8);
  const query = parseSearchQuery(digits, 'partial');
  const want = expected(truth, digits);
  const pages = Math.ceil(BINDINGS / SIZE);

  async function timed(concurrency: number): Promise<{ ms: number; res: SearchResult }> {
    const t0 = performance.now();
    const res = await searchBindings(client, { appId, query, size: SIZE, concurrency });
    return { ms: performance.now() - t0, res };
  }

  // warm-up: connections, JIT
  await timed(DEFAULT_SEARCH_CONCURRENCY);

  console.log(`search bench: ${BINDINGS.toLocaleString('en')} bindings, ${pages} pages of ${SIZE}, latency ${LATENCY} ms, query "${digits}" (${want.length} matches), median of ${RUNS} run(s)`);
  console.log('  (the machine may be shared: wall times are noisy)');

  const c = DEFAULT_SEARCH_CONCURRENCY;
  const par: number[] = [];
  let allExact = true;
  for (let i = 0; i < RUNS; i++) {
    const { ms, res } = await timed(c);
    par.push(ms);
    allExact &&= sameSet(res, want);
  }
  // Page 1 alone first (to learn the total), then the other pages c at a time.
  const floor = Math.ceil(pages / c) * LATENCY;
  const floorStrict = (1 + Math.ceil((pages - 1) / c)) * LATENCY;
  const mPar = median(par);
  console.log(`  concurrency ${c}:   ${mPar.toFixed(0)} ms   floor ceil(${pages}/${c}) x ${LATENCY} = ${floor} ms   ratio ${(mPar / floor).toFixed(2)} (goal <= 1.3)`);
  console.log(`                    (with page 1 alone first the floor is ${floorStrict} ms: ratio ${(mPar / floorStrict).toFixed(2)})   exact: ${allExact}`);

  const seq: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 2); i++) {
    const { ms, res } = await timed(1);
    seq.push(ms);
    allExact &&= sameSet(res, want);
  }
  const mSeq = median(seq);
  console.log(`  concurrency 1:   ${mSeq.toFixed(0)} ms   speed-up ${(mSeq / mPar).toFixed(2)}x (goal >= 6x)   exact: ${allExact}`);
  console.log(`                    (the most ${c} in flight can give: ${pages} / ceil(${pages}/${c}) = ${(pages / Math.ceil(pages / c)).toFixed(2)}x, or ${(pages / (1 + Math.ceil((pages - 1) / c))).toFixed(2)}x with page 1 first)`);

  // 10 % failures
  sandbox.setFaults({ rate: 0.1, kinds: ['status-18', 'http-500', 'http-503'] });
  const faulty: number[] = [];
  let faultyExact = true;
  let retries = 0;
  let minC = c;
  let failed = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    try {
      const res = await searchBindings(client, { appId, query, size: SIZE });
      faulty.push(performance.now() - t0);
      faultyExact &&= sameSet(res, want);
      retries += res.retries;
      minC = Math.min(minC, res.minConcurrency);
    } catch (e) {
      failed++;
      console.log(`  10 % faults: a search failed: ${(e as Error).message}`);
    }
  }
  sandbox.setFaults(undefined);
  if (faulty.length) {
    console.log(
      `  10 % faults (-18, 500, 503): ${median(faulty).toFixed(0)} ms   complete and exact: ${faultyExact}   retries ${(retries / faulty.length).toFixed(1)}/search   lowest concurrency ${minC}${failed ? `   ${failed} failed` : ''}`,
    );
  }

  // Peak heap during one search (default concurrency), relative to the heap just before.
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  }, 2);
  const { res } = await timed(c);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `  heap: ${mb(before)} MB before, peak ${mb(peak)} MB during the search (+${mb(peak - before)} MB; ${res.matches.length} matches kept)${(globalThis as { gc?: unknown }).gc ? '' : '   (run with node --expose-gc for a steadier baseline)'}`,
  );

  client.dispose();
  await sandbox.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
