import * as vscode from 'vscode';
import { AUTH_STATUSES, PnsApiError, PnsError, PnsTransportError, PnsValidationError } from '../api';
import { HostNotApprovedError } from '../auth/trust';
import { NoCredentialsError } from '../connection';
import { BuiltinCmd, Cmd, Item } from '../ids';
import { AppNode, MessageNode, type TreeNode } from './nodes';

/** A list other than an app's bindings (the middle numbers): its key in the tree and its Retry. */
export interface ErrorOwner {
  key: string;
  retry: vscode.Command;
  /** The node the messages are shown under. */
  node?: TreeNode;
}

/**
 * What the tree shows for a failed load of `app`: the problem and the next step.
 * Host not approved → "Ask again…" and "Open settings…"; no credentials or rejected ones →
 * "Set credentials…"; unreachable → Retry; bad settings → "Open settings…"; anything else →
 * Retry and "Show log".
 */
export function errorNodes(app: AppNode | ErrorOwner, e: unknown): MessageNode[] {
  const id = (s: string) => `${app.key}/${s}`;
  const retry: vscode.Command = app instanceof AppNode ? { command: Cmd.retry, title: 'Retry', arguments: [app] } : app.retry;
  const parent = app instanceof AppNode ? app : app.node;
  // With a node, Set Credentials… knows the account (with several accounts it would ask).
  const setCreds: vscode.Command = { command: Cmd.setCredentials, title: 'Set Credentials…', ...(parent ? { arguments: [parent] } : {}) };
  const showLog: vscode.Command = { command: Cmd.showLog, title: 'Show Log' };
  if (e instanceof HostNotApprovedError) {
    const host = new URL(e.origin).host;
    return [
      new MessageNode(parent, id('not-approved'), 'error', `Not sent: ${host} is not approved`, `${e.message} ${e.hint}`, undefined, Item.error),
      new MessageNode(parent, id('not-approved-ask'), 'action', `Ask again about ${host}…`, 'Forget the answer for this host and ask again.', { command: Cmd.forgetHostApprovals, title: 'Ask Again', arguments: e.accountId ? [e.origin, e.accountId] : [e.origin] }),
      e.hint.includes('laafficPns.baseUrl')
        ? new MessageNode(parent, id('not-approved-settings'), 'action', 'Open settings…', 'Change laafficPns.baseUrl in your user settings.', { command: BuiltinCmd.openSettings, title: 'Open Settings', arguments: ['laafficPns.baseUrl'] })
        : new MessageNode(parent, id('not-approved-settings'), 'action', 'Set the account\'s base URL…', 'Change where this account\'s requests go.', { command: Cmd.setAccountBaseUrl, title: 'Set Account Base URL', ...(parent ? { arguments: [parent] } : {}) }),
    ];
  }
  if (e instanceof NoCredentialsError) {
    return [new MessageNode(parent, id('nocreds'), 'action', 'Set credentials…', e.hint, setCreds)];
  }
  if (e instanceof PnsApiError && AUTH_STATUSES.has(e.status)) {
    return [
      new MessageNode(parent, id('auth'), 'error', `Authentication failed (status ${e.status}: ${e.meaning})`, e.hint, undefined, Item.error),
      new MessageNode(parent, id('auth-fix'), 'action', 'Set credentials…', 'Enter the API key and secret again.', setCreds),
    ];
  }
  if (e instanceof PnsTransportError && (e.kind === 'network' || e.kind === 'timeout')) {
    return [new MessageNode(parent, id('unreachable'), 'error', `Cannot reach ${e.host}`, `${e.message} ${e.hint}`, retry, Item.error)];
  }
  if (e instanceof PnsValidationError) {
    return [
      new MessageNode(parent, id('invalid'), 'error', e.message, e.hint, undefined, Item.error),
      new MessageNode(parent, id('invalid-fix'), 'action', 'Open settings…', 'Open the Laaffic PNS settings.', { command: BuiltinCmd.openSettings, title: 'Open Settings', arguments: ['laafficPns'] }),
    ];
  }
  const msg = e instanceof Error ? e.message : String(e);
  const hint = e instanceof PnsError ? e.hint : 'Unexpected error. Show the log for details, then retry.';
  return [
    new MessageNode(parent, id('error'), 'error', msg, hint, retry, Item.error),
    new MessageNode(parent, id('error-log'), 'action', 'Show log', 'Open the Laaffic PNS output channel.', showLog),
  ];
}
