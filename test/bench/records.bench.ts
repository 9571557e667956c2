/**
 * The sandbox's call records (/number/record/queryPage): the index build and page times for a
 * million bindings, and the heavy-caller setup (one binding, 10,000 calls in a 30-day window,
 * 50 ms latency) fetched page by page. Prints numbers, asserts nothing.
 *
 *   node scripts/build.mjs && node --expose-gc out/test/bench/records.bench.js
 *
 * BENCH_BINDINGS (default 1000000), BENCH_HEAVY_CALLS (default 10000) and BENCH_LATENCY_MS
 * (default 50) change the set-ups.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';

const BINDINGS = Number(process.env.BENCH_BINDINGS ?? 1_000_000);
const HEAVY_CALLS = Number(process.env.BENCH_HEAVY_CALLS ?? 10_000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const DAY = 86_400_000;

const gc = (globalThis as { gc?: () => void }).gc;
function memory(label: string): void {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`.padStart(9);
  console.log(`${label.padEnd(36)} rss ${mb(m.rss)}  heapUsed ${mb(m.heapUsed)}  arrayBuffers ${mb(m.arrayBuffers)}`);
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

interface Page {
  total: number;
  pages: number;
  records: { callid: string }[];
}

async function page(sb: Sandbox, current: number, from: number, to: number): Promise<Page> {
  const text = await signedPost(sb, '/number/record/queryPage', { current, size: 100, params: { strTime: iso(from), endTime: iso(to) } }, agent);
  const env = JSON.parse(text) as { status: string; data: Page };
  if (env.status !== '0') throw new Error(`page ${current}: ${text.slice(0, 200)}`);
  return env.data;
}

async function timePages(sb: Sandbox, label: string, pages: number[], from: number, to: number): Promise<void> {
  const ms: number[] = [];
  for (const current of pages) {
    const t = performance.now();
    await page(sb, current, from, to);
    ms.push(performance.now() - t);
  }
  console.log(`${label.padEnd(36)} median ${pct(ms, 50).toFixed(2)} ms  p95 ${pct(ms, 95).toFixed(2)} ms  max ${Math.max(...ms).toFixed(2)} ms  (${ms.length} pages)`);
}

async function million(): Promise<void> {
  memory('before start');
  const sb = await startSandbox({ bindingsPerApp: [BINDINGS], seed: 42 });
  memory(`${BINDINGS.toLocaleString('en')} bindings started`);
  const now = Date.now();
  const from = now - 30 * DAY;
  let t = performance.now();
  const first = await page(sb, 1, from, now);
  console.log(`first 30-day page (builds the index): ${(performance.now() - t).toFixed(0)} ms, total ${first.total.toLocaleString('en')} records`);
  memory('after the index');
  t = performance.now();
  await page(sb, 1, now - 61 * DAY, now - 31 * DAY);
  console.log(`first page of the older 30 days (sorts those days): ${(performance.now() - t).toFixed(0)} ms`);
  let x = 7;
  const random = Array.from({ length: 200 }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return 1 + (x % first.pages);
  });
  await timePages(sb, 'random pages of 30 days', random, from, now);
  await timePages(sb, 'sequential pages 1..200', Array.from({ length: 200 }, (_, i) => i + 1), from, now);
  memory('after serving pages');
  await sb.close();
}

async function heavy(): Promise<void> {
  const sb = await startSandbox({ bindingsPerApp: [1], heavyCaller: { bindingIndex: 0, calls: HEAVY_CALLS }, latencyMs: LATENCY_MS });
  const now = Date.now();
  const from = now - 30 * DAY;
  for (const parallel of [1, 4]) {
    const t = performance.now();
    const first = await page(sb, 1, from, now);
    const ids = first.records.map((r) => r.callid);
    for (let next = 2; next <= first.pages; next += parallel) {
      const batch = Array.from({ length: Math.min(parallel, first.pages - next + 1) }, (_, i) => page(sb, next + i, from, now));
      for (const p of await Promise.all(batch)) ids.push(...p.records.map((r) => r.callid));
    }
    const ms = performance.now() - t;
    console.log(
      `heavy caller, ${first.total.toLocaleString('en')} records in ${first.pages} pages at ${LATENCY_MS} ms, ${parallel} at a time: ` +
        `${ms.toFixed(0)} ms (${new Set(ids).size.toLocaleString('en')} distinct)`,
    );
  }
  await sb.close();
}

async function main(): Promise<void> {
  if (!gc) console.log('(run with node --expose-gc for exact heap numbers)');
  await million();
  await heavy();
  agent.destroy();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
