import { CommandContext } from './context';
import { registerAppCommands } from './apps';
import { registerCopyCommands } from './copy';
import { registerSetupCommands } from './setup';
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
import { registerGotoCommands } from './goto';
import { registerPinCommands } from './pins';

/** Registers every command, each through the one logging wrapper. */
export function registerAllCommands(c: CommandContext): void {
  registerSetupCommands(c);
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
  registerGotoCommands(c);
  registerPinCommands(c);
}
