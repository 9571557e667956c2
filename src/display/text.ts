/**
 * Every user-visible text of readable numbers, masking and the tree's accessibility labels,
 * in one place (so each can be wrapped in vscode.l10n.t later). No imports: the details panel's
 * browser code uses it too.
 */

/** "1 day 11 hours", "3 minutes", "40 seconds": a duration for a screen reader (the largest unit, plus the next when it matters). */
export function spokenDuration(ms: number, parts = 2): string {
  const units: Array<[number, string, string]> = [
    [86_400_000, 'day', 'days'],
    [3_600_000, 'hour', 'hours'],
    [60_000, 'minute', 'minutes'],
    [1000, 'second', 'seconds'],
  ];
  let rest = Math.abs(ms);
  const out: string[] = [];
  for (const [size, one, many] of units) {
    if (out.length >= parts) break;
    const n = Math.floor(rest / size);
    if (n > 0 || (out.length === 0 && size === 1000)) {
      out.push(`${n} ${n === 1 ? one : many}`);
      rest -= n * size;
    } else if (out.length > 0) break;
  }
  return out.join(' ');
}

export const DISPLAY_TEXT = {
  // ---- numbers
  /** In a spoken masked number: "4 digits hidden". */
  digitsHidden: (n: number) => `${n} ${n === 1 ? 'digit' : 'digits'} hidden`,

  // ---- copy and export
  /** Status bar after copying a masked phone A or B (the number itself is not shown). */
  copiedFull: (what: string) => `Copied full number of ${what}`,
  /** Status bar after copying anything else. */
  copied: (value: string) => `Copied ${value}`,
  /** Once per session, when an export starts while numbers are masked. */
  exportHoldsFullNumbers: 'Numbers are masked on screen only: the exported file holds the full phone numbers. Keep it as private as the data in Laaffic.',
  /** Copy Number…'s binding list while numbers are masked (phones cannot be typed to find one). */
  pickBindingMasked: 'Type a middle number or bind id (phones are masked)',

  // ---- the details panel
  /** The panel's line while phones A and B are masked. */
  panelMasked: 'Phones A and B are masked. Copy still copies the full number. Show Numbers (in the Laaffic PNS view) reveals them.',

  // ---- spoken (accessibility labels of tree items)
  spokenExpiry: (expiresAt: number | null, now: number) =>
    expiresAt === null ? 'expiry unknown' : expiresAt > now ? `expires in ${spokenDuration(expiresAt - now)}` : `expired ${spokenDuration(expiresAt - now)} ago`,
  spokenDue: (due: number | null, now: number) => (due === null ? 'no due date' : due > now ? `due in ${spokenDuration(due - now)}` : `due ${spokenDuration(due - now)} ago`),
  /** "binding 409561917: 5233 6047 2548 to 9164 2498 4322 via 9180 0012 3456, expires in 1 day 11 hours, active". */
  spokenBinding: (p: { bindId: string; a: string; b: string; via: string; expiry: string; state: string }) => `binding ${p.bindId}: ${p.a} to ${p.b} via ${p.via}, ${p.expiry}, ${p.state}`,
  /** The middle numbers of an AXXB binding, spoken. */
  spokenMiddlePair: (a: string, b: string) => `${a} and ${b}`,
  unknownNumber: 'unknown number',
  spokenMiddleNumber: (p: { number: string; country: string; state: string; due: string; appId: string }) =>
    [`middle number ${p.number}`, p.country, p.state, p.due, p.appId ? `app ${p.appId}` : ''].filter(Boolean).join(', '),
  spokenApp: (p: { label: string; appId: string | undefined; loaded?: string }) =>
    [p.appId === undefined ? `${p.label}: every app of this API key` : p.label === p.appId ? `app ${p.appId}` : `app ${p.label}, app id ${p.appId}`, p.loaded ?? ''].filter(Boolean).join(', '),
  spokenLoaded: (loaded: string, total: string) => `${loaded} of ${total} loaded`,
  spokenLoading: 'loading',
  spokenNumbersRoot: (loaded?: string) => ['Numbers: the middle numbers of this API key', loaded ?? ''].filter(Boolean).join(', '),
  spokenLoadMore: (p: { what: string; loaded: string; total: string; loading: boolean }) =>
    p.loading ? `Loading more ${p.what}…` : `Load more ${p.what}: ${p.loaded} of ${p.total} loaded`,
  spokenMessage: (severity: 'info' | 'error' | 'action', label: string, detail: string) =>
    [severity === 'error' ? `Error: ${label}` : label, detail].filter(Boolean).join('. '),
} as const;
