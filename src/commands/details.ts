import { showInfo } from '../safety';
import { BindingNode } from '../tree/nodes';
import { CommandContext } from './context';
import { registerCommand } from './register';

/** Show Binding Details: the details webview (one panel, reused for each selection). */
export function registerDetailsCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, 'laafficPns.showBindingDetails', (node?: BindingNode) => {
    if (node?.kind !== 'binding') {
      void showInfo('Select a binding in the Laaffic PNS view to see its details.');
      return;
    }
    // Selecting in the tree keeps the focus there, so arrow keys keep moving through bindings.
    c.details.show({ record: node.record, app: { appId: node.app.appId, label: node.app.label }, page: node.page }, { preserveFocus: true });
  });
  registerCommand(c.extension, c.log, 'laafficPns.refreshBindingDetails', () => c.details.refresh());
}
