/** Entry of dist/sandbox.js: the API for require(), the CLI when run; apart from main.ts so that bundling the sandbox never starts the CLI. */
import { runCli } from './cli';

export * from './main';

if (require.main === module) {
  runCli(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`laaffic-sandbox: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
