import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { PnsApiError, PnsOutcomeUnknownError, type PnsClient } from '../api';
import { formatPhone } from '../display/phone';
import type { CommandContext } from '../commands/context';
import type { Account } from '../accounts/accounts';
import type { WriteOutcome } from './history';
import { recordWrite } from './record';

/** One binding of a bulk unbind. */
export interface BulkItem {
  /** undefined: the account was removed. */
  account: Account | undefined;
  accountName: string;
  bindId: string;
  /** undefined: listed under "All apps" without its app id (cannot be unbound). */
  appId: string | undefined;
  phoneA: string;
  phoneB: string;
}

/** not-sent: skipped (no app id), cancelled, or after an unknown outcome. */
export type BulkOutcome = WriteOutcome | 'not-sent';

export interface BulkResult {
  item: BulkItem;
  outcome: BulkOutcome;
  /** The vendor's status code when it gave one. */
  status?: string;
  /** What went wrong or why it was not sent (English, one line). */
  message?: string;
}

/**
 * For the integration tests only (a third argument of the command, honoured when the tests run):
 * called after each reply with how many have come back; true cancels there, as the progress's
 * Cancel would (the notification's button cannot be pressed from a test).
 */
export interface BulkHooks {
  afterReply?(replies: number): boolean | void;
}

/**
 * Sends the unbinds one at a time (never two at once, never retried) under a progress
 * notification with Cancel. Cancel stops before the next request (one in flight is never
 * aborted); the first unknown outcome stops the run. Each attempt goes into the write history
 * with the run's batch id; each binding unbound (or already gone) leaves the tree.
 */
export async function runBulk(c: CommandContext, items: readonly BulkItem[], hooks?: BulkHooks): Promise<BulkResult[]> {
  const batch = `bulk-${randomUUID()}`;
  const results: BulkResult[] = items.map((item) =>
    item.appId && item.account ? { item, outcome: 'not-sent', message: 'cancelled' } : { item, outcome: 'not-sent', message: item.account ? 'listed under "All apps" without its app id' : 'its account was removed' },
  );
  const todo = results.filter((r) => r.item.appId && r.item.account);
  c.log.info(`Bulk unbind ${batch}: ${todo.length} of ${items.length} bindings to send, one at a time.`);
  const clients = new Map<Account, PnsClient>();
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, cancellable: true }, async (progress, token) => {
    let cancelled = false;
    for (const [n, r] of todo.entries()) {
      if (cancelled || token.isCancellationRequested) {
        c.log.info(`Bulk unbind ${batch}: cancelled before binding ${r.item.bindId}; ${todo.length - n} not sent.`);
        break;
      }
      progress.report({ message: vscode.l10n.t('Unbinding {0} of {1}…', n + 1, todo.length), increment: 100 / todo.length });
      const stop = await sendOne(c, r, batch, clients);
      if (stop) {
        for (const rest of todo.slice(n + 1)) rest.message = `not sent: binding ${r.item.bindId} had an unknown outcome`;
        break;
      }
      if (LAAFFIC_PNS_TEST_BUILD && hooks?.afterReply?.(n + 1)) cancelled = true;
    }
  });
  return results;
}

/** One unbind, its outcome into `r`, the history and the tree; true when its outcome is unknown (the run stops). */
async function sendOne(c: CommandContext, r: BulkResult, batch: string, clients: Map<Account, PnsClient>): Promise<boolean> {
  const { item } = r;
  const account = item.account!;
  delete r.message;
  try {
    let client = clients.get(account);
    if (!client) clients.set(account, (client = await account.connection.client()));
    const result = await client.unbind({ bindId: item.bindId, appId: item.appId! });
    r.outcome = result.alreadyGone ? 'already-gone' : 'done';
    if (result.alreadyGone) r.status = '-24';
    const text = result.alreadyGone
      ? vscode.l10n.t('Binding {0} was already gone: Laaffic says it does not exist (expired or unbound elsewhere).', item.bindId)
      : vscode.l10n.t('Binding {0} was unbound.', item.bindId);
    c.tree.removeBinding(item.bindId, account);
    c.details.markGone(item.bindId, text);
  } catch (e) {
    r.outcome = e instanceof PnsOutcomeUnknownError ? 'unknown' : 'failed';
    if (e instanceof PnsApiError) r.status = e.status;
    r.message = e instanceof Error ? e.message : String(e);
  }
  c.log.info(`Bulk unbind ${batch}: binding ${item.bindId} (app ${item.appId}) ${r.outcome}${r.status ? ` (${r.status})` : ''}${r.message ? `: ${r.message}` : ''}.`);
  await recordWrite(c, {
    kind: 'unbind',
    accountId: account.id,
    accountName: account.name,
    appId: item.appId!,
    bindId: item.bindId,
    phoneA: formatPhone(item.phoneA, { masked: true }),
    phoneB: formatPhone(item.phoneB, { masked: true }),
    outcome: r.outcome as WriteOutcome,
    status: r.status ?? (r.outcome === 'done' ? '0' : undefined),
    message: r.message,
    batch,
  });
  return r.outcome === 'unknown';
}
