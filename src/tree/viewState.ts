import * as vscode from 'vscode';
import { bindingState, BindingState } from '../api';
import { matchBinding, type SearchQuery } from '../api/search';
import { BuiltinCmd, ContextKey, Ctx } from '../ids';
import { STATE_LABEL, STATES } from '../shared/binding';
import type { ModelEntry } from './appModel';

/** What the tree shows of the loaded bindings. */
export interface TreeFilter {
  /** Only bindings with a number (or bind id) matching these digits. */
  query?: SearchQuery;
  /** Only bindings in these states. */
  states?: ReadonlySet<BindingState>;
}
export type TreeSort = 'vendor' | 'expiry';

/**
 * The state of the bindings view that is not data: the filter, the sort, whether credentials
 * and apps exist. The one owner of every `setContext` of the extension and of the view's
 * description and message.
 */
export class ViewState implements vscode.Disposable {
  readonly #emitter = new vscode.EventEmitter<void>();
  /** Fires when the filter or the sort changed. */
  readonly onDidChange = this.#emitter.event;
  #filter: TreeFilter = {};
  #sort: TreeSort = 'vendor';
  #view: vscode.TreeView<unknown> | undefined;
  readonly #context = new Map<ContextKey, boolean>();

  get filter(): TreeFilter {
    return this.#filter;
  }
  get filterActive(): boolean {
    return !!this.#filter.query || !!this.#filter.states;
  }
  get sort(): TreeSort {
    return this.#sort;
  }

  /** Shows only loaded bindings that match; an empty filter shows everything. */
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

  /** What the welcome views depend on. */
  setConnection(hasCredentials: boolean, hasApps: boolean): void {
    this.#setContext(Ctx.hasCredentials, hasCredentials);
    this.#setContext(Ctx.hasApps, hasApps);
  }

  /** Whether phones A and B are shown masked: the context key of the Mask / Show Numbers button, and a redraw. */
  setMasked(masked: boolean): void {
    const changed = this.#context.get(Ctx.masked) !== undefined && this.#context.get(Ctx.masked) !== masked;
    this.#setContext(Ctx.masked, masked);
    if (changed) this.#emitter.fire();
  }

  /** The loaded bindings of an app as filtered and sorted for display. */
  visible(entries: readonly ModelEntry[], now: number, soonHours: number): readonly ModelEntry[] {
    const { query, states } = this.#filter;
    let out = entries;
    if (query || states) {
      out = out.filter((e) => (!query || matchBinding(e.record, query).length > 0) && (!states || states.has(bindingState(e.record.expiresAt, now, soonHours))));
    }
    if (this.#sort === 'expiry') {
      // Soonest first; unreadable expiry last; ties keep the vendor's order.
      out = out.map((e, i) => ({ e, i })).sort((a, b) => (a.e.record.expiresAt ?? Infinity) - (b.e.record.expiresAt ?? Infinity) || a.i - b.i).map((x) => x.e);
    }
    return out;
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
    const parts: string[] = [];
    if (f.query) parts.push(`“${f.query.digits}”`);
    if (f.states) parts.push(STATES.filter((s) => f.states!.has(s)).map((s) => STATE_LABEL[s].toLowerCase()).join(' or '));
    if (this.#sort === 'expiry') parts.push('soonest expiry first');
    if (this.#view) {
      this.#view.description = parts.length ? (this.filterActive ? `Filter: ${parts.join(' · ')}` : `Sorted: ${parts.join(' · ')}`) : undefined;
      // The description is hidden while the view is alone in its container (no view header), so
      // the filter is also said at the top of the tree, where it is always seen.
      this.#view.message = this.filterActive ? `Showing loaded bindings that match ${parts.filter((p) => !p.startsWith('soonest')).join(' and ')}. Clear the filter to see all.` : undefined;
    }
    this.#setContext(Ctx.filterActive, this.filterActive);
    this.#setContext(Ctx.sortByExpiry, this.#sort === 'expiry');
  }

  #setContext(key: ContextKey, value: boolean): void {
    if (this.#context.get(key) === value) return;
    this.#context.set(key, value);
    void vscode.commands.executeCommand(BuiltinCmd.setContext, key, value);
  }
}
