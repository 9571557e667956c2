#!/usr/bin/env node
// A small mutation pass over the code that guards users (scripts/mutants.mjs lists the changes).
// Each mutant is one hand-chosen edit of one source file: applied alone, the project rebuilt
// (scripts/build.mjs), the unit test files that concern it run (mocha, --bail, --exit, under a
// wall-clock kill), the file restored. A mutant is "killed" when a test fails (or the run hangs
// past the limit), "survived" when every test still passes: a test is missing, or the change
// makes no difference (an equivalent mutant, said in its `equivalent` note).
//
//   node scripts/mutate.mjs                  every unit mutant, one after the other
//   node scripts/mutate.mjs --only safe-1,origins-3
//   node scripts/mutate.mjs --grep export    mutants whose id or file contains "export"
//   node scripts/mutate.mjs --check          only check that every snippet is found exactly once
//   node scripts/mutate.mjs --integration    also the mutants of vscode-bound files (src/ui/safety.ts,
//                                            src/auth/trust.ts), each against a focused run of the
//                                            integration suite in code-server (~1 min each)
//
// The source is always restored: from memory after each mutant, on exit, on Ctrl-C / SIGTERM,
// and on a crash. Should the process be killed outright (SIGKILL), `git checkout -- src` undoes
// the one edit; the script refuses to start while src/ differs from git (--allow-dirty skips it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS, SUITES } from './mutants.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = value('--only')?.split(',');
const grep = value('--grep');
const withIntegration = flag('--integration');
/** Wall-clock limit of one mutant's unit run: a retry loop that never ends is killed, and counts as killed. */
const UNIT_LIMIT_S = Number(value('--limit') ?? 180);
const INTEGRATION_LIMIT_S = 600;

const originals = new Map();
function restoreAll() {
  for (const [file, text] of originals) writeFileSync(file, text);
  originals.clear();
}
process.on('exit', restoreAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    restoreAll();
    console.error(`\n${sig}: source restored.`);
    process.exit(130);
  });
}
process.on('uncaughtException', (e) => {
  restoreAll();
  console.error(e);
  process.exit(2);
});

function occurrences(text, snippet) {
  let n = 0;
  for (let i = text.indexOf(snippet); i >= 0; i = text.indexOf(snippet, i + 1)) n++;
  return n;
}

let selected = MUTANTS.filter((m) => (withIntegration || !m.integration) && (!only || only.includes(m.id)) && (!grep || m.id.includes(grep) || m.file.includes(grep)));
const bad = [];
for (const m of MUTANTS) {
  const n = occurrences(readFileSync(join(root, m.file), 'utf8'), m.from);
  if (n !== 1) bad.push(`${m.id}: the snippet is found ${n} times in ${m.file}`);
  if (!m.integration && !SUITES[m.suite]) bad.push(`${m.id}: no suite "${m.suite}"`);
}
const ids = new Set();
for (const m of MUTANTS) {
  if (ids.has(m.id)) bad.push(`${m.id}: id used twice`);
  ids.add(m.id);
}
if (bad.length) {
  console.error(bad.join('\n'));
  process.exit(2);
}
if (flag('--check')) {
  console.log(`${MUTANTS.length} mutants, every snippet found once.`);
  process.exit(0);
}
if (!flag('--allow-dirty')) {
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  if (dirty) {
    console.error(`src/ differs from git (a mutant left by a killed run? then: git checkout -- src):\n${dirty}`);
    process.exit(2);
  }
}

const mochaBin = join(root, 'node_modules/mocha/bin/mocha.js');

function build() {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 ? undefined : `${r.stdout}${r.stderr}`.trim().split('\n').slice(0, 5).join(' | ');
}

/** The suite's test files that exist (a file named in SUITES may not be written yet). */
function files(suite) {
  return SUITES[suite].filter((f) => existsSync(join(root, `test/unit/${f}.test.ts`))).map((f) => `out/test/unit/${f}.test.js`);
}

