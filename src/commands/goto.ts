/**
 * Go to Binding… is a bundle of its own, dist/goto.js (src/goto/ and src/tree/reveal.ts),
 * required on first use: the extension's bundle stays small. It gets the extension's own modules
 * from SHARED (scripts/build.mjs, LAZY, resolves its imports to them and fails when one is missing).
 */
import { parseSearchQuery } from '../api/search';
import { bindingSource } from './pick';
import { VIEW_ID, Cmd } from '../config/ids';
import { pageOf } from '../shared/binding';
import { showInfo, showWarning } from '../ui/safety';
import { asWalk } from '../tree/walks';
import { CommandContext } from './context';
import { queryInputProblem, runSearch } from './find';
import { loadLazy } from './lazy';
import { registerCommand } from './register';

/** What dist/goto.js takes from the extension, by module path from the repository's root: exactly the names it imports. */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/api/search.ts': { parseSearchQuery },
  'src/commands/find.ts': { queryInputProblem, runSearch },
  'src/commands/pick.ts': { bindingSource },
  'src/config/ids.ts': { VIEW_ID },
  'src/shared/binding.ts': { pageOf },
  'src/ui/safety.ts': { showInfo, showWarning },
  'src/tree/walks.ts': { asWalk },
};

type Goto = typeof import('../goto');
let loaded: Goto | undefined;

/** Go to Binding…. */
export function registerGotoCommands(c: CommandContext): void {
  // The build keeps this a require of dist/goto.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  registerCommand(c.extension, c.log, Cmd.goToBinding, () => (loaded ??= loadLazy<Goto>('goto', SHARED, () => require('../goto'))).goToBinding(c));
}
