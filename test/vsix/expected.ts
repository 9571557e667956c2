/**
 * What the built-in demo must show, computed from the sandbox's seeded generator (no server):
 * the first bindings of its first app, in the order queryBindPage serves them, and how many it has. Bundled to
 * out/test/vsix/expected.js for scripts/test-vsix.mjs (plain Node, outside VS Code).
 */
import { SandboxData, splitUneven } from '../../src/sandbox/data';
import { DEMO_DATA } from '../../src/demo/server';

export interface ExpectedBinding {
  bindId: string;
  phoneA: string;
  phoneB: string;
}

export function demoFirstBindings(n: number): { appId: string; bindings: ExpectedBinding[]; total: number } {
  const data = new SandboxData({ seed: DEMO_DATA.seed, bindingsPerApp: splitUneven(DEMO_DATA.bindings, DEMO_DATA.apps), anchorMs: Math.floor(Date.now() / 1000) * 1000 });
  const appId = data.apps[0].appId;
  const all = data.list(appId);
  return { appId, bindings: all.slice(0, n).map((b) => ({ bindId: b.bindId, phoneA: b.phoneA, phoneB: b.phoneB })), total: all.length };
}
