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

describe('times written without Date getters (export fast path)', () => {
  // Edges of the arithmetic path (years 0000-9999, leap days, before 1970, fractions) and
  // values outside it, each against the engine's own Date.
  const edges = [
    0, -1, 1, -0.5, 0.5, 1.9999, -1.9999, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1), Date.UTC(1900, 1, 28, 12),
    Date.UTC(1969, 11, 31, 23, 59, 59, 999), -62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15,
  ];
  const values = [...edges];
  let seed = 11;
  for (let i = 0; i < 20_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    values.push(Math.floor((seed / 2147483648 - 0.5) * 6.4e14));
  }
  it('isoString is toISOString', async () => {
    const { isoString } = await import('../../src/api/state');
    for (const v of values) assert.equal(isoString(v), new Date(v).toISOString(), String(v));
  });
  it('formatInZone gives the fields a Date gives, in every offset', async () => {
    const { formatInZone } = await import('../../src/api');
    for (const [i, v] of values.entries()) {
      const zone = [480, -330, 0, 765, -840][i % 5];
      const d = new Date(v + zone * 60_000);
      if (Number.isNaN(d.getTime())) continue;
      const p = (n: number) => String(n).padStart(2, '0');
      const suffix = zone === 0 ? 'UTC' : `${zone < 0 ? '-' : '+'}${p(Math.floor(Math.abs(zone) / 60))}:${p(Math.abs(zone) % 60)}`;
      assert.equal(formatInZone(v, zone), `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${suffix}`, `${v} ${zone}`);
    }
  });
});
