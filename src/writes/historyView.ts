/**
 * Show Write History and Export Write History…: the history of every Bind and Unbind sent
 * (src/writes/history.ts), newest first, in a quick pick (filtered by account when there are
 * several) or as CSV written through workspace.fs (so a remote target works too).
 */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { safeValue, showInfo } from '../ui/safety';
import type { CommandContext } from '../commands/context';
import { historyCsv, type WriteEntry } from './history';
import { writeHistory } from './record';

interface EntryItem extends vscode.QuickPickItem {
  entry: WriteEntry;
}

/** "done", "already gone", "failed (-16)", "outcome unknown", in the display language. */
function outcomeText(e: WriteEntry): string {
  switch (e.outcome) {
    case 'done':
      return vscode.l10n.t('done');
    case 'already-gone':
      return vscode.l10n.t('already gone');
    case 'failed':
      return e.status ? vscode.l10n.t('failed ({0})', e.status) : vscode.l10n.t('failed');
    default:
      return vscode.l10n.t('outcome unknown');
  }
}

function timeText(at: string): string {
  const d = new Date(at);
  try {
    return d.toLocaleString(vscode.env.language);
  } catch {
    return d.toISOString();
  }
}

function entryItem(e: WriteEntry, withAccount: boolean): EntryItem {
  const kind = e.kind === 'bind' ? vscode.l10n.t('bind') : vscode.l10n.t('unbind');
  const where = withAccount ? `${safeValue(e.accountName, 60)} · ${vscode.l10n.t('app {0}', e.appId)}` : vscode.l10n.t('app {0}', e.appId);
  const detail = [
    e.bindId ? vscode.l10n.t('binding {0}', e.bindId) : '',
    `${e.phoneA} ↔ ${e.phoneB}`,
    e.status !== undefined ? vscode.l10n.t('status {0}', e.status) : '',
    e.batch ? vscode.l10n.t('run {0}', e.batch) : '',
    e.message ? safeValue(e.message, 160) : '',
  ].filter(Boolean);
  return { label: `${timeText(e.at)} · ${kind} · ${outcomeText(e)}`, description: where, detail: detail.join(' · '), entry: e };
}

/** Show Write History: newest first; when several accounts wrote, first "All accounts" or one of them. Resolves with the entry chosen. */
export async function showWriteHistory(c: CommandContext): Promise<WriteEntry | undefined> {
  const all = await writeHistory(c).read();
  const title = vscode.l10n.t('Laaffic PNS: Write History');
  if (all.length === 0) {
    void showInfo(vscode.l10n.t('No Bind or Unbind has been sent from this VS Code yet: the write history is empty.'));
    return undefined;
  }
  const accounts = new Map<string, { name: string; count: number }>();
  for (const e of all) {
    const a = accounts.get(e.accountId);
    if (a) a.count++;
    else accounts.set(e.accountId, { name: e.accountName, count: 1 });
  }
  const writes = (n: number) => (n === 1 ? vscode.l10n.t('1 write') : vscode.l10n.t('{0} writes', n));
  let shown = all;
  if (accounts.size > 1) {
    const scope = await c.ui.quickPick(
      [
        { label: vscode.l10n.t('All accounts'), description: writes(all.length), accountId: undefined as string | undefined },
        ...[...accounts].map(([id, a]) => ({ label: safeValue(a.name, 60), description: writes(a.count), accountId: id as string | undefined })),
      ],
      { title, placeHolder: vscode.l10n.t('Whose writes?') },
    );
    if (!scope) return undefined;
    if (scope.accountId !== undefined) shown = all.filter((e) => e.accountId === scope.accountId);
  }
  const pick = await c.ui.quickPick(
    shown.map((e) => entryItem(e, accounts.size > 1)),
    {
      title,
      placeHolder: shown.length === 1 ? vscode.l10n.t('1 write (phones masked)') : vscode.l10n.t('{0} writes, newest first (phones masked)', shown.length),
      matchOnDescription: true,
      matchOnDetail: true,
    },
  );
  return pick?.entry;
}

/** Export Write History…: every entry, newest first, as CSV; resolves with where it was written. */
export async function exportWriteHistory(c: CommandContext): Promise<vscode.Uri | undefined> {
  const all = await writeHistory(c).read();
  if (all.length === 0) {
    void showInfo(vscode.l10n.t('No Bind or Unbind has been sent from this VS Code yet: the write history is empty.'));
    return undefined;
  }
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const uri = await c.ui.saveDialog({
    title: vscode.l10n.t('Export Write History'),
    defaultUri: vscode.Uri.joinPath(base, `laaffic-write-history-${new Date().toISOString().slice(0, 10)}.csv`),
    filters: { CSV: ['csv'] },
  });
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(historyCsv(all)));
  c.log.info(`Write history: ${all.length} entries exported.`);
  void showInfo(vscode.l10n.t('Exported {0} writes of the history.', all.length));
  return uri;
}
