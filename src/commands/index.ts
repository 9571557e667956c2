import { CommandContext } from './context';
import { registerAccountCommands } from './accounts';
import { registerAppCommands } from './apps';
import { registerCopyCommands } from './copy';
import { registerCredentialCommands } from './credentials';
import { registerDemoCommands } from './demo';
import { registerDetailsCommands } from './details';
import { registerLoadAllCommand, registerTreeCommands } from './tree';
import { registerExportCommands } from './export';
import { registerBalanceCommands } from './balance';
import { registerWriteCommands } from './writes';
import { registerFilterCommands } from './filter';
import { registerFindCommands } from './find';
import { registerNumberCommands } from './numbers';
import { registerCallRecordsCommand } from './callRecords';
import { registerWalkthroughCommand } from './walkthrough';
import { registerDisplayCommands } from './display';
import { registerComplaintCommands } from './complaintsLazy';
import { registerHealthCommands } from './health';
import { registerPinCommands } from './pins';

/** Registers every command, each through the one logging wrapper. */
export function registerAllCommands(c: CommandContext): void {
  registerCredentialCommands(c);
  registerAccountCommands(c);
  registerDemoCommands(c);
  registerAppCommands(c);
  registerTreeCommands(c);
  registerCopyCommands(c);
  registerDetailsCommands(c);
  registerFindCommands(c);
  registerFilterCommands(c);
  registerLoadAllCommand(c);
  registerExportCommands(c);
  registerBalanceCommands(c);
  registerWriteCommands(c);
  registerNumberCommands(c);
  registerCallRecordsCommand(c);
  registerWalkthroughCommand(c);
  registerDisplayCommands(c);
  registerComplaintCommands(c);
  registerHealthCommands(c);
  registerPinCommands(c);
}
