/**
 * The texts of numbers, masking and the tree's accessibility labels, for code that runs without
 * VS Code: `l10n.t('English {0}', x)` against a translator the extension sets to vscode.l10n at
 * activation (English until then), so the translation check reads them like any other call.
 */
import { durationParts, type DurationUnit } from '../api/state';

export interface Translator {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export const english: Translator = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m)),
};

let l10n: Translator = english;

export function useTranslator(t: Translator): void {
  l10n = t;
}

export type LoadMoreWhat = 'bindings' | 'middleNumbers';
type BindingStateName = 'active' | 'expiring' | 'expired' | 'unknown';
type NumberStateName = 'in-use' | 'expired' | 'disabled' | 'unknown';

function unit(n: number, u: DurationUnit): string {
  switch (u) {
    case 'd':
      return n === 1 ? l10n.t('1 day') : l10n.t('{0} days', n);
    case 'h':
      return n === 1 ? l10n.t('1 hour') : l10n.t('{0} hours', n);
    case 'min':
      return n === 1 ? l10n.t('1 minute') : l10n.t('{0} minutes', n);
    default:
      return n === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', n);
  }
}

/** "1 day 11 hours", "3 minutes", "40 seconds": a duration for a screen reader (the largest unit, plus the next when it matters). */
export function spokenDuration(ms: number, parts = 2): string {
  return durationParts(ms, parts)
    .map(([n, u]) => unit(n, u))
    .join(' ');
}

/** The current translator, for the other modules that run without VS Code (imported as `l10n`). */
export const translator: Translator = { t: (message, ...args) => current().t(message, ...args) };
const current = (): Translator => l10n;

/** "2 d 4 h", "12 min", "40 s": the core's formatDuration in the display language. */
export function shortDuration(ms: number, parts = 2): string {
  return durationParts(ms, parts)
    .map(([n, u]) => (u === 'd' ? l10n.t('{0} d', n) : u === 'h' ? l10n.t('{0} h', n) : u === 'min' ? l10n.t('{0} min', n) : l10n.t('{0} s', n)))
    .join(' ');
}

/** "in 1 d 11 h", "expired 2 d ago", "expiry unknown". */
export function shortExpiry(expiresAt: number | null, now: number, parts = 2): string {
  if (expiresAt === null) return l10n.t('expiry unknown');
  const d = expiresAt - now;
  return d > 0 ? l10n.t('in {0}', shortDuration(d, parts)) : l10n.t('expired {0} ago', shortDuration(d, parts));
}

/** "due in 3 d", "due 2 h ago", "no due date". */
export function shortDue(due: number | null, now: number, parts = 1): string {
  if (due === null) return l10n.t('no due date');
  const d = due - now;
  return d > 0 ? l10n.t('due in {0}', shortDuration(d, parts)) : l10n.t('due {0} ago', shortDuration(d, parts));
}

/** Parts of a spoken label, in order, the empty ones left out: "a, b, c" ("a，b，c" in Chinese). */
function list(parts: readonly string[]): string {
  return parts.filter(Boolean).reduce((acc, p) => (acc ? l10n.t('{0}, {1}', acc, p) : p), '');
}

