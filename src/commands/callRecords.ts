import * as vscode from 'vscode';
import { Cmd } from '../ids';
import { showInfo } from '../safety';
import { asNode } from '../tree/nodes';
import { UserInput } from '../ui';
import { CALLS_WINDOWS, type CallsRequest, type CallsWindowChoice, DEFAULT_CALLS_WINDOW, windowLabel } from '../webview/calls';
import { checkCustomWindow, exampleText, MAX_CUSTOM_WINDOW_DAYS, parseDateInput } from '../webview/callsWindow';
import { panelLocale, panelStrings } from '../webview/panelStrings';
import { CommandContext } from './context';
import { registerCommand } from './register';

/**
 * Show Call Records…: from a binding's menu (or the palette while the details panel is open, for
 * the binding it shows): asks which window (the panel's presets, the default first, or Custom…:
 * a start and an end typed in local time), opens the binding's details panel and reads its
 * calls of that window into the panel's Calls section (progress, Cancel and errors are shown
 * there). Esc at any question reads nothing.
 */
export function registerCallRecordsCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.showCallRecords, async (arg?: unknown) => {
    const node = asNode(arg, 'binding');
    if (!node && !c.details.shown) {
      void showInfo(vscode.l10n.t('Select a binding in the Laaffic PNS view (right-click → Show Call Records…), or open its details first.'));
      return;
    }
    const bindId = node ? node.record.bindId : c.details.shown!.bindId;
    const request = await askCallsWindow(c.ui, bindId);
    if (!request) return;
    if (node) c.details.show({ record: node.record, app: { appId: node.app.appId, label: node.app.label }, page: node.page });
    await c.details.loadCalls(request);
  });
}

interface WindowItem extends vscode.QuickPickItem {
  window: CallsWindowChoice;
}

/** The UTC offset of this computer's local time now, e.g. "UTC+01:00" (where typed dates are read). */
function localOffset(now: number): string {
  const minutes = -new Date(now).getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Which calls: a preset, or a custom start and end (each checked as it is typed). undefined = Esc. */
export async function askCallsWindow(ui: UserInput, bindId: string): Promise<CallsRequest | undefined> {
  const presets = [DEFAULT_CALLS_WINDOW, ...CALLS_WINDOWS.filter((w) => w !== DEFAULT_CALLS_WINDOW)];
  // The same words as the panel's window list.
  const lang = { strings: panelStrings(), locale: panelLocale() };
  const items: WindowItem[] = [
    ...presets.map((w): WindowItem => ({ label: windowLabel(w, lang), description: w === DEFAULT_CALLS_WINDOW ? vscode.l10n.t('default') : undefined, window: w })),
    { label: windowLabel('custom', lang), description: vscode.l10n.t('a start and an end you type (at most {0} days)', MAX_CUSTOM_WINDOW_DAYS), window: 'custom' },
  ];
  const pick = await ui.quickPick(items, { title: vscode.l10n.t('Show Call Records of Binding {0}', bindId), placeHolder: vscode.l10n.t('Which calls? Pick a time window') });
  if (!pick) return undefined;
  if (pick.window !== 'custom') return { window: pick.window };

  const zone = localOffset(Date.now());
  const fromText = await ui.inputBox({
    title: vscode.l10n.t('Call Records of Binding {0}: Start (1/2)', bindId),
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
    title: vscode.l10n.t('Call Records of Binding {0}: End (2/2)', bindId),
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
