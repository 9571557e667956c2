/**
 * The walks running in this window: reads of every page of an app (Load All, Find, Export, Filter
 * All Pages, Go to Binding). Auto refresh waits while one runs, so that it never competes with it
 * for the same pages. No vscode import.
 */
let running = 0;
const listeners = new Set<(walking: boolean) => void>();

/** Whether a walk runs now. */
export function walking(): boolean {
  return running > 0;
}

/** Runs `fn` as a walk: counted from its start until it settles (also when it fails or is cancelled). */
export async function asWalk<T>(fn: () => Promise<T>): Promise<T> {
  running++;
  if (running === 1) for (const l of [...listeners]) l(true);
  try {
    return await fn();
  } finally {
    running--;
    if (running === 0) for (const l of [...listeners]) l(false);
  }
}

/** Calls `listener` when the first walk starts and when the last one ends; returns how to stop listening. */
export function onWalking(listener: (walking: boolean) => void): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}
