import { strict as assert } from 'node:assert';
import { bindingState, formatDuration, relativeExpiry, digitsOnly } from '../../src/api';

describe('binding state and relative times', () => {
  const now = Date.UTC(2026, 0, 1);
  const H = 3_600_000;
  it('classifies by expiry', () => {
    assert.equal(bindingState(now + 48 * H, now, 24), 'active');
    assert.equal(bindingState(now + 24 * H, now, 24), 'expiring');
    assert.equal(bindingState(now + 1000, now, 24), 'expiring');
    assert.equal(bindingState(now, now, 24), 'expired');
    assert.equal(bindingState(now - H, now, 24), 'expired');
    assert.equal(bindingState(null, now, 24), 'unknown');
    assert.equal(bindingState(now + 2 * H, now, 1), 'active');
  });
  it('formats durations', () => {
    assert.equal(formatDuration(3 * H + 5 * 60_000), '3 h');
    assert.equal(formatDuration(3 * H + 5 * 60_000, 2), '3 h 5 min');
    assert.equal(formatDuration(2 * 24 * H + 4 * H, 2), '2 d 4 h');
    assert.equal(formatDuration(2 * 24 * H + 30_000, 2), '2 d');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(0), '0 s');
  });
  it('says when, relative to now', () => {
    assert.equal(relativeExpiry(now + 3 * H, now), 'in 3 h');
    assert.equal(relativeExpiry(now - 2 * 24 * H, now), 'expired 2 d ago');
    assert.equal(relativeExpiry(now + 134 * 60_000, now, 2), 'in 2 h 14 min');
    assert.equal(relativeExpiry(null, now), 'expiry unknown');
  });
  it('keeps digits only', () => {
    assert.equal(digitsOnly('+91 502-702 1995'), '915027021995');
  });
});

describe('formatInZone', () => {
  it('writes an instant in a fixed offset', async () => {
    const { formatInZone } = await import('../../src/api');
    const t = Date.UTC(2023, 9, 22, 1, 0, 0);
    assert.equal(formatInZone(t, 480), '2023-10-22 09:00:00 +08:00');
    assert.equal(formatInZone(t, -330), '2023-10-21 19:30:00 -05:30');
    assert.equal(formatInZone(t, 0), '2023-10-22 01:00:00 UTC');
  });
});
