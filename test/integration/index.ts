// Entry point that VS Code's extension host loads as `extensionTestsPath`
// (out/test/integration/index.js after the build). It runs every *.test.js in this folder and
// below with mocha and rejects when a test fails, which VS Code turns into a non-zero exit code.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface MochaRunner {
  stats?: { passes: number; failures: number; pending: number; tests: number };
}
interface MochaInstance {
  addFile(file: string): void;
  grep(re: string | RegExp): MochaInstance;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaCtor = new (options: Record<string, unknown>) => MochaInstance;

function loadMocha(): MochaCtor {
  // `mocha` is external in the bundle: resolved from the repo's node_modules at run time.
  // mocha 12 is an ES module; Node >= 20.19 can require() it, and the class is its default export.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('mocha');
  return (mod.default ?? mod.Mocha ?? mod) as MochaCtor;
}

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTests(p));
    else if (entry.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.LAAFFIC_PNS_MOCHA_TIMEOUT_MS) || 20_000,
  });
  if (process.env.LAAFFIC_PNS_TEST_GREP) mocha.grep(process.env.LAAFFIC_PNS_TEST_GREP);

  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats ?? { passes: 0, failures, pending: 0, tests: 0 };
        const skipped = s.pending ? `, ${s.pending} skipped` : '';
        // A plain closing line that CI can read, whatever the reporter.
        console.log(`integration: ${s.passes} passed, ${failures} failed${skipped}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else if (s.passes === 0) reject(new Error(`no integration test ran (files: ${files.length})`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      reject(e);
    }
  });
}
