/**
 * npm run bench — prints numbers, asserts nothing.
 * For a 100-record page on loopback: the median time of PnsClient.queryBindPage against a
 * bare node:http request + JSON.parse of the same page (the floor any client can reach),
 * and their ratio. Both use a keep-alive connection and sign every request.
 * The client's overhead per page (target <= 0.25 ms) is the median of the paired
 * differences (each client request minus the bare request next to it), which a busy machine
 * disturbs much less than the difference of the two medians.
 */
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { PnsClient, sign } from '../../src/api';
import { startSandbox } from '../../src/sandbox/main';

const RUNS = Number(process.env.BENCH_RUNS ?? 400);
const WARMUP = 50;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({ bindingsPerApp: [1000], seed: 7 });
  const appId = sandbox.appIds[0];
  const client = new PnsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(`${sandbox.url}/number/pns/queryBindPage`);

  function bare(current: number): Promise<unknown> {
    const ts = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({ current, size: 100, params: { appId } });
    return new Promise((resolve, reject) => {
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'application/json;charset=UTF-8',
            'Api-Key': sandbox.apiKey,
            Timestamp: ts,
            Sign: sign(sandbox.apiKey, sandbox.apiSecret, ts),
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status: string; data: { records: unknown[] } };
              if (v.status !== '0' || v.data.records.length !== 100) reject(new Error(`bad page: ${v.status}`));
              else resolve(v);
            } catch (e) {
              reject(e);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const tClient: number[] = [];
  const tBare: number[] = [];
  await measure(WARMUP, RUNS, tClient, tBare);
  const mc = median(tClient);
  const mb = median(tBare);
  const diffs = tClient.map((t, i) => t - tBare[i]);
  const bytes = JSON.stringify(await bare(1)).length;
  console.log(`queryBindPage bench: ${RUNS} runs each, 100 records/page (~${(bytes / 1024).toFixed(1)} KiB), loopback, keep-alive`);
  console.log(`  PnsClient.queryBindPage   median ${mc.toFixed(3)} ms   p90 ${pct(tClient, 90).toFixed(3)} ms`);
  console.log(`  node:http + JSON.parse    median ${mb.toFixed(3)} ms   p90 ${pct(tBare, 90).toFixed(3)} ms`);
  console.log(`  ratio client / bare       ${(mc / mb).toFixed(3)}`);
  console.log(`  difference of medians     ${(mc - mb).toFixed(3)} ms`);
  console.log(`  CLIENT OVERHEAD           ${median(diffs).toFixed(3)} ms per page (median of paired differences; target <= 0.25 ms)`);
  console.log('                            (node-fetch, validation, parsing and normalising 100 records, timeout and retry plumbing)');

  // The same with a realistic 20 ms of server latency: what a user actually waits for.
  sandbox.setLatency(20);
  const lClient: number[] = [];
  const lBare: number[] = [];
  await measure(10, 100, lClient, lBare);
  console.log(`  with 20 ms server latency: client ${median(lClient).toFixed(2)} ms, bare ${median(lBare).toFixed(2)} ms, ratio ${(median(lClient) / median(lBare)).toFixed(3)}`);
  client.dispose();
  agent.destroy();
  await sandbox.close();

  async function measure(warmup: number, runs: number, tClient: number[], tBare: number[]): Promise<void> {
    for (let i = 0; i < warmup + runs; i++) {
      const current = (i % 10) + 1;
      // Alternate which goes first so neither benefits from order.
      const order = i % 2 ? ['client', 'bare'] : ['bare', 'client'];
      for (const which of order) {
        const t0 = performance.now();
        if (which === 'client') {
          const page = await client.queryBindPage({ current, size: 100, appId });
          if (page.records.length !== 100) throw new Error('short page');
        } else await bare(current);
        const dt = performance.now() - t0;
        if (i >= warmup) (which === 'client' ? tClient : tBare).push(dt);
      }
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
