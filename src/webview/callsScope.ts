/**
 * Whose calls a Calls section reads, on the extension side (no vscode import; unit-tested): a
 * binding (the details panel), an app or a middle number (the calls panel). Each target pairs
 * the core's scope (src/api/endpoints/callScope.ts: the one thing that differs between them,
 * the predicate) with what the page and the log call it. The loading is the same for all
 * (src/webview/callsLoader.ts).
 */
import { type CallScope, digitsOnly, MAX_NUMBER_DIGITS, MIN_NUMBER_DIGITS, safeText } from '../api';
import { bindingNumbers, bindingScopeView, type ScopeView } from './calls';
import { parsePersistedCalls, type PersistedCalls } from './callsPanelMessages';

export interface CallsTarget {
  /** What the page gets (key, noun, the text before a load). */
  view: ScopeView;
  /** The core's scope: which records are this target's calls. */
  scope: CallScope;
  /** The panel's title, e.g. "Calls · app Rides". */
  title: string;
  /** What the calls panel's page persists for it (src/webview/callsPanelMessages.ts): never a number. */
  persist: PersistedCalls | null;
  /** The id of the account whose calls these are (absent: the first account, as before accounts). */
  account?: string;
}

/** The account of an app's or a number's calls, given only when there are several accounts. */
export interface TargetAccount {
  id: string;
  name: string;
}

/** With an account: its key prefix (two accounts may have the same app or number) and its name before the title's. */
function ofAccount(t: CallsTarget, account: TargetAccount | undefined): CallsTarget {
  if (!account) return t;
  const name = safeText(account.name, { max: 40 }) || account.id;
  return { ...t, view: { ...t.view, key: `a:${account.id}/${t.view.key}` }, title: t.title.replace(/^Calls · /, `Calls · ${name} / `), account: account.id };
}

/** A binding's calls: those of its phones A and B (middle numbers are shared across the pool). */
export function bindingTarget(b: { bindId: string; phoneA: string; phoneB: string }): CallsTarget {
  return { view: bindingScopeView(b), scope: { kind: 'binding', numbers: bindingNumbers(b) }, title: `Binding ${b.bindId}`, persist: null };
}

/** An app's calls: every call record naming the app id. `label` is the app's label from the settings ('' = none). */
export function appTarget(appId: string, label: string, account?: TargetAccount): CallsTarget {
  const id = appId.trim();
  // A label from the settings: one line, no markup, made safe like every text shown.
  const name = safeText(label, { max: 60 }) || id;
  const shown = name === id ? `app ${id}` : `app ${name} (${id})`;
  const persisted = name === id ? { v: 1, kind: 'app', appId: id } : { v: 1, kind: 'app', appId: id, label: name };
  const target: CallsTarget = {
    view: {
      key: `app:${id}`,
      kind: 'app',
      noun: shown,
      about: `Pick a window and load every call of ${shown}: the call records whose app id is ${id}.`,
    },
    scope: { kind: 'app', appId: id },
    title: `Calls · app ${name}`,
    persist: parsePersistedCalls(account ? { ...persisted, account: account.id } : persisted),
  };
  return ofAccount(target, account);
}

/** A middle number's calls: every call record that went through it. undefined when it has no digits. */
export function numberTarget(number: string, account?: TargetAccount): CallsTarget | undefined {
  const digits = typeof number === 'string' && number.length <= 64 ? digitsOnly(number) : '';
  if (digits.length < MIN_NUMBER_DIGITS || digits.length > MAX_NUMBER_DIGITS) return undefined;
  const target: CallsTarget = {
    view: {
      key: `number:${digits}`,
      kind: 'number',
      noun: `middle number ${digits}`,
      about: `Pick a window and load every call that went through the middle number ${digits}, whichever binding it belonged to.`,
    },
    scope: { kind: 'number', number: digits },
    title: `Calls · ${digits}`,
    persist: { v: 1, kind: 'number' },
  };
  return ofAccount(target, account);
}

/** Why a typed middle number cannot be used (Show Call Records… from the palette), or undefined. */
export function numberInputProblem(v: string): string | undefined {
  if (typeof v !== 'string' || v.length > 40 || !/^[+\d\s().-]*$/.test(v)) return 'Only digits, with spaces, +, - or parentheses if you like: e.g. 447700900123.';
  return numberTarget(v) ? undefined : `A middle number has ${MIN_NUMBER_DIGITS} to ${MAX_NUMBER_DIGITS} digits, with its country code: e.g. 447700900123.`;
}
