import * as vscode from 'vscode';
import { parseSearchQuery } from '../api/search';
import type { CommandContext } from '../commands/context';
import { queryInputProblem } from '../commands/query';
import { runSearch } from './results';
import { revealBinding } from '../tree/reveal';

/**
 * Go to Binding…: a bind id or a whole phone number (Find's exact rule), searched in every app of
 * every account (an account without apps: its "All apps"); one match is revealed in the tree,
 * several are offered, none is said with what was searched.
 */
export async function goToBinding(c: CommandContext): Promise<unknown> {
  const input = await c.ui.inputBox({
    title: vscode.l10n.t('Laaffic PNS: Go to Binding'),
    prompt: vscode.l10n.t('A bind id or a whole phone number (+, spaces and dashes are ignored): every app of every account is searched.'),
    placeHolder: '+91 502 702 1995',
    ignoreFocusOut: true,
    validateInput: (v) => queryInputProblem(v, 'exact'),
  });
  if (input === undefined) return undefined;
  const query = parseSearchQuery(input, 'exact');
  const accounts = c.accounts.all();
  // The tree's layout as drawn now (accounts at the top or not): the app nodes to reveal in.
  await c.tree.getChildren();
  const apps = accounts.flatMap((a) => c.tree.appNodes(a).filter((n) => (n.appId === undefined) === (a.apps().length === 0)));
  const label = accounts.length > 1 ? vscode.l10n.t('All accounts') : accounts[0].name;
  return runSearch(c, { label, apps }, query, { single: true, pick: (m) => revealBinding(c, m.place, m) });
}
