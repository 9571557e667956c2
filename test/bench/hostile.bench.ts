/**
 * What a hostile server costs Find — prints numbers, asserts nothing.
 * `node scripts/build.mjs && node --expose-gc out/test/bench/hostile.bench.js`
 *
 *  - a server that answers each page of 100 with 150,000 records (just under the 8 MiB reply
 *    cap), every one a match: how long until Find stops, how many matches it kept, peak heap growth;
 *  - an honest server with 1,000,000 bindings that all match: how many pages Find reads before its
 *    10,000-match cap, how long, peak heap growth.
 * Peak heap: process.memoryUsage().heapUsed sampled every 2 ms, after a full GC before the run.
 */
import { performance } from 'node:perf_hooks';
import { PnsClient, parseSearchQuery, searchBindings } from '../../src/api';
import { json, startRawServer } from '../unit/helpers/rawServer';

const OVERSIZED = 150_000;
const HONEST = 1_000_000;
const SIZE = 100;
/** As small as a matching record gets (fits 150,000 in one reply under the cap). */
const tiny = (i: number) => `{"bindId":${1_000_000 + i},"phoneA":"915550001234"}`;
const record = (i: number) => `{"bindId":${1_000_000 + i},"phoneA":"915550001234","phoneB":"91666${String(i).padStart(7, '0')}","pnsNumberA":"91502211","pnsNumberB":"91502211","expireTime":"2030-01-01 00:00:00"}`;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function measure(what: string, run: () => Promise<string>): Promise<void> {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 2);
  const t0 = performance.now();
  let outcome: string;
  try {
    outcome = await run();
  } catch (e) {
    outcome = `${(e as Error).name}: ${(e as Error).message}`;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  console.log(`  ${what}: ${(performance.now() - t0).toFixed(0)} ms, peak heap growth ${mb(peak - base)}${gc ? '' : ' (no --expose-gc: garbage included)'}\n    ${outcome}`);
}

async function main(): Promise<void> {
  const oversized = `{"status":"0","reason":"ok","data":{"total":${OVERSIZED},"records":[${Array.from({ length: OVERSIZED }, (_, i) => tiny(i)).join(',')}]}}`;
  let mode: 'oversized' | 'honest' = 'oversized';
  const server = await startRawServer((req, res) => {
    if (mode === 'oversized') return json(res, oversized);
    const { current, size } = JSON.parse(req.body) as { current: number; size: number };
    const first = (current - 1) * size;
    const records = Array.from({ length: Math.max(0, Math.min(size, HONEST - first)) }, (_, k) => record(first + k)).join(',');
    json(res, `{"status":"0","reason":"ok","data":{"total":${HONEST},"records":[${records}]}}`);
  });
  const client = new PnsClient({ baseUrl: server.url, apiKey: 'bench-key', apiSecret: 'bench-secret-1', timeoutMs: 30_000, retry: { retries: 0 } });
  const query = parseSearchQuery('915550001234', 'exact');
  try {
    console.log(`hostile bench: Find (exact phone A, pages of ${SIZE}, concurrency 6)`);
    await measure(`a server that sends ${OVERSIZED.toLocaleString('en')} records (${mb(oversized.length)}) for every page of ${SIZE}`, async () => {
      const res = await searchBindings(client, { query, size: SIZE });
      return `kept ${res.matches.length.toLocaleString('en')} matches`;
    });
    mode = 'honest';
    const before = server.requests.length;
    await measure(`${HONEST.toLocaleString('en')} bindings that all match`, async () => {
      const res = await searchBindings(client, { query, size: SIZE });
      return `kept ${res.matches.length.toLocaleString('en')} matches (capped: ${String(res.capped)}) after ${server.requests.length - before} of ${HONEST / SIZE} pages`;
    });
  } finally {
    client.dispose();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
