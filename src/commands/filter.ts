import * as vscode from 'vscode';
import { parseSearchQuery } from '../api/search';
import { CommandContext } from './context';
import { queryInputProblem } from './find';
import { registerCommand } from './register';
import { Cmd } from '../config/ids';

import { stateLabel } from '../ui/language';
import { STATES } from '../shared/binding';

/** Filter and sort of the loaded bindings (the view state shows them in the view's description). */
export function registerFilterCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.filter, async () => {
    const mode = c.settings().searchMatch;
    const digits = await c.ui.inputBox({
      title: vscode.l10n.t('Laaffic PNS: Filter Loaded Bindings (1/2)'),
      prompt: vscode.l10n.t('Digits of a number or bind id to keep (empty: any number).'),
      value: c.view.filter.query?.digits ?? '',
      validateInput: (v) => (v.trim() === '' ? undefined : queryInputProblem(v, mode)),
    });
    if (digits === undefined) return;
    const current = c.view.filter.states;
    const picks = await c.ui.quickPickMany(
      STATES.map((state) => ({ label: stateLabel(state), state, picked: current ? current.has(state) : false })),
      { title: vscode.l10n.t('Laaffic PNS: Filter Loaded Bindings (2/2)'), placeHolder: vscode.l10n.t('Which states? (none ticked: every state)') },
    );
    if (picks === undefined) return;
    const chosen = picks.map((p) => p.state);
    c.view.setFilter({
      query: digits.trim() ? parseSearchQuery(digits, mode) : undefined,
      states: chosen.length && chosen.length < STATES.length ? new Set(chosen) : undefined,
    });
  });

  registerCommand(c.extension, c.log, Cmd.clearFilter, () => {
    c.view.setFilter({});
  });
  registerCommand(c.extension, c.log, Cmd.sortByExpiry, () => {
    c.view.setSort('expiry');
  });
  registerCommand(c.extension, c.log, Cmd.sortByVendorOrder, () => {
    c.view.setSort('vendor');
  });
}