/** Runs a unit suite; { ok, ms, failure, timedOut }. GNU timeout kills the whole process group. */
function runUnit(suite) {
  const t0 = Date.now();
  const r = spawnSync('timeout', ['-s', 'KILL', String(UNIT_LIMIT_S), process.execPath, mochaBin, '--no-config', '--timeout', '20000', '--exit', '--bail', '--reporter', 'dot', ...files(suite)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - t0;
  const out = `${r.stdout}\n${r.stderr}`;
  const timedOut = r.status === 124 || r.status === 137 || r.signal === 'SIGKILL';
  const m = /^\s+1\) (.+)\n\s+(.+?):?$/m.exec(out);
  const failure = m ? `${m[1].trim()} ${m[2].trim()}` : undefined;
  return { ok: r.status === 0, ms, failure: timedOut ? `no end within ${UNIT_LIMIT_S} s` : failure, timedOut };
}

function runIntegration(grepWords) {
  const t0 = Date.now();
  const r = spawnSync('timeout', ['-s', 'KILL', String(INTEGRATION_LIMIT_S), process.execPath, 'scripts/vscode-host.mjs', 'test'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, LAAFFIC_PNS_TEST_GREP: grepWords, LAAFFIC_PNS_LOCALE: 'en' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  const failure = /^\s+1\) (.+)$/m.exec(out)?.[1]?.trim();
  const passing = /(\d+) passing/.exec(out)?.[1];
  return { ok: r.status === 0 && Number(passing) > 0, ms: Date.now() - t0, failure: failure ?? (passing ? undefined : 'no test ran'), timedOut: r.status === 124 || r.status === 137 };
}

const run = (m) => (m.integration ? runIntegration(m.integration) : runUnit(m.suite));

// The unmutated code must pass every suite used, or the results would mean nothing.
const buildError = build();
if (buildError) {
  console.error(`The unmutated build fails: ${buildError}`);
  process.exit(2);
}
const baseline = new Map();
for (const key of new Set(selected.map((m) => m.integration ?? m.suite))) {
  const m = selected.find((x) => (x.integration ?? x.suite) === key);
  const r = run(m);
  if (!r.ok) {
    console.error(`The unmutated code fails "${key}": ${r.failure}`);
    process.exit(2);
  }
  baseline.set(key, r.ms);
  console.log(`baseline ${key}: passes (${(r.ms / 1000).toFixed(1)} s)${m.integration ? '' : `: ${files(key).map((f) => f.replace(/^out\/test\/unit\/|\.test\.js$/g, '')).join(', ')}`}`);
}

const results = [];
for (const m of selected) {
  const file = join(root, m.file);
  const text = readFileSync(file, 'utf8');
  originals.set(file, text);
  let result;
  try {
    writeFileSync(file, text.replace(m.from, () => m.to));
    const err = build();
    if (err) result = { verdict: 'invalid', why: err };
    else {
      const r = run(m);
      result = { verdict: r.ok ? 'survived' : 'killed', why: r.failure, ms: r.ms, timedOut: r.timedOut };
    }
  } finally {
    restoreAll();
  }
  results.push({ id: m.id, file: m.file, suite: m.integration ? `integration: ${m.integration}` : m.suite, what: m.what, equivalent: m.equivalent, ...result });
  const mark = result.verdict === 'killed' ? 'killed  ' : result.verdict === 'survived' ? 'SURVIVED' : 'invalid ';
  console.log(`${mark} ${m.id.padEnd(22)} ${m.what}${result.why ? `  <- ${result.why}` : ''}`);
}
build(); // out/ and dist/ match the restored source again

const count = (v, list = results) => list.filter((r) => r.verdict === v).length;
const summary = (list) => {
  const k = count('killed', list);
  const s = count('survived', list);
  return `${k}/${k + s} killed (${k + s ? ((100 * k) / (k + s)).toFixed(1) : '0'} %)`;
};
const unit = results.filter((r) => !r.suite.startsWith('integration'));
const integ = results.filter((r) => r.suite.startsWith('integration'));
console.log(`\nunit: ${summary(unit)}${integ.length ? `; integration: ${summary(integ)}` : ''}; invalid: ${count('invalid')}`);
const survivors = results.filter((r) => r.verdict === 'survived');
if (survivors.length) {
  console.log('\nsurvivors:');
  for (const r of survivors) console.log(`  ${r.id}  ${r.file}: ${r.what}${r.equivalent ? `  [equivalent: ${r.equivalent}]` : ''}`);
}
mkdirSync(join(root, 'out/mutation'), { recursive: true });
const ran = Object.fromEntries(Object.keys(SUITES).map((k) => [k, files(k)]));
writeFileSync(join(root, 'out/mutation/results.json'), JSON.stringify({ at: new Date().toISOString(), suites: ran, results }, null, 2));
console.log('\nout/mutation/results.json written.');
