import * as vscode from 'vscode';

/** The API key and secret: kept only in VS Code's SecretStorage, never in settings or logs. */
export interface Credentials {
  apiKey: string;
  apiSecret: string;
}

const KEY = 'laafficPns.apiKey';
const SECRET = 'laafficPns.apiSecret';

/**
 * SecretStorage wrapper. Fires `onDidChange` when either value changes, also when another
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
      if (e.key === KEY || e.key === SECRET) this.#emitter.fire();
    });
  }

  /** Both values, or undefined when either is missing. */
  async get(): Promise<Credentials | undefined> {
    const [apiKey, apiSecret] = await Promise.all([this.#secrets.get(KEY), this.#secrets.get(SECRET)]);
    return apiKey && apiSecret ? { apiKey, apiSecret } : undefined;
  }

  async set(c: Credentials): Promise<void> {
    await this.#secrets.store(KEY, c.apiKey);
    await this.#secrets.store(SECRET, c.apiSecret);
  }

  async clear(): Promise<void> {
    await this.#secrets.delete(KEY);
    await this.#secrets.delete(SECRET);
  }

  dispose(): void {
    this.#sub.dispose();
    this.#emitter.dispose();
  }
}
