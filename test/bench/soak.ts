/**
 * npm run soak — the client under injected faults, for a long time.
 *
 * Walks every page of an app of 10,000 bindings (page size 100) 50 times with collectBindings
 * over a PnsClient with its default number of retries, while the sandbox injects faults into
 * 10 % of the requests: every kind it offers, plus `hang` at a low share with a short client
 * timeout. A walk that still throws (a fault that is not retried, such as a malformed reply,
 * or retries running out) is counted and resumed by this loop from the page that failed.
 * Prints page loads, faults injected, retries, failures surfaced, records per walk, unhandled
 * rejections, heap before/after and wall time; exits non-zero when an invariant breaks:
 * every walk sees exactly the sandbox's bindings, in order, each once; no unhandled
 * rejection; every failure is a typed PnsError; the heap does not run away.
 *
 * Flags: --bindings N --walks N --page-size N --fault-rate R --hang-share R --timeout-ms N
 *        --base-delay-ms N --max-delay-ms N --retries N --seed N
 */
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { PnsClient, PnsError, collectBindings, describeError, type BindPageSource, type RetryOptions } from '../../src/api';
import { FAULT_KINDS, startSandbox, type FaultKind } from '../../src/sandbox/main';

export interface SoakOptions {
  bindings: number;
  walks: number;
  pageSize: number;
  /** Fraction of requests that get a fault. */
  faultRate: number;
  /** Roughly this fraction of the faults are `hang` (0 = no hang). */
  hangShare: number;
  /** Client timeout per request (what ends a hang). */
  timeoutMs: number;
  retry: RetryOptions;
  seed: number;
  /** A walk that fails this many times is abandoned (an invariant violation). */
  maxFailuresPerWalk: number;
  /** Require every fault kind to have been injected at least once. */
  requireEveryKind: boolean;
  /** Largest accepted heap growth over the run, in bytes. */
  maxHeapGrowth: number;
  log?: (line: string) => void;
}

export const DEFAULT_SOAK: SoakOptions = {
  bindings: 10_000,
  walks: 50,
  pageSize: 100,
  faultRate: 0.1,
  hangShare: 0.03,
  timeoutMs: 1_000,
  retry: { baseDelayMs: 25, maxDelayMs: 250 },
  seed: 20240601,
  maxFailuresPerWalk: 200,
  requireEveryKind: true,
  maxHeapGrowth: 64 * 1024 * 1024,
};

export interface SoakResult {
  options: SoakOptions;
  kinds: FaultKind[];
  pageLoads: number;
  httpRequests: number;
  faults: Partial<Record<FaultKind, number>>;
  faultsTotal: number;
  retries: number;
  retriesByError: Record<string, number>;
  failuresSurfaced: number;
  failuresByError: Record<string, number>;
  recordsPerWalk: { min: number; max: number };
  duplicates: number;
  unhandledRejections: number;
  heapBefore: number;
  heapAfter: number;
  wallMs: number;
  violations: string[];
}

/** Kinds to inject: every kind but hang, each `k` times, and hang once so it is ~hangShare of the faults. */
export function weightedKinds(hangShare: number): FaultKind[] {
  const others = FAULT_KINDS.filter((k) => k !== 'hang');
  if (!(hangShare > 0)) return [...others];
  const k = Math.max(1, Math.round((1 / hangShare - 1) / others.length));
  return [...Array.from({ length: k }, () => others).flat(), 'hang'];
}

