import * as vscode from 'vscode';
import type { BindingRecord } from '../api';
import { Cmd } from '../config/ids';
import { errorNodes } from '../tree/errorNodes';
import { sortEntries, type TreeSort } from '../tree/filterMatch';
import { MessageNode, type TreeNode } from '../tree/node';
import type { AppNode, AppOverlay } from '../tree/nodes';
import type { Entry } from '../tree/pagedList';
import type { FilterAllProgress } from './stream';

export type FilterAllState = 'running' | 'done' | 'cancelled' | 'failed';

/**
 * What an app shows while and after Filter All Pages read it: the matches of every page (as they
 * arrive), the exact count on the app's row, and a line that says where the read stands; a
 * cancelled or failed read says its list is partial (a failure with Retry). It replaces the app's
 * paged list until the filter changes or the app is refreshed (the provider drops it then).
 */
export class FilterAllView implements AppOverlay {
  readonly #abort = new AbortController();
  state: FilterAllState = 'running';
  progress: FilterAllProgress = { pagesDone: 0, pagesTotal: 1, scanned: 0, matches: 0 };
  kept: Entry<BindingRecord>[] = [];
  error: unknown;
  /** False when the data changed even under the fresh pass: the count may be off. */
  consistent = true;

  constructor(
    private readonly sort: () => TreeSort,
    /** The most matches the tree holds (laafficPns.loadAllMaxBindings). */
    readonly max: number,
    /** Draws the app again (a binding left it). */
    private readonly redraw: () => void,
  ) {}

  /** Aborted by Cancel and when the view is dropped. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  stop(): void {
    this.#abort.abort();
  }

  remove(bindId: string): void {
    const before = this.kept.length;
    this.kept = this.kept.filter((e) => e.record.bindId !== bindId);
    const gone = before - this.kept.length;
    if (!gone) return;
    this.progress = { ...this.progress, matches: this.progress.matches - gone, scanned: this.progress.scanned - gone };
    this.redraw();
  }

  description(): string {
    const { matches, scanned, pagesDone, pagesTotal } = this.progress;
    const m = count(matches);
    if (this.state === 'running') return vscode.l10n.t('filtering… page {0} of {1} · {2}', fmt(pagesDone), fmt(pagesTotal), m);
    if (this.state === 'cancelled') return vscode.l10n.t('{0} so far · cancelled', m);
    if (this.state === 'failed') return vscode.l10n.t('{0} so far · failed', m);
    return this.consistent ? vscode.l10n.t('{0} in {1} bindings', m, fmt(scanned)) : vscode.l10n.t('about {0} in {1} bindings', m, fmt(scanned));
  }

  children(app: AppNode): TreeNode[] {
    const id = (s: string) => `${app.key}/all-${s}`;
    const { matches, scanned, pagesDone, pagesTotal } = this.progress;
    const again: vscode.Command = { command: Cmd.filterAllPages, title: vscode.l10n.t('Filter All Pages'), arguments: [app, true] };
    const head: TreeNode[] = [];
    const shown = fmt(this.kept.length);
    const where = vscode.l10n.t('page {0} of {1}', fmt(pagesDone), fmt(pagesTotal));
    if (this.state === 'running') {
      head.push(
        new MessageNode(app, id('status'), 'info', vscode.l10n.t('Filtering every page: {0}, {1} so far', where, count(matches)), vscode.l10n.t('The first {0} matches appear as the pages arrive; all of them when every page is read.', fmt(RUNNING_ROWS))),
        new MessageNode(app, id('cancel'), 'action', vscode.l10n.t('Cancel'), vscode.l10n.t('Stop reading pages; the matches found so far stay.'), { command: Cmd.cancelFilterAllPages, title: vscode.l10n.t('Cancel'), arguments: [app] }),
      );
    } else if (this.state === 'failed') {
      head.push(...errorNodes(app, this.error, again), new MessageNode(app, id('partial'), 'info', vscode.l10n.t('Partial: {0} in the {1} bindings read before {2} failed', count(matches), fmt(scanned), where), ''));
    } else if (this.state === 'cancelled') {
      head.push(
        new MessageNode(app, id('partial'), 'info', vscode.l10n.t('Cancelled at {0}: {1} in the {2} bindings read (partial)', where, count(matches), fmt(scanned)), vscode.l10n.t('Not every page was read: more bindings may match.')),
        new MessageNode(app, id('again'), 'action', vscode.l10n.t('Filter all pages again'), vscode.l10n.t('Read every page again.'), again),
      );
    } else if (matches === 0) {
      head.push(new MessageNode(app, id('none'), 'info', vscode.l10n.t('None of the {0} bindings matches the filter', fmt(scanned)), vscode.l10n.t('Every page was read.'), { command: Cmd.clearFilter, title: vscode.l10n.t('Clear Filter') }));
    } else {
      head.push(
        new MessageNode(
          app,
          id('count'),
          'info',
          this.consistent ? vscode.l10n.t('{0} in all {1} bindings', count(matches), fmt(scanned)) : vscode.l10n.t('About {0} in {1} bindings: the data changed while it was read', count(matches), fmt(scanned)),
          vscode.l10n.t('Every page was read. Clear the filter to return to the pages.'),
        ),
      );
    }
    if (this.kept.length < matches && this.state !== 'running') {
      head.push(new MessageNode(app, id('capped'), 'info', vscode.l10n.t('Showing the first {0} of {1} matches (laafficPns.loadAllMaxBindings)', shown, fmt(matches)), vscode.l10n.t('Narrow the filter to see the others.')));
    }
    // While it reads, only the first rows: each redraw hands the tree every row, and tens of
    // thousands redrawn five times a second made the read several times slower (bench: operate).
    const rows = this.state === 'running' ? this.kept.slice(0, RUNNING_ROWS) : this.kept;
    return [...head, ...sortEntries(rows, this.sort()).map((e) => app.bindingNode(e))];
  }
}

/** The most matches the app lists while the pages are still being read. */
export const RUNNING_ROWS = 500;

/** "1 match", "37 matches". */
function count(n: number): string {
  return n === 1 ? vscode.l10n.t('1 match') : vscode.l10n.t('{0} matches', fmt(n));
}

const fmt = (n: number): string => n.toLocaleString('en-US');
