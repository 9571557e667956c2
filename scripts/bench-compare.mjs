// Old build against new build, same run: Find (test/bench/search.bench.ts) and Export
// (test/bench/export.bench.ts) of each tree, run alternately, printed as one table. Prints numbers,
// asserts nothing (a shared machine makes wall times noisy; CPU per page is steadier).
//
//   node scripts/bench-compare.mjs --old <ref> [--new <ref>] [--repo <path>] [--rounds N]
//                                  [--bindings N] [--formats csv,json] [--keep]
//
// --old  the git ref to compare with (default main), built in a temporary clone of --repo
//        (default this repository): git clone, npm ci --prefer-offline, node scripts/build.mjs.
// --new  likewise; default: this working tree as it is (built in place).
// Each tree runs its own benches (so the old tree keeps its own engine and options), with the
// export at concurrency 6 and 10 ms latency (BENCH_BINDINGS: --bindings, default 1,000,000).
// With --rounds N each bench runs N times per tree, old and new alternately: medians shown.
// Then both trees export the same 300,000 bindings of one sandbox (dist/api.js and
// dist/sandbox.js), CSV and JSON, and the sha256 of each export is compared: the bytes must not move.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const repo = resolve(arg('repo', here));
const rounds = Math.max(1, Number(arg('rounds', 1)));
const bindings = Number(arg('bindings', 1_000_000));
const formats = arg('formats', 'csv,json').split(',');
const keep = args.includes('--keep');
const temps = [];

