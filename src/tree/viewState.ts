import * as vscode from 'vscode';
import type { BindingRecord } from '../api';
import { BuiltinCmd, ContextKey, Ctx, WALKTHROUGH_ID, WALKTHROUGH_STEP_OF } from '../config/ids';
import { stateLabel } from '../ui/language';
import { STATES } from '../shared/binding';
import type { Entry } from './pagedList';
import { keepBinding, sortEntries, type TreeFilter, type TreeSort } from './filterMatch';
import type { Accounts } from '../accounts/accounts';
import type { Protection } from '../accounts/model';

export type { TreeFilter, TreeSort } from './filterMatch';

/** The view's description while the built-in demo runs. */
export const demoDescription = (): string => vscode.l10n.t('Demo — local sandbox');
/** The message at the top of the tree while the demo runs: alone (no saved account has credentials), or beside the user's accounts. */
const demoMessage = (alone: boolean): string =>
  alone
    ? vscode.l10n.t('Demo data from a sandbox running inside the extension; your own credentials and settings are unchanged. Stop Demo returns to your account.')
    : vscode.l10n.t('The Demo account holds demo data from a sandbox running inside the extension; your own accounts are unchanged. Stop Demo removes it.');

/**
 * The state of the bindings view that is not data: the filter, the sort, whether credentials
 * and apps exist, whether the demo runs. The one owner of every `setContext` of the extension and of the view's
 * description and message.
 */
