/**
 * Copy Summary for a Ticket: what an operator pastes into a complaint ticket about a binding or
 * a customer's phone, as plain text or as Markdown (no vscode import; the texts through the
 * translator the extension sets, so English or Simplified Chinese). Phones A and B, callers and
 * called are masked unless `full`; middle numbers are shown whole. In Markdown every text is
 * escaped (every ASCII punctuation mark backslashed), so what a server sent cannot become a
 * link, an image, a heading or any formatting.
 */
import type { CallOutcome } from '../api/endpoints/outcome';
import { isoWithOffset } from '../api';
import type { BindingState } from '../api/state';
import { formatNumber, formatPhone, maskKnownPhones } from './phone';
import { translator as l10n } from './text';

export type TicketFormat = 'text' | 'markdown';

export interface TicketBinding {
  bindId: string;
  app: { label: string; appId: string | null };
  /** The account's name, when there are several ('' otherwise). */
  account: string;
  phoneA: string;
  phoneB: string;
  pnsNumberA: string;
  pnsNumberB: string;
  mode: 'AXB' | 'AXXB';
  /** Epoch ms; null when the vendor's expireTime could not be read (then `expireTime` is said as sent). */
  expiresAt: number | null;
  expireTime: string;
  state: BindingState;
}

export interface TicketCall {
  start: number | null;
  caller: string;
  called: string;
  /** The middle number it went through. */
  number: string;
  outcome: CallOutcome;
  /** Our words for how it ended, and the vendor's own reason and SIP code (made safe by the core). */
  hangupText: string;
  hangupReason: string;
  sipCode: string;
  durationS: number | null;
}

export interface TicketInput {
  /** The binding the ticket is about; or, for a phone, its live bindings (`bindings`). */
  binding?: TicketBinding;
  /** A customer's phone (Find Calls by Number): its digits. */
  phone?: string;
  bindings?: TicketBinding[];
  /** Newest first; at most MAX_TICKET_CALLS are written. */
  calls: TicketCall[];
  /** Where the calls come from, in words ("the calls panel", "the last 7 days"). */
  callsFrom: string;
  /** Phones in full (the user chose so, or masking is off). */
  full: boolean;
  /** The vendor's time zone, minutes east of UTC. */
  vendorZoneMinutes: number;
}

export const MAX_TICKET_CALLS = 5;

/** Markdown: every ASCII punctuation mark escaped, line breaks and tabs made spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** "2026-12-06 14:00:00 +08:00". */
function zoned(ms: number, minutes: number): string {
  return isoWithOffset(ms, minutes).replace('T', ' ').replace(/([+-]\d{2}:\d{2})$/, ' $1');
}

/** "2026-12-06 06:00:00 UTC". */
function utc(ms: number): string {
  return `${isoWithOffset(ms, 0).replace('T', ' ').slice(0, 19)} UTC`;
}

export function outcomeWords(o: CallOutcome): string {
  switch (o) {
    case 'answered':
      return l10n.t('Answered');
    case 'busy':
      return l10n.t('Busy');
    case 'no-answer':
      return l10n.t('No answer');
    case 'failed':
      return l10n.t('Failed');
    default:
      return l10n.t('Other');
  }
}

function stateWords(s: BindingState): string {
  switch (s) {
    case 'active':
      return l10n.t('Active');
    case 'expiring':
      return l10n.t('Expiring soon');
    case 'expired':
      return l10n.t('Expired');
    default:
      return l10n.t('Expiry unknown');
  }
}

function duration(s: number | null): string {
  if (s === null || !Number.isFinite(s) || s < 0) return '—';
  const t = Math.floor(s);
  return t < 60 ? l10n.t('{0} s', t) : l10n.t('{0} min {1} s', Math.floor(t / 60), String(t % 60).padStart(2, '0'));
}

/** A label and its value: "Phone A: …" or "- **Phone A:** …". */
type Line = [label: string, value: string];

