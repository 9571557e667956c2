/** Export Figures…: the dashboard's figures as CSV (figuresCsv) in a file the user picks. */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { figuresCsv } from '../../api/health/csv';
import type { HealthHost, HealthView } from './host';

export async function exportFigures(host: HealthHost, page: HealthView): Promise<vscode.Uri | undefined> {
  const figures = page.figures;
  if (!figures) {
    void host.deps.ui.info(vscode.l10n.t('The figures of {0} are not read yet: Refresh first.', page.scope.title), {});
    return undefined;
  }
  const stamp = new Date(figures.asOf).toISOString().slice(0, 10);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const uri = await host.deps.ui.saveDialog({
    title: vscode.l10n.t('Export the figures of {0}', page.scope.title),
    defaultUri: vscode.Uri.joinPath(base, `laaffic-health-${(figures.appId ?? 'all-apps').replace(/[^\w.-]+/g, '_')}-${stamp}.csv`),
    filters: { CSV: ['csv'] },
  });
  if (!uri) return undefined;
  // Through VS Code's file system: a local file, or one on the remote side (vscode-remote:).
  await vscode.workspace.fs.writeFile(uri, Buffer.from(figuresCsv(figures), 'utf8'));
  host.deps.log.info(`${page.owner().name}: figures exported as CSV.`);
  void host.deps.ui.info(vscode.l10n.t('Exported the figures of {0}.', page.scope.title), {});
  return uri;
}
