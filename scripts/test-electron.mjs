#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index) in DESKTOP VS Code through
// @vscode/test-electron. It downloads VS Code (into .vscode-test/) the first time, so it needs
// internet; offline, use `npm run test:integration` (code-server, see scripts/TESTING.md).
//
//   npm run test:electron                      latest stable VS Code
//   VSCODE_VERSION=1.139.1 npm run test:electron
//   VSCODE_EXECUTABLE_PATH=/path/to/code npm run test:electron   (no download)
// On Linux without a display, run it under xvfb-run.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const extensionTestsPath = join(root, 'out', 'test', 'integration', 'index');
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

function isNetworkError(e) {
  for (let x = e; x; x = x.cause) {
    if (NETWORK_CODES.has(x.code)) return true;
    if (/getaddrinfo|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|socket hang up|network|Failed to get|status code/i.test(String(x.message ?? x))) {
      return true;
    }
  }
  return false;
}

async function main() {
  if (!existsSync(`${extensionTestsPath}.js`)) {
    console.error(`[test-electron] ${extensionTestsPath}.js is missing: run \`npm run build\` first (npm run test:electron does).`);
    return 1;
  }
  const started = Date.now();
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    const version = process.env.VSCODE_VERSION || 'stable';
    console.log(`[test-electron] getting VS Code ${version} (downloads into .vscode-test/ the first time)`);
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version, extensionDevelopmentPath: root });
    } catch (e) {
      const why = e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? e);
      console.error(`\n[test-electron] could not download VS Code ${version} (${why}).`);
      if (isNetworkError(e)) {
        console.error('[test-electron] This machine cannot reach update.code.visualstudio.com (offline?).');
      }
      console.error('[test-electron] Run the same suite offline in a real VS Code (code-server) instead:\n\n    npm run test:integration\n');
      return 1;
    }
  }
  const workspace = mkdtempSync(join(tmpdir(), 'laaffic-pns-electron-ws-'));
  try {
    const code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      extensionTestsEnv: { LAAFFIC_PNS_TEST: '1' },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    console.log(`[test-electron] VS Code exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } catch (e) {
    console.error(`[test-electron] the suite failed: ${e?.message ?? e}`);
    return typeof e?.code === 'number' && e.code !== 0 ? e.code : 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[test-electron] ${e?.stack ?? e}`);
    process.exit(1);
  },
);
