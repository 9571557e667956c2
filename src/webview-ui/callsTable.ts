/** The calls of a Calls section as a table: start, caller → called, the middle number, duration, how the call ended, its recording. */
import { type CallView, formatCallDuration } from '../shared/calls';
import { el } from './dom';
import { lang, T as t } from './page';

export function callsTable(calls: readonly CallView[], openRecording: (callId: string) => void): HTMLTableElement {
  const head = el('tr', {}, ...(['colStart', 'colCallerCalled', 'colVia', 'colDuration', 'colEnded', 'colRecording'] as const).map((h) => el('th', { text: t(h), attrs: { scope: 'col' } })));
  const rows = calls.map((call) => {
    const rec = el('td');
    if (call.hasRecording) {
      const b = el('button', { text: t('openRecording'), attrs: { type: 'button', 'data-call': call.callId, 'data-focus': `rec-${call.callId}`, 'aria-label': t('openRecordingAria', call.callId) } });
      b.addEventListener('click', () => openRecording(call.callId));
      rec.appendChild(b);
    }
    // How it ended: our reading in plain words, and under it what the vendor sent (its reason and
    // SIP code), so that a reading of ours never hides the vendor's words.
    const end = el('td', { className: 'ended' }, el('span', { text: call.hangupText || '—' }));
    const sent = [call.hangupReason ? t('reasonAsSent', call.hangupReason) : '', call.sipCode ? t('sipCode', call.sipCode) : ''].filter((x) => x !== '');
    if (sent.length) end.appendChild(el('span', { className: 'muted as-sent', text: sent.join(' · '), attrs: { 'data-as-sent': '' } }));
    return el(
      'tr',
      { attrs: { 'data-call-id': call.callId } },
      el('td', { text: call.start === null ? t('unknown') : new Date(call.start).toLocaleString(lang.locale, { dateStyle: 'medium', timeStyle: 'medium' }) }),
      el('td', { className: 'value', text: `${call.caller || '?'} → ${call.called || '?'}` }),
      el('td', { className: 'value', text: call.number || '?' }),
      el('td', { text: formatCallDuration(call.durationS, lang) }),
      end,
      rec,
    );
  });
  return el('table', { className: 'calls' }, el('thead', {}, head), el('tbody', {}, ...rows));
}
