import * as vscode from 'vscode';
import { PnsAbortError, PnsError } from '../api';
import { NoCredentialsError } from '../accounts/connection';
import { Cmd } from '../config/ids';
import { errorText } from '../ui/language';
import { showError } from '../ui/safety';

/** Logs an error (in English) and shows it (in the display language) with its hint and Show Log; cancellations stay quiet. */
export function reportError(log: vscode.LogOutputChannel, what: string, e: unknown): void {
  if (e instanceof PnsAbortError || (e instanceof Error && e.name === 'AbortError')) return;
  const msg = e instanceof Error ? e.message : String(e);
  const hint = e instanceof PnsError ? e.hint : '';
  log.error(`${what}: ${msg}${hint ? ` — ${hint}` : ''}`);
  if (!(e instanceof PnsError) && e instanceof Error && e.stack) log.debug(e.stack);
  const shown = errorText(e);
  if (e instanceof NoCredentialsError) {
    // Buttons that do it, for that account: never a list of commands to type.
    const set = vscode.l10n.t('Set Credentials…');
    const change = vscode.l10n.t('Switch Account…');
    void showError(shown.message, set, change).then((pick) => {
      if (pick === set) void vscode.commands.executeCommand(Cmd.setCredentials, { accountRef: e.accountId });
      else if (pick === change) void vscode.commands.executeCommand(Cmd.switchAccount);
    });
    return;
  }
  // showError makes the whole text safe: whatever a server put in it cannot become a link.
  void showError(shown.hint ? `${shown.message} ${shown.hint}` : shown.message, vscode.l10n.t('Show Log')).then((pick) => {
    if (pick) log.show(true);
  });
}

/** The one way commands are registered: every failure is logged and shown, never left to VS Code's "command failed". */
export function registerCommand(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  id: string,
  fn: (...args: any[]) => unknown, // eslint-disable-line @typescript-eslint/no-explicit-any
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        reportError(log, id, e);
        return undefined;
      }
    }),
  );
}
