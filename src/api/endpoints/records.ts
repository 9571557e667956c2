/**
 * number/record/queryPage: call records of a time window (at most 31 days; the vendor keeps
 * about two months), normalised. Reading a longer window and keeping the calls of a binding, an
 * app or a middle number (the endpoint has no filter) is callRecordsFor.ts.
 */
import { PnsValidationError } from '../errors';
import { safeText } from '../safe';
import { type ListPage, count, digitsField, isPlainObject, normaliseListPage, parseExpireTime } from '../normalize';
import type { RequestOptions } from '../options';
import type { Caller } from './caller';
import { checkPaging } from './fields';
import { textField } from './numbers';

export const QUERY_CALL_RECORD_PAGE_PATH = 'number/record/queryPage';
/** The longest window one query may span. */
export const MAX_WINDOW_MS = 31 * 86_400_000;
/** How far back the vendor keeps records ("the last two months"), taken as 62 days. */
export const RETENTION_MS = 62 * 86_400_000;

export type CallDirection = 'incoming' | 'outgoing' | 'unknown';

/** One call record as the client hands it out. Numbers and ids are always strings. */
export interface CallRecord {
  callId: string;
  /** The middle number (PNS) the call went through. */
  number: string;
  caller: string;
  called: string;
  /** Start and end as epoch ms (seconds, ms or text accepted), null when unreadable. */
  start: number | null;
  end: number | null;
  /** `callDuration` in seconds, null when not a count. */
  durationS: number | null;
  /** `chargedDuration` in seconds, null when not a count. */
  chargedDurationS: number | null;
  /** SIP code as sent ('200' = connected), made safe; '' when absent. */
  sipCode: string;
  /** `pay` as sent (a decimal as text, never rounded through arithmetic); '' when absent. */
  cost: string;
  /** `currency` ('' = USD per the vendor's page). */
  currency: string;
  /** From `callSource`: 2 incoming, 3 outgoing. */
  direction: CallDirection;
  /** `hangupReason` as sent, made safe (one line, at most 100 characters); '' when absent. */
  hangupReason: string;
  /** What the call's end means, in words (from the hangup reason or, failing that, the SIP code). */
  hangupText: string;
  /** `recordingFileUrl` when it is an https: URL without credentials, else null. */
  recordingUrl: string | null;
  appId: string;
  raw: Readonly<Record<string, unknown>>;
}

export type CallRecordPage = ListPage<CallRecord>;

export interface CallRecordPageQuery {
  current: number;
  size: number;
  /** ISO 8601 with an offset, e.g. 2022-01-31T00:00:00+08:00 (or epoch ms, written in the client's zone). */
  strTime: string | number;
  endTime: string | number;
}

// The vendor's page has no table of hangup reasons; these are the SIP final responses a call
// record's sipCode / hangupReason carries (RFC 3261 meanings), written out in words.
const SIP_TEXT: Readonly<Record<string, string>> = {
  '200': 'answered',
  '403': 'refused by the network',
  '404': 'number not found',
  '408': 'no answer (timed out)',
  '480': 'not available',
  '484': 'incomplete number',
  '486': 'busy',
  '487': 'cancelled by the caller',
  '488': 'not acceptable',
  '500': 'network error',
  '503': 'network unavailable',
  '603': 'declined',
};
// Words the vendor's free-text hangupReason may use. The reason is read lower-cased, with
// '_', '-' and '.' as spaces and runs of blanks as one ("CALLER_HANG-UP" -> "caller hang up"),
// so each rule below is written once for every spelling.
const HUNG = '(?:hung ?up|hang ?up|hangs up|hanged up|disconnected|released)';
const CALLER = '(?:the )?(?:caller|calling(?: party)?|a(?: party| side| leg| number)?|originator)';
const CALLED = '(?:the )?(?:called(?: party| number)?|callee|b(?: party| side| leg| number)?)';
const REASON_TEXT: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(normal|normal( call)? clearing|hung ?up|hang ?up|completed?|call completed)$/, 'ended normally'],
  [new RegExp(`^(${CALLER} ?${HUNG}|${HUNG} by ${CALLER}|${CALLER} ended( the call)?)$`), 'the caller hung up'],
  [new RegExp(`^(${CALLED} ?${HUNG}|${HUNG} by ${CALLED}|${CALLED} ended( the call)?)$`), 'the called party hung up'],
  [/^((user|called party|callee|b) )?busy$/, 'busy'],
  [/^(no answer|not answered|no reply|unanswered)$/, 'no answer'],
  [/^((caller |a )?(cancel|cancell?ed)|cancell?ed by (the )?caller)$/, 'cancelled by the caller'],
  [/^((call|called party|callee|b) )?(reject|rejected|declined?)$/, 'declined'],
];

