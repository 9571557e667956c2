/**
 * Export and Find benchmark at a million bindings — prints numbers, asserts nothing.
 *   node scripts/build.mjs && node --expose-gc out/test/bench/export.bench.js
 *
 * The sandbox runs in a child process, as the vendor is another machine (so its data and its
 * work do not count in this process's heap or CPU), with BENCH_BINDINGS bindings in one app
 * (default 1,000,000) and BENCH_LATENCY_MS latency (default 10). This process:
 *  - exports them all as CSV to a file through orderedPages (page size 100) at
 *    the extension's default concurrency (laafficPns.searchConcurrency, 6) and at the largest
 *    (16); BENCH_CONCURRENCY=N runs only N: wall time next to the concurrency floor
 *    pages / concurrency × latency (goal <= 1.3×), the CPU each process spent per page (which
 *    bounds the concurrency worth having: latency / CPU per page), and heap growth (heapUsed
 *    sampled every 20 ms and after a forced GC, relative to the heap before; goal <= 100 MB);
 *  - the same number of pages through orderedPages alone (in-memory pages, same latency, no
 *    HTTP): the stream's own overhead next to the floor;
 *  - checks the file: rows = the sandbox's count, no bindId twice, same bindIds checksum;
 *  - runs Find (exact phone number of a binding near the end) over the same app.
 * Env: BENCH_FORMAT=json to export JSON instead; BENCH_KEEP=1 keeps the file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { PnsClient, exportBindings, parseSearchQuery, orderedPages, searchBindings, type FetchPage, type Page } from '../../src/api';
import { startSandbox } from '../../src/sandbox/main';
import { DEFAULTS } from '../../src/config/parse';

interface Ready {
  url: string;
  apiKey: string;
  apiSecret: string;
  appId: string;
  count: number;
  /** Sum of the bindIds mod 2^32, to compare with the file's. */
  checksum: number;
  target: { bindId: string; phoneA: string; position: number };
  startMs: number;
}

const N = Number(process.env.BENCH_BINDINGS ?? 1_000_000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 10);
/** The extension's default (what a user gets) and the largest allowed. */
const CONCURRENCIES = process.env.BENCH_CONCURRENCY ? [Number(process.env.BENCH_CONCURRENCY)] : [DEFAULTS.searchConcurrency, 16];
const CONCURRENCY = CONCURRENCIES[0];
const FORMAT = process.env.BENCH_FORMAT === 'json' ? 'json' : 'csv';
const SIZE = 100;

function checksumOf(ids: Iterable<string>): number {
  let sum = 0;
  for (const id of ids) sum = (sum + (Number(id) % 4294967296)) % 4294967296;
  return sum;
}

