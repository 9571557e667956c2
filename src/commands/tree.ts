import { AppNode, LoadMoreNode, MessageNode } from '../tree/nodes';
import { CommandContext } from './context';
import { registerCommand } from './register';

export function registerTreeCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, 'laafficPns.refresh', () => c.tree.refresh());
  registerCommand(c.extension, c.log, 'laafficPns.refreshApp', (node?: AppNode) => (node ? c.tree.refreshApp(node) : c.tree.refresh()));
  registerCommand(c.extension, c.log, 'laafficPns.loadMore', (node?: LoadMoreNode | AppNode) => {
    const app = node?.kind === 'loadMore' ? node.app : node;
    return app ? c.tree.loadMore(app) : undefined;
  });
  registerCommand(c.extension, c.log, 'laafficPns.retry', (node?: AppNode | MessageNode) => c.tree.retry(node?.kind === 'message' ? node.app : node));
  registerCommand(c.extension, c.log, 'laafficPns.showLog', () => c.log.show(true));
}
