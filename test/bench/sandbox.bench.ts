/**
 * The sandbox with a million bindings: start-up time, resident size, and the time to answer a
 * 100-record queryBindPage over loopback. Prints numbers, asserts nothing.
 *
 *   node scripts/build.mjs && node --expose-gc out/test/bench/sandbox.bench.js
 *
 * BENCH_BINDINGS (default 1000000) and BENCH_APPS (default 1) change the data set;
 * BENCH_CALLS_PER_BINDING (default 0.6: ~300,000 calls in 30 days for a million bindings) the
 * call records, whose 30-day index is timed last, then the CPU a call-record page of 100 costs.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';

const BINDINGS = Number(process.env.BENCH_BINDINGS ?? 1_000_000);
const APPS = Number(process.env.BENCH_APPS ?? 1);
const CALLS_PER_BINDING = Number(process.env.BENCH_CALLS_PER_BINDING ?? 0.6);
const RUNS = 200;

const gc = (globalThis as { gc?: () => void }).gc;
function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}
function memory(label: string): void {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  console.log(`${label.padEnd(34)} rss ${mb(m.rss).padStart(9)}  heapUsed ${mb(m.heapUsed).padStart(9)}  arrayBuffers ${mb(m.arrayBuffers).padStart(8)}`);
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const post = (sb: Sandbox, p: string, body: unknown): Promise<string> => signedPost(sb, p, body, agent);

async function timePages(sb: Sandbox, label: string, pages: number[], appId?: string): Promise<void> {
  const ms: number[] = [];
  for (const current of pages) {
    const t = performance.now();
    const text = await post(sb, '/number/pns/queryBindPage', { current, size: 100, params: appId ? { appId } : {} });
    ms.push(performance.now() - t);
    if (!text.startsWith('{"status":"0"')) throw new Error(`page ${current}: ${text.slice(0, 200)}`);
  }
  console.log(`${label.padEnd(34)} median ${pct(ms, 50).toFixed(2)} ms  p95 ${pct(ms, 95).toFixed(2)} ms  max ${Math.max(...ms).toFixed(2)} ms  (${ms.length} pages)`);
}

async function timeRecordPages(sb: Sandbox, now: number): Promise<void> {
  const params = { strTime: new Date(now - 30 * 86_400_000).toISOString(), endTime: new Date(now).toISOString() };
  const ms: number[] = [];
  for (let current = 1; current <= 50; current++) {
    const t = performance.now();
    const text = await post(sb, '/number/record/queryPage', { current: current * 37, size: 100, params });
    ms.push(performance.now() - t);
    if (!text.startsWith('{"status":"0"')) throw new Error(`records page ${current}: ${text.slice(0, 200)}`);
  }
  console.log(`${'call record pages (30 days)'.padEnd(34)} median ${pct(ms, 50).toFixed(2)} ms  p95 ${pct(ms, 95).toFixed(2)} ms  max ${Math.max(...ms).toFixed(2)} ms  (${ms.length} pages)`);
}

/**
 * CPU a call-record page of 100 costs: the records alone (sb.callRecords, what the endpoint
 * builds), and the whole process per page over loopback (sandbox and this client), pages spread
 * over the 30 days as a full read visits them.
 */
async function recordPageCpu(sb: Sandbox, now: number, total: number): Promise<void> {
  const from = now - 30 * 86_400_000;
  const pages = Math.max(1, Math.floor(total / 100));
  const starts = Array.from({ length: 300 }, (_, i) => Math.floor((i * 7919) % pages) * 100);
  let c = process.cpuUsage();
  for (const start of starts) sb.callRecords(from, now, start, start + 100);
  c = process.cpuUsage(c);
  console.log(`${'call-record page CPU (records)'.padEnd(34)} ${((c.user + c.system) / 1000 / starts.length).toFixed(3)} ms a page of 100  (${starts.length} pages)`);
  const params = { strTime: new Date(from).toISOString(), endTime: new Date(now).toISOString() };
  c = process.cpuUsage();
  for (const start of starts) await post(sb, '/number/record/queryPage', { current: start / 100 + 1, size: 100, params });
  c = process.cpuUsage(c);
  console.log(`${'call-record page CPU (HTTP, all)'.padEnd(34)} ${((c.user + c.system) / 1000 / starts.length).toFixed(3)} ms a page of 100, sandbox + client  (${starts.length} pages)`);
}

async function main(): Promise<void> {
  if (!gc) console.log('(run with node --expose-gc for exact heap numbers)');
  memory('before start');
  const t0 = performance.now();
  const sb = await startSandbox({ apps: APPS, bindings: BINDINGS, seed: 42, callsPerBinding: CALLS_PER_BINDING });
  console.log(`start-up with ${BINDINGS.toLocaleString('en')} bindings in ${APPS} app(s): ${(performance.now() - t0).toFixed(0)} ms`);
  memory('after start');
  const pages = Math.ceil(sb.bindingCount() / 100);

  await timePages(sb, 'sequential pages 1..200', Array.from({ length: RUNS }, (_, i) => i + 1));
  let x = 7;
  const random = Array.from({ length: RUNS }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return 1 + (x % pages);
  });
  await timePages(sb, 'random pages', random);
  await timePages(sb, 'the last pages', Array.from({ length: 50 }, (_, i) => pages - i));
  if (APPS > 1) {
    const last = sb.appIds[APPS - 1];
    const appPages = Math.ceil(sb.bindingCount(last) / 100);
    await timePages(sb, `random pages of the smallest app`, random.map((p) => 1 + (p % appPages)), last);
  }
  memory('after serving pages');

  const app = sb.appIds[0];
  let t = performance.now();
  await post(sb, '/number/pns/bind', { phoneA: '919800000001', phoneB: '919800000002', expireS: 600, appId: app, bizType: 2 });
  console.log(`first bind (builds the phone index): ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  await post(sb, '/number/pns/bind', { phoneA: '919800000003', phoneB: '919800000004', expireS: 600, appId: app, bizType: 2 });
  console.log(`second bind: ${(performance.now() - t).toFixed(1)} ms`);
  const victim = sb.bindings(app, 500_000 % sb.bindingCount(app), 500_001 % sb.bindingCount(app) || undefined)[0];
  t = performance.now();
  await post(sb, '/number/pns/unbind', { bindId: victim.bindId, appId: app });
  console.log(`unbind of a generated binding: ${(performance.now() - t).toFixed(1)} ms`);
  await timePages(sb, 'random pages after bind/unbind', random.slice(0, 50));
  memory('after bind/unbind');

  // Call records: the first count builds the index and sorts the 30 days; then a page of them.
  const now = Date.now();
  t = performance.now();
  const calls = sb.callRecordCount(now - 30 * 86_400_000, now);
  console.log(`calls in the last 30 days (${CALLS_PER_BINDING} per binding over 60 days): ${calls.toLocaleString('en')}, index and sort ${(performance.now() - t).toFixed(0)} ms`);
  await timeRecordPages(sb, now);
  await recordPageCpu(sb, now, calls);
  memory('after call records');

  agent.destroy();
  await sb.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
