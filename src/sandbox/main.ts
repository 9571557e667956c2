/** The local Laaffic sandbox: a signature-checking simulator of the vendor's PNS API over real HTTP. See README.md. */
export { startSandbox, BODY_LIMIT, LOG_CAP } from './server';
export { FAULT_KINDS } from './faults';
export { parseCli, parseFaultKinds, CliUsageError, HELP } from './cli';
export type {
  FaultKind,
  FaultOptions,
  Sandbox,
  SandboxBinding,
  SandboxCallRecord,
  SandboxOptions,
  SandboxRequest,
} from './types';
