/** Entry of dist/sandbox-host.js: the sandbox without its CLI, shipped for Try the Demo (src/demo/server.ts). */
export { startSandbox } from './server';
export type { Sandbox, SandboxOptions } from './types';
