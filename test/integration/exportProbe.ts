// For the export tests and the export benchmark: a sandbox in a child process (as the vendor is
// another machine: its data and work do not count in the extension host's memory), the
// extension host's peak resident memory during a piece of work, and a check of an exported CSV.
// Run directly (forked by startSandboxProcess) it is that child.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { startSandbox } from '../../src/sandbox/main';

export interface SandboxProcess {
  url: string;
  apiKey: string;
  apiSecret: string;
  appId: string;
  /** The app's bindings, as the sandbox holds them. */
  count: number;
  /** Sum of the bindIds mod 2^32, to compare with a file's. */
  checksum: number;
  startMs: number;
  close(): Promise<void>;
}

export function checksumOf(ids: Iterable<string>): number {
  let sum = 0;
  for (const id of ids) sum = (sum + (Number(id) % 4294967296)) % 4294967296;
  return sum;
}

/** Starts a sandbox with `bindings` bindings in one app in a child process (callsPerBinding: the sandbox's call density; default its own). */
export async function startSandboxProcess(bindings: number, latencyMs = 0, callsPerBinding?: number): Promise<SandboxProcess> {
  // This file's own bundle (out/test/integration/exportProbe.js): the tests that import it are
  // bundles of their own, which need vscode.
  const child: ChildProcess = fork(path.join(__dirname, 'exportProbe.js'), ['--laaffic-sandbox-child', String(bindings), String(latencyMs), String(callsPerBinding ?? '')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--max-old-space-size=4096'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const ready = await new Promise<Omit<SandboxProcess, 'close'>>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Omit<SandboxProcess, 'close'>));
      child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code})`)));
      child.once('error', reject);
    });
    return { ...ready, close: async () => void (child.kill(), await exited) };
  } catch (e) {
    child.kill();
    throw e;
  }
}

if (require.main === module && process.argv[2] === '--laaffic-sandbox-child') {
  void (async () => {
    const t0 = Date.now();
    const calls = process.argv[5] ? { callsPerBinding: Number(process.argv[5]) } : {};
    const sb = await startSandbox({ bindingsPerApp: [Number(process.argv[3])], latencyMs: Number(process.argv[4]), seed: 77, ...calls });
    const appId = sb.appIds[0];
    const truth = sb.bindings(appId);
    process.send!({ url: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, appId, count: truth.length, checksum: checksumOf(truth.map((b) => b.bindId)), startMs: Date.now() - t0 });
    process.on('disconnect', () => void sb.close().then(() => process.exit(0)));
  })();
}

const MB = 1024 * 1024;

function status(field: 'VmRSS' | 'VmHWM'): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : undefined;
}

/**
 * Runs `work` and measures this process's (the extension host's) resident memory: before (after
 * a full GC), the peak during it, and what it kept after (after a full GC). The peak is the kernel's high-water mark (VmHWM, reset
 * before the work through /proc/self/clear_refs) where Linux allows that, and otherwise, or in
 * addition, rss sampled every 10 ms.
 */
export async function peakRssDuring<T>(work: () => Promise<T>): Promise<{ result: T; beforeMb: number; peakMb: number; growthMb: number; keptMb: number; how: string }> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  let hwm: boolean;
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    hwm = status('VmHWM') !== undefined;
  } catch {
    hwm = false;
  }
  const before = process.memoryUsage.rss();
  let sampled = before;
  const sampler = setInterval(() => void (sampled = Math.max(sampled, process.memoryUsage.rss())), 10);
  try {
    const result = await work();
    const peak = Math.max(sampled, process.memoryUsage.rss(), (hwm && status('VmHWM')) || 0);
    // What stays resident once the work is done and its garbage collected.
    gc?.();
    await new Promise((r) => setTimeout(r, 200));
    const kept = process.memoryUsage.rss() - before;
    return { result, beforeMb: before / MB, peakMb: peak / MB, growthMb: (peak - before) / MB, keptMb: kept / MB, how: hwm ? 'kernel high-water mark VmHWM, reset before' : 'rss sampled every 10 ms' };
  } finally {
    clearInterval(sampler);
  }
}

/** Reads an exported CSV line by line: rows (without the header), distinct bindIds, their checksum. */
export async function csvSummary(file: string): Promise<{ rows: number; distinct: number; checksum: number }> {
  const ids = new Set<string>();
  let rows = 0;
  let col = -1;
  for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (col < 0) {
      col = line.replace(/^\uFEFF/, '').split(',').indexOf('bindId');
      if (col < 0) throw new Error(`no bindId column in ${line}`);
      continue;
    }
    if (line === '') continue;
    rows++;
    // bindId is the first column, all digits, never quoted.
    ids.add(line.split(',')[col]);
  }
  return { rows, distinct: ids.size, checksum: checksumOf(ids) };
}
