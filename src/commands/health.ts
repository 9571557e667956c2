/**
 * Show Health (an account, an app or All apps; from the palette it asks) and Export Figures…:
 * the health dashboard. Its code is dist/health.js, required here on first use (like
 * dist/phoneLib.js), so dist/extension.js carries only these few lines.
 */
import * as vscode from 'vscode';
import type * as Health from '../webview/health/index';
import type { PanelProbe } from '../webview/panelPage';
import { formatNumber, formatPhone, maskKnownPhones } from '../display/phone';
import { safeMessage, safeValue } from '../ui/safety';
import { countryLocale, errorText, stateLabel } from '../ui/language';
import { middleText } from '../tree/bindingText';
import { PanelPage, panelOptions } from '../webview/panelPage';
import { panelLocale } from '../webview/panelStrings';
import { AccountNode, asNode } from '../tree/nodes';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { pickTreeApp } from './pick';

let panels: Health.HealthPanels | undefined;
let health: typeof Health | undefined;
let probe: PanelProbe | undefined;

/** The tests' probe of the dashboards (development build only). */
export function useHealthProbe(p: PanelProbe | undefined): void {
  probe = p;
}

/** Mask Numbers / Show Numbers: open dashboards draw again (nothing is loaded when none was opened). */
export function redisplayHealth(): void {
  panels?.redisplay();
}

function load(c: CommandContext): { health: typeof Health; panels: Health.HealthPanels } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  health ??= require('./healthBundle') as typeof Health;
  if (!panels) {
    panels = health.createHealthPanels(
      {
        deps: { extensionUri: c.extension.extensionUri, accounts: c.accounts, settings: c.settings, log: c.log, ui: c.ui },
        kit: { formatPhone, formatNumber: (v) => formatNumber(v), maskKnownPhones, safeMessage, safeValue, errorText, stateLabel, countryLocale, panelLocale, middleText },
        PanelPage,
        panelOptions,
        showBinding: (src) => c.details.show(src),
      },
      LAAFFIC_PNS_TEST_BUILD ? probe : undefined,
    );
    c.extension.subscriptions.push(panels);
  }
  return { health, panels };
}

/** The scope of a node (an account, an app, All apps), or asked for (undefined: Esc). */
async function scopeOf(c: CommandContext, node: unknown, title: string): Promise<Health.HealthScope | undefined> {
  const account = asNode(node, 'account');
  if (account instanceof AccountNode) return { account: account.account, appId: undefined, title: account.account.name };
  const app = asNode(node, 'app') ?? (await pickTreeApp(c, title, vscode.l10n.t('The health of one app or of all of them'), node));
  if (!app) return undefined;
  return { account: app.account, appId: app.appId, title: c.accounts.all().length > 1 && app.appId === undefined ? `${app.account.name} · ${app.label}` : app.label };
}

export function registerHealthCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.showHealth, async (node?: unknown) => {
    const scope = await scopeOf(c, node, vscode.l10n.t('Show Health: of what?'));
    if (scope) await load(c).panels.show(scope);
  });
  registerCommand(c.extension, c.log, Cmd.exportHealthFigures, async (node?: unknown) => {
    const open = node === undefined ? panels?.active() : undefined;
    const scope = open ? undefined : await scopeOf(c, node, vscode.l10n.t('Export the figures of what?'));
    if (!open && !scope) return;
    const { health: h, panels: p } = load(c);
    const page = open ?? (p.find(scope!)?.figures ? p.find(scope!)! : await p.show(scope!));
    await h.exportFigures(page.host, page);
  });
}
