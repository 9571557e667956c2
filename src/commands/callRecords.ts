import * as vscode from 'vscode';
import { Cmd } from '../config/ids';
import { MAX_NUMBER_DIGITS, MIN_NUMBER_DIGITS, safeText } from '../api';
import { showInfo, showWarning } from '../ui/safety';
import type { Account } from '../accounts/accounts';
import { accountOf, asNode } from '../tree/nodes';
import { NumberNode } from '../tree/numberNodes';
import { UserInput } from '../ui/userInput';
import { CALLS_WINDOWS, type CallsRequest, type CallsWindow, type CallsWindowChoice, DEFAULT_CALLS_WINDOW, windowLabel } from '../shared/calls';
import { appTarget, type CallsTarget, numberInputProblem, numberTarget, type TargetAccount } from '../webview/callsScope';
import { checkCustomWindow, exampleText, MAX_CUSTOM_WINDOW_DAYS, parseDateInput } from '../shared/callsWindow';
import { panelLocale, panelStrings } from '../webview/panelStrings';
import { CommandContext } from './context';
import { bindingSource, pickAccount } from './pick';
import { registerCommand } from './register';

/**
 * Show Call Records…: asks which window (a preset or Custom…, typed in local time), then reads a
 * binding's calls into its details panel, or an app's or middle number's into their calls panel.
 * From the palette it first asks whose calls. Progress, Cancel and errors show in the panel.
 */
export function registerCallRecordsCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.showCallRecords, async (arg?: unknown) => {
    const node = asNode(arg, 'binding');
    if (node) {
      const request = await askCallsWindow(c.ui, vscode.l10n.t('Binding {0}', node.record.bindId));
      if (!request) return;
      c.details.show(bindingSource(node.app, node.record, node.page));
      await c.details.loadCalls(request);
      return;
    }
    const whose = arg === undefined ? await askWhose(c) : targetOfNode(c, arg);
    if (!whose) return;
    if (whose === 'binding') {
      const request = await askCallsWindow(c.ui, vscode.l10n.t('Binding {0}', c.details.shown!.bindId));
      if (request) await c.details.loadCalls(request);
      return;
    }
    const request = await askCallsWindow(c.ui, whose.view.noun.replace(/^\w/, (ch) => ch.toUpperCase()));
    if (!request) return;
    await c.calls.showCalls(whose, request);
  });
}

function targetAccount(c: CommandContext, account: Account): TargetAccount {
  return { id: account.id, name: account.name, several: c.accounts.all().length > 1 };
}

/** The target of an app or a number node; anything else says what to select (undefined). */
function targetOfNode(c: CommandContext, arg: unknown): CallsTarget | undefined {
  const app = asNode(arg, 'app');
  if (app && app.appId !== undefined) return appTarget(app.appId, app.label === app.appId ? '' : app.label, targetAccount(c, app.account));
  if (arg instanceof NumberNode) {
    const account = accountOf(arg);
    const t = account && numberTarget(arg.number.number, targetAccount(c, account));
    if (!t) void showWarning(vscode.l10n.t('The middle number "{0}" has no usable digits, so its calls cannot be looked for. Refresh the Numbers list and try again.', arg.number.number));
    return t;
  }
  void showInfo(
    app
      ? vscode.l10n.t('Show Call Records… works on one app at a time: right-click an app (not All apps), a middle number under Numbers, or a binding.')
      : vscode.l10n.t('Select a binding, an app or a middle number in the Laaffic PNS view (right-click → Show Call Records…).'),
  );
  return undefined;
}

interface WhoseItem extends vscode.QuickPickItem {
  whose: 'binding' | 'type' | CallsTarget;
}

