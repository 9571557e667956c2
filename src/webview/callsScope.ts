/**
 * Whose calls a Calls section reads (no vscode import): a binding, an app or a middle number.
 * Each target pairs the core's scope (the predicate, the one thing that differs between them)
 * with what the page and the log call it.
 */
import { createHash } from 'node:crypto';
import { type CallScope, digitsOnly, MAX_NUMBER_DIGITS, MIN_NUMBER_DIGITS, safeText } from '../api';
import { bindingNumbers, bindingScopeView, type ScopeView } from '../shared/calls';
import { parsePersistedCalls, type PersistedCalls } from '../shared/messages';
import { translator as l10n } from '../display/text';
import { formatPhone } from '../display/phone';

export interface CallsTarget {
  /** What the page gets (key, noun, the text before a load). */
  view: ScopeView;
  /** The core's scope: which records are this target's calls. */
  scope: CallScope;
  /** The panel's title, e.g. "Calls · app Rides". */
  title: string;
  /** What the calls panel's page persists for it (src/shared/messages.ts): never a number. */
  persist: PersistedCalls | null;
  /** The id of the account whose calls these are: they are read through it alone (across accounts: the first). */
  account: string;
  /** Find Calls by Number: the phone's digits, and every account its calls are read through (concurrently). */
  phone?: { digits: string; accounts: TargetAccount[] };
}

/** The account of an app's or a number's calls. */
export interface TargetAccount {
  id: string;
  name: string;
  /** There are several accounts: the key starts with the account's id (two may share an app or number) and the title names it. */
  several: boolean;
  /** Its configured apps (Find Calls by Number names a binding's app by them). */
  apps?: ReadonlyArray<{ appId: string; label?: string }>;
}

/** An account's name as a title shows it. */
function accountName(account: TargetAccount): string {
  return safeText(account.name, { max: 40 }) || account.id;
}

/** With several accounts, the key prefix of the account (the title names it already). */
function ofAccount(t: CallsTarget, account: TargetAccount): CallsTarget {
  return account.several ? { ...t, view: { ...t.view, key: `a:${account.id}/${t.view.key}` } } : t;
}

/** A binding's calls: those of its phones A and B (middle numbers are shared across the pool), read through its account. */
export function bindingTarget(b: { bindId: string; phoneA: string; phoneB: string; app: { account: string } }): CallsTarget {
  return { view: bindingScopeView(b), scope: { kind: 'binding', numbers: bindingNumbers(b) }, title: l10n.t('Binding {0}', b.bindId), persist: null, account: b.app.account };
}

/** An app's calls: every call record naming the app id. `label` is the app's label from the settings ('' = none). */
export function appTarget(appId: string, label: string, account: TargetAccount): CallsTarget {
  const id = appId.trim();
  // A label from the settings: one line, no markup, made safe like every text shown.
  const name = safeText(label, { max: 60 }) || id;
  const shown = name === id ? l10n.t('app {0}', id) : l10n.t('app {0} ({1})', name, id);
  const persisted = name === id ? { v: 1, kind: 'app', appId: id, account: account.id } : { v: 1, kind: 'app', appId: id, label: name, account: account.id };
  const target: CallsTarget = {
    view: {
      key: `app:${id}`,
      kind: 'app',
      noun: shown,
      about: l10n.t('Pick a window and load every call of {0}: the call records whose app id is {1}.', shown, id),
    },
    scope: { kind: 'app', appId: id },
    title: account.several ? l10n.t('Calls · {0} / app {1}', accountName(account), name) : l10n.t('Calls · app {0}', name),
    persist: parsePersistedCalls(persisted),
    account: account.id,
  };
  return ofAccount(target, account);
}

/** A middle number's digits, or undefined when it has too few or too many. */
function numberDigits(number: string): string | undefined {
  const digits = typeof number === 'string' && number.length <= 64 ? digitsOnly(number) : '';
  return digits.length < MIN_NUMBER_DIGITS || digits.length > MAX_NUMBER_DIGITS ? undefined : digits;
}

/** A middle number's calls: every call record that went through it. undefined when it has no digits. */
export function numberTarget(number: string, account: TargetAccount): CallsTarget | undefined {
  const digits = numberDigits(number);
  if (digits === undefined) return undefined;
  const target: CallsTarget = {
    view: {
      key: `number:${digits}`,
      kind: 'number',
      noun: l10n.t('middle number {0}', digits),
      about: l10n.t('Pick a window and load every call that went through the middle number {0}, whichever binding it belonged to.', digits),
    },
    scope: { kind: 'number', number: digits },
    title: account.several ? l10n.t('Calls · {0} / {1}', accountName(account), digits) : l10n.t('Calls · {0}', digits),
    persist: { v: 1, kind: 'number' },
    account: account.id,
  };
  return ofAccount(target, account);
}

/** Why a typed middle number cannot be used (Show Call Records… from the palette), or undefined. */
export function numberInputProblem(v: string): string | undefined {
  if (typeof v !== 'string' || v.length > 40 || !/^[+\d\s().-]*$/.test(v)) return l10n.t('Only digits, with spaces, +, - or parentheses if you like: e.g. 447700900123.');
  return numberDigits(v) !== undefined ? undefined : l10n.t('A middle number has {0} to {1} digits, with its country code: e.g. 447700900123.', MIN_NUMBER_DIGITS, MAX_NUMBER_DIGITS);
}

/**
 * A customer phone's calls (Find Calls by Number): the calls whose caller or called party has
 * its digits, read through each of `accounts`. The key is a hash of the digits (the page and the
 * tests' probe never get the number as a key); the noun and title show the phone as shown now
 * (masked while `masked`), so the target is made again when masking changes.
 */
export function phoneTarget(digits: string, accounts: TargetAccount[], masked: boolean): CallsTarget {
  const hash = createHash('sha256').update(`laafficPns.phone:${digits}`).digest('hex').slice(0, 16);
  const shown = formatPhone(digits, { masked });
  const where = accounts.length === 1 && accounts[0].several ? accountName(accounts[0]) : '';
  const ids = accounts.map((a) => a.id).sort().join(',');
  return {
    view: {
      // One panel per phone and choice of accounts.
      key: `phone:${hash}:${createHash('sha256').update(ids).digest('hex').slice(0, 8)}`,
      kind: 'phone',
      noun: l10n.t('phone {0}', shown),
      about: l10n.t('Pick a window and load every call the phone {0} made or received.', shown),
    },
    scope: { kind: 'phone', phone: digits },
    title: where ? l10n.t('Calls · {0} / {1}', where, shown) : l10n.t('Calls · {0}', shown),
    persist: { v: 1, kind: 'phone' },
    account: accounts[0]?.id ?? '',
    phone: { digits, accounts },
  };
}
