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
 * SecretStorage wrapper. The key, the secret and the origin change as one unit: `onDidChange`
 * fires once per set() or clear(), and once when another window changed them
 * (SecretStorage.onDidChange is shared by all windows and fires per stored value: those events
 * are gathered and compared with what this store last saw).
 */
export class CredentialStore implements vscode.Disposable {
  readonly #secrets: vscode.SecretStorage;
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly #sub: vscode.Disposable;
  readonly onDidChange = this.#emitter.event;
  /** The credentials as this store last read or wrote them (JSON; undefined before the first look). */
  #last: string | undefined;
  #check: ReturnType<typeof setTimeout> | undefined;
  /** set() or clear() under way: their own per-value events are not changes of their own. */
  #writing = 0;

  constructor(secrets: vscode.SecretStorage) {
    this.#secrets = secrets;
    this.#sub = secrets.onDidChange((e) => {
      if ((e.key !== KEY && e.key !== SECRET && e.key !== ORIGIN) || this.#writing > 0) return;
      // Gather the per-value events (three for one change), then see whether anything changed.
      if (this.#check) clearTimeout(this.#check);
      this.#check = setTimeout(() => {
        this.#check = undefined;
        void this.get().then(
          (c) => this.#changed(c),
          () => undefined,
        );
      }, 50);
    });
  }

  /** Another window's change: fires onDidChange when the credentials differ from what was last seen. */
  #changed(c: Credentials | undefined): void {
    const now = JSON.stringify(c ?? null);
    if (this.#last === now) return;
    this.#last = now;
    this.#emitter.fire();
  }

  /** Writes as one unit, then fires onDidChange once. */
  async #write(c: Credentials | undefined, write: () => Promise<void>): Promise<void> {
    this.#writing++;
    try {
      await write();
    } finally {
      this.#writing--;
    }
    this.#last = JSON.stringify(c ?? null);
    this.#emitter.fire();
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
    const saved: Credentials = c.origin ? { apiKey: c.apiKey, apiSecret: c.apiSecret, origin: c.origin } : { apiKey: c.apiKey, apiSecret: c.apiSecret };
    await this.#write(saved, async () => {
      await this.#secrets.store(KEY, c.apiKey);
      await this.#secrets.store(SECRET, c.apiSecret);
      if (c.origin) await this.#secrets.store(ORIGIN, c.origin);
      else await this.#secrets.delete(ORIGIN);
    });
  }

  async clear(): Promise<void> {
    await this.#write(undefined, async () => {
      await this.#secrets.delete(KEY);
      await this.#secrets.delete(SECRET);
      await this.#secrets.delete(ORIGIN);
    });
  }

  dispose(): void {
    if (this.#check) clearTimeout(this.#check);
    this.#sub.dispose();
    this.#emitter.dispose();
  }
}
