import * as vscode from 'vscode';
import { showInfo } from '../ui/safety';
import { homedir } from 'node:os';
import type { ExportProgress } from '../api';
import { toCsv, toJson } from '../api/export';
import { writeThroughFile } from './streamFile';
import { exportInWorker } from './exportInWorker';
import { asWalk } from '../tree/walks';
import { asNode } from '../tree/nodes';
import { vendorZoneMinutes } from '../shared/binding';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { pickTreeApp } from './pick';
import { Cmd } from '../config/ids';
import { DISPLAY_TEXT } from '../display/text';

/** Bindings a page: the most the vendor gives, fewest requests (exportBindings' default). */
const EXPORT_PAGE_SIZE = 100;

/** Export an app's bindings (every page, or what is loaded) to CSV or JSON. */
export function registerExportCommands(c: CommandContext): void {
  // Masking is for the screen: the file holds full numbers. Said once per session, not on every export.
  let warnedFullNumbers = false;
  registerCommand(c.extension, c.log, Cmd.exportBindings, async (node?: unknown) => {
    const app = asNode(node, 'app') ?? (await pickTreeApp(c, vscode.l10n.t('Export the bindings of which app?'), undefined, node));
    if (!app) return;
    const loaded = c.tree.loaded().find((l) => l.app.key === app.key)?.nodes ?? [];
    // With a filter on: exactly the bindings the app shows under it (every page's matches after Filter All Pages).
    const shown = c.view.filterActive && (loaded.length || c.tree.overlay(app)) ? (await c.tree.getChildren(app)).flatMap((n) => asNode(n, 'binding') ?? []) : [];
    const pick = await c.ui.quickPick(
      [
        ...(shown.length
          ? [{ label: vscode.l10n.t('The {0} bindings the filter shows', shown.length.toLocaleString('en-US')), which: 'shown' as const }]
          : []),
        { label: vscode.l10n.t('All bindings'), description: vscode.l10n.t('fetches every page (reuses pages fetched in the last minute)'), which: 'all' as const },
        ...(loaded.length
          ? [{ label: vscode.l10n.t('Loaded bindings only'), description: vscode.l10n.t('the {0} already in the tree', loaded.length.toLocaleString('en-US')), which: 'loaded' as const }]
          : []),
      ],
      { title: vscode.l10n.t('Export {0}', app.label) },
    );
    if (!pick) return;
    const which = pick.which;
    const stamp = new Date().toISOString().slice(0, 10);
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    const uri = await c.ui.saveDialog({
      title: vscode.l10n.t('Export {0}', app.label),
      defaultUri: vscode.Uri.joinPath(base, `laaffic-bindings-${(app.appId ?? 'all-apps').replace(/[^\w.-]+/g, '_')}-${stamp}.csv`),
      filters: { CSV: ['csv'], JSON: ['json'] },
    });
    if (!uri) return;
    const json = /\.json$/i.test(uri.path);
    const s = c.settings();
    if (s.maskNumbers && !warnedFullNumbers) {
      warnedFullNumbers = true;
      void c.ui.warning(DISPLAY_TEXT.exportHoldsFullNumbers, {});
    }
    const options = { now: Date.now(), expiringSoonHours: s.expiringSoonHours, zoneOffsetMinutes: vendorZoneMinutes(s), appId: app.appId };
    const count = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting {0}', app.label), cancellable: true },
      async (progress, token): Promise<number | undefined> => {
        if (which !== 'all') {
          const records = (which === 'shown' ? shown : loaded).map((n) => n.record);
          await vscode.workspace.fs.writeFile(uri, Buffer.from(json ? toJson(records, options) : toCsv(records, options), 'utf8'));
          return records.length;
        }
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          // Reads pages cached in the last minute, stores none: the export holds no page it wrote.
          // Every page through the core's engine, written in order as it arrives, in a worker
          // thread with a small heap of its own: neither the records nor the text are ever all
          // in memory, and the garbage of a million bindings stays in the worker's bounds.
          const connection = app.account.connection;
          const client = await connection.workerClient();
          const remote = c.extension.extension.extensionKind === vscode.ExtensionKind.Workspace;
          const job = {
            script: c.extension.asAbsolutePath('dist/exportWorker.js'),
            job: {
              ...options,
              client,
              format: json ? ('json' as const) : ('csv' as const),
              size: EXPORT_PAGE_SIZE,
              concurrency: s.searchConcurrency,
            },
            cache: connection.cache,
            hooks: connection.hooks(),
            signal: ac.signal,
            onProgress: (p: ExportProgress) => progress.report({ message: vscode.l10n.t('{0} of {1} bindings', p.count.toLocaleString('en-US'), p.total.toLocaleString('en-US')) }),
          };
          const result = await asWalk(() => writeThroughFile(uri, remote, (file, mode) => exportInWorker(job, file, mode)));
          if (result.totalChanged) c.log.warn(`Export ${app.label}: the data changed while it was read (total ${result.firstTotal} → ${result.lastTotal}).`);
          return result.count;
        } catch (e) {
          if (ac.signal.aborted) return undefined;
          throw e;
        } finally {
          sub.dispose();
        }
      },
    );
    if (count === undefined) {
      vscode.window.setStatusBarMessage(vscode.l10n.t('Export cancelled: nothing was written.'), 4000);
      return;
    }
    const n = count.toLocaleString('en-US');
    c.log.info(`Exported ${n} bindings of ${app.label} to ${uri.fsPath || uri.toString()}.`);
    void showInfo(vscode.l10n.t('Exported {0} bindings of {1} to {2}.', n, app.label, uri.path.split('/').pop() ?? ''), vscode.l10n.t('Open')).then((o) => {
      if (o) void vscode.window.showTextDocument(uri);
    });
    return { count, uri };
  });
}
