/**
 * Bind and Unbind (and what guards and records every write) are a bundle of their own,
 * dist/writes.js (src/writes/), required on first use: the extension's bundle stays small and
 * activation never reads it. It gets the extension's own modules from SHARED (scripts/build.mjs,
 * LAZY, resolves its imports to them and fails when one is missing here).
 */
import { csvCell, digitsOnly, MAX_EXPIRE_S, parseSearchQuery, PnsApiError, PnsOutcomeUnknownError, safeText, searchBindings } from '../api';
import { countryName, formatNumber, formatPhone, maskKnownPhones, parsePhoneDigits } from '../display/phone';
import { shortDuration } from '../display/text';
import { middleText } from '../tree/bindingText';
import { asNode } from '../tree/nodes';
import { safeMessage, safeValue, showInfo, showWarning } from '../ui/safety';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { loadLazy } from './lazy';
import { bindingSource, pickConfiguredApp } from './pick';
import { registerCommand } from './register';
import { queryInputProblem } from './find';

/** What dist/writes.js takes from the extension, by module path from the repository's root: exactly the names it imports. */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/api/index.ts': { csvCell, digitsOnly, MAX_EXPIRE_S, parseSearchQuery, PnsApiError, PnsOutcomeUnknownError, searchBindings },
  'src/api/safe.ts': { safeText },
  'src/display/phone.ts': { countryName, formatNumber, formatPhone, maskKnownPhones, parsePhoneDigits },
  'src/display/text.ts': { shortDuration },
  'src/tree/bindingText.ts': { middleText },
  'src/tree/nodes.ts': { asNode },
  'src/ui/safety.ts': { safeMessage, safeValue, showInfo, showWarning },
  'src/commands/pick.ts': { bindingSource, pickConfiguredApp },
  'src/commands/find.ts': { queryInputProblem },
};

type Writes = typeof import('../writes');
let loaded: Writes | undefined;

/** dist/writes.js, loaded once. */
function writes(): Writes {
  // The build keeps this a require of dist/writes.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadLazy<Writes>('writes', SHARED, () => require('../writes'));
  return loaded;
}

/** Bind Numbers…, Unbind…, Show Write History and Export Write History…. */
export function registerWriteCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.bind, (node?: unknown) => writes().bindNumbers(c, node));
  // Several bindings selected (VS Code passes the clicked node and the selection): the bulk flow.
  registerCommand(c.extension, c.log, Cmd.unbind, (node?: unknown, nodes?: unknown) =>
    Array.isArray(nodes) && nodes.length > 1 ? writes().unbindSelected(c, node, nodes) : writes().unbindOne(c, node),
  );
  registerCommand(c.extension, c.log, Cmd.unbindSelected, (node?: unknown, nodes?: unknown, hooks?: unknown) => writes().unbindSelected(c, node, nodes, hooks as never));
  registerCommand(c.extension, c.log, Cmd.unbindFiltered, (node?: unknown, _nodes?: unknown, hooks?: unknown) => writes().unbindFiltered(c, node, hooks as never));
  for (const k of ['showWriteHistory', 'exportWriteHistory'] as const) registerCommand(c.extension, c.log, Cmd[k], () => writes()[k](c));
}
