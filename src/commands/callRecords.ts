import { Cmd } from '../ids';
import { showInfo } from '../safety';
import { asNode } from '../tree/nodes';
import { DEFAULT_CALLS_WINDOW } from '../webview/calls';
import { CommandContext } from './context';
import { bindingSource } from './pick';
import { registerCommand } from './register';

/**
 * Show Call Records…: from a binding's menu (or the palette while the details panel is open, for
 * the binding it shows): opens the binding's details panel and reads its calls of the default
 * window into the panel's Calls section (progress, Cancel and errors are shown there).
 */
export function registerCallRecordsCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.showCallRecords, async (arg?: unknown) => {
    const node = asNode(arg, 'binding');
    if (node) {
      c.details.show(bindingSource(c, node.app, node.record, node.page));
    } else if (!c.details.shown) {
      void showInfo('Select a binding in the Laaffic PNS view (right-click → Show Call Records…), or open its details first.');
      return;
    }
    await c.details.loadCalls(DEFAULT_CALLS_WINDOW);
  });
}
