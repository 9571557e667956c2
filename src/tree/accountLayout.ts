/**
 * What the tree shows of the accounts: which ones are at the top level, and the action nodes of
 * an account node that has no credentials or no apps yet.
 */
import * as vscode from 'vscode';
import { Cmd } from '../config/ids';
import { type AccountNode, MessageNode } from './nodes';

/**
 * The accounts at the top level, given whether each has credentials: all of them, except that
 * while no saved account has credentials and an in-memory one (the demo) exists, only the
 * in-memory ones (a saved account could show nothing but "Set credentials…"; the demo alone then
 * looks like a single account). A saved account with credentials brings them all back.
 */
export function shownAccounts<A extends { readonly ephemeral: boolean }>(all: readonly A[], hasCredentials: readonly boolean[]): A[] {
  const realCredentials = all.some((a, i) => !a.ephemeral && hasCredentials[i]);
  return !realCredentials && all.some((a) => a.ephemeral) ? all.filter((a) => a.ephemeral) : [...all];
}

/** Under an account node without credentials: "Set credentials…" for that account. */
export function noCredentialsNodes(node: AccountNode): MessageNode[] {
  return [
    new MessageNode(node, `${node.key}/nocreds`, 'action', vscode.l10n.t('Set credentials…'), vscode.l10n.t('Enter the API key and secret of {0}.', node.account.name), {
      command: Cmd.setCredentials,
      title: vscode.l10n.t('Set Credentials…'),
      arguments: [node],
    }),
  ];
}

/** Above the "All apps" of an account node without apps: Add App… and Discover Apps… for that account. */
export function noAppsNodes(node: AccountNode): MessageNode[] {
  return [
    new MessageNode(node, `${node.key}/add-app`, 'action', vscode.l10n.t('Add App…'), vscode.l10n.t('Add an app id of {0} from the Laaffic console.', node.account.name), {
      command: Cmd.addApp,
      title: vscode.l10n.t('Add App…'),
      arguments: [node],
    }),
    new MessageNode(node, `${node.key}/discover`, 'action', vscode.l10n.t('Discover Apps…'), vscode.l10n.t("Find the app ids in this account's middle numbers."), {
      command: Cmd.discoverApps,
      title: vscode.l10n.t('Discover Apps…'),
      arguments: [node],
    }),
  ];
}