function collectGarbage(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

function heapUsed(gc: (() => void) | undefined): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

const bump = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

export async function runSoak(partial: Partial<SoakOptions> = {}): Promise<SoakResult> {
  const o: SoakOptions = { ...DEFAULT_SOAK, ...partial, retry: { ...DEFAULT_SOAK.retry, ...partial.retry } };
  const violations: string[] = [];
  let unhandled = 0;
  const onUnhandled = (reason: unknown) => {
    unhandled++;
    if (unhandled <= 3) violations.push(`unhandled rejection: ${describeError(reason)}`);
  };
  process.on('unhandledRejection', onUnhandled);

  const kinds = weightedKinds(o.hangShare);
  const sandbox = await startSandbox({ bindingsPerApp: [o.bindings], seed: o.seed });
  const retriesByError: Record<string, number> = {};
  let retries = 0;
  const client = new PnsClient({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    apiSecret: sandbox.apiSecret,
    timeoutMs: o.timeoutMs,
    retry: o.retry,
    onRetry: (info) => {
      retries++;
      bump(retriesByError, info.error);
    },
  });
  const appId = sandbox.appIds[0];
  const truth = sandbox.bindings(appId).map((b) => b.bindId);
  if (truth.length !== o.bindings) violations.push(`the sandbox holds ${truth.length} bindings, not ${o.bindings}`);

  const gc = collectGarbage();
  const heapBefore = heapUsed(gc);
  const t0 = performance.now();
  const faultsBefore = { ...sandbox.faultCounts };
  const requestsBefore = sandbox.requestCount;
  sandbox.setFaults({ rate: o.faultRate, kinds });

  let pageLoads = 0;
  let failuresSurfaced = 0;
  let duplicates = 0;
  const failuresByError: Record<string, number> = {};
  let minRecords = Infinity;
  let maxRecords = -Infinity;

  try {
    for (let w = 1; w <= o.walks; w++) {
      const ids: string[] = [];
      const seen = new Set<string>();
      let lastOk = 0;
      // Every page the client hands out, in order: what this walk really saw.
      const source: BindPageSource = {
        async queryBindPage(q, opts) {
          const page = await client.queryBindPage(q, opts);
          pageLoads++;
          lastOk = q.current;
          for (const r of page.records) ids.push(r.bindId);
          return page;
        },
      };
      let failures = 0;
      let endedBy = '';
      for (;;) {
        try {
          const { summary } = await collectBindings(source, { appId, size: o.pageSize, seen, startPage: lastOk + 1 });
          endedBy = summary.endedBy;
          break;
        } catch (e) {
          failuresSurfaced++;
          failures++;
          bump(failuresByError, describeError(e));
          if (!(e instanceof PnsError)) violations.push(`walk ${w}: an untyped error: ${String(e).slice(0, 200)}`);
          if (failures >= o.maxFailuresPerWalk) {
            violations.push(`walk ${w}: gave up after ${failures} failures at page ${lastOk + 1}`);
            break;
          }
        }
      }
      const unique = new Set(ids).size;
      duplicates += ids.length - unique;
      minRecords = Math.min(minRecords, ids.length);
      maxRecords = Math.max(maxRecords, ids.length);
      if (ids.length !== truth.length || unique !== truth.length) {
        violations.push(`walk ${w}: ${ids.length} records (${unique} unique), expected ${truth.length}`);
      } else if (ids.some((id, i) => id !== truth[i])) {
        violations.push(`walk ${w}: the records differ from the sandbox's bindings`);
      }
      if (endedBy && endedBy !== 'complete') violations.push(`walk ${w}: ended by ${endedBy}, not complete`);
      if (o.log && (w % 10 === 0 || w === o.walks)) o.log(`  walk ${w}/${o.walks}: ${pageLoads} page loads, ${retries} retries, ${failuresSurfaced} failures so far`);
    }
  } finally {
    sandbox.setFaults(undefined);
    client.dispose();
    await sandbox.close();
  }
  const wallMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50)); // let any straggling rejection surface
  process.off('unhandledRejection', onUnhandled);
  const heapAfter = heapUsed(gc);

  const faults: Partial<Record<FaultKind, number>> = {};
  let faultsTotal = 0;
  for (const k of FAULT_KINDS) {
    const n = sandbox.faultCounts[k] - faultsBefore[k];
    if (n > 0 || kinds.includes(k)) faults[k] = n;
    faultsTotal += n;
    if (o.requireEveryKind && kinds.includes(k) && n === 0) violations.push(`no ${k} fault was injected`);
  }
  if (unhandled > 0) violations.push(`${unhandled} unhandled rejections`);
  if (faultsTotal > 0 && retries === 0) violations.push('faults were injected but nothing was retried');
  if (heapAfter - heapBefore > o.maxHeapGrowth) violations.push(`the heap grew by ${mb(heapAfter - heapBefore)}`);

  return {
    options: o,
    kinds,
    pageLoads,
    httpRequests: sandbox.requestCount - requestsBefore,
    faults,
    faultsTotal,
    retries,
    retriesByError,
    failuresSurfaced,
    failuresByError,
    recordsPerWalk: { min: minRecords, max: maxRecords },
    duplicates,
    unhandledRejections: unhandled,
    heapBefore,
    heapAfter,
    wallMs,
    violations,
  };
}

