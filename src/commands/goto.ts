/**
 * Go to Binding… and the results of a search (Find's quick pick) are a bundle of their own,
 * dist/goto.js (src/goto/, src/tree/reveal.ts, src/api/searchAll.ts), required on first use: the
 * extension's bundle stays small. It gets the extension's own modules from SHARED
 * (scripts/build.mjs, LAZY, resolves its imports to them and fails when one is missing here).
 */
import { bindingState, PnsAbortError, PnsError } from '../api';
import { parseSearchQuery, searchBindings } from '../api/search';
import { formatPhone, maskKnownPhones } from '../display/phone';
import { shortExpiry } from '../display/text';
import { middleText } from '../tree/bindingText';
import { asWalk } from '../tree/walks';
import { pageOf } from '../shared/binding';
import { safeMessage, safeValue } from '../ui/safety';
import { countryLocale, errorText, fieldName, stateLabel } from '../ui/language';
import { Cmd, VIEW_ID } from '../config/ids';
import { CommandContext } from './context';
import { queryInputProblem } from './query';
import { loadLazy } from './lazy';
import { bindingSource } from './pick';
import { registerCommand } from './register';
import { StreamingPick } from '../ui/streamingPick';

/**
 * What dist/goto.js takes from the extension, by module path from the repository's root: exactly
 * the names it imports.
 */
const SHARED = (): Record<string, Record<string, unknown>> => ({
  'src/api/index.ts': { bindingState, PnsAbortError, PnsError },
  'src/api/search.ts': { parseSearchQuery, searchBindings },
  'src/api/errors.ts': { PnsAbortError },
  'src/display/phone.ts': { formatPhone, maskKnownPhones },
  'src/display/text.ts': { shortExpiry },
  'src/tree/bindingText.ts': { middleText },
  'src/tree/walks.ts': { asWalk },
  'src/shared/binding.ts': { pageOf },
  'src/ui/safety.ts': { safeMessage, safeValue },
  'src/ui/streamingPick.ts': { StreamingPick },
  'src/ui/language.ts': { countryLocale, errorText, fieldName, stateLabel },
  'src/config/ids.ts': { Cmd, VIEW_ID },
  'src/commands/query.ts': { queryInputProblem },
  'src/commands/pick.ts': { bindingSource },
});

type Goto = typeof import('../goto');
let loaded: Goto | undefined;

/** dist/goto.js, loaded once. */
export function gotoBundle(): Goto {
  // The build keeps this a require of dist/goto.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadLazy<Goto>('goto', SHARED(), () => require('../goto'));
  return loaded;
}

/** Go to Binding…. */
export function registerGotoCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.goToBinding, () => gotoBundle().goToBinding(c));
}