export class ViewState implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  /** Fires when the filter or the sort changed. */
  readonly onDidChange = this.#emitter.event;
  #filter: TreeFilter = {};
  #sort: TreeSort = 'vendor';
  #view: vscode.TreeView<unknown> | undefined;
  #demo = false;
  /** The tree shows in-memory accounts (the demo) only. */
  #demoAlone = false;
  #allPages = false;
  readonly #context = new Map<ContextKey, boolean>();
  /** The protection of the only account (said in the view's description), or undefined. */
  #protection: Protection | undefined;

  get filter(): TreeFilter {
    return this.#filter;
  }
  get filterActive(): boolean {
    return !!this.#filter.query || !!this.#filter.states;
  }
  get sort(): TreeSort {
    return this.#sort;
  }

  /** Shows only loaded bindings that match; an empty filter shows everything. Each call sets a new object (the tree tells a change of filter by it). */
  setFilter(filter: TreeFilter): void {
    this.#filter = filter;
    this.#changed();
  }

  setSort(sort: TreeSort): void {
    this.#sort = sort;
    this.#changed();
  }

  /** The view whose description and message say what the filter and sort are. */
  attach(view: vscode.TreeView<unknown>): void {
    this.#view = view;
    this.#present();
  }

  /** How many accounts there are (menus offer Remove Account only when there are several). */
  setAccounts(count: number): void {
    this.#setContext(Ctx.multipleAccounts, count > 1);
  }

  /**
   * Follows the active account: `laafficPns.activeReadOnly` (the palette hides Bind and Unbind)
   * and, with one account (no account node to say it), its protection in the view's description.
   */
  followActive(accounts: Accounts): vscode.Disposable {
    const update = () => {
      const active = accounts.active;
      this.#setContext(Ctx.activeReadOnly, active.protection === 'readOnly');
      const only = accounts.all().length === 1 && active.protection !== 'none' ? active.protection : undefined;
      if (only !== this.#protection) {
        this.#protection = only;
        this.#present();
      }
    };
    update();
    const subs = [accounts.onDidChange(update), accounts.onDidChangeActive(update)];
    return { dispose: () => subs.forEach((d) => d.dispose()) };
  }

  /** A context key's value as last set here (undefined: never set). */
  contextValue(key: ContextKey): boolean | undefined {
    return this.#context.get(key);
  }

  /** What the welcome views depend on. */
  setConnection(hasCredentials: boolean, hasApps: boolean): void {
    this.#setContext(Ctx.hasCredentials, hasCredentials);
    this.#setContext(Ctx.hasApps, hasApps);
  }

  /** Whether the tree shows the built-in demo (the view says so; Stop Demo appears). */
  setDemo(running: boolean): void {
    if (this.#demo === running) return;
    this.#demo = running;
    this.#present();
  }

  get demo(): boolean {
    return this.#demo;
  }

  /** Whether some app shows the matches of every page (Filter All Pages), set by the tree. */
  setAllPages(on: boolean): void {
    if (this.#allPages === on) return;
    this.#allPages = on;
    this.#present();
  }

  /** Whether the tree's top level holds in-memory accounts only (the demo alone), set by the tree when it draws. */
  setDemoAlone(alone: boolean): void {
    if (this.#demoAlone === alone) return;
    this.#demoAlone = alone;
    this.#present();
  }

  /** A Find search ran to its end (completes the walkthrough's "find a binding" step). */
  setSearched(): void {
    this.#setContext(Ctx.searched, true);
  }

  /** Whether the details panel shows a binding (completes the walkthrough's last step). */
  setDetailsShown(shown: boolean): void {
    this.#setContext(Ctx.detailsShown, shown);
  }

  /** Whether phones A and B are shown masked: the context key of the Mask / Show Numbers button, and a redraw. */
  setMasked(masked: boolean): void {
    const changed = this.#context.get(Ctx.masked) !== undefined && this.#context.get(Ctx.masked) !== masked;
    this.#setContext(Ctx.masked, masked);
    if (changed) this.#emitter.fire();
  }

  /** The loaded bindings of an app as filtered and sorted for display. */
  visible(entries: readonly Entry<BindingRecord>[], now: number, soonHours: number): readonly Entry<BindingRecord>[] {
    const f = this.#filter;
    return sortEntries(this.filterActive ? entries.filter((e) => keepBinding(e.record, f, now, soonHours)) : entries, this.#sort);
  }

  dispose(): void {
    this.#emitter.dispose();
  }

  #changed(): void {
    this.#present();
    this.#emitter.fire();
  }

  #present(): void {
    const f = this.#filter;
    // What the filter keeps, then the sort: “4149” · active or expiring soon · soonest expiry first
    const kept: string[] = [];
    if (f.query) kept.push(vscode.l10n.t('“{0}”', f.query.digits));
    if (f.states) kept.push(orList(STATES.filter((s) => f.states!.has(s)).map((s) => stateLabel(s).toLowerCase())));
    const parts = this.#sort === 'expiry' ? [...kept, vscode.l10n.t('soonest expiry first')] : kept;
    if (this.#view) {
      const shown = parts.length
        ? this.filterActive
          ? vscode.l10n.t('Filter: {0}', parts.join(' · '))
          : vscode.l10n.t('Sorted: {0}', parts.join(' · '))
        : undefined;
      const protection = this.#protection === 'readOnly' ? vscode.l10n.t('Read-only') : this.#protection === 'protected' ? vscode.l10n.t('Protected') : undefined;
      this.#view.description = [this.#demo ? demoDescription() : undefined, protection, shown].filter(Boolean).join(' · ') || undefined;
      // The description is hidden while the view is alone in its container (no view header), so
      // the demo and the filter are also said at the top of the tree, where they are always seen.
      const filterMessage = !this.filterActive
        ? undefined
        : this.#allPages
          ? vscode.l10n.t('Showing bindings that match {0}: every page of an app filtered across all pages, the loaded pages of the others. Clear the filter to see all.', andList(kept))
          : vscode.l10n.t('Showing loaded bindings that match {0}. Clear the filter to see all.', andList(kept));
      this.#view.message = [this.#demo ? demoMessage(this.#demoAlone) : undefined, filterMessage].filter(Boolean).join(' ') || undefined;
    }
    this.#setContext(Ctx.demoRunning, this.#demo);
    this.#setContext(Ctx.filterActive, this.filterActive);
    this.#setContext(Ctx.sortByExpiry, this.#sort === 'expiry');
  }

  #setContext(key: ContextKey, value: boolean): void {
    if (this.#context.get(key) === value) return;
    this.#context.set(key, value);
    void vscode.commands.executeCommand(BuiltinCmd.setContext, key, value);
    const step = WALKTHROUGH_STEP_OF[key];
    if (value && step) {
      // The walkthrough's `onContext` completion events are only watched once VS Code has loaded
      // its walkthrough service (when the Welcome page was first shown): a key that became true
      // before that never checks its step. So the step is also marked done directly. Not every
      // host has this command; the completion event still works there.
      Promise.resolve(vscode.commands.executeCommand(BuiltinCmd.markStepComplete, `${WALKTHROUGH_ID}#${step}`)).catch(() => undefined);
    }
  }
}

/** "a or b or c" in the display language. */
function orList(items: string[]): string {
  return items.reduce((acc, item) => (acc ? vscode.l10n.t('{0} or {1}', acc, item) : item), '');
}

/** "a and b" in the display language. */
function andList(items: string[]): string {
  return items.reduce((acc, item) => (acc ? vscode.l10n.t('{0} and {1}', acc, item) : item), '');
}
