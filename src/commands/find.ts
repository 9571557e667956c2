import * as vscode from 'vscode';
import { parseSearchQuery } from '../api/search';
import { accountOf, asNode } from '../tree/nodes';
import type { Scope } from '../goto/results';
import { pickTreeApp } from './pick';
import { CommandContext } from './context';
import { gotoBundle } from './goto';
import { queryInputProblem } from './query';
import { registerCommand } from './register';
import { Cmd } from '../config/ids';

/** Find's parsing of typed digits, the one rule (filter, Find Calls by Number and Go to Binding use it too). */
export { queryInputProblem };

/** Find Binding by Number: every page of one app, all apps or all accounts, fetched concurrently, results streamed (dist/goto.js). */
export function registerFindCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.findBinding, async (node?: unknown) => {
    const mode = c.settings().searchMatch;
    const input = await c.ui.inputBox({
        title: vscode.l10n.t('Laaffic PNS: Find Binding by Number'),
        prompt: mode === 'exact' ? vscode.l10n.t('A whole phone number, middle number or bind id (+, spaces and dashes are ignored).') : vscode.l10n.t('Digits of a phone number, middle number or bind id (at least 3; +, spaces and dashes are ignored).'),
        placeHolder: '+91 502 702 1995',
        ignoreFocusOut: true,
        validateInput: (v) => queryInputProblem(v, mode),
      });
    if (input === undefined) return;
    const query = parseSearchQuery(input, mode);
    const scope = await findScope(c, node);
    if (!scope) return;
    return gotoBundle().runSearch(c, scope, query);
  });
}

/**
 * The app of the node; else an app of the node's account, or of the active account from the
 * palette (never "which account?"), with "All accounts" (the "All apps" of each) offered last when
 * there are several accounts and no node named one.
 */
async function findScope(c: CommandContext, node: unknown): Promise<Scope | undefined> {
  const title = vscode.l10n.t('Find Binding by Number: where?');
  const app = asNode(node, 'app');
  if (app) return { label: app.label, apps: [app] };
  const accounts = c.accounts.all();
  const placeHolder = vscode.l10n.t('Search one app or all of them');
  if (accountOf(node) || accounts.length < 2) {
    const one = await pickTreeApp(c, title, placeHolder, node);
    return one && { label: one.label, apps: [one] };
  }
  const label = vscode.l10n.t('All accounts');
  const one = await pickTreeApp(c, title, vscode.l10n.t('Search one app, all of them, or every account'), node, { label, description: vscode.l10n.t('"All apps" of every account') });
  if (one === 'also') return { label, apps: accounts.map((a) => c.tree.appNodes(a).find((x) => x.appId === undefined)!) };
  return one && { label: one.label, apps: [one] };
}