/** A free-text reason as the rules read it: lower case, '_', '-' and '.' as blanks, one blank between words. */
function reasonWords(reason: string): string {
  return reason.toLowerCase().replace(/[_\-.]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** A hangup reason (code or words) and SIP code -> plain words; '' when neither says anything known. */
export function hangupText(reason: string, sipCode: string): string {
  const r = reason.trim();
  if (/^\d{3}$/.test(r) && SIP_TEXT[r]) return SIP_TEXT[r];
  const words = reasonWords(r);
  for (const [re, text] of REASON_TEXT) if (re.test(words)) return text;
  if (/^\d{3}$/.test(sipCode) && SIP_TEXT[sipCode]) return SIP_TEXT[sipCode];
  return r === '' ? '' : 'other';
}

/** An https: URL without user name or password, at most 2,000 characters, else null. */
export function recordingUrl(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  // eslint-disable-next-line no-control-regex
  if (s === '' || s.length > 2000 || /[\s\x00-\x1f\x7f]/.test(s)) return null;
  try {
    const u = new URL(s);
    if (u.protocol !== 'https:' || u.username !== '' || u.password !== '' || u.hostname === '') return null;
    return u.href;
  } catch {
    return null;
  }
}

function direction(v: unknown): CallDirection {
  const n = count(v);
  return n === 2 ? 'incoming' : n === 3 ? 'outgoing' : 'unknown';
}

/** `pay` as text: a JSON number printed as sent by JS (a double), a numeric string kept. */
function money(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && /^\s*-?\d{1,15}(\.\d{1,12})?\s*$/.test(v)) return v.trim();
  return '';
}

/** One raw call record -> CallRecord, or why it can't be used (no call id). Times: seconds, ms or text in `zoneOffsetMinutes`. */
export function normaliseCallRecord(raw: unknown, zoneOffsetMinutes: number): CallRecord | string {
  if (!isPlainObject(raw)) return `a call record is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not an object`;
  const idRaw = raw.callid ?? raw.callId;
  const callId = typeof idRaw === 'string' ? safeText(idRaw, { max: 100 }) : digitsField(idRaw);
  if (callId === null || callId === '') return 'a call record has no usable callid';
  const hangupReason = textField(raw.hangupReason, 100);
  const sipCode = textField(raw.sipCode, 10);
  return {
    callId,
    number: digitsField(raw.number) ?? '',
    caller: digitsField(raw.caller) ?? '',
    called: digitsField(raw.called) ?? '',
    start: parseExpireTime(raw.startTime, zoneOffsetMinutes),
    end: parseExpireTime(raw.endTime, zoneOffsetMinutes),
    durationS: count(raw.callDuration),
    chargedDurationS: count(raw.chargedDuration),
    sipCode,
    cost: money(raw.pay),
    currency: textField(raw.currency, 10),
    direction: direction(raw.callSource),
    hangupReason,
    hangupText: hangupText(hangupReason, sipCode),
    recordingUrl: recordingUrl(raw.recordingFileUrl),
    appId: textField(raw.appId, 64),
    raw,
  };
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:\d{2}|Z)$/;

/** Epoch ms -> "2022-01-31T00:00:00+08:00" in a fixed offset (minutes east), whole seconds (rounded down). */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const abs = Math.abs(offsetMinutes);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${offsetMinutes < 0 ? '-' : '+'}${p(Math.floor(abs / 60))}:${p(abs % 60)}`;
}

function checkTime(field: 'strTime' | 'endTime', v: unknown, offsetMinutes: number): { text: string; ms: number } {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) {
    // Whole seconds on the wire: the start rounded down, the end up, so no call falls outside.
    const ms = (field === 'strTime' ? Math.floor(v / 1000) : Math.ceil(v / 1000)) * 1000;
    return { text: isoWithOffset(ms, offsetMinutes), ms };
  }
  if (typeof v === 'string' && ISO_WITH_OFFSET.test(v)) {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return { text: v, ms };
  }
  throw new PnsValidationError(field, `${field} must be a time in ISO 8601 with an offset, e.g. 2022-01-31T00:00:00+08:00 (got ${typeof v === 'string' ? `"${safeText(v, { max: 40 })}"` : typeof v}).`, 'Pass the time as epoch milliseconds or as ISO 8601 with its offset.');
}

/** The request body of a call-record query, else PnsValidationError (nothing is sent). */
export function callRecordPageBody(query: CallRecordPageQuery, offsetMinutes: number): { current: number; size: number; params: { strTime: string; endTime: string } } {
  const { current, size } = checkPaging(query.current, query.size);
  const from = checkTime('strTime', query.strTime, offsetMinutes);
  const to = checkTime('endTime', query.endTime, offsetMinutes);
  if (to.ms <= from.ms) {
    throw new PnsValidationError('endTime', 'The end of the time window must come after its start.', 'Swap the start and the end, or widen the window.');
  }
  if (to.ms - from.ms > MAX_WINDOW_MS) {
    throw new PnsValidationError('endTime', 'Laaffic answers call records for at most 31 days at a time.', 'Split the window with splitWindow(), or use callRecordsFor(), which does.');
  }
  return { current, size, params: { strTime: from.text, endTime: to.text } };
}

/** One page of call records (`POST /number/record/queryPage`), normalised. Idempotent, so retried. */
export async function queryCallRecordPage(caller: Caller, query: CallRecordPageQuery, zoneOffsetMinutes: number, options: RequestOptions = {}): Promise<CallRecordPage> {
  const body = callRecordPageBody(query, zoneOffsetMinutes);
  const env = await caller.call(QUERY_CALL_RECORD_PAGE_PATH, body, { ...options, idempotent: true });
  const page = normaliseListPage(env.data, body, caller.host, 'number/record/queryPage', (r) => normaliseCallRecord(r, zoneOffsetMinutes));
  page.replyChars = env.replyChars;
  return page;
}
