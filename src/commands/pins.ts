/** Pin Binding and Unpin Binding, from dist/pins.js (src/pins/commands.ts). */
import { Cmd } from '../config/ids';
import { pinsBundle } from '../tree/pinsLazy';
import type { CommandContext } from './context';
import { registerCommand } from './register';

export function registerPinCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.pinBinding, (node?: unknown) => pinsBundle().pinBinding(c, node));
  registerCommand(c.extension, c.log, Cmd.unpinBinding, (node?: unknown) => pinsBundle().unpinBinding(c, node));
}
