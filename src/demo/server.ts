/**
 * Try the Demo's server: the sandbox, shipped as dist/sandbox-host.js and loaded only when the
 * demo starts, on 127.0.0.1 with seeded data and a key and secret drawn for this start that only
 * the extension host knows (the sandbox's /__sandbox/info, which would hand them out, is off).
 */
import { randomBytes } from 'node:crypto';
import type { AppEntry } from '../config/parse';
import { translator as l10n } from '../display/text';
import type { Sandbox, SandboxOptions } from '../sandbox/embedded';

/** What Try the Demo hands to Accounts.addEphemeral(). */
export interface DemoAccount {
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apps: readonly AppEntry[];
}

export interface DemoServer {
  readonly account: DemoAccount;
  /** Idempotent. */
  close(): Promise<void>;
}

/** The sandbox's usual demo, as `npm run demo` has it. */
export const DEMO_DATA = { seed: 42, apps: 3, bindings: 2500 } as const;
export const DEMO_NAME = 'Demo';

interface SandboxModule {
  startSandbox(options?: SandboxOptions): Promise<Sandbox>;
}

/** The bundle, required on first use; a missing or broken file says what to do. */
function loadSandbox(bundlePath: string): SandboxModule {
  let mod: Partial<SandboxModule> | undefined;
  try {
    // A path known only at run time: esbuild leaves it alone, so the sandbox stays out of dist/extension.js.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(bundlePath) as Partial<SandboxModule>;
  } catch (e) {
    throw new Error(l10n.t('The demo could not be loaded from this installation ({0}). Reinstall the extension.', (e as Error).message.split('\n')[0]), { cause: e });
  }
  if (typeof mod?.startSandbox !== 'function') throw new Error(l10n.t('The demo in this installation is incomplete (no startSandbox). Reinstall the extension.'));
  return mod as SandboxModule;
}

/** Starts the demo server; it writes expiry times in `expireTimeZone`, the offset the explorer reads them in. */
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
