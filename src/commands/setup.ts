/**
 * The account set-up commands live in a bundle of their own, dist/setup.js (src/setup/), required
 * on first use: they run a few times in an account's life, so the extension's bundle stays small
 * and activation never reads them. It gets the extension's own modules from SHARED
 * (scripts/build.mjs, LAZY, resolves its imports to them and fails when one is missing here).
 */
import { BRANDS, DEFAULT_BASE_URL, isLoopbackHost, loopbackOnlyLookup, noIcons, parseBaseUrl } from '../api';
import { nodeFetch } from '../api/nodeFetch';
import { validateAppId } from '../config/settings';
import { credentialProblem } from '../shared/binding';
import { safeValue, showInfo, showWarning } from '../ui/safety';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { loadLazy } from './lazy';
import { pickAccount } from './pick';
import { registerCommand } from './register';

/** What dist/setup.js takes from the extension, by module path from the repository's root: exactly the names it imports. */
const SHARED: Record<string, Record<string, unknown>> = {
  'src/api/index.ts': { BRANDS, DEFAULT_BASE_URL, isLoopbackHost, loopbackOnlyLookup, noIcons, parseBaseUrl },
  'src/api/nodeFetch.ts': { nodeFetch },
  'src/config/settings.ts': { validateAppId },
  'src/shared/binding.ts': { credentialProblem },
  'src/ui/safety.ts': { safeValue, showInfo, showWarning },
  'src/commands/pick.ts': { pickAccount },
};

type Setup = typeof import('../setup');
let loaded: Setup | undefined;

/** dist/setup.js, loaded once. */
function setup(): Setup {
  // The build keeps this a require of dist/setup.js (a bundle of its own).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= loadLazy<Setup>('setup', SHARED, () => require('../setup'));
  return loaded;
}

/** Registers the set-up commands; their code is read on the first run of one. */
export function registerSetupCommands(c: CommandContext): void {
  const commands: Array<[string, (s: Setup, ...args: unknown[]) => unknown]> = [
    [Cmd.setCredentials, (s, node) => s.setCredentials(c, node)],
    [Cmd.clearCredentials, (s, node) => s.clearCredentials(c, node)],
    [Cmd.forgetHostApprovals, (s, origin, accountId) => s.forgetHostApprovals(c, origin, accountId)],
    [Cmd.trySandbox, (s, node) => s.trySandbox(c, node)],
    [Cmd.addAccount, (s) => s.addAccount(c)],
    [Cmd.renameAccount, (s, node) => s.renameAccount(c, node)],
    [Cmd.removeAccount, (s, node) => s.removeAccount(c, node)],
    [Cmd.setAccountBaseUrl, (s, node) => s.setAccountBaseUrl(c, node)],
    [Cmd.setAccountProtection, (s, node) => s.setAccountProtection(c, node)],
  ];
  for (const [id, run] of commands) registerCommand(c.extension, c.log, id, (...args: unknown[]) => run(setup(), ...args));
}
