/**
 * What a middle number's tree item says, without vscode (unit-tested): the state's words, the
 * due date relative and absolute, the pool lookup, and the tooltip's rows (values still foreign
 * text: the item makes each a safe line).
 */
import { formatInZone, type MiddleNumber, type NumberPool, type NumberState } from '../api';
import { spokenNumber } from '../display/phone';
import { DISPLAY_TEXT, shortDue, translator as l10n } from '../display/text';

/** A middle number's state in words, in the display language: "in use", "expired", … (the same words its spoken label uses). */
export function numberStateLabel(state: NumberState): string {
  return DISPLAY_TEXT.spokenNumberState(state);
}

/** "due in 3 d", "due 2 h ago", "no due date" (in the display language). */
export function relativeDue(due: number | null, now: number, parts = 1): string {
  return shortDue(due, now, parts);
}

/** What the number list knows of the pools: loaded (number -> its pool), or why not. */
export type PoolInfo = { state: 'loading' } | { state: 'failed' } | { state: 'loaded'; byNumber: ReadonlyMap<string, NumberPool> };

/** number -> the pool that lists it (the first one, if several do). */
export function poolsByNumber(pools: readonly NumberPool[]): Map<string, NumberPool> {
  const out = new Map<string, NumberPool>();
  for (const p of pools) for (const n of p.numberList) if (!out.has(n)) out.set(n, p);
  return out;
}

/** The tooltip's rows: [label, foreign value]. */
/** `appLabel`: the app's configured label (shown with its id), when it has one. */
export function numberRows(n: MiddleNumber, pools: PoolInfo, now: number, zoneOffsetMinutes: number, appLabel?: string): Array<[string, string]> {
  const none = l10n.t('none');
  const unknown = l10n.t('unknown');
  const due = n.dueDate === null ? (n.dueDateText === '' ? none : l10n.t('unreadable ({0})', n.dueDateText)) : l10n.t('{0} ({1})', formatInZone(n.dueDate, zoneOffsetMinutes), relativeDue(n.dueDate, now, 2));
  const rows: Array<[string, string]> = [
    [l10n.t('Country'), [n.country, n.ccode ? `+${n.ccode}` : ''].filter(Boolean).join(' ') || unknown],
    [l10n.t('State'), numberStateLabel(n.state)],
    [l10n.t('Type'), n.type || unknown],
    [l10n.t('Due'), due],
    [l10n.t('Auto-renew'), n.autoRenew === null ? unknown : n.autoRenew ? l10n.t('yes') : l10n.t('no')],
    [l10n.t('App'), !n.appId ? none : appLabel && appLabel !== n.appId ? l10n.t('{0} ({1})', appLabel, n.appId) : n.appId],
  ];
  if (n.remark) rows.push([l10n.t('Remark'), n.remark]);
  if (pools.state === 'loading') rows.push([l10n.t('Pool details'), l10n.t('loading…')]);
  else if (pools.state === 'failed') rows.push([l10n.t('Pool details'), l10n.t('not loaded')]);
  else {
    const p = pools.byNumber.get(n.number);
    if (!p) rows.push([l10n.t('Pool'), none]);
    else {
      rows.push([l10n.t('Pool'), p.poolNumber]);
      rows.push([l10n.t('Concurrency limit'), p.maxConcurrency === null ? unknown : String(p.maxConcurrency)]);
      rows.push([l10n.t('Whitelist'), p.customerWhitelist.length ? p.customerWhitelist.join(', ') : none]);
    }
  }
  return rows;
}

/** The accessibility label: "middle number 9180 0012 3456, India, in use, due in 3 days, app 4luaKsL2". */
export function numberSpoken(n: MiddleNumber, now: number): string {
  return DISPLAY_TEXT.spokenMiddleNumber({
    number: spokenNumber(n.number) || DISPLAY_TEXT.unknownNumber,
    country: n.country,
    state: DISPLAY_TEXT.spokenNumberState(n.state),
    due: DISPLAY_TEXT.spokenDue(n.dueDate, now),
    appId: n.appId,
  });
}
