/**
 * The Calls section's custom window (no vscode or DOM import): a date typed or picked in local
 * time read strictly, the one check of a window, and a window's length in words.
 */

import { translator as l10n } from '../display/text';
import { ENGLISH_PANEL, type PanelLanguage, panelText } from './panelStrings';
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

/**
 * "February 2026" ("2026年2月"): the month in the display language's calendar words. The
 * translator's text for 'en' is the display language's BCP 47 tag (zh-CN in Chinese).
 */
function monthName(y: number, mo: number): string {
  const locale = l10n.t('en');
  try {
    return new Date(Date.UTC(y, mo - 1, 1)).toLocaleString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  } catch {
    return `${y}-${String(mo).padStart(2, '0')}`;
  }
}

/** DATE_INPUT_EXAMPLE in the display language ("2026-11-01 or 2026-11-01 14:00"). */
export function exampleText(): string {
  return l10n.t('{0} or {1}', '2026-11-01', '2026-11-01 14:00');
}

/** spanText's words through the translator (the extension's texts; the page passes its own table). */
function translatedSpan(): PanelLanguage {
  return { strings: { ...ENGLISH_PANEL.strings, spanDay: l10n.t('1 day'), spanDays: l10n.t('{0} days', '{0}'), unitH: l10n.t('{0} h', '{0}'), unitMin: l10n.t('{0} min', '{0}') }, locale: 'en' };
}

export type DateInput = { ok: true; ms: number } | { ok: false; problem: string };

/**
 * A date (and time) typed in the user's local time -> epoch ms. A date alone is its start,
 * 00:00. Only the forms of DATE_INPUT_EXAMPLE, years FIRST_YEAR..LAST_YEAR, real days and
 * times of day; anything else gives a problem in words saying how to write it.
 */
export function parseDateInput(text: unknown): DateInput {
  // In the extension these follow the display language (the injected translator of
  // src/display/text.ts); in the page they stay English (its date inputs give only valid dates).
  const how = l10n.t('write YYYY-MM-DD or YYYY-MM-DD HH:MM in your local time, e.g. {0}.', exampleText());
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, problem: l10n.t('Enter a date: {0}', how) };
  const m = text.length <= 100 ? DATE_INPUT.exec(text.trim()) : null;
  if (!m) return { ok: false, problem: l10n.t('That is not a date: {0}', how) };
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (y < FIRST_YEAR || y > LAST_YEAR) return { ok: false, problem: l10n.t('The year {0} is out of range: pick a year from {1} to {2}.', m[1], FIRST_YEAR, LAST_YEAR) };
  if (mo < 1 || mo > 12) return { ok: false, problem: l10n.t('There is no month {0}: months are 01 to 12.', m[2]) };
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return { ok: false, problem: l10n.t('{0} is not a day of the calendar: {1} has {2} days.', `${m[1]}-${m[2]}-${m[3]}`, monthName(y, mo), days) };
  if (h > 23 || mi > 59 || s > 59) return { ok: false, problem: l10n.t('{0} is not a time of day: hours are 00 to 23, minutes 00 to 59.', `${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''}`) };
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
  const e = exampleText();
  if (f === undefined && t === undefined) return { ok: false, problem: l10n.t('Enter the start and the end of the window (your local time), e.g. {0}.', e) };
  if (f === undefined) return { ok: false, problem: l10n.t('The start of the window is missing or not a date and time: enter it, e.g. {0}.', e) };
  if (t === undefined) return { ok: false, problem: l10n.t('The end of the window is missing or not a date and time: enter it, e.g. {0}.', e) };
  if (f === 'out of range') return { ok: false, problem: l10n.t('The start of the window is not a date from {0} to {1}: pick a date in that range.', FIRST_YEAR, LAST_YEAR) };
  if (t === 'out of range') return { ok: false, problem: l10n.t('The end of the window is not a date from {0} to {1}: pick a date in that range.', FIRST_YEAR, LAST_YEAR) };
  const from = Math.floor(f / 1000) * 1000;
  let to = Math.ceil(t / 1000) * 1000;
  if (from >= to) return { ok: false, problem: l10n.t('The start of the window must come before its end: pick an earlier start or a later end.') };
  const nowS = Math.ceil(now / 1000) * 1000;
  if (from >= nowS) return { ok: false, problem: l10n.t('The window starts in the future, so it can have no calls yet: pick a start before now.') };
  const notes: string[] = [];
  if (to > nowS) {
    to = nowS;
    notes.push(l10n.t('The end you picked is in the future, so the window ends now.'));
  }
  if (to - from > MAX_CUSTOM_WINDOW_MS) {
    return {
      ok: false,
      problem: l10n.t('The window is {0} long; at most {1} days are read at once (Laaffic keeps call records for only about 2 months). Pick a start and an end at most {1} days apart.', spanText(to - from, translatedSpan()), MAX_CUSTOM_WINDOW_DAYS),
    };
  }
  return { ok: true, from, to, notes };
}