/** The child: a sandbox with N bindings; tells the parent where it is, serves until killed. */
async function child(): Promise<void> {
  const t0 = performance.now();
  const sb = await startSandbox({ bindingsPerApp: [N], latencyMs: LATENCY, seed: 99 });
  const appId = sb.appIds[0];
  const truth = sb.bindings(appId);
  const position = truth.length - 5;
  const ready: Ready = {
    url: sb.url,
    apiKey: sb.apiKey,
    apiSecret: sb.apiSecret,
    appId,
    count: truth.length,
    checksum: checksumOf(truth.map((b) => b.bindId)),
    target: { bindId: truth[position].bindId, phoneA: truth[position].phoneA, position },
    startMs: performance.now() - t0,
  };
  process.send!(ready);
  // The parent asks for this process's CPU time around each export.
  process.on('message', (m) => {
    if (m === 'cpu') process.send!(process.cpuUsage());
  });
  process.on('disconnect', () => void sb.close().then(() => process.exit(0)));
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
const gc = (globalThis as { gc?: () => void }).gc;

/** orderedPages alone over an in-memory endpoint with the same latency: what the stream costs. */
async function engineAlone(): Promise<void> {
  const pages = Math.ceil(N / SIZE);
  const fetchPage: FetchPage<Page<{ id: number }>> = (page) =>
    new Promise((resolve) =>
      setTimeout(() => {
        const n = Math.min(SIZE, N - (page - 1) * SIZE);
        resolve({ items: Array.from({ length: Math.max(0, n) }, (_, i) => ({ id: (page - 1) * SIZE + i + 1 })), total: N });
      }, LATENCY),
    );
  let count = 0;
  const t0 = performance.now();
  const stream = orderedPages<{ id: number }, Page<{ id: number }>>(fetchPage, { pageSize: SIZE, key: (x) => x.id, concurrency: CONCURRENCY, maxPages: 20_000 });
  for await (const p of stream) count += p.items.length;
  const s = stream.stats;
  const ms = performance.now() - t0;
  const floor = (pages / CONCURRENCY) * LATENCY;
  console.log(`  engine alone at concurrency ${CONCURRENCY} (in-memory pages, same latency, no HTTP): ${(ms / 1000).toFixed(2)} s for ${count.toLocaleString('en')} items in ${s.pages} pages   ratio to the floor ${(ms / floor).toFixed(2)}`);
}

async function parent(): Promise<void> {
  const sandbox: ChildProcess = fork(__filename, ['--sandbox-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=4096'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    sandbox.once('message', (m) => resolve(m as Ready));
    sandbox.once('exit', (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  const sandboxCpu = () =>
    new Promise<NodeJS.CpuUsage>((resolve) => {
      sandbox.once('message', (m) => resolve(m as NodeJS.CpuUsage));
      sandbox.send('cpu');
    });
  const client = new PnsClient({ baseUrl: ready.url, apiKey: ready.apiKey, apiSecret: ready.apiSecret, timeoutMs: 30_000 });
  const dir = mkdtempSync(join(tmpdir(), 'pns-export-bench-'));
  const pages = Math.ceil(ready.count / SIZE);
  console.log(
    `export bench: ${ready.count.toLocaleString('en')} bindings (sandbox started in ${(ready.startMs / 1000).toFixed(1)} s, in a child process), ${pages.toLocaleString('en')} pages of ${SIZE}, latency ${LATENCY} ms, concurrency ${CONCURRENCIES.join(' and ')}, ${FORMAT}`,
  );
  console.log('  (the machine may be shared: wall times are noisy; CPU per page is steadier)');
  try {
    // Warm-up: connections, JIT.
    await exportBindings(client, { appId: ready.appId, format: FORMAT, out: () => undefined, concurrency: CONCURRENCY, maxPages: 3 }).catch(() => undefined);
    for (const concurrency of CONCURRENCIES) {
      const file = join(dir, `bindings-${concurrency}.${FORMAT}`);
      await exportOnce(concurrency, file);
      await checkFile(file);
      rmSync(file, { force: true });
    }
    await engineAlone();

    // Find over the same app.
    const floor = (pages / CONCURRENCY) * LATENCY;
    const query = parseSearchQuery(ready.target.phoneA, 'exact');
    gc?.();
    const fBefore = process.memoryUsage().heapUsed;
    let fPeak = fBefore;
    const fSampler = setInterval(() => {
      const h = process.memoryUsage().heapUsed;
      if (h > fPeak) fPeak = h;
    }, 20);
    const fcpu0 = process.cpuUsage();
    const f0 = performance.now();
    const found = await searchBindings(client, { appId: ready.appId, query, concurrency: CONCURRENCY, maxPages: 20_000 });
    const fms = performance.now() - f0;
    const fcpu = process.cpuUsage(fcpu0);
    clearInterval(fSampler);
    const hit = found.matches.find((m) => m.record.bindId === ready.target.bindId);
    console.log(
      `  find at concurrency ${CONCURRENCY} (exact phone of the binding at position ${ready.target.position.toLocaleString('en')}): ${(fms / 1000).toFixed(2)} s   ratio to the floor ${(fms / floor).toFixed(2)}   ${found.matches.length} match(es), target ${hit ? `found on page ${hit.page}` : 'NOT FOUND'}   ${found.pagesScanned} pages, ${found.retries} retries, lowest concurrency ${found.minConcurrency}   sampled heap peak +${mb(fPeak - fBefore)} MB   CPU ${(((fcpu.user + fcpu.system) / 1e3 / fms) * 100).toFixed(0)} % of one core`,
    );
  } finally {
    client.dispose();
    if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else console.log(`  kept ${dir}`);
    sandbox.disconnect();
    sandbox.kill();
  }

  async function exportOnce(concurrency: number, file: string): Promise<void> {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.heapUsed > peak) peak = m.heapUsed;
      if (m.rss > peakRss) peakRss = m.rss;
    }, 20);
    const out = createWriteStream(file);
    let chunks = 0;
    let largest = 0;
    const write = out.write.bind(out) as (c: string) => boolean;
    (out as unknown as { write: (c: string) => boolean }).write = (c: string) => {
      chunks++;
      largest = Math.max(largest, c.length);
      return write(c);
    };
    // Live heap: after a forced GC at every 10 % of the pages (what the export really holds,
    // unlike the sampled peak, which includes garbage not yet collected).
    let live = before;
    const liveEvery = Math.max(1, Math.floor(pages / 10));
    const scpu0 = await sandboxCpu();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await exportBindings(client, {
      appId: ready.appId,
      format: FORMAT,
      out,
      concurrency,
      maxPages: 20_000,
      onProgress: gc
        ? (p) => {
            if (p.pages % liveEvery === 0) {
              gc();
              live = Math.max(live, process.memoryUsage().heapUsed);
            }
          }
        : undefined,
    });
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const scpu1 = await sandboxCpu();
    clearInterval(sampler);
    gc?.();
    const after = process.memoryUsage().heapUsed;
    const floor = (pages / concurrency) * LATENCY;
    const clientMsPerPage = (cpu.user + cpu.system) / 1e3 / res.pages;
    const sandboxMsPerPage = (scpu1.user - scpu0.user + scpu1.system - scpu0.system) / 1e3 / res.pages;
    console.log(`  export at concurrency ${concurrency}: ${(ms / 1000).toFixed(2)} s   floor ${pages} / ${concurrency} x ${LATENCY} ms = ${(floor / 1000).toFixed(2)} s   RATIO ${(ms / floor).toFixed(2)} (goal <= 1.3)`);
    console.log(`          ${res.count.toLocaleString('en')} written in ${res.pages} pages, ${res.retries} retries, duplicates ${res.duplicates}, total changed ${res.totalChanged}; ${(res.count / (ms / 1000)).toFixed(0)} bindings/s`);
    console.log(
      `          CPU per page: this process ${clientMsPerPage.toFixed(3)} ms (${(((cpu.user + cpu.system) / 1e3 / ms) * 100).toFixed(0)} % of one core), the sandbox ${sandboxMsPerPage.toFixed(3)} ms; ` +
        `with a core each, CPU allows ${Math.floor(LATENCY / Math.max(clientMsPerPage, sandboxMsPerPage))} pages in flight per ${LATENCY} ms before it, not the latency, sets the pace`,
    );
    console.log(`          file ${mb(statSync(file).size)} MB in ${chunks.toLocaleString('en')} chunks (largest ${(largest / 1024).toFixed(1)} KB)`);
    console.log(
      `  heap: ${mb(before)} MB before; live (after a GC, every 10 % of the pages) at most ${mb(live)} MB (+${mb(live - before)} MB, goal <= 100 MB); sampled peak incl. garbage ${mb(peak)} MB (+${mb(peak - before)} MB); ${mb(after)} MB after the export and a GC; peak rss ${mb(peakRss)} MB${gc ? '' : '   (run with node --expose-gc: live heap not measured)'}`,
    );
    if (gc) console.log('          (the forced GCs add a little to the export wall time)');
  }

  async function checkFile(file: string): Promise<void> {
    const seen = new Set<number | string>();
    let rows = 0;
    let dup = 0;
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let first = true;
    for await (const line of lines) {
      let id: string | undefined;
      if (FORMAT === 'csv') {
        if (first) {
          first = false;
          continue;
        }
        if (line === '') continue;
        id = line.slice(0, line.indexOf(','));
      } else {
        const m = /^ {4}"bindId": "(\d+)"/.exec(line);
        if (m) id = m[1];
      }
      if (id === undefined) continue;
      rows++;
      const k = /^[1-9]\d{0,14}$/.test(id) ? Number(id) : id;
      if (seen.has(k)) dup++;
      seen.add(k);
    }
    let sum = 0;
    for (const k of seen) sum = (sum + (Number(k) % 4294967296)) % 4294967296;
    console.log(`  file check: ${rows.toLocaleString('en')} rows (sandbox ${ready.count.toLocaleString('en')}), ${dup} duplicate bindIds, bindId checksum ${sum === ready.checksum ? 'matches' : 'DIFFERS'}`);
  }
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
