/**
 * Copy Summary for a Ticket (in dist/complaints.js, loaded on first use): a binding's (from its menu, the details panel's title bar, or a
 * call's row in the calls panel) or a customer phone's (the calls panel of Find Calls by
 * Number) summary on the clipboard, as plain text or Markdown, phones masked while masking is
 * on unless the user picks full numbers. The text is built by src/display/ticket.ts; the last
 * calls come from what the calls panel loaded, else a quick read of the binding's last 7 days.
 */
import * as vscode from 'vscode';
import { bindingState, callOutcome, type CallRecord, callRecordsFor, pairKey, safeText } from '../api';
import type { Account } from '../accounts/accounts';
import { type TicketBinding, type TicketCall, type TicketFormat, ticketSummary } from '../display/ticket';
import { vendorZoneMinutes } from '../shared/binding';
import { asNode } from '../tree/nodes';
import { recentCopies } from '../ui/clipboard';
import { showInfo } from '../ui/safety';
import type { CallsTicketRequest } from '../webview/callsPanel';
import type { PhoneRow } from '../webview/callsByPhone';
import type { CommandContext } from './context';

const DAY = 86_400_000;
/** The quick read's window when no panel has the binding's calls. */
const QUICK_DAYS = 7;

type BindingLike = Omit<TicketBinding, 'state' | 'account' | 'app'>;

function ticketBinding(c: CommandContext, b: BindingLike, app: { label: string; appId: string | null }, account: Account | undefined): TicketBinding {
  const several = c.accounts.all().length > 1;
  return {
    bindId: b.bindId,
    phoneA: b.phoneA,
    phoneB: b.phoneB,
    pnsNumberA: b.pnsNumberA,
    pnsNumberB: b.pnsNumberB,
    mode: b.mode,
    expiresAt: b.expiresAt,
    expireTime: safeText(b.expireTime, { max: 60 }),
    state: bindingState(b.expiresAt, Date.now(), c.settings().expiringSoonHours),
    app: { label: safeText(app.label, { max: 60 }) || (app.appId ?? ''), appId: app.appId },
    account: several && account ? safeText(account.name, { max: 40 }) : '',
  };
}

function ticketCall(r: Pick<CallRecord, 'start' | 'caller' | 'called' | 'number' | 'hangupText' | 'hangupReason' | 'sipCode' | 'durationS'>): TicketCall {
  return { start: r.start, caller: r.caller, called: r.called, number: r.number, outcome: callOutcome(r), hangupText: r.hangupText, hangupReason: r.hangupReason, sipCode: r.sipCode, durationS: r.durationS };
}

/** The binding's calls of the last 7 days (its pair only), newest first; [] when they cannot be read. */
async function quickCalls(c: CommandContext, account: Account | undefined, b: BindingLike): Promise<{ calls: TicketCall[]; from: string }> {
  const from = vscode.l10n.t('the last {0} days', QUICK_DAYS);
  if (!account || b.phoneA === '') return { calls: [], from };
  const pair = pairKey(b.phoneA, b.phoneB);
  try {
    const client = await account.connection.client();
    const now = Date.now();
    const s = c.settings();
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the calls of binding {0}…', b.bindId), cancellable: true }, (_p, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return callRecordsFor(client, { scope: { kind: 'phone', phone: b.phoneA }, from: now - QUICK_DAYS * DAY, to: now, concurrency: s.searchConcurrency, maxAttemptsPerPage: s.retries + 1, signal: ac.signal });
    });
    return { calls: result.records.filter((r) => pairKey(r.caller, r.called) === pair).map(ticketCall), from };
  } catch (e) {
    c.log.warn(`Copy Summary for a Ticket: the calls of binding ${b.bindId} could not be read: ${(e as Error).message}`);
    return { calls: [], from: vscode.l10n.t('the last {0} days (they could not be read)', QUICK_DAYS) };
  }
}

