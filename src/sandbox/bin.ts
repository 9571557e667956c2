/**
 * Entry of dist/sandbox.js: the sandbox's API for `require()`, and its CLI when run directly
 * (`node dist/sandbox.js …`). Kept apart from main.ts so that code which bundles the sandbox
 * (tests, benchmarks) never starts the CLI by accident.
 */
import { runCli } from './cli';

export * from './main';

if (require.main === module) {
  runCli(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`laaffic-sandbox: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
