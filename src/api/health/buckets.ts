/**
 * The dashboard's facts about one binding, call or number, each written once: the aggregators
 * (aggregate.ts) count by them and healthSetFilter (filter.ts) selects by them, so a figure and
 * the set it opens always agree.
 */
import type { BindingRecord } from '../normalize';
import type { CallRecord } from '../endpoints/records';
import type { MiddleNumber } from '../endpoints/numbers';
import { digitsOnly } from '../state';
import { DUE_DAYS, EXPIRY_BUCKET_MS, type ExpiryBucket } from './figures';

const DAY_MS = 86_400_000;

/** When a binding expires, counted from `asOf` (see ExpiryBucket). */
export function expiryBucket(expiresAt: number | null, asOf: number): ExpiryBucket {
  if (expiresAt === null || !Number.isFinite(expiresAt)) return 'unknown';
  const d = expiresAt - asOf;
  if (d <= 0) return 'expired';
  if (d <= EXPIRY_BUCKET_MS['1h']) return '1h';
  if (d <= EXPIRY_BUCKET_MS['24h']) return '24h';
  if (d <= EXPIRY_BUCKET_MS['7d']) return '7d';
  return 'later';
}

/**
 * Whether a binding is live at `asOf`: not expired. One without a readable expiry counts as live
 * (nothing says it ended, so its calls are not reported as calls without a live binding).
 */
export function isLive(expiresAt: number | null, asOf: number): boolean {
  return expiresAt === null || !Number.isFinite(expiresAt) || expiresAt > asOf;
}

/** A binding's distinct middle numbers, as digits (one for AXB, two for AXXB). */
export function middleNumbers(b: Pick<BindingRecord, 'pnsNumberA' | 'pnsNumberB'>): string[] {
  const a = typeof b.pnsNumberA === 'string' ? digitsOnly(b.pnsNumberA) : '';
  const c = typeof b.pnsNumberB === 'string' ? digitsOnly(b.pnsNumberB) : '';
  if (a === '') return c === '' ? [] : [c];
  return c === '' || c === a ? [a] : [a, c];
}

/**
 * The calls window of a dashboard: whole days of the vendor's zone, the last `days` of them
 * (today, as far as it has gone, is the last), so that each day of the chart is a full day.
 */
export interface CallWindow {
  /** Epoch ms: the start of the first day in the vendor's zone. */
  from: number;
  /** Epoch ms: asOf. */
  to: number;
  /** Days since 1970-01-01 of the first day, in the vendor's zone. */
  firstDay: number;
  days: number;
  zoneOffsetMinutes: number;
}

export function callWindow(asOf: number, days: number, zoneOffsetMinutes: number): CallWindow {
  const off = zoneOffsetMinutes * 60_000;
  const today = Math.floor((asOf + off) / DAY_MS);
  const firstDay = today - (days - 1);
  return { from: firstDay * DAY_MS - off, to: asOf, firstDay, days, zoneOffsetMinutes };
}

/** The day of the window a call started on (0 = the first), or -1 when its start is unknown or outside the window. */
export function callDayIndex(start: number | null, w: CallWindow): number {
  if (start === null || !Number.isFinite(start) || start < w.from || start > w.to) return -1;
  const i = Math.floor((start + w.zoneOffsetMinutes * 60_000) / DAY_MS) - w.firstDay;
  return i >= 0 && i < w.days ? i : -1;
}

/** yyyy-mm-dd of day `i` of the window (in the vendor's zone). */
export function callDayLabel(w: CallWindow, i: number): string {
  return new Date((w.firstDay + i) * DAY_MS).toISOString().slice(0, 10);
}

/** A call's currency as the dashboard counts it: the record's code, upper case; '' (none) is USD. */
export function callCurrency(r: Pick<CallRecord, 'currency'>): string {
  const c = typeof r.currency === 'string' ? r.currency.trim().toUpperCase() : '';
  return c === '' ? 'USD' : c;
}

/** A call's hang-up reason as the top list counts it (the vendor's words, already made safe); '' = none (not counted). */
export function reasonOf(r: Pick<CallRecord, 'hangupReason'>): string {
  return typeof r.hangupReason === 'string' ? r.hangupReason : '';
}

/**
 * A number due for renewal without auto-renew: in use, a due date within DUE_DAYS of `asOf`
 * (already past included), and auto-renew not on (off, or not said).
 */
export function dueWithoutRenew(n: Pick<MiddleNumber, 'state' | 'dueDate' | 'autoRenew'>, asOf: number): boolean {
  return n.state === 'in-use' && n.autoRenew !== true && n.dueDate !== null && Number.isFinite(n.dueDate) && n.dueDate <= asOf + DUE_DAYS * DAY_MS;
}

/** A binding's mode as the figures count it (anything but AXXB is AXB). */
export function modeOf(b: Pick<BindingRecord, 'mode'>): 'AXB' | 'AXXB' {
  return b.mode === 'AXXB' ? 'AXXB' : 'AXB';
}
