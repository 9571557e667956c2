/**
 * Messages between the extension and the pages of its panels (the details panel; the calls
 * panel of an app or a middle number), and what each page persists. Shared by both sides (no
 * vscode or DOM import); each side ignores a message whose `type` it doesn't know.
 */
import { validateAppId } from '../config/appId';
import type { PanelStrings } from './panelStrings';
import { type CallView, type CallsRequest, type CallsWindowChoice, isCallsWindow, type OutcomeTotals, type ScopeView } from './calls';

/** Everything the panel shows, already computed by the extension (plain data, JSON-safe). */
export interface BindingView {
  bindId: string;
  phoneA: string;
  phoneB: string;
  pnsNumberA: string;
  pnsNumberB: string;
  mode: 'AXB' | 'AXXB';
  /** expireTime exactly as the vendor sent it. */
  expireTime: string;
  /** Epoch ms, or null when expireTime could not be read. */
  expiresAt: number | null;
  /** The expiry written in the configured vendor time zone, e.g. "2023-10-22 09:00:00 +08:00". */
  expiresInVendorZone: string | null;
  vendorZone: string;
  expiringSoonHours: number;
  /** `account`: the id of the account the binding belongs to (always recorded: Refresh, Calls and Unbind use only that account). */
  app: { appId: string | null; label: string; account: string };
  /** The page the binding was on (where Refresh looks first). */
  page: number;
  /** The raw record, formatted JSON. */
  rawJson: string;
  /** When the extension last read this binding from the server (epoch ms). */
  fetchedAt: number;
  /** Its account is read-only: the page offers no Unbind. */
  readOnly?: boolean;
}

export type CopyField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId' | 'json';
export type NumberField = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB';

/**
 * The binding as the page gets it (src/webview/pageView.ts): no number as the vendor wrote it,
 * only as shown — international format with the country, phones A and B masked while masking
 * is on (then the raw JSON has them masked too). Copy asks the extension by field name.
 */
export interface PageView extends Omit<BindingView, NumberField> {
  /** Each number as the page shows it ('' when the record has none). */
  shown: Record<NumberField, string>;
  /** Phones A and B are masked. */
  masked: boolean;
  /** While masked: the line that says so, in the display language (the extension writes it); '' otherwise. */
  maskedNote: string;
}

/** What the extension composes for the page: as ToWebview, but 'show' still holds the real numbers (made a PageView just before posting). */
export type ToPanel = Exclude<ToWebview, { type: 'show' }> | { type: 'show'; binding: BindingView; note?: string };

/** Extension -> details page. */
export type ToWebview =
  /** The page's own texts in the display language, and its locale (sent first on every 'ready'). */
  | { type: 'strings'; strings: PanelStrings; locale: string }
  | { type: 'show'; binding: PageView; note?: string }
  /** Nothing to show (e.g. a panel restored without a usable state). */
  | { type: 'empty' }
  | { type: 'copied'; field: CopyField }
  | { type: 'refreshing' }
  /** The binding no longer exists; `unbound`: because this extension just unbound it (said as a success). */
  | { type: 'gone'; bindId: string; text: string; unbound?: boolean }
  /** `final`: trying again cannot help (the binding's account was removed): the page offers no Try again. */
  | { type: 'error'; text: string; final?: true }
  | CallsMessage;

/**
 * The Calls section's messages, the same in both pages; each states the whole section. `scope`
 * is the key of whose calls (ScopeView.key). Progress: [from, to] (epoch ms) is being read, "n
 * pages of m" (0 of 0 = just started). 'calls': the newest MAX_CALL_ROWS calls, newest first
 * (`total`: how many matched; `notes`: what was changed in a custom window). 'callsError': the
 * reason in words (with its hint), made safe.
 */
