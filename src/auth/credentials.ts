import * as vscode from 'vscode';
import { rememberSecrets } from '../safety';

/** The API key and secret: kept only in VS Code's SecretStorage, never in settings or logs. */
export interface Credentials {
  apiKey: string;
  apiSecret: string;
  /**
   * The origin (scheme://host:port) the credentials were entered for. Requests to another
   * origin need the user's approval (see auth/trust). Absent for credentials saved by a
   * version before 0.2, which are treated as bound to no origin.
   */
  origin?: string;
}

const KEY = 'laafficPns.apiKey';
const SECRET = 'laafficPns.apiSecret';
const ORIGIN = 'laafficPns.origin';

/**
 * SecretStorage wrapper. Fires `onDidChange` when a value changes, also when another
 * window changed it (SecretStorage.onDidChange is shared by all windows).
 */
export class CredentialStore implements vscode.Disposable {
  readonly #secrets: vscode.SecretStorage;
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly #sub: vscode.Disposable;
  readonly onDidChange = this.#emitter.event;

  constructor(secrets: vscode.SecretStorage) {
    this.#secrets = secrets;
    this.#sub = secrets.onDidChange((e) => {
      if (e.key === KEY || e.key === SECRET || e.key === ORIGIN) this.#emitter.fire();
    });
  }

  /** Key and secret (and the origin they are bound to), or undefined when either is missing. */
  async get(): Promise<Credentials | undefined> {
    const [apiKey, apiSecret, origin] = await Promise.all([this.#secrets.get(KEY), this.#secrets.get(SECRET), this.#secrets.get(ORIGIN)]);
    if (!apiKey || !apiSecret) return undefined;
    rememberSecrets(apiKey, apiSecret);
    return origin ? { apiKey, apiSecret, origin } : { apiKey, apiSecret };
  }

  async set(c: Credentials): Promise<void> {
    rememberSecrets(c.apiKey, c.apiSecret);
    await this.#secrets.store(KEY, c.apiKey);
    await this.#secrets.store(SECRET, c.apiSecret);
    if (c.origin) await this.#secrets.store(ORIGIN, c.origin);
    else await this.#secrets.delete(ORIGIN);
  }

  async clear(): Promise<void> {
    await this.#secrets.delete(KEY);
    await this.#secrets.delete(SECRET);
    await this.#secrets.delete(ORIGIN);
  }

  dispose(): void {
    this.#sub.dispose();
    this.#emitter.dispose();
  }
}
