/**
 * The Calls section's parts without vscode or DOM, shared by the extension and the pages: the
 * window presets, a call record as the plain data the page shows, the texts of the section.
 */

import { CALL_OUTCOMES, type CallOutcome } from '../api/endpoints/outcome';
import { ENGLISH_PANEL, type PanelLanguage, type PanelStringId, panelText } from './panelStrings';

/** The windows a Calls section may read, newest calls last `…` before now. */
export type CallsWindow = '24h' | '7d' | '30d' | '60d';
/** The windows a binding's, an app's or a middle number's section offers. */
export const CALLS_WINDOWS: readonly CallsWindow[] = ['24h', '7d', '30d'];
/** The windows Find Calls by Number offers: up to the two months the vendor keeps. */
export const PHONE_WINDOWS: readonly CallsWindow[] = ['24h', '7d', '30d', '60d'];
const ALL_WINDOWS: readonly CallsWindow[] = PHONE_WINDOWS;
export const DEFAULT_CALLS_WINDOW: CallsWindow = '7d';
export const CALLS_WINDOW_LABEL: Readonly<Record<CallsWindow, string>> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days', '60d': 'Last 60 days' };
const HOUR = 3_600_000;
export const CALLS_WINDOW_MS: Readonly<Record<CallsWindow, number>> = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR, '60d': 60 * 24 * HOUR };

export { CALL_OUTCOMES, type CallOutcome };
/** At most this many calls (the newest) are sent to the page; the section says how many there were. */
export const MAX_CALL_ROWS = 500;

export function isCallsWindow(v: unknown): v is CallsWindow {
  return typeof v === 'string' && (ALL_WINDOWS as readonly string[]).includes(v);
}

/** A preset, or 'custom': a start and an end the user picked (checkCustomWindow checks them). */
export type CallsWindowChoice = CallsWindow | 'custom';
export const CUSTOM_WINDOW_LABEL = 'Custom…';

/**
 * What to read: a preset ending now, or a custom window as epoch ms; null is a value that was
 * missing or not a number (the extension answers with what to enter, never silently nothing).
 */
export type CallsRequest = { window: CallsWindow } | { window: 'custom'; from: number | null; to: number | null };

/** [from, to] in epoch ms of a preset, ending now (whole seconds: the vendor's times have none). */
export function windowRange(w: CallsWindow, now: number): { from: number; to: number } {
  const to = Math.ceil(now / 1000) * 1000;
  return { from: to - CALLS_WINDOW_MS[w], to };
}

/** One call as the page shows it: plain data only, never a URL (the page gets nothing it could load). */
export interface CallView {
  callId: string;
  caller: string;
  called: string;
  /** The middle number the call went through. */
  number: string;
  /** Epoch ms, null when unreadable (the page writes it in local time). */
  start: number | null;
  durationS: number | null;
  /** How the call ended, in words ('' when unknown). */
  hangupText: string;
  /** The vendor's own hangupReason, made safe by the core (one line, at most 100 characters); '' when absent. */
  hangupReason: string;
  /** The SIP code as sent, made safe ('' when absent). */
  sipCode: string;
  /** True when the record has an https recording: the page offers "Open recording…" (the extension asks first). */
  hasRecording: boolean;
  /** The class of how it ended (callOutcome, the one rule). */
  outcome: CallOutcome;
  /** `pay` as sent ('' when absent) and its currency ('' = the vendor's default, USD). */
  cost: string;
  currency: string;
  /**
   * The row's own reference, what its buttons send back: the call id, or with several accounts
   * "<account index>:<call id>" (two accounts may answer the same call id).
   */
  ref: string;
  /** Across accounts: the account's name, made safe ('' otherwise). */
  account: string;
  /**
   * Find Calls by Number: the live binding of this call's pair ({ bindId }), 'none' when there is
   * none, 'checking' while the bindings are still being looked for; undefined in other sections.
   */
  link?: CallLink;
}

export type CallLink = { bindId: string } | 'none' | 'checking' | 'unknown';

/** What toCallView needs of a core CallRecord: the shown fields, and the URL instead of the flag. */
export type CallLike = Omit<CallView, 'hasRecording' | 'outcome' | 'ref' | 'account' | 'link'> & { recordingUrl: string | null };

export function toCallView(r: CallLike, outcome: CallOutcome, more: { ref?: string; account?: string; link?: CallLink } = {}): CallView {
  const v: CallView = {
    callId: r.callId,
    caller: r.caller,
    called: r.called,
    number: r.number,
    start: r.start,
    durationS: r.durationS,
    hangupText: r.hangupText,
    hangupReason: r.hangupReason,
    sipCode: r.sipCode,
    hasRecording: typeof r.recordingUrl === 'string' && r.recordingUrl.startsWith('https://'),
    outcome,
    cost: r.cost,
    currency: r.currency,
    ref: more.ref ?? r.callId,
    account: more.account ?? '',
  };
  if (more.link !== undefined) v.link = more.link;
  return v;
}

/** Calls per outcome, in CALL_OUTCOMES order (every class, zeros too). */
export type OutcomeTotals = Array<[CallOutcome, number]>;

export function emptyTotals(): Record<CallOutcome, number> {
  return { answered: 0, busy: 0, 'no-answer': 0, failed: 0, other: 0 };
}

export function totalsList(t: Record<CallOutcome, number>): OutcomeTotals {
  return CALL_OUTCOMES.map((o) => [o, t[o]]);
}

/** The page's text id of an outcome class. */
export const OUTCOME_TEXT: Readonly<Record<CallOutcome, PanelStringId>> = {
  answered: 'outAnswered',
  busy: 'outBusy',
  'no-answer': 'outNoAnswer',
  failed: 'outFailed',
  other: 'outOther',
};

