/**
 * The Calls section's custom window, without vscode or DOM imports (unit-tested; shared by the
 * page, the panel's message handling and Show Call Records…): a date typed or picked in local
 * time read strictly, a window checked against now (an end in the future clamped, at most
 * MAX_CUSTOM_WINDOW_DAYS long), and a window's length in words.
 */

import { ENGLISH_PANEL, type PanelLanguage, panelText } from '../shared/panelStrings';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The longest custom window: three 31-day queries. Longer than Laaffic keeps call records
 * (about 2 months), so a window reaching past that is allowed and the section says older calls
 * may be missing; anything longer is refused with a message.
 */
export const MAX_CUSTOM_WINDOW_DAYS = 93;
export const MAX_CUSTOM_WINDOW_MS = MAX_CUSTOM_WINDOW_DAYS * DAY;
/** Years a date may have (typed, picked or posted). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
// The instants of those years in any time zone (UTC-12 .. UTC+14), as epoch ms.
const EARLIEST_MS = Date.UTC(FIRST_YEAR, 0, 1) - 14 * HOUR;
const LATEST_MS = Date.UTC(LAST_YEAR + 1, 0, 1) + 12 * HOUR;

/** How a date is written: 2026-11-01, 2026-11-01 14:00, 2026-11-01T14:00 (what <input type="datetime-local"> gives), seconds optional. */
export const DATE_INPUT_EXAMPLE = '2026-11-01 or 2026-11-01 14:00';
const DATE_INPUT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export type DateInput = { ok: true; ms: number } | { ok: false; problem: string };

/**
 * A date (and time) typed in the user's local time -> epoch ms. A date alone is its start,
 * 00:00. Only the forms of DATE_INPUT_EXAMPLE, years FIRST_YEAR..LAST_YEAR, real days and
 * times of day; anything else gives a problem in words saying how to write it.
 */
export function parseDateInput(text: unknown): DateInput {
  const how = `write YYYY-MM-DD or YYYY-MM-DD HH:MM in your local time, e.g. ${DATE_INPUT_EXAMPLE}.`;
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, problem: `Enter a date: ${how}` };
  const m = text.length <= 100 ? DATE_INPUT.exec(text.trim()) : null;
  if (!m) return { ok: false, problem: `That is not a date: ${how}` };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (y < FIRST_YEAR || y > LAST_YEAR) return { ok: false, problem: `The year ${m[1]} is out of range: pick a year from ${FIRST_YEAR} to ${LAST_YEAR}.` };
  if (mo < 1 || mo > 12) return { ok: false, problem: `There is no month ${m[2]}: months are 01 to 12.` };
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return { ok: false, problem: `${m[1]}-${m[2]}-${m[3]} is not a day of the calendar: ${MONTHS[mo - 1]} ${y} has ${days} days.` };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, problem: `${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''} is not a time of day: hours are 00 to 23, minutes 00 to 59.` };
  // Local time. In the hour a daylight-saving change skips, the clock time is moved forward (as browsers do).
  return { ok: true, ms: new Date(y, mo - 1, d, h, mi, s).getTime() };
}

/** Epoch ms -> the local "YYYY-MM-DDTHH:MM" an <input type="datetime-local"> takes (to the minute, seconds dropped). */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A length of time in words, in minutes rounded up (a window a second over a limit reads as
 * over it): "7 days", "9 days 19 h 30 min", "45 min"; "0 min" for none.
 */
export function spanText(ms: number, lang: PanelLanguage = ENGLISH_PANEL): string {
  const s = lang.strings;
  if (!Number.isFinite(ms) || ms <= 0) return panelText(s, 'unitMin', 0);
  const t = Math.ceil(ms / MINUTE);
  const d = Math.floor(t / (24 * 60));
  const h = Math.floor((t % (24 * 60)) / 60);
  const m = t % 60;
  const parts: string[] = [];
  if (d) parts.push(d === 1 ? s.spanDay : panelText(s, 'spanDays', d.toLocaleString(lang.locale)));
  if (h) parts.push(panelText(s, 'unitH', h));
  if (m) parts.push(panelText(s, 'unitMin', m));
  return parts.join(' ');
}

/** A window in words: "from <start> to <end> (7 days)", the times written by `fmt` (the page: local time). */
export function describeWindow(from: number, to: number, fmt: (ms: number) => string, lang: PanelLanguage = ENGLISH_PANEL): string {
  return panelText(lang.strings, 'windowFromTo', fmt(from), fmt(to), spanText(to - from, lang));
}

export type CustomWindow =
  /** The window to read (whole seconds); `notes` say what was changed (an end in the future). */
  | { ok: true; from: number; to: number; notes: string[] }
  | { ok: false; problem: string };

/** A posted or computed instant: a finite number within the accepted years, else undefined. */
function instant(v: unknown): number | undefined | 'out of range' {
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  return v < EARLIEST_MS || v > LATEST_MS ? 'out of range' : v;
}

/** The note of an end in the future made now (the section shows it with the calls). */
export const END_CLAMPED_NOTE = 'The end you picked is in the future, so the window ends now.';

/**
 * The one check of a custom window, [from, to] as epoch ms from the page or the command, at
 * `now`: both must be dates (numbers of the years FIRST_YEAR..LAST_YEAR; anything else, NaN,
 * a string, null, is "missing or not a date"), the start before the end and before now; an end
 * after now becomes now (and a note says so); the window at most MAX_CUSTOM_WINDOW_DAYS long.
 * Start rounded down, end up, to whole seconds (the vendor's times have none). A window reaching
 * further back than Laaffic keeps records is allowed: the loaded section says so.
 */
export function checkCustomWindow(fromRaw: unknown, toRaw: unknown, now: number): CustomWindow {
  const f = instant(fromRaw);
  const t = instant(toRaw);
  if (f === undefined && t === undefined) return { ok: false, problem: `Enter the start and the end of the window (your local time), e.g. ${DATE_INPUT_EXAMPLE}.` };
  if (f === undefined) return { ok: false, problem: `The start of the window is missing or not a date and time: enter it, e.g. ${DATE_INPUT_EXAMPLE}.` };
  if (t === undefined) return { ok: false, problem: `The end of the window is missing or not a date and time: enter it, e.g. ${DATE_INPUT_EXAMPLE}.` };
  if (f === 'out of range' || t === 'out of range') {
    return { ok: false, problem: `The ${f === 'out of range' ? 'start' : 'end'} of the window is not a date from ${FIRST_YEAR} to ${LAST_YEAR}: pick a date in that range.` };
  }
  const from = Math.floor(f / 1000) * 1000;
  let to = Math.ceil(t / 1000) * 1000;
  if (from >= to) return { ok: false, problem: 'The start of the window must come before its end: pick an earlier start or a later end.' };
  const nowS = Math.ceil(now / 1000) * 1000;
  if (from >= nowS) return { ok: false, problem: 'The window starts in the future, so it can have no calls yet: pick a start before now.' };
  const notes: string[] = [];
  if (to > nowS) {
    to = nowS;
    notes.push(END_CLAMPED_NOTE);
  }
  if (to - from > MAX_CUSTOM_WINDOW_MS) {
    return {
      ok: false,
      problem: `The window is ${spanText(to - from)} long; at most ${MAX_CUSTOM_WINDOW_DAYS} days are read at once (Laaffic keeps call records for only about 2 months). Pick a start and an end at most ${MAX_CUSTOM_WINDOW_DAYS} days apart.`,
    };
  }
  return { ok: true, from, to, notes };
}
