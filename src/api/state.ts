/**
 * Binding state and human-readable relative times. No vscode import: shared by the tree,
 * the details panel, search and export.
 */
export type BindingState = 'active' | 'expiring' | 'expired' | 'unknown';

/** A middle number's state: 3 in use, 4 expired, 5 disabled (number/queryPage); 'unknown' for anything else. */
export type NumberState = 'in-use' | 'expired' | 'disabled' | 'unknown';

/** active, expiring (within `soonHours`), expired, or unknown (no readable expiry). */
export function bindingState(expiresAt: number | null, now: number, soonHours: number): BindingState {
  if (expiresAt === null) return 'unknown';
  if (expiresAt <= now) return 'expired';
  if (expiresAt - now <= soonHours * 3_600_000) return 'expiring';
  return 'active';
}

/** The units a duration is told in, largest first. */
export type DurationUnit = 'd' | 'h' | 'min' | 's';

const UNITS: ReadonlyArray<readonly [number, DurationUnit]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/**
 * The counts a duration is told in: the largest unit of |ms|, plus the next ones while they are
 * not zero, at most `parts` (2 d 4 h is [[2, 'd'], [4, 'h']]; under a second, [[0, 's']]).
 * Every rendering of a duration (formatDuration here, the display language's, the page's) uses it.
 */
export function durationParts(ms: number, parts = 1): Array<[number, DurationUnit]> {
  let rest = Math.abs(ms);
  const out: Array<[number, DurationUnit]> = [];
  for (const [size, unit] of UNITS) {
    if (out.length >= parts) break;
    const n = Math.floor(rest / size);
    if (n > 0 || (out.length === 0 && size === 1000)) {
      out.push([n, unit]);
      rest -= n * size;
    } else if (out.length > 0) break;
  }
  return out;
}

/** "3 h", "2 d 4 h", "12 min", "40 s" — the largest unit, plus the next one when it matters. */
export function formatDuration(ms: number, parts = 1): string {
  return durationParts(ms, parts)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/** "in 3 h", "expired 2 d ago", "expiry unknown". */
export function relativeExpiry(expiresAt: number | null, now: number, parts = 1): string {
  if (expiresAt === null) return 'expiry unknown';
  const d = expiresAt - now;
  return d > 0 ? `in ${formatDuration(d, parts)}` : `expired ${formatDuration(d, parts)} ago`;
}

/** True for a non-empty string of ASCII digits only (what /^\d+$/ says, in one look at each character). */
export function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Digits only: what a user means by "+91 502-702 1995". */
export function digitsOnly(s: string): string {
  // Fast path (ids and numbers are usually digits already, five per exported row): nothing to replace.
  return s === '' || allDigits(s) ? s : s.replace(/\D+/g, '');
}

/** "00".."99": two-digit fields without padStart (formatInZone runs once per exported row). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/** "+08:00" for 480, "UTC" for 0 (the zone suffix of formatInZone). */
function zoneSuffix(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return abs === 0 ? 'UTC' : `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** At least two digits, as String(n).padStart(2, '0'). */
function two(n: number): string {
  return TWO_DIGITS[n] ?? String(n).padStart(2, '0');
}

/** First and last time values of the years 0000..9999 (the only ones the fast paths below handle). */
const YEAR_0_MS = -62_167_219_200_000;
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * Whether `isoString(t)` (and `formatInZone(t - offset)` for the shifted time) takes the fast
 * path below: a year 0000..9999, so the text starts with a digit and holds no character a
 * CSV cell would change.
 */
export function inYears0To9999(t: number): boolean {
  return t >= YEAR_0_MS && t < YEAR_10000_MS;
}

/** The UTC fields utcFields() fills (one object, reused: the callers are synchronous). */
const F = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0 };

/**
 * Fills F with the UTC calendar fields of time value `t` (epoch ms, as a Date would hold it)
 * by arithmetic, which is several times cheaper than a Date and its getters; false (F
 * untouched) outside the years 0000..9999 or for a value that is not finite. The civil date
 * is H. Hinnant's days-to-civil algorithm (proleptic Gregorian, as ECMAScript's Date).
 */
function utcFields(time: number): boolean {
  if (!(time >= YEAR_0_MS && time < YEAR_10000_MS)) return false;
  const t = Math.trunc(time);
  const days = Math.floor(t / 86_400_000);
  let rest = t - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const mo = mp < 10 ? mp + 3 : mp - 9;
  F.y = yoe + era * 400 + (mo <= 2 ? 1 : 0);
  F.mo = mo;
  F.d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  F.h = Math.floor(rest / 3_600_000);
  rest -= F.h * 3_600_000;
  F.mi = Math.floor(rest / 60_000);
  rest -= F.mi * 60_000;
  F.s = Math.floor(rest / 1000);
  F.ms = rest - F.s * 1000;
  return true;
}

/** new Date(ms).toISOString() ("2023-10-22T01:00:00.000Z"), computed without a Date in the years 0000..9999. */
export function isoString(ms: number): string {
  if (!utcFields(ms)) return new Date(ms).toISOString();
  const y = F.y >= 1000 ? String(F.y) : String(F.y).padStart(4, '0');
  const milli = F.ms >= 100 ? String(F.ms) : F.ms >= 10 ? `0${F.ms}` : `00${F.ms}`;
  return `${y}-${TWO_DIGITS[F.mo]}-${TWO_DIGITS[F.d]}T${TWO_DIGITS[F.h]}:${TWO_DIGITS[F.mi]}:${TWO_DIGITS[F.s]}.${milli}Z`;
}

let lastZone = 0;
let lastSuffix = 'UTC';

/** "2023-10-22 09:00:00 +08:00": an instant written in a fixed UTC offset (minutes east). */
export function formatInZone(ms: number, offsetMinutes: number): string {
  if (offsetMinutes !== lastZone) {
    lastSuffix = zoneSuffix(offsetMinutes);
    lastZone = offsetMinutes;
  }
  if (utcFields(ms + offsetMinutes * 60_000)) {
    return `${F.y}-${TWO_DIGITS[F.mo]}-${TWO_DIGITS[F.d]} ${TWO_DIGITS[F.h]}:${TWO_DIGITS[F.mi]}:${TWO_DIGITS[F.s]} ${lastSuffix}`;
  }
  const d = new Date(ms + offsetMinutes * 60_000);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${lastSuffix}`;
}
