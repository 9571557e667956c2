import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { Accounts } from './accounts/accounts';
import { safeLogChannel, setPhoneMasking } from './ui/safety';
import { registerAllCommands } from './commands';
import { SettingsState } from './config/settingsState';
import { type TestApi, testHooks } from '../test/support/testApi';
import { VsCodeUserInput } from './ui/userInput';
import { BindingsProvider } from './tree/provider';
import { ViewState } from './tree/viewState';
import { Node } from './tree/nodes';
import { DetailsPanel } from './webview/detailsPanel';
import { CallsPanels } from './webview/callsPanel';
import { BalanceStatus } from './ui/balanceStatus';
import { VIEW_ID } from './config/ids';
import { recentCopies } from './ui/clipboard';
import { phoneLibState } from './display/phone';
import { useTranslator } from './display/text';
import { redisplayHealth, useHealthProbe } from './commands/health';
import { AutoRefresh } from './tree/autoRefresh';
import { PinStore } from './tree/pins';

/** What activate() returns; `test` (test/support/testApi.ts) only in a development build run by the test harness. */
export interface LaafficPnsApi {
  readonly activationMs: number;
  readonly test?: TestApi;
}

export function activate(context: vscode.ExtensionContext): LaafficPnsApi {
  const started = performance.now();
  // The texts of src/display/text.ts in VS Code's display language.
  useTranslator(vscode.l10n);
  const channel = vscode.window.createOutputChannel('Laaffic PNS', { log: true });
  context.subscriptions.push(channel);
  // Every line is made safe on its way in: one line, no key, secret or Sign.
  const log = safeLogChannel(channel);

  const settingsState = new SettingsState(log);
  const settings = () => settingsState.current;

  // The test doubles; the production build leaves them out (LAAFFIC_PNS_TEST_BUILD is false there).
  const hooks = LAAFFIC_PNS_TEST_BUILD ? testHooks() : undefined;
  const ui = hooks?.ui ?? new VsCodeUserInput();
  const probe = hooks?.details;
  const callsProbe = hooks?.calls;

  const accounts = new Accounts({ memento: context.globalState, secrets: context.secrets, settingsState, log, ui });
  const view = new ViewState();
  const tree = new BindingsProvider(accounts, settings, log, view);
  // Pinned bindings: ids only, in globalState; a change redraws the Pinned nodes.
  const pins = (tree.pins = new PinStore(context.globalState));
  context.subscriptions.push(pins, pins.event(() => tree.pinsChanged()), pins.watch(accounts));
  const treeView = vscode.window.createTreeView<Node>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  view.attach(treeView as vscode.TreeView<unknown>);
  context.subscriptions.push(view.followActive(accounts));
  const details = new DetailsPanel(context.extensionUri, accounts, settings, log, probe, ui);
  const calls = new CallsPanels(context.extensionUri, accounts, settings, log, ui, callsProbe);
  const balance = new BalanceStatus(accounts, settings, log, treeView as vscode.TreeView<unknown>);
  // Changes flow one way: settings, accounts (credentials, approvals) -> each account's connection -> tree (and balance).
  context.subscriptions.push(settingsState, accounts, view, tree, treeView, details, calls, balance);
  const autoRefresh = new AutoRefresh({ tree, view: treeView, settings, balance, log });
  context.subscriptions.push(autoRefresh);

  if (LAAFFIC_PNS_TEST_BUILD) useHealthProbe(hooks?.health);
  registerAllCommands({ extension: context, log, accounts, tree, view, treeView: treeView as vscode.TreeView<unknown>, details, calls, settings, ui, balance });

  context.subscriptions.push(details.onDidChangeShown((shown) => view.setDetailsShown(shown)));
  // Mask Numbers / Show Numbers: a redraw, the log and notifications masked from now on; nothing is fetched again.
  const display = () => {
    const masked = settings().maskNumbers;
    setPhoneMasking(masked);
    view.setMasked(masked);
  };
  display();
  context.subscriptions.push(
    settingsState.onDidChangeDisplay(() => {
      display();
      details.redisplay();
      calls.redisplay();
      redisplayHealth();
    }),
  );

  // Context keys for the welcome views and menus, without waiting for the view to be opened.
  view.setAccounts(accounts.all().length);
  void Promise.all(accounts.all().map((a) => a.credentials.get())).then((cs) =>
    view.setConnection(
      cs.some((c) => !!c),
      accounts.all().some((a) => a.apps().length > 0),
    ),
  );

  const activationMs = performance.now() - started;
  // The phone number library is loaded when the first number is drawn, never here (the tests check).
  const phoneLibAtActivation = LAAFFIC_PNS_TEST_BUILD && phoneLibState().loaded;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  // One expression, so that the production build (LAAFFIC_PNS_TEST_BUILD false) folds it to its last line.
  return LAAFFIC_PNS_TEST_BUILD && hooks
    ? {
        activationMs,
        test: {
          ui: hooks.ui,
          settings,
          tree,
          treeView,
          details: hooks.details,
          calls: hooks.calls,
          health: hooks.health,
          balance,
          view,
          autoRefresh,
          globalStorageUri: context.globalStorageUri,
          accounts,
          secrets: context.secrets,
          globalState: context.globalState,
          copies: recentCopies,
          phoneLib: () => ({ ...phoneLibState(), loadedAtActivation: phoneLibAtActivation }),
        } satisfies TestApi,
      }
    : { activationMs };
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
