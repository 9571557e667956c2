import * as vscode from 'vscode';
import { BindingState } from '../api';
import { parseSearchQuery } from '../api/search';
import { CommandContext } from './context';
import { queryInputProblem } from './find';
import { registerCommand } from './register';
import { Cmd, Ctx, BuiltinCmd } from '../ids';

import { STATE_LABEL } from '../shared/binding';

const STATES: Array<{ state: BindingState; label: string }> = (Object.keys(STATE_LABEL) as BindingState[]).map((state) => ({ state, label: STATE_LABEL[state] }));

/** Filter and sort of the loaded bindings; the active filter shows in the view's description. */
export function registerFilterCommands(c: CommandContext): void {
  const update = () => {
    const f = c.tree.filter;
    const parts: string[] = [];
    if (f.query) parts.push(`“${f.query.digits}”`);
    if (f.states) parts.push(STATES.filter((s) => f.states!.has(s.state)).map((s) => s.label.toLowerCase()).join(' or '));
    if (c.tree.sort === 'expiry') parts.push('soonest expiry first');
    c.treeView.description = parts.length ? (c.tree.filterActive ? `Filter: ${parts.join(' · ')}` : `Sorted: ${parts.join(' · ')}`) : undefined;
    // The description is hidden while the view is alone in its container (no view header), so
    // the filter is also said at the top of the tree, where it is always seen.
    c.treeView.message = c.tree.filterActive ? `Showing loaded bindings that match ${parts.filter((p) => !p.startsWith('soonest')).join(' and ')}. Clear the filter to see all.` : undefined;
    void vscode.commands.executeCommand(BuiltinCmd.setContext, Ctx.filterActive, c.tree.filterActive);
    void vscode.commands.executeCommand(BuiltinCmd.setContext, Ctx.sortByExpiry, c.tree.sort === 'expiry');
  };

  registerCommand(c.extension, c.log, Cmd.filter, async (text?: unknown, states?: unknown) => {
    const mode = c.settings().searchMatch;
    // Menus may pass their own arguments: only a string and a list of states are ours.
    let digits = typeof text === 'string' ? text : undefined;
    if (digits === undefined) {
      digits = await vscode.window.showInputBox({
        title: 'Laaffic PNS: Filter Loaded Bindings (1/2)',
        prompt: 'Digits of a number or bind id to keep (empty: any number).',
        value: c.tree.filter.query?.digits ?? '',
        validateInput: (v) => (v.trim() === '' ? undefined : queryInputProblem(v, mode)),
      });
      if (digits === undefined) return;
    }
    let chosen = Array.isArray(states) ? (states.filter((x) => STATES.some((s) => s.state === x)) as BindingState[]) : undefined;
    if (chosen === undefined) {
      const current = c.tree.filter.states;
      const picks = await vscode.window.showQuickPick(
        STATES.map((s) => ({ label: s.label, state: s.state, picked: current ? current.has(s.state) : false })),
        { title: 'Laaffic PNS: Filter Loaded Bindings (2/2)', placeHolder: 'Which states? (none ticked: every state)', canPickMany: true },
      );
      if (picks === undefined) return;
      chosen = picks.map((p) => p.state);
    }
    c.tree.setFilter({
      query: digits.trim() ? parseSearchQuery(digits, mode) : undefined,
      states: chosen.length && chosen.length < STATES.length ? new Set(chosen) : undefined,
    });
    update();
  });

  registerCommand(c.extension, c.log, Cmd.clearFilter, () => {
    c.tree.setFilter({});
    update();
  });
  registerCommand(c.extension, c.log, Cmd.sortByExpiry, () => {
    c.tree.setSort('expiry');
    update();
  });
  registerCommand(c.extension, c.log, Cmd.sortByVendorOrder, () => {
    c.tree.setSort('vendor');
    update();
  });
}