export type CallsMessage =
  | ({ type: 'callsProgress'; scope: string; window: CallsWindowChoice; from: number; to: number; pagesDone: number; pagesTotal: number } & CallsSoFar)
  | ({ type: 'calls'; scope: string; window: CallsWindowChoice; from: number; to: number; notes: string[]; calls: CallView[]; total: number; scanned: number; pages: number; windows: number; reachesPastRetention: boolean } & CallsExtras)
  | { type: 'callsError'; scope: string; window: CallsWindowChoice; text: string }
  | { type: 'callsCancelled'; scope: string; window: CallsWindowChoice };

/** An account whose calls could not be read (Find Calls by Number reads several): its name and the reason, made safe. */
export interface AccountFailure {
  account: string;
  text: string;
}

/** What every 'calls' may add: the matches per outcome (all of them, not only those shown) and the accounts that failed. */
export interface CallsExtras {
  totals?: OutcomeTotals;
  failed?: AccountFailure[];
}

/** Find Calls by Number's progress also carries the matches so far (shown as they arrive). */
export interface CallsSoFar extends CallsExtras {
  calls?: CallView[];
  /** Matches so far (more than calls.length when only the newest are sent). */
  found?: number;
}

/** Extension -> calls page (an app's or a middle number's calls). */
export type ToCallsPage =
  /** Whose calls the panel shows, and what the page is to persist for it (computed here: the page hands it on unchanged). */
  | { type: 'scope'; scope: ScopeView; persist: PersistedCalls | null }
  /** Nothing to show, and why (a restored panel of a middle number, whose number is not kept), and what to persist. */
  | { type: 'empty'; text: string; persist: PersistedCalls | null }
  | Extract<ToWebview, { type: 'strings' }>
  | CallsMessage;

/** Page -> extension; the calls page sends only 'ready' and the Calls section's. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'copy'; field: CopyField }
  | { type: 'refresh' }
  /** The page's "Unbind…" button: the extension asks for confirmation first. */
  | { type: 'unbind' }
  /**
   * The Calls section's "Load calls" (or opening the section) with a preset, or "Apply" with a
   * custom window (epoch ms the page read from its inputs in local time; null when not a number).
   */
  | ({ type: 'loadCalls' } & CallsRequest)
  | { type: 'cancelCalls' }
  /** "Open recording…" of a shown call: the extension asks first, then opens it in the browser. */
  | { type: 'openRecording'; callId: string }
  /** Find Calls by Number: a call's "Binding …" link (its ref, CallView.ref): the extension opens that binding's details. */
  | { type: 'openBinding'; ref: string }
  /** "Copy summary for a ticket…": of a call's binding (its ref), or of the phone shown (null). */
  | { type: 'ticket'; ref: string | null };

/**
 * What a page tells the tests' probe (test/support/testApi.ts) after each render: only the
 * development build sends these (LAAFFIC_PNS_TEST_BUILD), the extension hands them to the probe
 * unread. `saved` is exactly what the page last handed to setState.
 */
export type PageReport =
  | { type: 'rendered'; bindId: string | null; state: 'binding' | 'gone' | 'empty'; saved: PersistedDetails | null; facts?: RenderedFacts }
  /** The Calls section: its scope's key, state, call ids, status line, open or not, window, each row's "How it ended". */
  | {
      type: 'callsRendered';
      scope: string;
      state: CallsSectionState;
      callIds: string[];
      text: string;
      open: boolean;
      window: CallsWindowChoice;
      ended: string[];
      /** Each row's cells as text (Find Calls by Number's rows), the totals line, the whole page's text. */
      rows?: string[][];
      totals?: string;
      page?: string;
    }
  | { type: 'scopeRendered'; scope: string | null; saved: PersistedCalls | null };

/** What a render of a binding put on the page, as the page reads it back. */
export interface RenderedFacts {
  /** The App row's text. */
  app: string;
  /** Whether Unbind… can be pressed. */
  unbind: boolean;
  banner: 'none' | 'success' | 'error';
  /** The countdown's text as shown ("expires in 2 d 4 h"; what a gone binding says instead). */
  countdown: string;
  /** Whether the raw record is open. */
  raw: boolean;
}

