
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

/** Epoch ms of `2022-01-31T00:00:00+08:00` (also `Z`, `+0800`, fractions), as record queries take it; undefined for anything else, February 30 too. */
export function parseIsoWithOffset(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const offset = parseUtcOffset(m[8]);
  if (offset === undefined || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(local).getUTCDate() !== day) return undefined;
  const fraction = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  return local + fraction - offset * 60_000;
}
