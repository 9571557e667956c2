import * as vscode from 'vscode';
import { csvCell } from '../api';
import { formatPhone } from '../display/phone';
import { safeValue, showInfo } from '../ui/safety';
import type { CommandContext } from '../commands/context';
import type { BulkOutcome, BulkResult } from './bulkRun';

/** The columns of Save Results as CSV…. */
export const BULK_CSV_COLUMNS = ['bindId', 'appId', 'account', 'phoneA', 'phoneB', 'outcome', 'status', 'message'] as const;
/** Failed bindings named one by one in the summary. */
const NAMED = 5;

/**
 * The end of a bulk unbind: how many were done, already gone, failed (with the vendor's codes),
 * unknown (named: check it before trying again) and not sent; Save Results as CSV… writes one
 * row per binding.
 */
export async function showBulkSummary(c: CommandContext, results: readonly BulkResult[]): Promise<void> {
  const count = (o: BulkOutcome) => results.filter((r) => r.outcome === o).length;
  const [done, gone, failed, unknown, notSent] = (['done', 'already-gone', 'failed', 'unknown', 'not-sent'] as const).map(count);
  c.log.info(`Bulk unbind: ${results.length} bindings: ${done} unbound, ${gone} already gone, ${failed} failed, ${unknown} unknown, ${notSent} not sent.`);
  const message = vscode.l10n.t('Unbind of {0} bindings: {1} unbound, {2} already gone, {3} failed, {4} unknown, {5} not sent.', results.length, done, gone, failed, unknown, notSent);
  const detail: string[] = [];
  const failures = results.filter((r) => r.outcome === 'failed');
  for (const r of failures.slice(0, NAMED)) detail.push(vscode.l10n.t('Binding {0} failed: {1}', r.item.bindId, r.status ? vscode.l10n.t('status {0}', r.status) : safeValue(r.message ?? '', 120)));
  if (failures.length > NAMED) detail.push(vscode.l10n.t('…and {0} more', failures.length - NAMED));
  for (const r of results.filter((x) => x.outcome === 'unknown')) detail.push(vscode.l10n.t('Binding {0}: sent, no answer — check it before trying again. The run stopped there.', r.item.bindId));
  const skipped = results.filter((r) => r.outcome === 'not-sent' && !r.item.appId).length;
  if (skipped) detail.push(vscode.l10n.t('{0} listed under "All apps" without their app id were skipped.', skipped));
  const save = vscode.l10n.t('Save Results as CSV…');
  const bad = failed + unknown + notSent > 0;
  const pick = await (bad ? c.ui.warning(message, { modal: true, detail: detail.join('\n') }, save) : c.ui.info(message, { modal: true, detail: detail.join('\n') }, save));
  if (pick === save) await saveResults(c, results);
}

/** The results as CSV (RFC 4180, CRLF; every text cell through the export's csvCell); phones as shown (masked when masking is on). */
export function bulkCsv(results: readonly BulkResult[], masked: boolean): string {
  const lines = [BULK_CSV_COLUMNS.join(',')];
  for (const r of results) {
    const i = r.item;
    const status = r.status && /^-?\d+$/.test(r.status) ? r.status : csvCell(r.status ?? '');
    const cells = [i.bindId, i.appId ?? '', i.accountName, formatPhone(i.phoneA, { masked }), formatPhone(i.phoneB, { masked }), r.outcome].map(csvCell);
    lines.push([...cells, status, csvCell(r.message ?? '')].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function saveResults(c: CommandContext, results: readonly BulkResult[]): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await c.ui.saveDialog({
    title: vscode.l10n.t('Save Results as CSV'),
    filters: { CSV: ['csv'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'unbind-results.csv') } : {}),
  });
  if (!target) return;
  // workspace.fs: a remote window's file system too.
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(bulkCsv(results, c.settings().maskNumbers)));
  c.log.info(`Bulk unbind: results of ${results.length} bindings saved to ${target.toString()}.`);
  void showInfo(vscode.l10n.t('Saved the results of {0} bindings to {1}.', results.length, safeValue(target.path.split('/').pop() ?? '', 80)));
}
