import * as vscode from 'vscode';
import { showInfo } from '../safety';
import { homedir } from 'node:os';
import { BindingRecord, collectBindings } from '../api';
import { toCsv, toJson } from '../api/export';
import { asNode } from '../tree/nodes';
import { vendorZoneMinutes } from '../shared/binding';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { pickTreeApp } from './pick';
import { Cmd } from '../ids';

/** Export an app's bindings (every page, or what is loaded) to CSV or JSON. */
export function registerExportCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.exportBindings, async (node?: unknown) => {
    const app = asNode(node, 'app') ?? (await pickTreeApp(c, 'Export the bindings of which app?'));
    if (!app) return;
    const loaded = c.tree.loaded().find((l) => l.app.key === app.key)?.nodes ?? [];
    const pick = await c.ui.quickPick(
      [
        { label: 'All bindings', description: 'fetches every page (reuses pages fetched in the last minute)', which: 'all' as const },
        ...(loaded.length ? [{ label: 'Loaded bindings only', description: `the ${loaded.length.toLocaleString('en-US')} already in the tree`, which: 'loaded' as const }] : []),
      ],
      { title: `Export ${app.label}` },
    );
    if (!pick) return;
    const which = pick.which;
    const stamp = new Date().toISOString().slice(0, 10);
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    const uri = await c.ui.saveDialog({
      title: `Export ${app.label}`,
      defaultUri: vscode.Uri.joinPath(base, `laaffic-bindings-${(app.appId ?? 'all-apps').replace(/[^\w.-]+/g, '_')}-${stamp}.csv`),
      filters: { CSV: ['csv'], JSON: ['json'] },
    });
    if (!uri) return;
    const json = /\.json$/i.test(uri.path);
    const records = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${app.label}`, cancellable: true },
      async (progress, token): Promise<BindingRecord[] | undefined> => {
        if (which === 'loaded') return loaded.map((n) => n.record);
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          const source = await c.connection.cachedSource();
          let pages = 0;
          const counting = {
            queryBindPage: async (...args: Parameters<typeof source.queryBindPage>) => {
              const p = await source.queryBindPage(...args);
              pages++;
              progress.report({ message: `page ${pages} of ${Math.max(p.pages, pages)}` });
              return p;
            },
          };
          const { records, summary } = await collectBindings(counting, { appId: app.appId, size: 100, signal: ac.signal });
          if (summary.totalChanged) c.log.warn(`Export ${app.label}: the data changed while it was read (total ${summary.firstTotal} → ${summary.lastTotal}).`);
          return records;
        } catch (e) {
          if (ac.signal.aborted) return undefined;
          throw e;
        } finally {
          sub.dispose();
        }
      },
    );
    if (!records) {
      vscode.window.setStatusBarMessage('Export cancelled: nothing was written.', 4000);
      return;
    }
    const s = c.settings();
    const options = { now: Date.now(), expiringSoonHours: s.expiringSoonHours, zoneOffsetMinutes: vendorZoneMinutes(s), appId: app.appId };
    const text = json ? toJson(records, options) : toCsv(records, options);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const n = records.length.toLocaleString('en-US');
    c.log.info(`Exported ${n} bindings of ${app.label} to ${uri.fsPath || uri.toString()}.`);
    void showInfo(`Exported ${n} bindings of ${app.label} to ${uri.path.split('/').pop()}.`, 'Open').then((o) => {
      if (o) void vscode.window.showTextDocument(uri);
    });
    return { count: records.length, uri };
  });
}
