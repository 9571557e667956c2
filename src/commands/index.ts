import { CommandContext } from './context';
import { registerAppCommands } from './apps';
import { registerCopyCommands } from './copy';
import { registerCredentialCommands } from './credentials';
import { registerDetailsCommands } from './details';
import { registerTreeCommands } from './tree';

/** Registers every command, each through the one logging wrapper. */
export function registerAllCommands(c: CommandContext): void {
  registerCredentialCommands(c);
  registerAppCommands(c);
  registerTreeCommands(c);
  registerCopyCommands(c);
  registerDetailsCommands(c);
}
