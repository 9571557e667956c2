// The one shutdown path of every script (vscode-host, demo, screenshot): each process or folder
// they create registers an undo step here, and success, failure, timeout, an uncaught error,
// SIGINT/SIGTERM/SIGHUP, the parent's death and process exit all end in cleanupAll().
//
//   addCleanup({ name, run, sync })  register; run() is async and idempotent, sync() the blocking
//                                    last resort for process 'exit'
//   cleanupAll()                     run (or wait for) every registered step, newest first
//   installShutdown({ log, what, stop, watchParent, uncaught })
//                                    the signal/exit handlers (installed once; later calls add to
//                                    them); returns { signalled() }
//   killTree(pid) / killTreeSync(pid) a detached child's process group plus its descendants
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { say, sleep } from './util.mjs';

const cleanups = new Set(); // of { name, run(): Promise (idempotent), sync() }
let installed = false;
/** Set when a signal arrived: the process then exits with this code once cleanup is done. */
let signalCode = null;
let shutdownLog = say;
let shutdownWhat = 'what was started (code-server, Chromium, installs)';
let uncaughtInstalled = false;
let parentWatch = null;
const stopHooks = new Set(); // installShutdown({ stop }): run before cleanupAll() on a signal

/** The stop hooks (errors ignored), then every registered cleanup. */
async function stopEverything() {
  for (const stop of stopHooks) await Promise.resolve().then(stop).catch(() => {});
  await cleanupAll();
}

/** The exit code a signal asked for (130, 143, 129), or null while none came. */
export function signalled() {
  return signalCode;
}

/** Memoizes an async function: every call after the first returns the first call's promise. */
function once(fn) {
  let p = null;
  return () => (p ??= Promise.resolve().then(fn));
}

/** Registers an undo step; it stays registered until its run() has completed. */
export function addCleanup(c) {
  const entry = {
    ...c,
    run: once(async () => {
      try {
        await c.run();
      } finally {
        cleanups.delete(entry);
      }
    }),
  };
  cleanups.add(entry);
  installShutdown();
  return { run: entry.run, cancel: () => cleanups.delete(entry) };
}

/** Registers a folder to remove on every exit path; returns { run, cancel } like addCleanup. */
export function addTempDir(dir, name = `temp folder ${dir}`) {
  const rm = () => rmSync(dir, { recursive: true, force: true });
  return addCleanup({ name, run: async () => rm(), sync: rm });
}

/** Runs (or waits for) every registered cleanup, newest first. Safe to call concurrently. */
export async function cleanupAll() {
  for (const c of [...cleanups].reverse()) {
    try {
      await c.run();
    } catch (e) {
      say(`cleanup of ${c.name} failed: ${e?.message ?? e}`);
      try {
        c.sync?.();
      } catch {
        /* the exit handler tries once more */
      }
      cleanups.delete(c);
    }
  }
}

/** Stops everything and exits with `code` (once; later triggers are ignored). */
function shutdown(why, code) {
  if (signalCode !== null) return;
  signalCode = code;
  shutdownLog(`${why}: stopping ${shutdownWhat}, removing temp folders ...`);
  stopEverything().finally(() => process.exit(code));
}

/**
 * Installs the process handlers (once) and adjusts them:
 *   log(line)    how to report a signal (default: the [vscode-host] prefix)
 *   what         what the report says is being stopped
 *   stop()       an extra async step run before cleanupAll() on a signal or an uncaught error
 *                (it may call cleanupAll() itself)
 *   watchParent  also shut down when the parent process goes away (`npm run x` dies of a
 *                SIGTERM without passing it on, which would leave us and code-server as orphans)
 *   uncaught     an uncaught exception or unhandled rejection: report, clean up, exit 1
 * Returns { signalled() }: the exit code once a signal came, else null.
 */
export function installShutdown({ log, what, stop, watchParent = false, uncaught = false } = {}) {
  if (log) shutdownLog = log;
  if (what) shutdownWhat = what;
  if (stop) stopHooks.add(stop);
  if (!installed) {
    installed = true;
    process.on('SIGINT', () => shutdown('SIGINT received', 130));
    process.on('SIGTERM', () => shutdown('SIGTERM received', 143));
    process.on('SIGHUP', () => shutdown('SIGHUP received', 129));
    // Last resort if the process exits while something is still registered: synchronous steps only.
    process.on('exit', () => {
      for (const c of [...cleanups].reverse()) {
        try {
          c.sync?.();
        } catch {
          /* nothing more we can do */
        }
      }
    });
  }
  if (uncaught && !uncaughtInstalled) {
    uncaughtInstalled = true;
    const fatal = (kind) => (e) => {
      shutdownLog(`${kind}: ${e?.stack ?? e}`);
      stopEverything().finally(() => process.exit(1));
    };
    process.on('uncaughtException', fatal('uncaught error'));
    process.on('unhandledRejection', fatal('unhandled rejection'));
  }
  if (watchParent && !parentWatch) {
    const parentPid = process.ppid;
    parentWatch = setInterval(() => {
      if (process.ppid !== parentPid) shutdown(`parent process ${parentPid} exited`, 143);
    }, 500);
    parentWatch.unref();
  }
  return { signalled };
}

// ---------------------------------------------------------------------------------------------
// Process trees
// ---------------------------------------------------------------------------------------------

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** All descendants of `pid` (from /proc), deepest last. */
export function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      /* process went away */
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export function descendantsOfAll(pids) {
  return pids.flatMap((p) => descendants(p));
}

/** Waits until none of `pids` exists any more (zombies included), at most `ms`. */
export async function waitGone(pids, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some((p) => existsSync(`/proc/${p}`))) await sleep(50);
}

/** The same, blocking (for the process 'exit' handler, where nothing async runs any more). */
export function waitGoneSync(pids, ms) {
  const deadline = Date.now() + ms;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // A zombie that is our own child cannot be reaped here (the event loop is gone); the kernel
  // hands it to init as soon as we exit, so count it as gone.
  const alive = (p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return !(state === 'Z' && Number(ppid) === process.pid);
    } catch {
      return false;
    }
  };
  while (Date.now() < deadline && pids.some(alive)) Atomics.wait(cell, 0, 0, 50);
}

export function killQuiet(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Kills a detached child's whole process group, plus any descendant that left the group. */
export async function killTree(pid, graceMs = 5000) {
  const stragglers = descendants(pid);
  killQuiet(-pid, 'SIGTERM');
  for (const p of stragglers) killQuiet(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && (pidAlive(pid) || stragglers.some(pidAlive))) await sleep(100);
  killQuiet(-pid, 'SIGKILL');
  for (const p of stragglers) if (pidAlive(p)) killQuiet(p, 'SIGKILL');
  await waitGone([pid, ...stragglers], 3000);
}

export function killTreeSync(pid) {
  const all = [pid, ...descendants(pid)];
  for (const p of all) killQuiet(p, 'SIGKILL');
  killQuiet(-pid, 'SIGKILL');
  waitGoneSync(all, 1000);
}
