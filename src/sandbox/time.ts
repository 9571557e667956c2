/** Clock-related helpers: UTC offsets and the vendor's "yyyy-MM-dd HH:mm:ss" text form. */

/** Parses 'Z', 'UTC', '+08:00', '+0800', '-05:30' into minutes east of UTC; undefined if invalid. */
export function parseUtcOffset(tz: string): number | undefined {
  const t = tz.trim();
  if (t === 'Z' || t.toUpperCase() === 'UTC') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** "yyyy-MM-dd HH:mm:ss" of an instant, written at the given offset (no zone suffix, like the vendor). */
export function formatLocal(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The formatter for expireTime / dueDate values. */
export function expireFormatter(format: 'text' | 'seconds', offsetMinutes: number): (ms: number) => string {
  return format === 'seconds'
    ? (ms) => String(Math.floor(ms / 1000))
    : (ms) => formatLocal(ms, offsetMinutes);
}
