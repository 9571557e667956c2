import * as vscode from 'vscode';
import { showWarning } from '../safety';
import { BindingRecord } from '../api';
import { asNode } from '../tree/nodes';
import { BindingField, FIELDS, fieldPhrase, middleNumbers } from '../shared/binding';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd, BuiltinCmd } from '../ids';

/** The copy command of each field. */
const COPY_COMMAND: Record<BindingField, string> = {
  phoneA: Cmd.copyPhoneA,
  phoneB: Cmd.copyPhoneB,
  pnsNumberA: Cmd.copyPnsNumberA,
  pnsNumberB: Cmd.copyPnsNumberB,
  bindId: Cmd.copyBindId,
};

/** Puts one value on the clipboard and confirms it in the status bar. */
export async function copyValue(value: string, what: string): Promise<void> {
  if (!value) {
    void showWarning(`This binding has no ${what}.`);
    return;
  }
  await vscode.env.clipboard.writeText(value);
  vscode.window.setStatusBarMessage(`$(check) Copied ${value}`, 3000);
}

export function registerCopyCommands(c: CommandContext): void {
  for (const f of FIELDS) {
    registerCommand(c.extension, c.log, COPY_COMMAND[f.field], async (node?: unknown) => {
      const rec = asNode(node, 'binding')?.record ?? (await pickBinding(c));
      if (rec) await copyValue(rec[f.field], fieldPhrase(f.field));
    });
  }

  // With a binding: which number? Without: which binding, then which number.
  registerCommand(c.extension, c.log, Cmd.copyNumber, async (node?: unknown) => {
    const rec = asNode(node, 'binding')?.record ?? (await pickBinding(c));
    if (!rec) return;
    const pick = await c.ui.quickPick(
      FIELDS.filter((f) => rec[f.field] !== '' && !(f.field === 'pnsNumberB' && rec.mode === 'AXB')).map((f) => ({
        label: rec[f.field],
        description: f.field === 'pnsNumberA' && rec.mode === 'AXB' ? 'Middle number (AXB: both sides)' : f.label,
        value: rec[f.field],
        field: f.field,
      })),
      { title: `Copy from binding ${rec.bindId}`, placeHolder: 'Which number?' },
    );
    if (pick) await copyValue(pick.value, fieldPhrase(pick.field));
  });
}

async function pickBinding(c: CommandContext): Promise<BindingRecord | undefined> {
  const loaded = c.tree.loaded();
  const items = loaded.flatMap(({ app, nodes }) =>
    nodes.map((n) => ({
      label: `${n.record.phoneA} ↔ ${n.record.phoneB}`,
      description: middleNumbers(n.record),
      detail: `${c.accounts.all().length > 1 ? `${app.account.name} / ` : ''}${app.label} · bind id ${n.record.bindId}`,
      record: n.record,
    })),
  );
  if (items.length === 0) {
    const open = await c.ui.info('No bindings are loaded yet. Expand an app in the Laaffic PNS view first.', {}, 'Open View');
    if (open) await vscode.commands.executeCommand(BuiltinCmd.focusView);
    return undefined;
  }
  const pick = await c.ui.quickPick(items, {
    title: 'Copy Number: choose a binding',
    placeHolder: 'Type any number or bind id',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.record;
}
