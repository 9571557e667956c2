/**
 * The built-in demo's server: the project's sandbox (src/sandbox/), shipped in the extension as
 * dist/sandbox-host.js and loaded only here, when "Try the Demo" starts it (never at
 * activation). It listens on 127.0.0.1, on a free port, with seeded demo data and a key and
 * secret drawn at random for this start. They exist only in the extension host's memory: the
 * sandbox's /__sandbox/info (which hands them out for "Try the Local Sandbox") is off.
 *
 * No vscode import: unit-tested in plain Node against the built bundle.
 */
import { randomBytes } from 'node:crypto';
import type { AppEntry } from '../config/parse';
import { translator as l10n } from '../display/text';
import type { Sandbox, SandboxOptions } from '../sandbox/embedded';

/**
 * Everything the explorer needs to show an account: what Try the Demo hands to
 * Accounts.addEphemeral() (an account kept in memory only, src/commands/demo.ts).
 */
export interface DemoAccount {
  /** Shown to the user, e.g. in the view's description. */
  readonly name: string;
  /** http://127.0.0.1:PORT/v3 */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apps: readonly AppEntry[];
}

export interface DemoServer {
  readonly account: DemoAccount;
  /** Closes the server and its open connections; idempotent. */
  close(): Promise<void>;
}

/** The demo's data: the sandbox's usual demo (the same as `npm run sandbox` / `npm run demo`). */
export const DEMO_DATA = { seed: 42, apps: 3, bindings: 2500 } as const;
export const DEMO_NAME = 'Demo';

/** What dist/sandbox-host.js exports (src/sandbox/embedded.ts). */
interface SandboxModule {
  startSandbox(options?: SandboxOptions): Promise<Sandbox>;
}

/** The bundle, required on first use; a missing or broken file says what to do. */
function loadSandbox(bundlePath: string): SandboxModule {
  let mod: Partial<SandboxModule> | undefined;
  try {
    // A runtime require of a file path: esbuild leaves it alone, so the sandbox is not bundled
    // into dist/extension.js, and Node loads it only now.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the path is known only at run time
    mod = require(bundlePath) as Partial<SandboxModule>;
  } catch (e) {
    throw new Error(l10n.t('The demo could not be loaded from this installation ({0}). Reinstall the extension.', (e as Error).message.split('\n')[0]), { cause: e });
  }
  if (typeof mod?.startSandbox !== 'function') throw new Error(l10n.t('The demo in this installation is incomplete (no startSandbox). Reinstall the extension.'));
  return mod as SandboxModule;
}

/**
 * Starts the demo server and returns the account it serves. `expireTimeZone` is the offset the
 * explorer reads expiry times in (laafficPns.expireTimeZone), so the demo writes them in it.
 */
export async function startDemoServer(bundlePath: string, options: { expireTimeZone?: string } = {}): Promise<DemoServer> {
  const { startSandbox } = loadSandbox(bundlePath);
  const apiKey = `demo-${randomBytes(12).toString('hex')}`;
  const apiSecret = randomBytes(24).toString('base64url');
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    apiKey,
    apiSecret,
    info: false,
    ...DEMO_DATA,
    ...(options.expireTimeZone ? { expireTimeZone: options.expireTimeZone } : {}),
  });
  const account: DemoAccount = {
    name: DEMO_NAME,
    baseUrl: sandbox.url,
    apiKey,
    apiSecret,
    apps: sandbox.appIds.map((appId, i) => ({ appId, label: l10n.t('Demo app {0}', i + 1) })),
  };
  return { account, close: () => sandbox.close() };
}
