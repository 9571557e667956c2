// The request log's budget: few requests are each listed; a burst lists REQUEST_LINES_PER_SECOND
// a second and counts the rest in one line when that second ends; a failure is always listed.
import * as assert from 'node:assert/strict';
import { requestLogger } from '../../src/accounts/requestLog';

function harness() {
  const lines: string[] = [];
  let now = 1_000_000;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const clock = { now: () => now, later: (fn: () => void, ms: number) => void timers.push({ at: now + ms, fn }) };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
      if (t.at <= now) t.fn();
      else timers.push(t);
    }
  };
  const log = requestLogger({ info: (l) => lines.push(`info ${l}`), warn: (l) => lines.push(`warn ${l}`) }, clock);
  return { lines, log, advance };
}

describe('the request log', () => {
  it('lists each request while there are few', () => {
    const { lines, log, advance } = harness();
    for (let i = 0; i < 5; i++) {
      log(`POST /a ${i}`, false);
      advance(300);
    }
    assert.deepEqual(lines, [0, 1, 2, 3, 4].map((i) => `info POST /a ${i}`));
  });

  it('a burst of 500 in a second: 20 listed, the other 480 counted in one line when the second ends', () => {
    const { lines, log, advance } = harness();
    for (let i = 0; i < 500; i++) log(`POST /b ${i}`, false);
    assert.equal(lines.length, 20, 'twenty lines at once');
    assert.deepEqual(lines.slice(0, 2), ['info POST /b 0', 'info POST /b 1']);
    advance(1000);
    assert.equal(lines.length, 21);
    assert.equal(lines[20], 'info … and 480 more successful requests in that second, not listed one by one.');
    advance(5000);
    assert.equal(lines.length, 21, 'the count is written once');
  });

  it('a failed request is always listed, even in a burst, and does not count against the budget', () => {
    const { lines, log } = harness();
    for (let i = 0; i < 30; i++) log(`POST /c ${i}`, false);
    log('POST /c → HTTP 503', true);
    assert.ok(lines.includes('warn POST /c → HTTP 503'));
    assert.equal(lines.filter((l) => l.startsWith('info')).length, 20);
  });

  it('the next second lists again; its count is its own', () => {
    const { lines, log, advance } = harness();
    for (let i = 0; i < 25; i++) log(`x${i}`, false);
    advance(1000);
    for (let i = 0; i < 22; i++) log(`y${i}`, false);
    advance(1000);
    assert.deepEqual(
      lines.filter((l) => l.includes('more successful')),
      ['info … and 5 more successful requests in that second, not listed one by one.', 'info … and 2 more successful requests in that second, not listed one by one.'],
    );
    assert.equal(lines.filter((l) => l.startsWith('info y')).length, 20);
  });
});
