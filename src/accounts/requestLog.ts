/**
 * How the log lists requests: each one while there are few, and at most PER_SECOND lines a
 * second when a bulk read (Find, Export, Load All, the health dashboard) sends hundreds: the
 * rest of that second becomes one line that counts them. A request that failed is always listed.
 * Without this, the dashboard of a million bindings wrote ~13,000 lines, and writing them cost
 * the extension host about a fifth of the reading's time.
 */

/** Successful requests listed one by one in any second. */
export const REQUEST_LINES_PER_SECOND = 20;

export interface RequestLogSink {
  info(line: string): void;
  warn(line: string): void;
}

export interface RequestLogClock {
  now(): number;
  /** Runs `fn` after `ms` (a timer that never keeps the process alive). */
  later(fn: () => void, ms: number): void;
}

const realClock: RequestLogClock = {
  now: () => Date.now(),
  later: (fn, ms) => void setTimeout(fn, ms).unref?.(),
};

/** A function that logs one request's line: `failed` lines always, the others within the budget. */
export function requestLogger(sink: RequestLogSink, clock: RequestLogClock = realClock): (line: string, failed: boolean) => void {
  let windowStart = -Infinity;
  let listed = 0;
  let unlisted = 0;
  const flush = () => {
    if (unlisted > 0) sink.info(`… and ${unlisted} more successful request${unlisted === 1 ? '' : 's'} in that second, not listed one by one.`);
    unlisted = 0;
  };
  return (line, failed) => {
    if (failed) {
      sink.warn(line);
      return;
    }
    const now = clock.now();
    if (now - windowStart >= 1000) {
      flush();
      windowStart = now;
      listed = 0;
    }
    if (listed < REQUEST_LINES_PER_SECOND) {
      listed++;
      sink.info(line);
      return;
    }
    if (unlisted++ === 0) {
      // The count of this second is written when it ends, even if no request follows.
      const window = windowStart;
      clock.later(() => {
        if (windowStart === window) flush();
      }, windowStart + 1000 - now);
    }
  };
}
