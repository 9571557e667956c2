/**
 * The local Laaffic sandbox: a signature-checking simulator of the vendor's PNS API over real
 * HTTP (node:http only). Bundled to dist/sandbox.js, which is both this module (startSandbox)
 * and, through bin.ts, the CLI. See README.md in this folder.
 */
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
