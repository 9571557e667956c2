/**
 * What a middle number's tree item says, without vscode (unit-tested): the state's words, the
 * due date relative and absolute, the pool lookup, and the tooltip's rows (values still foreign
 * text: the item makes each a safe line).
 */
import { formatDuration, formatInZone, type MiddleNumber, type NumberPool, type NumberState } from '../api';
import { spokenNumber } from '../display/phone';
import { DISPLAY_TEXT } from '../display/text';

export const NUMBER_STATE_LABEL: Readonly<Record<NumberState, string>> = {
  'in-use': 'in use',
  expired: 'expired',
  disabled: 'disabled',
  unknown: 'state unknown',
};

/** "due in 3 d", "due 2 h ago", "no due date". */
export function relativeDue(due: number | null, now: number, parts = 1): string {
  if (due === null) return 'no due date';
  const d = due - now;
  return d > 0 ? `due in ${formatDuration(d, parts)}` : `due ${formatDuration(d, parts)} ago`;
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
export function numberRows(n: MiddleNumber, pools: PoolInfo, now: number, zoneOffsetMinutes: number): Array<[string, string]> {
  const due = n.dueDate === null ? (n.dueDateText === '' ? 'none' : `unreadable (${n.dueDateText})`) : `${formatInZone(n.dueDate, zoneOffsetMinutes)} (${relativeDue(n.dueDate, now, 2)})`;
  const rows: Array<[string, string]> = [
    ['Country', [n.country, n.ccode ? `+${n.ccode}` : ''].filter(Boolean).join(' ') || 'unknown'],
    ['State', NUMBER_STATE_LABEL[n.state]],
    ['Type', n.type || 'unknown'],
    ['Due', due],
    ['Auto-renew', n.autoRenew === null ? 'unknown' : n.autoRenew ? 'yes' : 'no'],
    ['App', n.appId || 'none'],
  ];
  if (n.remark) rows.push(['Remark', n.remark]);
  if (pools.state === 'loading') rows.push(['Pool details', 'loading…']);
  else if (pools.state === 'failed') rows.push(['Pool details', 'not loaded']);
  else {
    const p = pools.byNumber.get(n.number);
    if (!p) rows.push(['Pool', 'none']);
    else {
      rows.push(['Pool', p.poolNumber]);
      rows.push(['Concurrency limit', p.maxConcurrency === null ? 'unknown' : String(p.maxConcurrency)]);
      rows.push(['Whitelist', p.customerWhitelist.length ? p.customerWhitelist.join(', ') : 'none']);
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
