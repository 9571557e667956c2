import * as vscode from 'vscode';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd } from '../config/ids';
import { loadLazy } from './lazy';
import { pickTreeApp } from './pick';
import { asNode } from '../tree/nodes';
import { errorNodes } from '../tree/errorNodes';
import { keepBinding, sortEntries } from '../tree/filterMatch';
import { MessageNode } from '../tree/node';
import { asWalk } from '../tree/walks';
import { bindingPages } from '../api/walk';

import { askFilter } from './askFilter';

/**
 * What dist/filterAll.js (src/filterAll/, Filter All Pages) takes from the extension, by module
 * path from the repository's root: exactly the names it imports (scripts/build.mjs checks it).
 */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/commands/askFilter.ts': { askFilter },
  'src/commands/pick.ts': { pickTreeApp },
  'src/api/walk.ts': { bindingPages },
  'src/config/ids.ts': { Cmd },
  'src/tree/errorNodes.ts': { errorNodes },
  'src/tree/filterMatch.ts': { keepBinding, sortEntries },
  'src/tree/nodes.ts': { asNode },
  'src/tree/node.ts': { MessageNode },
  'src/tree/walks.ts': { asWalk },
};

type FilterAll = typeof import('../filterAll');
let loaded: FilterAll | undefined;

/** dist/filterAll.js, loaded once. */
function filterAll(): FilterAll {
  // The build keeps this a require of dist/filterAll.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadLazy<FilterAll>('filterAll', SHARED, () => require('../filterAll'));
  return loaded;
}

/** Filter and sort of the loaded bindings (the view state shows them in the view's description), and Filter All Pages. */
export function registerFilterCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.filter, async () => {
    const filter = await askFilter(c, vscode.l10n.t('Laaffic PNS: Filter Loaded Bindings (1/2)'), vscode.l10n.t('Laaffic PNS: Filter Loaded Bindings (2/2)'));
    if (filter) c.view.setFilter(filter);
  });

  registerCommand(c.extension, c.log, Cmd.filterAllPages, (node?: unknown, again?: unknown) => filterAll().filterAllCommand(c, node, again));
  registerCommand(c.extension, c.log, Cmd.cancelFilterAllPages, (node?: unknown) => {
    const app = asNode(node, 'app');
    if (app) c.tree.overlay(app)?.stop();
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
