import * as vscode from 'vscode';
import { parseSearchQuery } from '../api';
import type { TreeFilter } from '../tree/filterMatch';
import { STATES } from '../shared/binding';
import { stateLabel } from '../ui/language';
import type { CommandContext } from './context';
import { queryInputProblem } from './find';

/** The filter's two steps (digits, then states) with these titles, filled in with the current filter; undefined: Esc. */
export async function askFilter(c: CommandContext, title1: string, title2: string): Promise<TreeFilter | undefined> {
  const mode = c.settings().searchMatch;
  const digits = await c.ui.inputBox({
    title: title1,
    prompt: vscode.l10n.t('Digits of a number or bind id to keep (empty: any number).'),
    value: c.view.filter.query?.digits ?? '',
    validateInput: (v) => (v.trim() === '' ? undefined : queryInputProblem(v, mode)),
  });
  if (digits === undefined) return undefined;
  const current = c.view.filter.states;
  const picks = await c.ui.quickPickMany(
    STATES.map((state) => ({ label: stateLabel(state), state, picked: current ? current.has(state) : false })),
    { title: title2, placeHolder: vscode.l10n.t('Which states? (none ticked: every state)') },
  );
  if (picks === undefined) return undefined;
  const chosen = picks.map((p) => p.state);
  return {
    query: digits.trim() ? parseSearchQuery(digits, mode) : undefined,
    states: chosen.length && chosen.length < STATES.length ? new Set(chosen) : undefined,
  };
}