function bindingLines(b: TicketBinding, i: TicketInput): Line[] {
  const phone = (v: string) => (v === '' ? '—' : formatPhone(v, { masked: !i.full }));
  const middle = b.mode === 'AXB' || b.pnsNumberB === '' || b.pnsNumberB === b.pnsNumberA ? formatNumber(b.pnsNumberA) || '—' : `${formatNumber(b.pnsNumberA) || '—'} (A) · ${formatNumber(b.pnsNumberB)} (B)`;
  const app = b.app.appId === null ? b.app.label : b.app.label && b.app.label !== b.app.appId ? l10n.t('{0} (app id {1})', b.app.label, b.app.appId) : l10n.t('app id {0}', b.app.appId);
  const expiry = b.expiresAt === null ? l10n.t('{0} (as sent; could not be read)', b.expireTime || '—') : l10n.t('{0} (vendor time) · {1}', zoned(b.expiresAt, i.vendorZoneMinutes), utc(b.expiresAt));
  const lines: Line[] = [[l10n.t('Bind id'), b.bindId]];
  if (b.account) lines.push([l10n.t('Account'), b.account]);
  lines.push(
    [l10n.t('App'), app],
    [l10n.t('Phone A'), phone(b.phoneA)],
    [l10n.t('Phone B'), phone(b.phoneB)],
    [l10n.t('Middle numbers'), `${middle} · ${b.mode}`],
    [l10n.t('Expiry'), expiry],
    [l10n.t('State'), stateWords(b.state)],
  );
  return lines;
}

function callLine(c: TicketCall, i: TicketInput): string {
  const phone = (v: string) => (v === '' ? '?' : formatPhone(v, { masked: !i.full }));
  const when = c.start === null ? l10n.t('unknown time') : utc(c.start);
  const sent = [c.hangupReason ? l10n.t('as sent: “{0}”', i.full ? c.hangupReason : maskKnownPhones(c.hangupReason)) : '', c.sipCode ? l10n.t('SIP {0}', c.sipCode) : ''].filter((x) => x !== '').join(', ');
  const how = [outcomeWords(c.outcome), c.hangupText].filter((x) => x !== '').join(' — ');
  return [when, `${phone(c.caller)} → ${phone(c.called)}`, l10n.t('via {0}', formatNumber(c.number) || '?'), `${how}${sent ? ` (${sent})` : ''}`, duration(c.durationS)].join(' · ');
}

/** The summary as plain text or Markdown. */
export function ticketSummary(i: TicketInput, format: TicketFormat): string {
  const md = format === 'markdown';
  const esc = (s: string) => (md ? escapeMarkdown(s) : s);
  const out: string[] = [];
  const heading = (level: number, text: string) => out.push(md ? `${'#'.repeat(level)} ${esc(text)}` : text);
  const block = (lines: Line[]) => {
    for (const [label, value] of lines) out.push(md ? `- **${esc(label)}:** ${esc(value)}` : `${label}: ${value}`);
  };
  if (i.binding) {
    heading(2, l10n.t('Laaffic PNS: binding {0}', i.binding.bindId));
    block(bindingLines(i.binding, i));
  } else if (i.phone !== undefined) {
    const phone = formatPhone(i.phone, { masked: !i.full });
    heading(2, l10n.t('Laaffic PNS: calls of the phone {0}', phone));
    const live = i.bindings ?? [];
    out.push(esc(live.length === 0 ? l10n.t('No live binding has this phone with the callers and called parties below.') : l10n.t('Live bindings of this phone: {0}', live.length)));
    for (const b of live) {
      out.push('');
      heading(3, l10n.t('Binding {0}', b.bindId));
      block(bindingLines(b, i));
    }
  }
  const calls = i.calls.slice(0, MAX_TICKET_CALLS);
  out.push('');
  heading(3, l10n.t('Last calls (at most {0}, from {1})', MAX_TICKET_CALLS, i.callsFrom));
  if (calls.length === 0) out.push(esc(l10n.t('No calls.')));
  calls.forEach((c, n) => out.push(md ? `- ${esc(callLine(c, i))}` : `${n + 1}. ${callLine(c, i)}`));
  if (!i.full) {
    out.push('');
    out.push(esc(l10n.t('Phone numbers are masked.')));
  }
  return `${out.join('\n')}\n`;
}
