/**
 * Entry of dist/sandbox-host.js: the sandbox as the extension ships it for "Try the Demo". The
 * extension require()s this bundle only when the demo starts (never at activation), so its code
 * stays out of dist/extension.js. No CLI: that is dist/sandbox.js (./bin.ts).
 */
export { startSandbox } from './server';
export type { Sandbox, SandboxOptions } from './types';
