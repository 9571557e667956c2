/**
 * Show Health (an account, an app or All apps; from the palette it asks) and Export Figures…:
 * the health dashboard. Its code is dist/health.js, required here on first use (a bundle of its
 * own, scripts/build.mjs LAZY), so dist/extension.js carries only these few lines. That bundle
 * does not carry copies of the modules it uses: it gets the extension's own instances from SHARED
 * (one translator, one set of phones to mask, the same error classes for instanceof and retries).
 */
import * as vscode from 'vscode';
import type * as Health from '../webview/health/index';
import type { PanelProbe } from '../webview/panelPage';
import { bindGroup } from '../api/cache';
import { splitWindow } from '../api/endpoints/callRecordsFor';
import { callPredicate } from '../api/endpoints/callScope';
import { MAX_PAGE_SIZE } from '../api/endpoints/fields';
import { numberPageFetcher, QUERY_NUMBER_PAGE_PATH } from '../api/endpoints/numbers';
import { CALL_OUTCOMES, callOutcome } from '../api/endpoints/outcome';
import { QUERY_CALL_RECORD_PAGE_PATH } from '../api/endpoints/records';
import { PnsAbortError, PnsError, PnsValidationError } from '../api/errors';
import { csvCell, toCsv } from '../api/export';
import { RequestGate } from '../api/gate';
import { compactKey, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, orderedPages } from '../api/pages';
import { safeText } from '../api/safe';
import { bindingState, digitsOnly } from '../api/state';
import { bindingPages } from '../api/walk';
import { HEALTH_VIEW_TYPE } from '../config/ids';
import { formatNumber, formatPhone, maskKnownPhones } from '../display/phone';
import { shortExpiry } from '../display/text';
import { pageOf, vendorZoneMinutes } from '../shared/binding';
import { middleText } from '../tree/bindingText';
import { countryLocale, errorText, stateLabel } from '../ui/language';
import { safeMessage, safeValue } from '../ui/safety';
import { PanelPage, panelOptions } from '../webview/panelPage';
import { panelLocale } from '../webview/panelStrings';
import { AccountNode, asNode } from '../tree/nodes';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { loadLazy } from './lazy';
import { registerCommand } from './register';
import { pickTreeApp } from './pick';
import { StreamingPick } from '../ui/streamingPick';

/**
 * What dist/health.js takes from the extension, by module path from the repository's root:
 * exactly the names it imports (scripts/build.mjs checks each one is here).
 */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/api/cache.ts': { bindGroup },
  'src/api/endpoints/callRecordsFor.ts': { splitWindow },
  'src/api/endpoints/callScope.ts': { callPredicate },
  'src/api/endpoints/fields.ts': { MAX_PAGE_SIZE },
  'src/api/endpoints/numbers.ts': { numberPageFetcher, QUERY_NUMBER_PAGE_PATH },
  'src/api/endpoints/outcome.ts': { CALL_OUTCOMES, callOutcome },
  'src/api/endpoints/records.ts': { QUERY_CALL_RECORD_PAGE_PATH },
  'src/api/errors.ts': { PnsAbortError, PnsError, PnsValidationError },
  'src/api/export.ts': { csvCell, toCsv },
  'src/api/gate.ts': { RequestGate },
  'src/api/pages.ts': { compactKey, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, orderedPages },
  'src/api/safe.ts': { safeText },
  'src/api/state.ts': { bindingState, digitsOnly },
  'src/api/walk.ts': { bindingPages },
  'src/config/ids.ts': { HEALTH_VIEW_TYPE },
  'src/display/phone.ts': { formatNumber, formatPhone, maskKnownPhones },
  'src/display/text.ts': { shortExpiry },
  'src/shared/binding.ts': { pageOf, vendorZoneMinutes },
  'src/tree/bindingText.ts': { middleText },
  'src/ui/language.ts': { countryLocale, errorText, stateLabel },
  'src/ui/safety.ts': { safeMessage, safeValue },
  'src/ui/streamingPick.ts': { StreamingPick },
  'src/webview/panelPage.ts': { PanelPage, panelOptions },
  'src/webview/panelStrings.ts': { panelLocale },
};

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
  // The build keeps this a require of dist/health.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  health ??= loadLazy<typeof Health>('health', SHARED, () => require('./healthBundle'));
  if (!panels) {
    panels = health.createHealthPanels(
      {
        deps: { extensionUri: c.extension.extensionUri, accounts: c.accounts, settings: c.settings, log: c.log, ui: c.ui },
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