const git = (...a) => execFileSync('git', a, { encoding: 'utf8' }).trim();
const sh = (cmd, a, cwd) => execFileSync(cmd, a, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

/** A built tree of `ref` (a temporary clone), or this working tree when `ref` is undefined. */
function tree(ref) {
  if (ref === undefined) {
    console.log(`new: this working tree (${here}), building`);
    sh('node', ['scripts/build.mjs'], here);
    return { dir: here, label: `working tree (HEAD ${git('-C', here, 'rev-parse', '--short=7', 'HEAD')})` };
  }
  const sha = git('-C', repo, 'rev-parse', '--verify', `${ref}^{commit}`);
  const dir = mkdtempSync(join(tmpdir(), 'pns-bench-'));
  temps.push(dir);
  console.log(`${ref} = ${sha.slice(0, 7)}: cloning into ${dir}, npm ci, building`);
  sh('git', ['clone', '-q', repo, dir]);
  sh('git', ['checkout', '-q', '--detach', sha], dir);
  sh('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  sh('node', ['scripts/build.mjs'], dir);
  return { dir, label: sha.startsWith(ref) ? sha.slice(0, 7) : `${ref} ${sha.slice(0, 7)}` };
}

/** Runs a bench of `t`, resolves with its output (also echoed, dimmed by a prefix). */
function bench(t, file, env, tag) {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--expose-gc', join(t.dir, 'out/test/bench', file)], { cwd: t.dir, env: { ...process.env, ...env } });
    let out = '';
    const take = (d) => {
      out += d;
      for (const line of String(d).split('\n')) if (line.trim()) console.log(`  [${tag}] ${line}`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', () => res(out));
  });
}

const num = (re, text) => {
  const m = re.exec(text);
  return m ? Number(m[1]) : NaN;
};
const word = (re, text) => re.exec(text)?.[1] ?? '?';

function findMetrics(text) {
  return {
    'time (ms, median of 3)': num(/concurrency 6:\s+(\d+) ms/, text),
    'ratio to the floor (goal <= 1.3)': num(/concurrency 6:.*ratio ([\d.]+)/, text),
    exact: word(/exact: (\w+)/, text),
  };
}

function exportMetrics(text) {
  return {
    'time (s)': num(/export at concurrency 6: ([\d.]+) s/, text),
    'ratio to the floor (goal <= 1.3)': num(/export at concurrency 6:.*RATIO ([\d.]+)/, text),
    'CPU per page, this process (ms)': num(/CPU per page: this process ([\d.]+) ms/, text),
    'CPU per page, the sandbox (ms)': num(/the sandbox ([\d.]+) ms/, text),
    'CPU per page, this process / the sandbox (steadier under load)': num(/CPU per page: this process ([\d.]+) ms/, text) / num(/the sandbox ([\d.]+) ms/, text),
    'live heap growth (MB, goal <= 100)': num(/live [^\n]*?at most [\d.]+ MB \(\+([\d.]+) MB/, text),
    'sampled heap peak growth (MB)': num(/sampled peak incl\. garbage [\d.]+ MB \(\+([\d.]+) MB/, text),
    'stream alone, ratio to the floor': num(/engine alone[^\n]*ratio to the floor ([\d.]+)/, text),
    'Find in the same app, ratio to the floor': num(/find at concurrency \d+[^\n]*?ratio to the floor ([\d.]+)/, text),
    'file check': /checksum matches/.test(text) && / 0 duplicate bindIds/.test(text) ? 'ok' : 'FAILED',
  };
}

function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return xs.find((x) => typeof x === 'string') ?? NaN;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** sha256 of `t`'s export of every binding of `appId`, with a fixed clock. */
async function exportHash(t, sb, appId, format) {
  const api = createRequire(join(t.dir, 'package.json'))('./dist/api.js');
  const client = new api.PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 30_000 });
  const hash = createHash('sha256');
  try {
    const res = await api.exportBindings(client, { appId, format, out: (c) => void hash.update(c, 'utf8'), now: Date.UTC(2026, 0, 1), concurrency: 6 });
    return `${hash.digest('hex').slice(0, 16)} (${res.count.toLocaleString('en')} bindings)`;
  } finally {
    client.dispose();
  }
}

async function main() {
  const trees = [tree(arg('old', 'main')), tree(arg('new', undefined))];
  const rows = []; // [section, metric, old, new]
  const collect = async (section, file, env, metrics) => {
    const runs = [[], []];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < 2; i++) runs[i].push(metrics(await bench(trees[i], file, env, `${i ? 'new' : 'old'} ${section}`)));
    }
    for (const key of Object.keys(runs[0][0])) rows.push([section, key, median(runs[0].map((m) => m[key])), median(runs[1].map((m) => m[key]))]);
  };
  await collect('Find 10,000 @ 50 ms, c6', 'search.bench.js', { BENCH_RUNS: '3' }, findMetrics);
  for (const format of formats) {
    await collect(`Export ${bindings.toLocaleString('en')} ${format} @ 10 ms, c6`, 'export.bench.js', { BENCH_CONCURRENCY: '6', BENCH_BINDINGS: String(bindings), BENCH_FORMAT: format }, exportMetrics);
  }

  const { startSandbox } = createRequire(join(trees[1].dir, 'package.json'))('./dist/sandbox.js');
  const sb = await startSandbox({ bindingsPerApp: [300_000], seed: 18 });
  try {
    for (const format of ['csv', 'json']) {
      const [a, b] = [await exportHash(trees[0], sb, sb.appIds[0], format), await exportHash(trees[1], sb, sb.appIds[0], format)];
      rows.push([`Export 300,000 ${format}: sha256`, a === b ? 'same bytes' : 'DIFFERS', a, b]);
    }
  } finally {
    await sb.close();
  }

  const fmt = (v) => (typeof v === 'number' ? (Number.isNaN(v) ? '?' : String(Math.round(v * 1000) / 1000)) : String(v));
  const width = [2 + Math.max(...rows.map((r) => r[1].length)), ...trees.map((t, i) => Math.max(t.label.length, ...rows.map((r) => fmt(r[2 + i]).length)))];
  console.log(`\nold | new, same run${rounds > 1 ? ` (median of ${rounds} rounds)` : ''}; machine: ${(await import('node:os')).cpus().length} cores`);
  let section = '';
  console.log(`${''.padEnd(width[0])} | ${trees[0].label.padEnd(width[1])} | ${trees[1].label.padEnd(width[2])} | new/old`);
  for (const [s, metric, a, b] of rows) {
    if (s !== section) console.log((section = s));
    const ratio = typeof a === 'number' && typeof b === 'number' && a > 0 ? (b / a).toFixed(2) : '';
    console.log(`  ${metric.padEnd(width[0] - 2)} | ${fmt(a).padEnd(width[1])} | ${fmt(b).padEnd(width[2])} | ${ratio}`);
  }
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const dir of temps) {
      if (keep) console.log(`kept ${dir}`);
      else if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  });