/** From the palette: the binding shown, an app, a loaded middle number or one typed; undefined = Esc (or nothing to offer). */
async function askWhose(c: CommandContext): Promise<'binding' | CallsTarget | undefined> {
  const items: WhoseItem[] = [];
  const shown = c.details.shown;
  if (shown) items.push({ label: vscode.l10n.t('Binding {0}', shown.bindId), description: vscode.l10n.t('shown in the details panel'), whose: 'binding' });
  // Every account's apps and loaded middle numbers (with several accounts, each names its account).
  for (const account of c.accounts.all()) {
    const of = targetAccount(c, account);
    const prefix = of.several ? `${safeText(account.name, { max: 40 })} · ` : '';
    for (const a of account.apps()) {
      const label = safeText(a.label ?? '', { max: 60 });
      items.push({ label: vscode.l10n.t('App {0}', label || a.appId), description: `${prefix}${label && label !== a.appId ? a.appId : vscode.l10n.t('every call of the app')}`, whose: appTarget(a.appId, a.label ?? '', of) });
    }
    // The middle numbers the Numbers list has loaded (none read here: a number can be typed).
    for (const { number: n } of c.tree.numbersOf(account).numberNodes()) {
      const t = numberTarget(n.number, of);
      if (t) items.push({ label: vscode.l10n.t('Number {0}', n.number), description: `${prefix}${n.appId ? vscode.l10n.t('middle number · app {0}', n.appId) : vscode.l10n.t('middle number')}`, whose: t });
    }
  }
  // A typed number is looked for with the only account, or the one picked next.
  items.push({ label: typeNumberLabel(), description: vscode.l10n.t('every call through a middle number you type'), whose: 'type' });
  const pick = await c.ui.quickPick(items, { title: vscode.l10n.t('Show Call Records'), placeHolder: vscode.l10n.t('Whose calls? A binding, an app or a middle number'), matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.whose !== 'type') return pick.whose;
  const typed = await c.ui.inputBox({
    title: vscode.l10n.t('Show Call Records of a Middle Number'),
    prompt: vscode.l10n.t('The middle number, with its country code, e.g. 447700900123 ({0} to {1} digits; spaces, +, - and parentheses are ignored).', MIN_NUMBER_DIGITS, MAX_NUMBER_DIGITS),
    placeHolder: '447700900123',
    ignoreFocusOut: true,
    validateInput: (v) => (numberInputProblem(v) ?? undefined),
  });
  if (typed === undefined || numberInputProblem(typed)) return undefined;
  const account = await pickAccount(c, undefined, vscode.l10n.t('Show Call Records: through which account?'));
  return account ? numberTarget(typed, targetAccount(c, account)) : undefined;
}

/** The pick that asks for a typed middle number, in the display language. */
export function typeNumberLabel(): string {
  return vscode.l10n.t('Type a middle number…');
}

interface WindowItem extends vscode.QuickPickItem {
  window: CallsWindowChoice;
}

/** "UTC+01:00": the offset typed dates are read in. */
function localOffset(now: number): string {
  const minutes = -new Date(now).getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Which calls of `what` ("Binding 123", "App Rides"): a preset, or a custom start and end (each checked as it is typed). undefined = Esc. */
export async function askCallsWindow(ui: UserInput, what: string, offered: readonly CallsWindow[] = CALLS_WINDOWS): Promise<CallsRequest | undefined> {
  const presets = [DEFAULT_CALLS_WINDOW, ...offered.filter((w) => w !== DEFAULT_CALLS_WINDOW)];
  // The same words as the panel's window list.
  const lang = { strings: panelStrings(), locale: panelLocale() };
  const items: WindowItem[] = [
    ...presets.map((w): WindowItem => ({ label: windowLabel(w, lang), description: w === DEFAULT_CALLS_WINDOW ? vscode.l10n.t('default') : undefined, window: w })),
    { label: windowLabel('custom', lang), description: vscode.l10n.t('a start and an end you type (at most {0} days)', MAX_CUSTOM_WINDOW_DAYS), window: 'custom' },
  ];
  const pick = await ui.quickPick(items, { title: vscode.l10n.t('Show Call Records of {0}', what), placeHolder: vscode.l10n.t('Which calls? Pick a time window') });
  if (!pick) return undefined;
  if (pick.window !== 'custom') return { window: pick.window };

  const zone = localOffset(Date.now());
  const fromText = await ui.inputBox({
    title: vscode.l10n.t('Call Records of {0}: Start (1/2)', what),
    prompt: vscode.l10n.t('The start of the window in your local time ({0}): YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. {1}. A date alone means 00:00.', zone, exampleText()),
    placeHolder: exampleText(),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const d = parseDateInput(v);
      if (!d.ok) return d.problem;
      return d.ms >= Date.now() ? vscode.l10n.t('That is in the future, so there can be no calls yet: pick a start before now.') : undefined;
    },
  });
  if (fromText === undefined) return undefined;
  const from = parseDateInput(fromText);
  if (!from.ok) return undefined; // the box accepts nothing else

  const toText = await ui.inputBox({
    title: vscode.l10n.t('Call Records of {0}: End (2/2)', what),
    prompt: vscode.l10n.t('The end of the window in your local time ({0}), YYYY-MM-DD or YYYY-MM-DD HH:MM; leave it empty for now. At most {1} days after the start.', zone, MAX_CUSTOM_WINDOW_DAYS),
    placeHolder: vscode.l10n.t('empty: now'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const now = Date.now();
      const to = v.trim() === '' ? { ok: true as const, ms: now } : parseDateInput(v);
      if (!to.ok) return to.problem;
      const w = checkCustomWindow(from.ms, to.ms, now);
      return w.ok ? undefined : w.problem;
    },
  });
  if (toText === undefined) return undefined;
  if (toText.trim() === '') return { window: 'custom', from: from.ms, to: Date.now() };
  const to = parseDateInput(toText);
  return to.ok ? { window: 'custom', from: from.ms, to: to.ms } : undefined;
}