/** "Answered 3 · Busy 1 · No answer 0 · Failed 2 · Other 0". */
export function totalsText(t: OutcomeTotals, lang: PanelLanguage = ENGLISH_PANEL): string {
  return t.map(([o, n]) => panelText(lang.strings, 'outcomeCount', lang.strings[OUTCOME_TEXT[o]], n.toLocaleString(lang.locale))).join(' · ');
}

/**
 * The numbers a binding's calls are matched by: its real phones A and B, each once. Not the
 * middle numbers: those are shared by many bindings of the pool, so a call through the same
 * middle number between other people is not this binding's (and showing it would show other
 * customers' numbers).
 */
export function bindingNumbers(b: { phoneA: string; phoneB: string }): string[] {
  return [...new Set([b.phoneA, b.phoneB].filter((n) => typeof n === 'string' && n !== ''))];
}

/**
 * Whose calls a Calls section shows, as the page gets it (plain data): `key` names the calls
 * messages that belong to it (a binding's id; 'app:<appId>'; 'number:<digits>'), `noun` is
 * how buttons and texts name it ("binding 123", "app Rides", "middle number 4477…"), `about`
 * says before the first load which calls these are.
 */
export interface ScopeView {
  key: string;
  kind: 'binding' | 'app' | 'number' | 'phone';
  noun: string;
  about: string;
}

/** The details panel's scope: the binding's calls, by its phones (src/webview/callsScope.ts matches them). */
export function bindingScopeView(b: { bindId: string }): ScopeView {
  return { key: b.bindId, kind: 'binding', noun: `binding ${b.bindId}`, about: 'Pick a window and load the calls of this binding’s phones A and B.' };
}

/** The ids of a duration's three forms, in any page's string table that has them ("{0} s", "{0} min {1} s", "{0} h {1} min"). */
export type DurationWordId = 'unitS' | 'durMinS' | 'durHMin';

/** A duration in words: "0 s", "45 s", "3 min 05 s", "1 h 02 min"; '—' when unknown. `text` fills one of the three forms. */
export function durationWords(s: number | null, text: (id: DurationWordId, ...args: Array<string | number>) => string): string {
  if (s === null || !Number.isFinite(s) || s < 0) return '—';
  const t = Math.floor(s);
  const p = (n: number) => String(n).padStart(2, '0');
  if (t < 60) return text('unitS', t);
  if (t < 3600) return text('durMinS', Math.floor(t / 60), p(t % 60));
  return text('durHMin', Math.floor(t / 3600), p(Math.floor((t % 3600) / 60)));
}

/** A call's duration in words, in the page's language. */
export function formatCallDuration(s: number | null, lang: PanelLanguage = ENGLISH_PANEL): string {
  return durationWords(s, (id, ...args) => panelText(lang.strings, id, ...args));
}

/** "3 pages of 12" while the records are read. */
export function progressText(pagesDone: number, pagesTotal: number, lang: PanelLanguage = ENGLISH_PANEL): string {
  if (pagesTotal <= 0) return lang.strings.readingRecords;
  const n = (x: number) => x.toLocaleString(lang.locale);
  return panelText(lang.strings, pagesTotal === 1 ? 'progressOne' : 'progressMany', n(pagesDone), n(pagesTotal));
}

/**
 * The first sentence of a loaded section: how many calls matched `where` ("in the last 7 days")
 * and, when only the newest were sent (an app's calls can be thousands), how many are shown.
 */
export function matchedText(total: number, shown: number, where: string, lang: PanelLanguage = ENGLISH_PANEL): string {
  const n = (x: number) => x.toLocaleString(lang.locale);
  if (total <= 0) return panelText(lang.strings, 'noCalls', where);
  if (shown < total) return panelText(lang.strings, 'callsManyShown', n(total), where, n(shown));
  return panelText(lang.strings, total === 1 ? 'callsOne' : 'callsMany', n(total), where);
}

/** The line under the calls: what was read, and when the window reaches past the vendor's retention. */
export function scannedText(r: { scanned: number; windows: number; reachesPastRetention: boolean }, lang: PanelLanguage = ENGLISH_PANEL): string {
  const n = (x: number) => x.toLocaleString(lang.locale);
  const id = r.scanned === 1 ? (r.windows === 1 ? 'scannedOneOne' : 'scannedOneMany') : r.windows === 1 ? 'scannedManyOne' : 'scannedManyMany';
  const base = panelText(lang.strings, id, n(r.scanned), n(r.windows));
  return r.reachesPastRetention ? panelText(lang.strings, 'pastRetention', base) : base;
}

/** A preset's (or Custom…'s) label in the page's language. */
export function windowLabel(w: CallsWindowChoice, lang: PanelLanguage = ENGLISH_PANEL): string {
  return lang.strings[w === 'custom' ? 'winCustom' : w === '24h' ? 'win24h' : w === '7d' ? 'win7d' : w === '60d' ? 'win60d' : 'win30d'];
}


/**
 * How a calls panel reads call records (an app's, a number's or a phone's): only the newest
 * MAX_CALL_ROWS are kept (tens of thousands can match; all are counted), `searchConcurrency` in
 * flight, the retries setting per page (the page stream retries a failed page; the transport does not).
 */
export function callsReadOptions(s: { searchConcurrency: number; retries: number }): { keep: number; concurrency: number; maxAttemptsPerPage: number } {
  return { keep: MAX_CALL_ROWS, concurrency: s.searchConcurrency, maxAttemptsPerPage: s.retries + 1 };
}
