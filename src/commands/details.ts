import * as vscode from 'vscode';
import { showInfo } from '../ui/safety';
import { asNode } from '../tree/nodes';
import { CommandContext } from './context';
import { bindingSource } from './pick';
import { registerCommand } from './register';
import { Cmd } from '../config/ids';

/** Show Binding Details: the details webview (one panel, reused for each selection). */
export function registerDetailsCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.showBindingDetails, (arg?: unknown) => {
    const node = asNode(arg, 'binding');
    if (!node) {
      void showInfo(vscode.l10n.t('Select a binding in the Laaffic PNS view to see its details.'));
      return;
    }
    // Selecting in the tree keeps the focus there, so arrow keys keep moving through bindings.
    c.details.show(bindingSource(node.app, node.record, node.page), { preserveFocus: true });
  });
  registerCommand(c.extension, c.log, Cmd.refreshBindingDetails, () => c.details.refresh());
}
