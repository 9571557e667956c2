import * as vscode from 'vscode';
import { AUTH_STATUSES, PnsApiError, PnsError, PnsTransportError, PnsValidationError } from '../api';
import { HostNotApprovedError } from '../auth/trust';
import { NoCredentialsError } from '../accounts/connection';
import { BuiltinCmd, Cmd, Item } from '../config/ids';
import { errorText, uiLanguage } from '../ui/language';
import { type KeyedNode, MessageNode } from './node';

/**
 * What the tree shows under `owner` for a failed load: the problem and the next step.
 * Host not approved → "Ask again…" and "Open settings…"; no credentials or rejected ones →
 * "Set credentials…"; unreachable → Retry; bad settings → "Open settings…"; anything else →
 * Retry and "Show log".
 */
export function errorNodes(owner: KeyedNode, e: unknown, retry: vscode.Command): MessageNode[] {
  const id = (s: string) => `${owner.key}/${s}`;
  const setCreds: vscode.Command = { command: Cmd.setCredentials, title: vscode.l10n.t('Set Credentials…'), arguments: [owner] };
  const showLog: vscode.Command = { command: Cmd.showLog, title: vscode.l10n.t('Show Log') };
  if (e instanceof HostNotApprovedError) {
    const host = new URL(e.origin).host;
    return [
      new MessageNode(owner, id('not-approved'), 'error', vscode.l10n.t('Not sent: {0} is not approved', host), `${e.message} ${e.hint}`, undefined, Item.error),
      new MessageNode(owner, id('not-approved-ask'), 'action', vscode.l10n.t('Ask again about {0}…', host), vscode.l10n.t('Forget the answer for this host and ask again.'), {
        command: Cmd.forgetHostApprovals,
        title: vscode.l10n.t('Ask Again'),
        arguments: e.accountId ? [e.origin, e.accountId] : [e.origin],
      }),
      e.hint.includes('laafficPns.baseUrl')
        ? new MessageNode(owner, id('not-approved-settings'), 'action', vscode.l10n.t('Open settings…'), vscode.l10n.t('Change laafficPns.baseUrl in your user settings.'), {
            command: BuiltinCmd.openSettings,
            title: vscode.l10n.t('Open Settings'),
            arguments: ['laafficPns.baseUrl'],
          })
        : new MessageNode(owner, id('not-approved-settings'), 'action', vscode.l10n.t('Set the account\'s base URL…'), vscode.l10n.t('Change where this account\'s requests go.'), {
            command: Cmd.setAccountBaseUrl,
            title: vscode.l10n.t('Set Account Base URL'),
            arguments: [owner],
          }),
    ];
  }
  if (e instanceof NoCredentialsError) {
    return [new MessageNode(owner, id('nocreds'), 'action', vscode.l10n.t('Set credentials…'), e.hint, setCreds)];
  }
  if (e instanceof PnsApiError && AUTH_STATUSES.has(e.status)) {
    const shown = e.describe(uiLanguage());
    return [
      new MessageNode(owner, id('auth'), 'error', vscode.l10n.t('Authentication failed (status {0}: {1})', e.status, shown.meaning), shown.hint, undefined, Item.error),
      new MessageNode(owner, id('auth-fix'), 'action', vscode.l10n.t('Set credentials…'), vscode.l10n.t('Enter the API key and secret again.'), setCreds),
    ];
  }
  if (e instanceof PnsTransportError && (e.kind === 'network' || e.kind === 'timeout')) {
    const shown = errorText(e);
    return [new MessageNode(owner, id('unreachable'), 'error', vscode.l10n.t('Cannot reach {0}', e.host), `${shown.message} ${shown.hint}`, retry, Item.error)];
  }
  if (e instanceof PnsValidationError) {
    return [
      new MessageNode(owner, id('invalid'), 'error', e.message, e.hint, undefined, Item.error),
      new MessageNode(owner, id('invalid-fix'), 'action', vscode.l10n.t('Open settings…'), vscode.l10n.t('Open the Laaffic PNS settings.'), {
        command: BuiltinCmd.openSettings,
        title: vscode.l10n.t('Open Settings'),
        arguments: ['laafficPns'],
      }),
    ];
  }
  const shown = errorText(e);
  const hint = e instanceof PnsError ? shown.hint : vscode.l10n.t('Unexpected error. Show the log for details, then retry.');
  return [
    new MessageNode(owner, id('error'), 'error', shown.message, hint, retry, Item.error),
    new MessageNode(owner, id('error-log'), 'action', vscode.l10n.t('Show log'), vscode.l10n.t('Open the Laaffic PNS output channel.'), showLog),
  ];
}