/** Plain text or Markdown, then (while masking is on) masked or full phones, then the clipboard. */
async function copyTicket(c: CommandContext, build: (format: TicketFormat, full: boolean) => string, what: string): Promise<void> {
  type FormatItem = vscode.QuickPickItem & { format: TicketFormat };
  const format = await c.ui.quickPick<FormatItem>(
    [
      { label: vscode.l10n.t('Plain text'), description: vscode.l10n.t('for any ticket system or e-mail'), format: 'text' },
      { label: vscode.l10n.t('Markdown'), description: vscode.l10n.t('for trackers that render Markdown (GitHub, Jira Cloud, …)'), format: 'markdown' },
    ],
    { title: vscode.l10n.t('Copy Summary for a Ticket: {0}', what), placeHolder: vscode.l10n.t('As plain text or as Markdown?') },
  );
  if (!format) return;
  let full = !c.settings().maskNumbers;
  if (!full) {
    type NumbersItem = vscode.QuickPickItem & { full: boolean };
    const pick = await c.ui.quickPick<NumbersItem>(
      [
        { label: vscode.l10n.t('Masked numbers'), description: vscode.l10n.t('as the view shows them'), full: false },
        { label: vscode.l10n.t('Full numbers'), description: vscode.l10n.t('the customers\' phone numbers in full'), full: true },
      ],
      { title: vscode.l10n.t('Copy Summary for a Ticket: {0}', what), placeHolder: vscode.l10n.t('Phone numbers are masked. Copy them masked or in full?') },
    );
    if (!pick) return;
    full = pick.full;
  }
  const text = build(format.format, full);
  await vscode.env.clipboard.writeText(text);
  const said = vscode.l10n.t('Copied the summary of {0} for a ticket', what);
  vscode.window.setStatusBarMessage(`$(check) ${said}`, 3000);
  c.log.info(`Copy Summary for a Ticket: ${format.format}, ${full ? 'full' : 'masked'} numbers, ${text.length} characters.`);
  if (LAAFFIC_PNS_TEST_BUILD) {
    recentCopies.push({ copied: text, said });
    if (recentCopies.length > 20) recentCopies.shift();
  }
}

/** From the calls panel: a call's binding (its calls from the panel) or the phone (its live bindings met in the calls, and the calls). */
export async function ticketFromCallsPanel(c: CommandContext, req: CallsTicketRequest): Promise<void> {
  const zone = vendorZoneMinutes(c.settings());
  const panelFrom = vscode.l10n.t('the calls panel');
  const row: PhoneRow | undefined = req.ref === null ? undefined : req.rows.find((r) => r.ref === req.ref);
  if (row?.binding) {
    const src = row.binding;
    const account = c.accounts.get(src.account);
    const b = ticketBinding(c, src.record, { label: src.app.label, appId: src.app.appId ?? null }, account);
    const pair = pairKey(src.record.phoneA, src.record.phoneB);
    const calls = req.rows.filter((r) => r.account === row.account && pairKey(r.record.caller, r.record.called) === pair).map((r) => ticketCall(r.record));
    return copyTicket(c, (format, full) => ticketSummary({ binding: b, calls, callsFrom: panelFrom, full, vendorZoneMinutes: zone }, format), vscode.l10n.t('binding {0}', b.bindId));
  }
  const digits = req.target.phone?.digits;
  if (digits === undefined) {
    void showInfo(vscode.l10n.t('Copy Summary for a Ticket works on a binding, or on the calls of a phone number (Find Calls by Number…).'));
    return;
  }
  const seen = new Map<string, TicketBinding>();
  for (const r of req.rows) {
    const src = r.binding;
    if (!src || seen.has(`${src.account}/${src.record.bindId}`)) continue;
    seen.set(`${src.account}/${src.record.bindId}`, ticketBinding(c, src.record, { label: src.app.label, appId: src.app.appId ?? null }, c.accounts.get(src.account)));
  }
  const calls = req.rows.map((r) => ticketCall(r.record));
  return copyTicket(c, (format, full) => ticketSummary({ phone: digits, bindings: [...seen.values()], calls, callsFrom: panelFrom, full, vendorZoneMinutes: zone }, format), vscode.l10n.t('a phone number'));
}

/** Copy Summary for a Ticket from a binding's menu, or from a title bar (the calls panel in front, else the details panel's binding). */
export async function copyTicketSummary(c: CommandContext, arg?: unknown): Promise<void> {
  const zone = vendorZoneMinutes(c.settings());
  const node = asNode(arg, 'binding');
  if (node) {
    const account = node.app.account;
    const b = ticketBinding(c, node.record, { label: node.app.label, appId: node.app.appId ?? null }, account);
    const { calls, from } = await quickCalls(c, account, node.record);
    return copyTicket(c, (format, full) => ticketSummary({ binding: b, calls, callsFrom: from, full, vendorZoneMinutes: zone }, format), vscode.l10n.t('binding {0}', b.bindId));
  }
  const active = c.calls.active();
  if (active) return ticketFromCallsPanel(c, active);
  const shown = c.details.shown;
  if (shown) {
    const account = c.accounts.get(shown.app.account);
    const b = ticketBinding(c, shown, { label: shown.app.label, appId: shown.app.appId }, account);
    const { calls, from } = await quickCalls(c, account, shown);
    return copyTicket(c, (format, full) => ticketSummary({ binding: b, calls, callsFrom: from, full, vendorZoneMinutes: zone }, format), vscode.l10n.t('binding {0}', b.bindId));
  }
  void showInfo(vscode.l10n.t('Select a binding in the Laaffic PNS view (right-click → Copy Summary for a Ticket…), or open its details first.'));
}
