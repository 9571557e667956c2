/**
 * Health dashboard benchmark — prints numbers, asserts nothing.
 *   node scripts/build.mjs && node --expose-gc out/test/bench/health.bench.js
 *
 * The sandbox runs in a child process (the vendor is another machine: its data and work do not
 * count in this process's heap or CPU) with BENCH_BINDINGS bindings (default 1,000,000, over
 * three apps 60/27/13 %) and BENCH_LATENCY_MS latency (default 10). Its call records derive from
 * the bindings (0..5 a binding over 60 days). This process reads the dashboard (readHealth: every
 * binding, the calls of BENCH_CALL_DAYS days (default 30), the numbers, the balance) at the
 * extension's default concurrency (6) and at 16 (BENCH_CONCURRENCY=N runs only N), and prints:
 *  - wall time next to the network floor: every request the reading needs ÷ concurrency ×
 *    latency (goal ≤ 1.3×), and the CPU per page of each process;
 *  - memory (the JS heap plus ArrayBuffers, where the typed-array sets live): before (after a
 *    GC), live (after a GC at every 10 % of the pages and at the last answer) and the sampled
 *    peak including garbage (goal: live growth ≤ 100 MB), after the reading and a GC;
 *  - checks: bindings and calls counted = the sandbox's counts;
 *  - the same reading over an in-memory vendor (same latency, no HTTP, no sandbox CPU): what
 *    readHealth itself costs next to the floor.
 * BENCH_SANDBOX=0 runs only the in-memory reading. BENCH_CACHE=1 reads through a PageCache with the extension's defaults (as the dashboard does).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PageCache, PnsClient, callingCode, readHealth, type BindPage, type BindingRecord, type CallRecord, type CallRecordPage, type HealthFigures, type HealthSource, type ListPage } from '../../src/api';
import { startSandbox, type SandboxOptions } from '../../src/sandbox/main';
import { DEFAULTS } from '../../src/config/parse';

interface Ready {
  url: string;
  apiKey: string;
  apiSecret: string;
  appIds: string[];
  count: number;
  startMs: number;
}

const N = Number(process.env.BENCH_BINDINGS ?? 1_000_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 10);
const CALL_DAYS = Number(process.env.BENCH_CALL_DAYS ?? 30);
const CONCURRENCIES = process.env.BENCH_CONCURRENCY ? [Number(process.env.BENCH_CONCURRENCY)] : [DEFAULTS.searchConcurrency, 16];
const WITH_CACHE = process.env.BENCH_CACHE === '1';
/** The sandbox's call density (its callsPerBinding option): 0.6 gives about 300,000 calls in 30 days at a million bindings. */
const CALLS_PER_BINDING = Number(process.env.BENCH_CALLS_PER_BINDING ?? 0.6);
/** Live memory as the reading holds it: the JS heap plus ArrayBuffers (the typed-array tables of the key and pair sets live outside the heap). */
const heapUsed = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const gc = (globalThis as { gc?: () => void }).gc;

async function child(): Promise<void> {
  const t0 = performance.now();
  const options: SandboxOptions = {
    bindingsPerApp: [Math.round(N * 0.6), Math.round(N * 0.27), N - Math.round(N * 0.6) - Math.round(N * 0.27)],
    latencyMs: LATENCY,
    seed: 99,
    callsPerBinding: CALLS_PER_BINDING,
  };
  const sb = await startSandbox(options);
  const ready: Ready = { url: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, appIds: sb.appIds, count: sb.bindingCount(), startMs: performance.now() - t0 };
  process.send!(ready);
  process.on('message', (m: { ask: string; from?: number; to?: number }) => {
    if (m.ask === 'cpu') process.send!(process.cpuUsage());
    if (m.ask === 'calls') process.send!(sb.callRecordCount(m.from!, m.to!));
  });
  process.on('disconnect', () => void sb.close().then(() => process.exit(0)));
}

