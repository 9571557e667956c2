import * as vscode from 'vscode';
import type { CommandContext } from '../commands/context';
import { askFilter } from '../commands/askFilter';
import { pickTreeApp } from '../commands/pick';
import { keepBinding, type TreeFilter } from '../tree/filterMatch';
import { asNode, type AppNode } from '../tree/nodes';
import { asWalk } from '../tree/walks';
import { filterEveryPage } from './stream';
import { FilterAllView } from './view';

/** The app's row and list are drawn again at most this often while pages arrive. */
const REDRAW_MS = 200;

/**
 * Filter All Pages… from an app's menu or the palette: the filter's steps (filled in with the
 * current filter), then every page. From the rows the tree offers under a filtered app ("Filter
 * all … bindings…", Retry, again: `again` true): the current filter, no question.
 */
export async function filterAllCommand(c: CommandContext, node: unknown, again: unknown): Promise<void> {
  const given = asNode(node, 'app');
  const filter = given && again === true && c.view.filterActive ? c.view.filter : await askFilter(c, vscode.l10n.t('Laaffic PNS: Filter All Pages (1/2)'), vscode.l10n.t('Laaffic PNS: Filter All Pages (2/2)'));
  if (!filter) return;
  if (!filter.query && !filter.states) {
    void c.ui.info(vscode.l10n.t('Nothing to filter by: type digits or tick states (an empty filter keeps every binding).'), {});
    return;
  }
  const app = given ?? (await pickTreeApp(c, vscode.l10n.t('Filter every page of which app?'), undefined, node));
  if (!app) return;
  // Another filter ends what Filter All Pages shows elsewhere (the provider goes back to the loaded pages).
  if (!c.view.filterActive || !sameFilter(filter, c.view.filter)) c.view.setFilter(filter);
  return filterAllPages(c, app, filter);
}

/**
 * Every page of `app` through the tree filter, with progress and Cancel (the
 * notification's, or the Cancel row under the app); the app shows the matches as they arrive and,
 * at the end, exactly those of every page with their count. A walk (auto refresh waits for it).
 */
export async function filterAllPages(c: CommandContext, app: AppNode, filter: TreeFilter): Promise<void> {
  const s = c.settings();
  const view = new FilterAllView(() => c.view.sort, s.loadAllMaxBindings, () => c.tree.redrawApp(app));
  c.tree.setOverlay(app, view);
  // One moment for every state (expired, expiring soon): a binding does not change state mid-read.
  const now = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const redraw = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      if (c.tree.overlay(app) === view) c.tree.redrawApp(app);
    }, REDRAW_MS);
  };
  const label = app.label;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Filtering {0}', label), cancellable: true }, async (progress, token) => {
    const sub = token.onCancellationRequested(() => view.stop());
    try {
      const r = await asWalk(async () =>
        filterEveryPage(await app.account.connection.cachedSource(), {
          appId: app.appId,
          keep: (record) => keepBinding(record, filter, now, s.expiringSoonHours),
          max: view.max,
          concurrency: s.searchConcurrency,
          signal: view.signal,
          onPage: (p, added) => {
            view.progress = p;
            view.kept.push(...added);
            const m = p.matches === 1 ? vscode.l10n.t('1 match') : vscode.l10n.t('{0} matches', fmt(p.matches));
            progress.report({ message: vscode.l10n.t('page {0} of {1}, {2}', fmt(p.pagesDone), fmt(p.pagesTotal), m) });
            redraw();
          },
          onRestart: () => {
            view.kept = [];
          },
        }),
      );
      view.kept = r.kept;
      view.progress = { pagesDone: r.pages, pagesTotal: r.pages, scanned: r.scanned, matches: r.matches };
      view.consistent = r.consistent;
      view.state = 'done';
      c.log.info(`Filter all pages of ${label}: ${r.matches} matches in ${r.scanned} bindings (${r.pages} pages)${r.consistent ? '' : ', the data changed while it was read'}${r.kept.length < r.matches ? `, the first ${r.kept.length} shown` : ''}.`);
    } catch (e) {
      if (view.signal.aborted) {
        view.state = 'cancelled';
        c.log.info(`Filter all pages of ${label}: cancelled at page ${view.progress.pagesDone} of ${view.progress.pagesTotal}.`);
      } else {
        view.state = 'failed';
        view.error = e;
        c.log.error(`Filter all pages of ${label}: ${(e as Error).message}`);
      }
    } finally {
      sub.dispose();
      if (timer) clearTimeout(timer);
    }
  });
  if (c.tree.overlay(app) === view) c.tree.redrawApp(app);
}

/** Whether two filters keep the same bindings (same digits and mode, same states). */
export function sameFilter(a: TreeFilter, b: TreeFilter): boolean {
  const q = (f: TreeFilter) => (f.query ? `${f.query.mode}:${f.query.digits}` : '');
  const s = (f: TreeFilter) => (f.states ? [...f.states].sort().join(',') : '');
  return q(a) === q(b) && s(a) === s(b);
}

const fmt = (n: number): string => n.toLocaleString('en-US');
