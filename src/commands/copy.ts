import * as vscode from 'vscode';
import { safeValue, showWarning } from '../ui/safety';
import { BindingRecord } from '../api';
import { copyKind, type CopyKind, copyToClipboard } from '../ui/clipboard';
import { formatNumber, formatPhone } from '../display/phone';
import { DISPLAY_TEXT } from '../display/text';
import { asNode, TreeNode } from '../tree/nodes';
import { NumberNode } from '../tree/numberNodes';
import { middleText } from '../tree/bindingText';
import { BindingField, FIELDS } from '../shared/binding';
import { fieldName } from '../ui/language';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd, BuiltinCmd } from '../config/ids';

/** The copy command of each field. */
const COPY_COMMAND: Record<BindingField, string> = {
  phoneA: Cmd.copyPhoneA,
  phoneB: Cmd.copyPhoneB,
  pnsNumberA: Cmd.copyPnsNumberA,
  pnsNumberB: Cmd.copyPnsNumberB,
  bindId: Cmd.copyBindId,
};

/** Copies one field of a binding; `what` names it in the confirmation. */
export async function copyValue(c: Pick<CommandContext, 'settings'>, value: string, kind: CopyKind, what: string): Promise<void> {
  if (!value) {
    void showWarning(vscode.l10n.t('This binding has no {0}.', what));
    return;
  }
  await copyToClipboard(value, kind, what, c.settings());
}

export function registerCopyCommands(c: CommandContext): void {
  for (const f of FIELDS) {
    registerCommand(c.extension, c.log, COPY_COMMAND[f.field], async (node?: unknown) => {
      const rec = asNode(node, 'binding')?.record ?? (await pickBinding(c));
      if (rec) await copyValue(c, rec[f.field], copyKind(f.field), fieldName(f.field));
    });
  }

  // Ctrl+C / Cmd+C in the view: the focused row (the key binding's args, { $treeViewId,
  // $focusedTreeItem }, are what VS Code turns into the focused element), else the selected one.
  registerCommand(c.extension, c.log, Cmd.copySelected, async (node?: unknown) => {
    const row = node instanceof TreeNode ? node : c.treeView.selection[0];
    const binding = asNode(row, 'binding');
    if (binding) await copyValue(c, binding.record.bindId, 'id', fieldName('bindId'));
    else if (row instanceof NumberNode) await vscode.commands.executeCommand(Cmd.copyMiddleNumber, row);
  });

  // With a binding: which number? Without: which binding, then which number.
  registerCommand(c.extension, c.log, Cmd.copyNumber, async (node?: unknown) => {
    const rec = asNode(node, 'binding')?.record ?? (await pickBinding(c));
    if (!rec) return;
    const masked = c.settings().maskNumbers;
    const pick = await c.ui.quickPick(
      FIELDS.filter((f) => rec[f.field] !== '' && !(f.field === 'pnsNumberB' && rec.mode === 'AXB')).map((f) => ({
        label: safeValue(fieldText(rec[f.field], f.field, masked)),
        description: f.field === 'pnsNumberA' && rec.mode === 'AXB' ? vscode.l10n.t('Middle number (AXB: both sides)') : fieldLabel(f.field),
        value: rec[f.field],
        field: f.field,
      })),
      { title: vscode.l10n.t('Copy from binding {0}', rec.bindId), placeHolder: vscode.l10n.t('Which number?') },
    );
    if (pick) await copyValue(c, pick.value, copyKind(pick.field), fieldName(pick.field));
  });
}

/** "Phone A", "Middle number B", "Bind id", in the display language. */
function fieldLabel(field: BindingField): string {
  switch (field) {
    case 'phoneA':
      return vscode.l10n.t('Phone A');
    case 'phoneB':
      return vscode.l10n.t('Phone B');
    case 'pnsNumberA':
      return vscode.l10n.t('Middle number A');
    case 'pnsNumberB':
      return vscode.l10n.t('Middle number B');
    default:
      return vscode.l10n.t('Bind id');
  }
}

/** A field's value as a quick pick shows it: numbers in international format, phones masked when asked. */
function fieldText(value: string, field: BindingField, masked: boolean): string {
  const kind = copyKind(field);
  return kind === 'id' ? value : kind === 'phone' ? formatPhone(value, { masked }) : formatNumber(value);
}

async function pickBinding(c: CommandContext): Promise<BindingRecord | undefined> {
  const loaded = c.tree.loaded();
  const masked = c.settings().maskNumbers;
  const items = loaded.flatMap(({ app, nodes }) =>
    nodes.map((n) => {
      const r = n.record;
      // Shown in international format; the digits follow in the detail (unless masked) so that
      // typing a number as the vendor writes it still finds the binding.
      const digits = masked ? '' : ` · ${r.phoneA} ${r.phoneB}`;
      return {
        label: safeValue(`${formatPhone(r.phoneA, { masked }) || '?'} ↔ ${formatPhone(r.phoneB, { masked }) || '?'}`, 100),
        description: safeValue(middleText(r), 100),
        detail: vscode.l10n.t('{0} · bind id {1}{2} · {3}', `${c.accounts.all().length > 1 ? `${app.account.name} / ` : ''}${app.label}`, r.bindId, safeValue(digits, 100), r.pnsNumberA),
        record: r,
      };
    }),
  );
  if (items.length === 0) {
    const look = vscode.l10n.t('Open View');
    const open = await c.ui.info(vscode.l10n.t('No bindings are loaded yet. Expand an app in the Laaffic PNS view first.'), {}, look);
    if (open === look) await vscode.commands.executeCommand(BuiltinCmd.focusView);
    return undefined;
  }
  const pick = await c.ui.quickPick(items, {
    title: vscode.l10n.t('Copy Number: choose a binding'),
    placeHolder: masked ? DISPLAY_TEXT.pickBindingMasked : vscode.l10n.t('Type any number or bind id'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.record;
}
