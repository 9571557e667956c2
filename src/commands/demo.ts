import * as vscode from 'vscode';
import type { Account } from '../accounts/accounts';
import { DEMO_NAME, startDemoServer, type DemoServer } from '../demo/server';
import { BuiltinCmd, Cmd } from '../config/ids';
import { showInfo } from '../ui/safety';
import { CommandContext } from './context';
import { registerCommand } from './register';

/** The sandbox inside the installed extension. */
const SANDBOX_BUNDLE = ['dist', 'sandbox-host.js'];

/** The running demo: its account (in memory only) and the server behind it. */
interface RunningDemo {
  account: Account;
  server: DemoServer;
}

/**
 * Try the Demo and Stop Demo: the shipped sandbox on loopback, shown as an account "Demo" that
 * lives in memory only, touching none of the user's accounts, settings or approvals. Stop Demo,
 * Remove Account or closing the window removes the account, whose onRemoved closes the server.
 */
export function registerDemoCommands(c: CommandContext): void {
  let running: RunningDemo | undefined;
  let starting: Promise<void> | undefined;

  registerCommand(c.extension, c.log, Cmd.tryDemo, async () => {
    if (starting) return starting;
    if (running) {
      await vscode.commands.executeCommand(BuiltinCmd.focusView);
      void showInfo(vscode.l10n.t('The demo is already running in the Laaffic PNS view, as account {0}. "Stop Demo" in the view\'s title ends it.', running.account.name));
      return;
    }
    starting = (async () => {
      const t0 = Date.now();
      const bundle = vscode.Uri.joinPath(c.extension.extensionUri, ...SANDBOX_BUNDLE).fsPath;
      const server = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting the Laaffic PNS demo…') }, () =>
        startDemoServer(bundle, { expireTimeZone: c.settings().expireTimeZone }),
      );
      const { account: demo } = server;
      // The view says "Demo" (and offers Stop Demo) before the tree changes.
      c.view.setDemo(true);
      let account: Account;
      try {
        account = c.accounts.addEphemeral({
          name: freeName(c),
          baseUrl: demo.baseUrl,
          apiKey: demo.apiKey,
          apiSecret: demo.apiSecret,
          apps: demo.apps.map((a) => ({ ...a })),
          onRemoved: async () => {
            if (running?.account === account) {
              running = undefined;
              c.view.setDemo(false);
            }
            await server.close();
          },
        });
      } catch (e) {
        c.view.setDemo(false);
        await server.close();
        throw e;
      }
      running = { account, server };
      c.balance.select(account);
      c.log.info(
        `Demo started in ${Date.now() - t0} ms: account “${account.name}”, a sandbox at ${new URL(demo.baseUrl).host} with demo data in ${demo.apps.length} apps, in this window only. Your accounts, credentials and settings are unchanged; "Stop Demo" ends it.`,
      );
      await vscode.commands.executeCommand(BuiltinCmd.focusView);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(beaker) Laaffic PNS demo running: "Stop Demo" in the view ends it'), 6000);
    })().finally(() => {
      starting = undefined;
    });
    return starting;
  });

  registerCommand(c.extension, c.log, Cmd.stopDemo, async () => {
    if (starting) await starting.catch(() => undefined);
    const demo = running;
    if (!demo) {
      void showInfo(vscode.l10n.t('No demo is running. "Laaffic PNS: Try the Demo" starts one.'));
      return;
    }
    // Removing the account closes the server (its onRemoved), before this returns.
    await c.accounts.remove(demo.account);
    c.log.info(`Demo stopped: account “${demo.account.name}” removed, its sandbox closed.`);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Laaffic PNS demo stopped'), 4000);
  });
}

/** "Demo", or "Demo 2", "Demo 3"… when an account of the user already has that name. */
function freeName(c: CommandContext): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? DEMO_NAME : `${DEMO_NAME} ${i}`;
    if (!c.accounts.nameProblem(name)) return name;
  }
}