export type CallsSectionState = 'idle' | 'loading' | 'calls' | 'error' | 'cancelled';

/**
 * A row's ref (CallView.ref): a call id as normalize keeps it (safe text, at most 100
 * characters, no control characters), with several accounts after "<index>:".
 */
// eslint-disable-next-line no-control-regex
const CALL_REF = /^(?:\d{1,3}:)?[^\u0000-\u001f\u007f]{1,100}$/;

/**
 * A custom window's start or end as posted: a finite number, else null (a string, NaN, which
 * JSON posts as null, an object…). Whether it is a usable date is checkCustomWindow's call, which
 * answers every such window with what to enter instead.
 */
function finiteOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const FIELDS: readonly CopyField[] = ['phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'bindId', 'json'];

/** Narrows an unknown posted value to a FromWebview message, or undefined. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
    case 'refresh':
    case 'unbind':
    case 'cancelCalls':
      return { type: o.type };
    case 'loadCalls':
      if (o.window === 'custom') return { type: 'loadCalls', window: 'custom', from: finiteOrNull(o.from), to: finiteOrNull(o.to) };
      return isCallsWindow(o.window) ? { type: 'loadCalls', window: o.window } : undefined;
    case 'openRecording':
      return typeof o.callId === 'string' && CALL_REF.test(o.callId) ? { type: 'openRecording', callId: o.callId } : undefined;
    case 'openBinding':
      return typeof o.ref === 'string' && CALL_REF.test(o.ref) ? { type: 'openBinding', ref: o.ref } : undefined;
    case 'ticket':
      return o.ref === null || (typeof o.ref === 'string' && CALL_REF.test(o.ref)) ? { type: 'ticket', ref: o.ref } : undefined;
    case 'copy':
      return typeof o.field === 'string' && (FIELDS as readonly string[]).includes(o.field) ? { type: 'copy', field: o.field as CopyField } : undefined;
    default:
      return undefined;
  }
}

/**
 * How the page's sections were left (kept across a tab switch, which reloads the page): the raw
 * record open or not; the Calls section open or not, its window and the custom inputs as typed
 * (datetime-local values, '' = empty). No number, no call.
 */
export interface PanelUi {
  raw: boolean;
  calls: { open: boolean; window: CallsWindowChoice; from: string; to: string };
}

const LOCAL_INPUT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)?$/;

/** A PanelUi with exactly its fields, or null. */
export function parsePanelUi(o: unknown): PanelUi | null {
  if (!isObject(o) || Object.keys(o).sort().join() !== 'calls,raw' || typeof o.raw !== 'boolean' || !isObject(o.calls)) return null;
  const c = o.calls;
  if (Object.keys(c).sort().join() !== 'from,open,to,window' || typeof c.open !== 'boolean' || !(c.window === 'custom' || isCallsWindow(c.window))) return null;
  if (typeof c.from !== 'string' || typeof c.to !== 'string' || !LOCAL_INPUT.test(c.from) || !LOCAL_INPUT.test(c.to)) return null;
  return { raw: o.raw, calls: { open: c.open, window: c.window as CallsWindowChoice, from: c.from, to: c.to } };
}

/**
 * What the page persists with setState (VS Code keeps it in the workspace storage and hands it
 * to the serializer after a reload): only what is needed to fetch the binding again. Never a
 * phone number, a middle number or the record.
 */
export interface PersistedDetails {
  v: 1;
  /** As normalize.ts keeps it; here limited to [A-Za-z0-9_-]{1,64} (bind ids are digits). */
  bindId: string;
  /** null = "All apps" (every app of the API key). */
  appId: string | null;
  /** The page the binding was on, 1..1,000,000 (where the re-fetch looks first). */
  page: number;
  /** The app's label from the user's settings, at most 100 characters. */
  label?: string;
  /** The id of the account the binding belongs to (absent in a state saved by an older version: its account counts as removed). */
  account?: string;
  /** How the page's sections were left (absent: as they start). */
  ui?: PanelUi;
}

