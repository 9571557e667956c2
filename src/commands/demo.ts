import * as vscode from 'vscode';
import { startDemoServer } from '../demo/server';
import { BuiltinCmd, Cmd } from '../ids';
import { showInfo } from '../safety';
import { CommandContext } from './context';
import { registerCommand } from './register';

/** Where the sandbox the demo runs is, inside the installed extension (see scripts/build.mjs). */
const SANDBOX_BUNDLE = ['dist', 'sandbox-host.js'];

/**
 * Try the Demo and Stop Demo: the sandbox shipped in the extension, started in the extension
 * host on loopback and shown as a demo session of the connection (src/connection.ts). The
 * user's credentials, settings and host approvals are not touched.
 */
export function registerDemoCommands(c: CommandContext): void {
  let starting: Promise<void> | undefined;

  registerCommand(c.extension, c.log, Cmd.tryDemo, async () => {
    if (starting) return starting;
    if (c.connection.demo) {
      await vscode.commands.executeCommand(BuiltinCmd.focusView);
      void showInfo(vscode.l10n.t('The demo is already running in the Laaffic PNS view. "Stop Demo" in the view\'s title returns to your account.'));
      return;
    }
    starting = (async () => {
      const t0 = Date.now();
      const bundle = vscode.Uri.joinPath(c.extension.extensionUri, ...SANDBOX_BUNDLE).fsPath;
      const server = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting the Laaffic PNS demo…') }, () =>
        startDemoServer(bundle, { expireTimeZone: c.settings().expireTimeZone }),
      );
      c.connection.showDemo(server);
      const { account } = server;
      c.log.info(
        `Demo started in ${Date.now() - t0} ms: a sandbox at ${new URL(account.baseUrl).host} with demo data in ${account.apps.length} apps. Your credentials and settings are unchanged; "Stop Demo" returns to them.`,
      );
      await vscode.commands.executeCommand(BuiltinCmd.focusView);
      vscode.window.setStatusBarMessage(vscode.l10n.t('$(beaker) Laaffic PNS demo running: "Stop Demo" in the view returns to your account'), 6000);
    })().finally(() => {
      starting = undefined;
    });
    return starting;
  });

  registerCommand(c.extension, c.log, Cmd.stopDemo, async () => {
    if (starting) await starting.catch(() => undefined);
    if (!(await c.connection.endDemo())) {
      void showInfo(vscode.l10n.t('No demo is running. "Laaffic PNS: Try the Demo" starts one.'));
      return;
    }
    c.log.info('Demo stopped: its sandbox is closed; the view shows your own account again.');
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Laaffic PNS demo stopped'), 4000);
  });
}

/** Ends a running demo before a command that works on the user's own account (Set Credentials…). */
export async function leaveDemo(c: CommandContext, why: string): Promise<void> {
  if (!c.connection.demo) return;
  await c.connection.endDemo();
  c.log.info(`Demo stopped: ${why}.`);
}
