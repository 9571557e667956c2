/**
 * Messages between the extension and the calls panel (the calls of an app or a middle number;
 * src/webview/callsPanel.ts), shared by both sides (no vscode or DOM import). The Calls section's
 * own messages are the details panel's (src/webview/messages.ts): the same section code runs in
 * both pages. Each side ignores a message whose `type` it doesn't know.
 */
import { validateAppId } from '../config/appId';
import type { PanelStrings } from './panelStrings';
import type { ScopeView } from './calls';
import { ACCOUNT_ID, type FromWebview, parseFromWebview, type ToWebview } from './messages';

type SectionToPage = Extract<ToWebview, { type: 'callsProgress' | 'calls' | 'callsError' | 'callsCancelled' }>;
type SectionFromPage = Extract<FromWebview, { type: 'loadCalls' | 'cancelCalls' | 'openRecording' | 'callsRendered' }>;

/** Extension -> calls page. */
export type ToCallsPage =
  /**
   * Whose calls the panel shows (plain data: a key, how to name it, what the calls are), and
   * what the page is to persist for it (computed here, so the page hands it on unchanged).
   */
  | { type: 'scope'; scope: ScopeView; persist: PersistedCalls | null }
  /** Nothing to show, and why (a restored panel of a middle number, whose number is not kept), and what to persist. */
  | { type: 'empty'; text: string; persist: PersistedCalls | null }
  /** The page's texts and locale (src/shared/panelStrings.ts), posted first on every 'ready'. */
  | { type: 'strings'; strings: PanelStrings; locale: string }
  | SectionToPage;

/** Calls page -> extension. */
export type FromCallsPage =
  | { type: 'ready' }
  | SectionFromPage
  /** Sent after the page drew a scope or the empty text, with exactly what it handed to setState (used by tests). */
  | { type: 'scopeRendered'; scope: string | null; saved: PersistedCalls | null };

/**
 * What the page persists with setState (VS Code keeps it in the workspace storage and hands it
 * to the serializer after a reload): an app's id and label (and, with several accounts, its
 * account's id), enough to show its calls again; for a middle number only that it was one.
 * Never a number, a call or anything read.
 */
export type PersistedCalls = { v: 1; kind: 'app'; appId: string; label?: string; account?: string } | { v: 1; kind: 'number' };

const MAX_LABEL = 100;
const SCOPE_KEY = /^[\x21-\x7e]{1,80}$/;

function isLabel(v: unknown): v is string {
  // eslint-disable-next-line no-control-regex
  return typeof v === 'string' && v.length <= MAX_LABEL && !/[\u0000-\u001f\u007f]/.test(v);
}

/**
 * The one check of a persisted calls state (the serializer's `state` after a reload, and what
 * the page reports it saved): a fresh object with exactly the known fields, or null for anything
 * else (another shape, an extra key, an app id that is not one, a number where none belongs).
 */
export function parsePersistedCalls(u: unknown): PersistedCalls | null {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return null;
  const o = u as Record<string, unknown>;
  if (o.v !== 1) return null;
  const keys = Object.keys(o);
  if (o.kind === 'number') return keys.every((k) => k === 'v' || k === 'kind') ? { v: 1, kind: 'number' } : null;
  if (o.kind !== 'app' || !keys.every((k) => k === 'v' || k === 'kind' || k === 'appId' || k === 'label' || k === 'account')) return null;
  const { appId, label, account } = o;
  if (typeof appId !== 'string' || appId !== appId.trim() || validateAppId(appId) !== undefined) return null;
  if ('label' in o && !isLabel(label)) return null;
  if ('account' in o && !(typeof account === 'string' && ACCOUNT_ID.test(account))) return null;
  const out: PersistedCalls = isLabel(label) ? { v: 1, kind: 'app', appId, label } : { v: 1, kind: 'app', appId };
  if (typeof account === 'string') out.account = account;
  return out;
}

/** Narrows an unknown posted value to a FromCallsPage message, or undefined. */
export function parseFromCallsPage(m: unknown): FromCallsPage | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (o.type === 'scopeRendered') {
    if (!(o.scope === null || (typeof o.scope === 'string' && SCOPE_KEY.test(o.scope)))) return undefined;
    return { type: 'scopeRendered', scope: o.scope, saved: parsePersistedCalls(o.saved) };
  }
  const msg = parseFromWebview(m);
  switch (msg?.type) {
    case 'ready':
    case 'loadCalls':
    case 'cancelCalls':
    case 'openRecording':
    case 'callsRendered':
      return msg;
    default:
      return undefined; // the details page's other messages mean nothing here
  }
}
