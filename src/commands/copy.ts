import * as vscode from 'vscode';
import { showWarning, showInfo } from '../safety';
import { BindingRecord } from '../api';
import { BindingNode, middleNumbers } from '../tree/nodes';
import { CommandContext } from './context';
import { registerCommand } from './register';

type Field = 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB' | 'bindId';

export const FIELDS: ReadonlyArray<{ field: Field; command: string; name: string }> = [
  { field: 'phoneA', command: 'laafficPns.copyPhoneA', name: 'Phone A' },
  { field: 'phoneB', command: 'laafficPns.copyPhoneB', name: 'Phone B' },
  { field: 'pnsNumberA', command: 'laafficPns.copyPnsNumberA', name: 'Middle number A' },
  { field: 'pnsNumberB', command: 'laafficPns.copyPnsNumberB', name: 'Middle number B' },
  { field: 'bindId', command: 'laafficPns.copyBindId', name: 'Bind id' },
];

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
    registerCommand(c.extension, c.log, f.command, async (node?: BindingNode) => {
      const rec = node?.record ?? (await pickBinding(c));
      if (rec) await copyValue(rec[f.field], f.name.toLowerCase());
    });
  }

  // With a binding: which number? Without: which binding, then which number.
  registerCommand(c.extension, c.log, 'laafficPns.copyNumber', async (node?: BindingNode) => {
    const rec = node?.kind === 'binding' ? node.record : await pickBinding(c);
    if (!rec) return;
    const pick = await vscode.window.showQuickPick(
      FIELDS.filter((f) => rec[f.field] !== '' && !(f.field === 'pnsNumberB' && rec.mode === 'AXB')).map((f) => ({
        label: rec[f.field],
        description: f.field === 'pnsNumberA' && rec.mode === 'AXB' ? 'Middle number (AXB: both sides)' : f.name,
        value: rec[f.field],
        name: f.name,
      })),
      { title: `Copy from binding ${rec.bindId}`, placeHolder: 'Which number?' },
    );
    if (pick) await copyValue(pick.value, pick.name.toLowerCase());
  });
}

async function pickBinding(c: CommandContext): Promise<BindingRecord | undefined> {
  const loaded = c.tree.loaded();
  const items = loaded.flatMap(({ app, nodes }) =>
    nodes.map((n) => ({
      label: `${n.record.phoneA} ↔ ${n.record.phoneB}`,
      description: middleNumbers(n.record),
      detail: `${app.label} · bind id ${n.record.bindId}`,
      record: n.record,
    })),
  );
  if (items.length === 0) {
    const open = await showInfo('No bindings are loaded yet. Expand an app in the Laaffic PNS view first.', 'Open View');
    if (open) await vscode.commands.executeCommand('laafficPns.bindings.focus');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Copy Number: choose a binding',
    placeHolder: 'Type any number or bind id',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.record;
}