const BIND_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PAGE = 1_000_000;
const MAX_LABEL = 100;
const KEYS = new Set(['v', 'bindId', 'appId', 'page', 'label', 'account', 'ui']);
/** An account id (src/accounts/model.ts). */
const ACCOUNT_ID = /^[a-z0-9]{4,32}$/;

function isLabel(v: unknown): v is string {
  // eslint-disable-next-line no-control-regex
  return typeof v === 'string' && v.length <= MAX_LABEL && !/[\u0000-\u001f\u007f]/.test(v);
}
const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const isAppId = (v: unknown): v is string => typeof v === 'string' && v === v.trim() && validateAppId(v) === undefined;
const isAccount = (v: unknown): v is string => typeof v === 'string' && ACCOUNT_ID.test(v);

/**
 * The one check of a persisted state (the serializer's `state` after a reload, and what the page
 * reports it saved): a fresh object with exactly the known fields, or null for anything else —
 * another shape, an extra key, a bind id or app id that isn't one, a page out of range.
 */
export function parsePersistedDetails(o: unknown): PersistedDetails | null {
  if (!isObject(o) || !Object.keys(o).every((k) => KEYS.has(k)) || o.v !== 1) return null;
  const { bindId, appId, page, label, account } = o;
  if (typeof bindId !== 'string' || !BIND_ID.test(bindId)) return null;
  if (!(appId === null || isAppId(appId))) return null;
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 1 || page > MAX_PAGE) return null;
  if (('label' in o && !isLabel(label)) || ('account' in o && !isAccount(account))) return null;
  const ui = 'ui' in o ? parsePanelUi(o.ui) : undefined;
  if (ui === null) return null;
  const out: PersistedDetails = { v: 1, bindId, appId, page };
  if (isLabel(label)) out.label = label;
  if (typeof account === 'string') out.account = account;
  if (ui) out.ui = ui;
  return out;
}

/** What the page persists for a binding it shows, with how its sections were left (null when its ids wouldn't pass the check). */
export function toPersistedDetails(view: Pick<BindingView, 'bindId' | 'app' | 'page'>, ui?: PanelUi): PersistedDetails | null {
  const s: PersistedDetails = { v: 1, bindId: view.bindId, appId: view.app.appId, page: view.page };
  if (isLabel(view.app.label) && view.app.label !== '') s.label = view.app.label;
  s.account = view.app.account;
  if (ui) s.ui = ui;
  return parsePersistedDetails(s);
}

/**
 * What the calls page persists: an app's id and label (with several accounts, its account's
 * id), enough to show its calls again; for a middle number only that it was one. Never a
 * number, a call or anything read.
 */
export type PersistedCalls = { v: 1; kind: 'app'; appId: string; label?: string; account?: string } | { v: 1; kind: 'number' } | { v: 1; kind: 'phone' };

/** The one check of a persisted calls state, as parsePersistedDetails: exactly the known fields, or null. */
export function parsePersistedCalls(o: unknown): PersistedCalls | null {
  if (!isObject(o) || o.v !== 1) return null;
  const keys = Object.keys(o);
  if (o.kind === 'number' || o.kind === 'phone') return keys.every((k) => k === 'v' || k === 'kind') ? { v: 1, kind: o.kind } : null;
  if (o.kind !== 'app' || !keys.every((k) => k === 'v' || k === 'kind' || k === 'appId' || k === 'label' || k === 'account')) return null;
  const { appId, label, account } = o;
  if (!isAppId(appId) || ('label' in o && !isLabel(label)) || ('account' in o && !isAccount(account))) return null;
  const out: PersistedCalls = isLabel(label) ? { v: 1, kind: 'app', appId, label } : { v: 1, kind: 'app', appId };
  if (typeof account === 'string') out.account = account;
  return out;
}
