/**
 * Go to Binding's reveal: a binding the search found is shown in the tree as the user would reach
 * it, through the tree's own Load more (the app shows exactly what it would after clicking it
 * that many times), then selected and focused, and its details opened. A binding beyond
 * MAX_REVEAL_PAGES pages is not loaded into the tree: its details open and the page is named.
 */
import * as vscode from 'vscode';
import type { SearchMatch } from '../api/search';
import type { CommandContext } from '../commands/context';
import { bindingSource } from '../commands/pick';
import { VIEW_ID } from '../config/ids';
import { pageOf } from '../shared/binding';
import type { AppNode } from './nodes';
import { asWalk } from './walks';

/** The page size searches read (searchBindings' default): a match's page counts these. */
const SEARCH_PAGE = 100;
/** The most pages of an app Go to Binding loads into the tree. */
export const MAX_REVEAL_PAGES = 20;

export async function revealBinding(c: CommandContext, app: AppNode, m: SearchMatch): Promise<void> {
  const id = m.record.bindId;
  const size = c.settings().pageSize;
  const list = app.list;
  const find = () => list.records.find((e) => e.record.bindId === id);
  // The tree's pages that hold the search's page (one when the sizes agree).
  const first = pageOf((m.page - 1) * SEARCH_PAGE, size);
  const last = pageOf(m.page * SEARCH_PAGE - 1, size);
  if (!find() && last > MAX_REVEAL_PAGES) {
    c.details.show(bindingSource(app, m.record, first));
    void c.ui.info(vscode.l10n.t('Binding {0} is on page {1} of {2}, more than {3} pages in: its details are open (Load All Bindings brings it into the tree).', id, first === last ? String(first) : `${first}–${last}`, app.label, MAX_REVEAL_PAGES), {});
    return;
  }
  await vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
    asWalk(async () => {
      // Page after page, up to one page past where the search saw it (the data may have moved).
      for (let i = 0; !find() && list.hasMore && !list.full && !list.disposed && list.records.length < (last + 1) * size && i <= last; i++) {
        await list.loadMore();
        if (list.error) break;
      }
    }),
  );
  const entry = find();
  if (!entry) {
    c.details.show(bindingSource(app, m.record, first));
    void c.ui.warning(vscode.l10n.t('Binding {0} is no longer where the search found it in {1} (page {2}): its details are open as the search read them.', id, app.label, first), {});
    return;
  }
  const node = app.bindingNode(entry);
  // Its details first (they stay open should the reveal fail), the focus left for the tree.
  c.details.show(bindingSource(app, entry.record, node.page), { preserveFocus: true });
  if (c.view.visible([entry], Date.now(), c.settings().expiringSoonHours).length) {
    await c.treeView.reveal(node, { select: true, focus: true, expand: true });
  } else {
    void c.ui.info(vscode.l10n.t('Binding {0} is loaded in {1} but hidden by the filter: its details are open.', id, app.label), {});
  }
}
