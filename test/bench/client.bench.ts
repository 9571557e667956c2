/**
 * npm run bench — prints numbers, asserts nothing.
 * For a 100-record page on loopback, three ways of getting the same signed page:
 *   bare       node:http + JSON.parse (the floor any client can reach),
 *   node-fetch node-fetch (as PnsClient uses it: same agent options) + text + JSON.parse,
 *   PnsClient  queryBindPage (validation, big-integer-safe parse, normalising, timeout, retry).
 * All use a keep-alive connection and sign every request. They run interleaved (the order
 * rotates every round), so a busy machine disturbs all three alike; each overhead is the median
 * of the paired differences within a round (target for PnsClient - bare: <= 0.25 ms). On a
 * loaded machine run it several times and take the median of the medians.
 * BENCH_RUNS (default 400) rounds; BENCH_SANDBOX=URL uses a sandbox in another process
 * (`node dist/sandbox.js --bindings-per-app 1000 --seed 7 --quiet`) instead of one in-process.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import fetch from 'node-fetch';
import { PnsClient, sign } from '../../src/api';
import { startSandbox } from '../../src/sandbox/main';

const RUNS = Number(process.env.BENCH_RUNS ?? 400);
const WARMUP = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

type Which = 'bare' | 'fetch' | 'client';
const ORDERS: Which[][] = [
  ['bare', 'fetch', 'client'],
  ['fetch', 'client', 'bare'],
  ['client', 'bare', 'fetch'],
  ['bare', 'client', 'fetch'],
  ['client', 'fetch', 'bare'],
  ['fetch', 'bare', 'client'],
];

interface PageReply {
  status: string;
  data: { records: unknown[] };
}

async function main(): Promise<void> {
  const external = process.env.BENCH_SANDBOX;
  const sandbox = external
    ? { url: external, apiKey: 'sandbox-key', apiSecret: 'sandbox-secret', appIds: [process.env.BENCH_APP_ID ?? ''], setLatency: undefined, close: async () => {} }
    : await startSandbox({ bindingsPerApp: [1000], seed: 7 });
  const client = new PnsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret });
  // With an external sandbox of one app, all pages of the key are that app's.
  const appId = sandbox.appIds[0] || undefined;
  const bareAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const fetchAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const target = new URL(`${sandbox.url}/number/pns/queryBindPage`);

  function signed(): Record<string, string> {
    const ts = String(Math.floor(Date.now() / 1000));
    return { 'Content-Type': 'application/json;charset=UTF-8', 'Api-Key': sandbox.apiKey, Timestamp: ts, Sign: sign(sandbox.apiKey, sandbox.apiSecret, ts) };
  }
  function check(v: PageReply): PageReply {
    if (v.status !== '0' || v.data.records.length !== 100) throw new Error(`bad page: ${v.status}`);
    return v;
  }

  function bare(current: number): Promise<PageReply> {
    const body = JSON.stringify({ current, size: 100, params: { appId } });
    return new Promise((resolve, reject) => {
      const req = http.request(target, { method: 'POST', agent: bareAgent, headers: { ...signed(), 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(check(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PageReply));
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  async function viaFetch(current: number): Promise<PageReply> {
    const res = await fetch(target.href, { method: 'POST', headers: signed(), body: JSON.stringify({ current, size: 100, params: { appId } }), agent: fetchAgent });
    return check(JSON.parse(await res.text()) as PageReply);
  }

  async function viaClient(current: number): Promise<void> {
    const page = await client.queryBindPage({ current, size: 100, appId });
    if (page.records.length !== 100) throw new Error('short page');
  }

  const run: Record<Which, (current: number) => Promise<unknown>> = { bare, fetch: viaFetch, client: viaClient };

  async function measure(warmup: number, runs: number): Promise<Record<Which, number[]>> {
    const t: Record<Which, number[]> = { bare: [], fetch: [], client: [] };
    for (let i = 0; i < warmup + runs; i++) {
      const current = (i % 10) + 1;
      for (const which of ORDERS[i % ORDERS.length]) {
        const t0 = performance.now();
        await run[which](current);
        const dt = performance.now() - t0;
        if (i >= warmup) t[which].push(dt);
      }
    }
    return t;
  }

  const t = await measure(WARMUP, RUNS);
  const diff = (a: Which, b: Which) => median(t[a].map((x, i) => x - t[b][i]));
  const bytes = JSON.stringify(await bare(1)).length;
  console.log(`queryBindPage bench: ${RUNS} rounds, 100 records/page (~${(bytes / 1024).toFixed(1)} KiB), loopback, keep-alive, sandbox ${external ? 'in another process' : 'in this process'}`);
  console.log(`  node:http + JSON.parse        median ${median(t.bare).toFixed(3)} ms   p90 ${pct(t.bare, 90).toFixed(3)} ms`);
  console.log(`  node-fetch + JSON.parse       median ${median(t.fetch).toFixed(3)} ms   p90 ${pct(t.fetch, 90).toFixed(3)} ms`);
  console.log(`  PnsClient.queryBindPage       median ${median(t.client).toFixed(3)} ms   p90 ${pct(t.client, 90).toFixed(3)} ms`);
  console.log(`  node-fetch - node:http        ${diff('fetch', 'bare').toFixed(3)} ms per page (median of paired differences)`);
  console.log(`  PnsClient - node-fetch        ${diff('client', 'fetch').toFixed(3)} ms per page (validation, big-integer-safe parse, normalising, timeout and retry plumbing)`);
  console.log(`  CLIENT OVERHEAD               ${diff('client', 'bare').toFixed(3)} ms per page = PnsClient - node:http (target <= 0.25 ms), ratio of medians ${(median(t.client) / median(t.bare)).toFixed(3)}`);

  // The same with a realistic 20 ms of server latency: what a user actually waits for.
  if (sandbox.setLatency) {
    sandbox.setLatency(20);
    const l = await measure(10, 60);
    console.log(`  with 20 ms server latency: client ${median(l.client).toFixed(2)} ms, node-fetch ${median(l.fetch).toFixed(2)} ms, bare ${median(l.bare).toFixed(2)} ms`);
  }
  client.dispose();
  bareAgent.destroy();
  fetchAgent.destroy();
  await sandbox.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
