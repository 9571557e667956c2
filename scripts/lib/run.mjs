// Child processes that are stopped (whole process group) on every exit path.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { addCleanup, killTree, killTreeSync } from './shutdown.mjs';

// npm settings worth keeping when we call npm ourselves; every other npm_* variable comes from an
// outer `npm run` (npm_config_user_agent names Node 20, which code-server's postinstall rejects).
const KEEP_NPM_ENV = /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile|ca|fetch_.*)$/i;

/** process.env without the variables an outer `npm run` added, plus `extra`. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_/i.test(k) && !KEEP_NPM_ENV.test(k)) delete env[k];
  }
  for (const k of ['NODE', 'INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH', 'VSCODE_IPC_HOOK_CLI']) delete env[k];
  return { ...env, ...extra };
}

/**
 * Runs a program to completion in its own process group and resolves with its output (stdout and
 * stderr, the last ~100-200 KB). `logPath`: also append it there; `echo`: also print it. On a
 * non-zero exit it rejects with an Error whose `output` is that text. killed by cleanupAll().
 */
export function run(cmd, args, opts = {}) {
  const { logPath, echo, ...spawnOpts } = opts;
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...spawnOpts });
    const guard = addCleanup({
      name: `${cmd} ${args[0] ?? ''}`,
      run: async () => {
        if (child.pid && child.exitCode === null && child.signalCode === null) await killTree(child.pid, 3000);
      },
      sync: () => child.pid && killTreeSync(child.pid),
    });
    let out = '';
    const logStream = logPath ? createWriteStream(logPath, { flags: 'a' }) : null;
    const onData = (d) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
      logStream?.write(d);
      if (echo) process.stdout.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      guard.cancel();
      reject(e);
    });
    child.on('close', (code, signal) => {
      guard.cancel();
      logStream?.end();
      if (code === 0) resolveRun(out);
      else {
        const err = new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`);
        err.output = out;
        err.exitCode = code ?? signal;
        reject(err);
      }
    });
  });
}
