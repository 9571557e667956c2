/**
 * The calls of a Calls section as a table: start, (the account, across accounts), caller →
 * called, the middle number, duration, the outcome, how the call ended (in words and as the
 * vendor sent it), cost, its recording; Find Calls by Number adds each call's live binding (a
 * button that opens its details, and one that copies its ticket summary) or "no live binding".
 */
import { type CallView, formatCallDuration, OUTCOME_TEXT } from '../shared/calls';
import { el } from './dom';
import { lang, T as t } from './page';

export interface CallsTableActions {
  openRecording: (ref: string) => void;
  openBinding: (ref: string) => void;
  ticket: (ref: string) => void;
}

function bindingCell(call: CallView, act: CallsTableActions): HTMLTableCellElement {
  const td = el('td', { className: 'binding', attrs: { 'data-link': '' } });
  const link = call.link;
  if (link === undefined) return td;
  if (typeof link === 'object') {
    const open = el('button', { text: t('openBinding', link.bindId), attrs: { type: 'button', 'data-focus': `bind-${call.ref}`, 'aria-label': t('openBindingAria', link.bindId) } });
    open.addEventListener('click', () => act.openBinding(call.ref));
    const ticket = el('button', { text: t('ticketCall'), attrs: { type: 'button', 'data-focus': `ticket-${call.ref}`, 'aria-label': t('ticketCallAria', link.bindId) } });
    ticket.addEventListener('click', () => act.ticket(call.ref));
    td.append(open, ' ', ticket);
    return td;
  }
  td.appendChild(el('span', { className: 'muted', text: link === 'none' ? t('noLiveBinding') : link === 'checking' ? t('checkingBinding') : t('bindingUnknown') }));
  return td;
}

export function callsTable(calls: readonly CallView[], act: CallsTableActions): HTMLTableElement {
  const accounts = calls.some((c) => c.account !== '');
  const links = calls.some((c) => c.link !== undefined);
  const cols = ['colStart', ...(accounts ? ['colAccount' as const] : []), 'colCallerCalled', 'colVia', 'colDuration', 'colOutcome', 'colEnded', 'colCost', 'colRecording', ...(links ? ['colBinding' as const] : [])] as const;
  const head = el('tr', {}, ...cols.map((h) => el('th', { text: t(h), attrs: { scope: 'col' } })));
  const rows = calls.map((call) => {
    const rec = el('td');
    if (call.hasRecording) {
      const b = el('button', { text: t('openRecording'), attrs: { type: 'button', 'data-call': call.callId, 'data-focus': `rec-${call.ref}`, 'aria-label': t('openRecordingAria', call.callId) } });
      b.addEventListener('click', () => act.openRecording(call.ref));
      rec.appendChild(b);
    }
    // How it ended: our reading in plain words, and under it what the vendor sent (its reason and
    // SIP code), so that a reading of ours never hides the vendor's words.
    const end = el('td', { className: 'ended' }, el('span', { text: call.hangupText || '—' }));
    const sent = [call.hangupReason ? t('reasonAsSent', call.hangupReason) : '', call.sipCode ? t('sipCode', call.sipCode) : ''].filter((x) => x !== '');
    if (sent.length) end.appendChild(el('span', { className: 'muted as-sent', text: sent.join(' · '), attrs: { 'data-as-sent': '' } }));
    const cost = call.cost === '' ? '—' : `${call.cost} ${call.currency || 'USD'}`;
    return el(
      'tr',
      { attrs: { 'data-call-id': call.callId } },
      el('td', { text: call.start === null ? t('unknown') : new Date(call.start).toLocaleString(lang.locale, { dateStyle: 'medium', timeStyle: 'medium' }) }),
      ...(accounts ? [el('td', { text: call.account })] : []),
      el('td', { className: 'value', text: `${call.caller || '?'} → ${call.called || '?'}` }),
      el('td', { className: 'value', text: call.number || '?' }),
      el('td', { text: formatCallDuration(call.durationS, lang) }),
      el('td', { className: 'outcome', text: t(OUTCOME_TEXT[call.outcome] ?? 'outOther') }),
      end,
      el('td', { className: 'value', text: cost }),
      rec,
      ...(links ? [bindingCell(call, act)] : []),
    );
  });
  return el('table', { className: 'calls' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

/** Each row's cells as text (the tests' probe reads what was drawn). */
export function rowTexts(root: HTMLElement): string[][] {
  return [...root.querySelectorAll('table.calls tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''));
}
