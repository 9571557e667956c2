/**
 * Auto refresh (laafficPns.autoRefreshMinutes, 0 = off): every N minutes, while the bindings view
 * is visible, page 1 of each expanded app is read again from the server and so is the balance.
 *
 * - An app's refresh is its Refresh App (provider.refreshApp): back to page 1, read at once from
 *   the server (Load more never uses the page cache). Pages loaded after the first are dropped
 *   (Load more reads them again): the simplest behaviour that never shows a stale page beside a
 *   fresh one.
 * - A tick while a walk runs (Load All, Find, Export, …: ./walks.ts) or while the view is hidden is
 *   skipped, not deferred: the next tick comes N minutes later.
 * - A failure shows on the app's node (its error nodes) and the balance's item: never a notification.
 * - The timer restarts when the setting changes.
 */
import * as vscode from 'vscode';
import { SECTION, type Settings } from '../config/settings';
import type { AppNode, Node } from './nodes';
import type { BindingsProvider } from './provider';
import { walking } from './walks';

export interface AutoRefreshDeps {
  tree: Pick<BindingsProvider, 'appNodes' | 'refreshApp' | 'model'>;
  view: vscode.TreeView<Node>;
  settings(): Settings;
  /** The status bar's balance: read again on each tick. */
  balance: { refresh(): unknown };
  log: vscode.LogOutputChannel;
}

export class AutoRefresh implements vscode.Disposable {
  /** The keys of the app nodes expanded in the view. */
  readonly #expanded = new Set<string>();
  readonly #subs: vscode.Disposable[];
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Ticks skipped because a walk was running (for the log and the tests). */
  skipped = 0;
  /** The length of a minute: only the test build's tests shorten it (through the test API). */
  minuteMs = 60_000;

  constructor(private readonly deps: AutoRefreshDeps) {
    this.#subs = [
      deps.view.onDidExpandElement((e) => {
        if (e.element.kind === 'app') this.#expanded.add(e.element.key);
      }),
      deps.view.onDidCollapseElement((e) => {
        if (e.element.kind === 'app') this.#expanded.delete(e.element.key);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.autoRefreshMinutes`)) this.restart();
      }),
    ];
    this.restart();
  }

  /** Starts the timer again from now (setting changed); none while the setting is 0. */
  restart(): void {
    clearInterval(this.#timer);
    const minutes = this.deps.settings().autoRefreshMinutes;
    this.#timer = minutes > 0 ? setInterval(() => void this.tick(), minutes * this.minuteMs) : undefined;
  }

  /** One refresh: the expanded apps' page 1 (one at a time) and the balance; nothing while hidden or walking. */
  async tick(): Promise<void> {
    if (!this.deps.view.visible) return;
    if (walking()) {
      this.skipped++;
      return this.deps.log.info('Auto refresh skipped: a walk runs.');
    }
    const apps = this.deps.tree.appNodes().filter((a) => this.#expanded.has(a.key));
    this.deps.log.info(`Auto refresh: page 1 of ${apps.length} app(s), balance.`);
    void this.deps.balance.refresh();
    for (const app of apps) await this.#refreshApp(app);
  }

  async #refreshApp(app: AppNode): Promise<void> {
    // A walk that started meanwhile keeps its pages.
    if (walking()) return;
    this.deps.tree.refreshApp(app);
    // loadMore never throws: a failure is the list's error, drawn under the app's node.
    await this.deps.tree.model(app).loadMore();
  }

  dispose(): void {
    clearInterval(this.#timer);
    for (const s of this.#subs) s.dispose();
  }
}