async function parent(): Promise<void> {
  const sandbox: ChildProcess = fork(__filename, ['--sandbox-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=4096'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    sandbox.once('message', (m) => resolve(m as Ready));
    sandbox.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  const ask = <T>(m: object) =>
    new Promise<T>((resolve) => {
      sandbox.once('message', (r) => resolve(r as T));
      sandbox.send(m);
    });
  const client = new PnsClient({ baseUrl: ready.url, apiKey: ready.apiKey, apiSecret: ready.apiSecret, timeoutMs: 60_000 });
  console.log(`health bench: ${ready.count.toLocaleString('en')} bindings in ${ready.appIds.length} apps (sandbox started in ${(ready.startMs / 1000).toFixed(1)} s, in a child process), ${CALL_DAYS} days of calls (sandbox callsPerBinding ${CALLS_PER_BINDING}), latency ${LATENCY} ms, concurrency ${CONCURRENCIES.join(' and ')}${WITH_CACHE ? ', through a PageCache' : ''}`);
  console.log('  (the machine may be shared: wall times are noisy; CPU per page is steadier)');
  try {
    // Calling codes: 2,000,000 lookups.
    const phones = ['919876543210', '6281234567890', '447700900123', '12025550123', '2348012345678', '8801712345678'];
    let hits = 0;
    const c0 = performance.now();
    for (let i = 0; i < 2_000_000; i++) if (callingCode(phones[i % phones.length]) !== '') hits++;
    console.log(`  calling codes: 2,000,000 lookups in ${(performance.now() - c0).toFixed(0)} ms (${hits.toLocaleString('en')} recognised)`);
    // Warm-up: connections, JIT (a small app, 1 day of calls).
    await readHealth(client, { account: 'bench', appIds: [ready.appIds[2]], appId: ready.appIds[2], zoneOffsetMinutes: 480, soonHours: 6, callDays: 1, concurrency: 6 });
    if (process.env.BENCH_SANDBOX !== '0') for (const concurrency of CONCURRENCIES) await once(concurrency);
    for (const concurrency of CONCURRENCIES) await inMemory(concurrency);
  } finally {
    client.dispose();
    sandbox.disconnect();
    sandbox.kill();
  }

  async function once(concurrency: number): Promise<void> {
    const cache = WITH_CACHE ? new PageCache() : undefined;
    gc?.();
    const before = heapUsed();
    let peak = before;
    let live = before;
    const sampler = setInterval(() => {
      const h = heapUsed();
      if (h > peak) peak = h;
    }, 50);
    let nextGc = 0;
    let liveEnd = 0;
    const scpu0 = await ask<NodeJS.CpuUsage>({ ask: 'cpu' });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let pagesDone = 0;
    const f: HealthFigures = await readHealth(client, {
      account: 'bench',
      appIds: ready.appIds,
      zoneOffsetMinutes: 480,
      soonHours: 6,
      callDays: CALL_DAYS,
      concurrency,
      cache,
      maxPages: 50_000,
      onProgress: (p) => {
        pagesDone = p.allPagesDone;
        if (gc && p.allPagesTotal > 100 && (p.allPagesDone >= nextGc || p.allPagesDone === p.allPagesTotal)) {
          nextGc = p.allPagesDone + Math.floor(p.allPagesTotal / 10);
          gc();
          const h = heapUsed();
          live = Math.max(live, h);
          if (p.allPagesDone === p.allPagesTotal) liveEnd = h;
        }
      },
    });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const scpu1 = await ask<NodeJS.CpuUsage>({ ask: 'cpu' });
    clearInterval(sampler);
    gc?.();
    const after = heapUsed();
    const calls = f.calls!;
    const callsTruth = await ask<number>({ ask: 'calls', from: calls.from, to: calls.to });
    const bindingPages = ready.appIds.length === 0 ? 0 : f.bindings ? Math.ceil(f.bindings.total / 100) : 0;
    const requests = pagesDone + 1;
    const floor = (requests / concurrency) * LATENCY;
    const clientMs = (cpu.user + cpu.system) / 1e3 / requests;
    const sandboxMs = (scpu1.user - scpu0.user + scpu1.system - scpu0.system) / 1e3 / requests;
    console.log(`  dashboard at concurrency ${concurrency}: ${(ms / 1000).toFixed(2)} s   floor ${requests.toLocaleString('en')} requests / ${concurrency} x ${LATENCY} ms = ${(floor / 1000).toFixed(2)} s   RATIO ${(ms / floor).toFixed(2)} (goal <= 1.3)`);
    console.log(
      `          bindings ${f.bindings?.total.toLocaleString('en')} (sandbox ${ready.count.toLocaleString('en')}, ~${bindingPages.toLocaleString('en')} pages), calls ${calls.total.toLocaleString('en')} of ${calls.days.length} days (sandbox ${callsTruth.toLocaleString('en')}), numbers ${f.numbers?.total}, problems ${f.problems.length}`,
    );
    const sandboxTotal = sandboxMs * requests;
    console.log(
      `          CPU per request: this process ${clientMs.toFixed(3)} ms (${(((cpu.user + cpu.system) / 1e3 / ms) * 100).toFixed(0)} % of one core), the sandbox ${sandboxMs.toFixed(3)} ms: ` +
        `the one-process sandbox needed ${(sandboxTotal / 1000).toFixed(2)} s of CPU, so it allows no faster than ${(Math.max(floor, sandboxTotal) / 1000).toFixed(2)} s (ratio to that ${(ms / Math.max(floor, sandboxTotal)).toFixed(2)})`,
    );
    console.log(
      `          heap + ArrayBuffers: ${mb(before)} MB before; live (after a GC, every 10 % of the pages) at most ${mb(live)} MB (+${mb(live - before)} MB, goal <= 100 MB), at the last answer +${mb(liveEnd - before)} MB; sampled peak incl. garbage +${mb(peak - before)} MB; ${mb(after)} MB after and a GC${gc ? '' : '   (run with node --expose-gc: live heap not measured)'}${cache ? `; cache holds ${cache.size} pages` : ''}`,
    );
  }
}

/** A page of `records` of `total`, answered after the latency. */
function later<R>(records: R[], total: number, current: number): Promise<ListPage<R>> {
  return new Promise((resolve) => setTimeout(() => resolve({ total, totalReported: true, size: 100, current, pages: Math.ceil(total / 100), records, skipped: 0, warnings: [] }), LATENCY));
}

/** readHealth over an in-memory vendor with N bindings and about 0.3 N calls: the reading's own cost next to the floor. */
async function inMemory(concurrency: number): Promise<void> {
  const asOf = Date.now();
  const calls = Math.round(N * 0.3);
  const phone = (n: number) => String(919_000_000_000 + (n % 5_000_000));
  const binding = (i: number): BindingRecord => {
    const axb = i % 2 === 0;
    const expiresAt = asOf + ((i % 97) - 15) * 3_600_000;
    return { bindId: String(100_000_000 + i), phoneA: phone(i * 2), phoneB: phone(i * 2 + 1), pnsNumberA: `9170000${String(i % 40).padStart(5, '0')}`, pnsNumberB: `9170000${String((axb ? i : i + 7) % 40).padStart(5, '0')}`, expireTime: '', expiresAt, mode: axb ? 'AXB' : 'AXXB', raw: {} };
  };
  const call = (i: number): CallRecord => {
    const answered = i % 3 !== 0;
    return { callId: `c${i.toString(16).padStart(23, '0')}`, number: '917000000001', caller: phone(i * 2), called: phone(i * 2 + 1), start: asOf - 1000 - (i % (29 * 86_400)) * 1000, end: null, durationS: answered ? i % 600 : 0, chargedDurationS: null, sipCode: answered ? '200' : '486', cost: answered ? '0.0120' : '0', currency: 'USD', direction: 'outgoing', hangupReason: answered ? 'Caller hung up' : 'User busy', hangupText: '', recordingUrl: null, appId: 'app', raw: {} };
  };
  const range = <R>(total: number, current: number, make: (i: number) => R) => Array.from({ length: Math.max(0, Math.min(100, total - (current - 1) * 100)) }, (_, k) => make((current - 1) * 100 + k));
  const source: HealthSource = {
    queryBindPage: (q) => later(range(N, q.current, binding), N, q.current) as Promise<BindPage>,
    queryCallRecordPage: (q) => later(range(calls, q.current, call), calls, q.current) as Promise<CallRecordPage>,
    queryNumberPage: (q) => later([], 0, q.current),
    getBalance: () => new Promise((resolve) => setTimeout(() => resolve({ balance: '100', gift: '', credit: '', currency: 'USD' }), LATENCY)),
  };
  gc?.();
  const before = heapUsed();
  let live = before;
  let liveEnd = 0;
  let nextGc = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let requests = 0;
  const f = await readHealth(source, {
    account: 'memory',
    zoneOffsetMinutes: 480,
    soonHours: 6,
    asOf,
    concurrency,
    maxPages: 50_000,
    onProgress: (p) => {
      requests = p.allPagesDone;
      if (gc && (p.allPagesDone >= nextGc || p.allPagesDone === p.allPagesTotal)) {
        nextGc = p.allPagesDone + Math.floor(p.allPagesTotal / 10);
        gc();
        const h = heapUsed();
        live = Math.max(live, h);
        if (p.allPagesDone === p.allPagesTotal) liveEnd = h;
      }
    },
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const floor = (requests / concurrency) * LATENCY;
  console.log(
    `  in-memory vendor at concurrency ${concurrency} (same latency, no HTTP, no sandbox): ${(ms / 1000).toFixed(2)} s   floor ${requests.toLocaleString('en')} / ${concurrency} x ${LATENCY} ms = ${(floor / 1000).toFixed(2)} s   RATIO ${(ms / floor).toFixed(2)}   ` +
      `${f.bindings?.total.toLocaleString('en')} bindings, ${f.calls?.total.toLocaleString('en')} calls; CPU ${((cpu.user + cpu.system) / 1e3 / requests).toFixed(3)} ms a request; live heap + ArrayBuffers at most +${mb(live - before)} MB, at the last answer +${mb(liveEnd - before)} MB`,
  );
}

if (process.argv.includes('--sandbox-child')) {
  child().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  parent().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
