/**
 * Binding state and human-readable relative times. No vscode import: shared by the tree,
 * the details panel, search and export.
 */
export type BindingState = 'active' | 'expiring' | 'expired' | 'unknown';

/** active, expiring (within `soonHours`), expired, or unknown (no readable expiry). */
export function bindingState(expiresAt: number | null, now: number, soonHours: number): BindingState {
  if (expiresAt === null) return 'unknown';
  if (expiresAt <= now) return 'expired';
  if (expiresAt - now <= soonHours * 3_600_000) return 'expiring';
  return 'active';
}

const UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** "3 h", "2 d 4 h", "12 min", "40 s" — the largest unit, plus the next one when it matters. */
export function formatDuration(ms: number, parts = 1): string {
  let rest = Math.abs(ms);
  const out: string[] = [];
  for (const [size, unit] of UNITS) {
    if (out.length >= parts) break;
    const n = Math.floor(rest / size);
    if (n > 0 || (out.length === 0 && size === 1000)) {
      out.push(`${n} ${unit}`);
      rest -= n * size;
    } else if (out.length > 0) break;
  }
  return out.join(' ');
}

/** "in 3 h", "expired 2 d ago", "expiry unknown". */
export function relativeExpiry(expiresAt: number | null, now: number, parts = 1): string {
  if (expiresAt === null) return 'expiry unknown';
  const d = expiresAt - now;
  return d > 0 ? `in ${formatDuration(d, parts)}` : `expired ${formatDuration(d, parts)} ago`;
}

const ALL_DIGITS = /^\d*$/;

/** Digits only: what a user means by "+91 502-702 1995". */
export function digitsOnly(s: string): string {
  // Fast path (ids and numbers are usually digits already): nothing to replace.
  return ALL_DIGITS.test(s) ? s : s.replace(/\D+/g, '');
}

/** "2023-10-22 09:00:00 +08:00": an instant written in a fixed UTC offset (minutes east). */
export function formatInZone(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${abs === 0 ? 'UTC' : `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`}`;
}
