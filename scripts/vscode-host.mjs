#!/usr/bin/env node
// Runs the extension in a REAL VS Code (code-server, i.e. VS Code's own web workbench and Node
// extension host) on a machine without internet, and runs the integration suite inside it.
//
//   node scripts/vscode-host.mjs test     build first (npm run test:integration does), then run
//                                         out/test/integration/index in code-server + Chromium,
//                                         in English and then (its "zh-cn:" suite) in Chinese
//   node scripts/vscode-host.mjs ensure   only install/verify Node 24 + code-server in the cache
//   node scripts/vscode-host.mjs serve    start code-server with this repo as the development
//                                         extension and print the URL (Ctrl-C stops it)
//
// Also a library (Node built-ins and playwright-core only): ensureCodeServer(),
// startCodeServer(), launchBrowser(), runIntegrationTests(). See scripts/TESTING.md.
//
// The pieces live in scripts/lib/: paths.mjs + cache.mjs (Node 24 + code-server in the cache),
// prerequisites.mjs, run.mjs (child processes), codeServer.mjs, browser.mjs (Chromium),
// integration.mjs (the suite), shutdown.mjs (the one cleanup path: signals, uncaught errors,
// exit, process groups, temp folders). This file is the CLI and re-exports their API.
import { ensureCodeServer } from './lib/cache.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { HarnessError, runIntegrationTests } from './lib/integration.mjs';
import { PrerequisiteError } from './lib/prerequisites.mjs';
import { cleanupAll, installShutdown, signalled } from './lib/shutdown.mjs';
import { isMainModule, REPO_ROOT, say } from './lib/util.mjs';

export { launchBrowser, CHROMIUM_ARGS } from './lib/browser.mjs';
export { cacheRoot, CODE_SERVER_VERSION, ensureCodeServer, NODE_MAJOR } from './lib/cache.mjs';
export { freePort, startCodeServer } from './lib/codeServer.mjs';
export { HarnessError, runIntegrationTests } from './lib/integration.mjs';
export { checkPrerequisites, chromiumPath, missingBuildPrerequisites, PrerequisiteError } from './lib/prerequisites.mjs';
export { addCleanup, cleanupAll, installShutdown } from './lib/shutdown.mjs';
export { isMainModule, REPO_ROOT } from './lib/util.mjs';

/**
 * The suite in English, then its "zh-cn:" suite in a second VS Code running in Simplified
 * Chinese (test/integration/l10n.test.ts). LAAFFIC_PNS_LOCALE=en or =zh-cn runs only that one;
 * with LAAFFIC_PNS_TEST_GREP (a focused run) only the English run happens unless
 * LAAFFIC_PNS_LOCALE=zh-cn. The exit code is the first failure's.
 */
async function testInBothLanguages() {
  const only = process.env.LAAFFIC_PNS_LOCALE;
  const grep = process.env.LAAFFIC_PNS_TEST_GREP;
  let code = 0;
  if (!only || only === 'en') code = await runIntegrationTests();
  if (only === 'zh-cn' || (!only && !grep)) {
    say('the same extension in Simplified Chinese (--locale zh-cn): the "zh-cn:" suite');
    const zh = await runIntegrationTests({ locale: 'zh-cn', env: { LAAFFIC_PNS_TEST_GREP: grep || 'zh-cn:' } });
    code = code || zh;
  }
  return code;
}

async function main(argv) {
  const cmd = argv[0] ?? 'test';
  installShutdown({ uncaught: true });
  try {
    if (cmd === 'ensure') {
      const cs = await ensureCodeServer();
      say(`node: ${cs.node} (${cs.nodeVersion})`);
      say(`code-server: ${cs.codeServerEntry}`);
      return 0;
    }
    if (cmd === 'test') {
      return await testInBothLanguages();
    }
    if (cmd === 'serve') {
      const s = await startCodeServer({ extensionDevelopmentPath: REPO_ROOT });
      say(`open ${s.url}`);
      say('Ctrl-C stops it and removes its temp folder');
      const code = await s.exited;
      if (signalled() === null) say(`code-server exited (${code})`);
      return typeof code === 'number' ? code : 1;
    }
    process.stderr.write(`usage: node scripts/vscode-host.mjs [test|ensure|serve]\n`);
    return 2;
  } catch (e) {
    if (signalled() !== null) return signalled(); // errors caused by the shutdown itself
    if (e instanceof PrerequisiteError) process.stderr.write(`\n[vscode-host] ${e.message}\n`);
    else if (e instanceof HarnessError) process.stderr.write(`[vscode-host] ${e.message}\n`);
    else process.stderr.write(`[vscode-host] ${e?.stack ?? e}\n`);
    return 1;
  } finally {
    await cleanupAll();
  }
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).then(async (code) => {
    await cleanupAll();
    process.exit(signalled() ?? code);
  });
}