const n = (x: number) => x.toLocaleString('en-US');
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const list = (m: Record<string, number | undefined>) =>
  Object.entries(m)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, v]) => `${k} ${n(v ?? 0)}`)
    .join(', ');

export function formatSoak(r: SoakResult): string {
  const o = r.options;
  const hang = r.kinds.includes('hang') ? `, hang ≈ ${((1 / r.kinds.length) * 100).toFixed(1)} % of them` : '';
  return [
    `soak: ${n(o.bindings)} bindings × ${n(o.walks)} walks, page size ${o.pageSize}, ${Math.round(o.faultRate * 100)} % faults (every kind${hang}), timeout ${n(o.timeoutMs)} ms, retries ${o.retry.retries ?? 2} (base ${o.retry.baseDelayMs ?? 300} ms, max ${o.retry.maxDelayMs ?? 5000} ms)`,
    `  page loads            ${n(r.pageLoads)} (HTTP requests ${n(r.httpRequests)})`,
    `  faults injected       ${n(r.faultsTotal)} (${list(r.faults)})`,
    `  retries               ${n(r.retries)} (${list(r.retriesByError) || 'none'})`,
    `  failures surfaced     ${n(r.failuresSurfaced)}${r.failuresSurfaced ? ` (${list(r.failuresByError)}), each walk resumed from the failed page` : ''}`,
    `  records per walk      min ${n(r.recordsPerWalk.min)} / max ${n(r.recordsPerWalk.max)}, duplicates ${n(r.duplicates)}`,
    `  unhandled rejections  ${r.unhandledRejections}`,
    `  heap                  before ${mb(r.heapBefore)}, after ${mb(r.heapAfter)}`,
    `  wall time             ${(r.wallMs / 1000).toFixed(1)} s`,
    r.violations.length ? `FAILED:\n${r.violations.map((v) => `  - ${v}`).join('\n')}` : 'OK: every invariant held',
  ].join('\n');
}

function parseArgs(argv: string[]): Partial<SoakOptions> {
  const out: Partial<SoakOptions> = {};
  const retry: RetryOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    const num = Number(value);
    if (value === undefined || !Number.isFinite(num)) throw new Error(`${flag} needs a number`);
    switch (flag) {
      case '--bindings':
        out.bindings = num;
        break;
      case '--walks':
        out.walks = num;
        break;
      case '--page-size':
        out.pageSize = num;
        break;
      case '--fault-rate':
        out.faultRate = num;
        break;
      case '--hang-share':
        out.hangShare = num;
        break;
      case '--timeout-ms':
        out.timeoutMs = num;
        break;
      case '--retries':
        retry.retries = num;
        break;
      case '--base-delay-ms':
        retry.baseDelayMs = num;
        break;
      case '--max-delay-ms':
        retry.maxDelayMs = num;
        break;
      case '--seed':
        out.seed = num;
        break;
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  out.retry = retry;
  return out;
}

async function main(): Promise<void> {
  let opts: Partial<SoakOptions>;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`soak: ${(e as Error).message}`);
    process.exit(2);
  }
  const r = await runSoak({ ...opts, log: (l) => console.log(l) });
  console.log(formatSoak(r));
  process.exitCode = r.violations.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((e) => {
    console.error('soak crashed:', e);
    process.exit(1);
  });
}