export const DISPLAY_TEXT = {
  // ---- numbers
  digitsHidden: (n: number) => (n === 1 ? l10n.t('1 digit hidden') : l10n.t('{0} digits hidden', n)),
  spokenParts: (parts: readonly string[]) => list(parts),

  // ---- copy and export
  /** Status bar after copying a masked phone A or B (the number itself is not shown); `what` is "phone A". */
  copiedFull: (what: string) => l10n.t('Copied full number of {0}', what),
  copied: (value: string) => l10n.t('Copied {0}', value),
  /** Once per session, when an export starts while numbers are masked. */
  get exportHoldsFullNumbers(): string {
    return l10n.t('Numbers are masked on screen only: the exported file holds the full phone numbers. Keep it as private as the data in Laaffic.');
  },
  /** Copy Number…'s binding list while numbers are masked (phones cannot be typed to find one). */
  get pickBindingMasked(): string {
    return l10n.t('Type a middle number or bind id (phones are masked)');
  },

  // ---- the details panel
  /** The panel's line while phones A and B are masked. */
  get panelMasked(): string {
    return l10n.t('Phones A and B are masked. Copy still copies the full number. Show Numbers (in the Laaffic PNS view) reveals them.');
  },

  // ---- spoken (accessibility labels of tree items)
  spokenDue: (due: number | null, now: number) =>
    due === null ? l10n.t('no due date') : due > now ? l10n.t('due in {0}', spokenDuration(due - now)) : l10n.t('due {0} ago', spokenDuration(due - now)),
  /** A binding's state and expiry, the state said once. */
  spokenStateAndExpiry: (state: BindingStateName, expiresAt: number | null, now: number) => {
    if (expiresAt === null || state === 'unknown') return l10n.t('expiry unknown');
    const left = spokenDuration(expiresAt - now);
    switch (state) {
      case 'active':
        return l10n.t('active, expires in {0}', left);
      case 'expiring':
        return l10n.t('expiring soon, in {0}', left);
      default:
        return l10n.t('expired {0} ago', left);
    }
  },
  spokenNumberState: (state: NumberStateName) => {
    switch (state) {
      case 'in-use':
        return l10n.t('in use');
      case 'expired':
        return l10n.t('expired');
      case 'disabled':
        return l10n.t('disabled');
      default:
        return l10n.t('state unknown');
    }
  },
  spokenBinding: (p: { bindId: string; a: string; b: string; via: string; state: string }) => l10n.t('binding {0}: {1} to {2} via {3}, {4}', p.bindId, p.a, p.b, p.via, p.state),
  spokenMiddlePair: (a: string, b: string) => l10n.t('middle numbers {0} and {1}', a, b),
  get unknownNumber(): string {
    return l10n.t('unknown number');
  },
  spokenMiddleNumber: (p: { number: string; country: string; state: string; due: string; appId: string }) =>
    list([l10n.t('middle number {0}', p.number), p.country, p.state, p.due, p.appId ? l10n.t('app {0}', p.appId) : '']),
  /** `account` when there are several. */
  spokenApp: (p: { label: string; appId: string | undefined; account?: string; loaded?: string }) =>
    list([
      p.appId === undefined ? l10n.t('{0}: every app of this API key', p.label) : p.label === p.appId ? l10n.t('app {0}', p.appId) : l10n.t('app {0}, app id {1}', p.label, p.appId),
      p.account === undefined ? '' : l10n.t('account {0}', p.account),
      p.loaded ?? '',
    ]),
  spokenLoaded: (loaded: string, total: string) => l10n.t('{0} of {1} loaded', loaded, total),
  get spokenLoading(): string {
    return l10n.t('loading');
  },
  spokenList: (parts: readonly string[]) => list(parts),
  spokenNumbersRoot: (loaded?: string) => list([l10n.t('Numbers: the middle numbers of this API key'), loaded ?? '']),
  spokenLoadMore: (p: { what: LoadMoreWhat; loaded: string; total: string; loading: boolean }) =>
    p.what === 'bindings'
      ? p.loading
        ? l10n.t('Loading more bindings…')
        : l10n.t('Load more bindings: {0} of {1} loaded', p.loaded, p.total)
      : p.loading
        ? l10n.t('Loading more middle numbers…')
        : l10n.t('Load more middle numbers: {0} of {1} loaded', p.loaded, p.total),
  spokenMessage: (severity: 'info' | 'error' | 'action', label: string, detail: string) => {
    const head = severity === 'error' ? l10n.t('Error: {0}', label) : label;
    return detail ? l10n.t('{0}. {1}', head, detail) : head;
  },
} as const;
