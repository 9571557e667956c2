import * as vscode from 'vscode';
import { parseStoredCredentials, serializeCredentials, type StoredCredentials } from '../accounts/model';
import { rememberSecrets } from '../ui/safety';

/**
 * An account's API key and secret, kept only in SecretStorage (or memory), never in settings or
 * logs, and the origin they were entered for: requests to another need approval (trust.ts).
 */
export type Credentials = StoredCredentials;

/** Where one account's credentials live; `onDidChange` fires once per change. */
export interface CredentialSource extends vscode.Disposable {
  readonly onDidChange: vscode.Event<void>;
  get(): Promise<Credentials | undefined>;
  set(c: Credentials): Promise<void>;
  clear(): Promise<void>;
}

/**
 * One account's credentials as one SecretStorage value, so key, secret and origin change as one
 * unit. onDidChange fires once per set() or clear(), and once when another window changed them
 * (SecretStorage.onDidChange is shared by all windows: the value is compared with the last seen).
 */
export class CredentialStore implements CredentialSource {
  readonly #secrets: vscode.SecretStorage;
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly #sub: vscode.Disposable;
  readonly onDidChange = this.#emitter.event;
  /** JSON of the credentials last read or written. */
  #last: string | undefined;
  /** set() or clear() under way: their own events are not another window's change. */
  #writing = 0;

  constructor(
    secrets: vscode.SecretStorage,
    readonly key: string,
    /** Resolves when the start-up migration has put the old secret under `key`. */
    private readonly ready: Promise<unknown> = Promise.resolve(),
  ) {
    this.#secrets = secrets;
    this.#sub = secrets.onDidChange((e) => {
      if (e.key !== key || this.#writing > 0) return;
      void this.get().then(
        (c) => this.#changed(c),
        () => undefined,
      );
    });
  }

  #changed(c: Credentials | undefined): void {
    const now = JSON.stringify(c ?? null);
    if (this.#last === now) return;
    this.#last = now;
    this.#emitter.fire();
  }

  async #write(c: Credentials | undefined, write: () => Thenable<void>): Promise<void> {
    await this.ready.catch(() => undefined);
    this.#writing++;
    try {
      await write();
    } finally {
      this.#writing--;
    }
    this.#last = JSON.stringify(c ?? null);
    this.#emitter.fire();
  }

  async get(): Promise<Credentials | undefined> {
    await this.ready.catch(() => undefined);
    const c = parseStoredCredentials(await this.#secrets.get(this.key));
    if (c) rememberSecrets(c.apiKey, c.apiSecret);
    return c;
  }

  async set(c: Credentials): Promise<void> {
    rememberSecrets(c.apiKey, c.apiSecret);
    const saved = parseStoredCredentials(serializeCredentials(c));
    await this.#write(saved, () => this.#secrets.store(this.key, serializeCredentials(c)));
  }

  async clear(): Promise<void> {
    await this.#write(undefined, () => this.#secrets.delete(this.key));
  }

  dispose(): void {
    this.#sub.dispose();
    this.#emitter.dispose();
  }
}

/** Credentials kept in memory only (an account that is never saved, such as a demo). */
export class MemoryCredentials implements CredentialSource {
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#emitter.event;
  #value: Credentials | undefined;

  constructor(initial?: Credentials) {
    if (initial) this.#value = { ...initial };
    if (initial) rememberSecrets(initial.apiKey, initial.apiSecret);
  }

  async get(): Promise<Credentials | undefined> {
    return this.#value ? { ...this.#value } : undefined;
  }
  async set(c: Credentials): Promise<void> {
    rememberSecrets(c.apiKey, c.apiSecret);
    this.#value = { ...c };
    this.#emitter.fire();
  }
  async clear(): Promise<void> {
    this.#value = undefined;
    this.#emitter.fire();
  }
  dispose(): void {
    this.#emitter.dispose();
  }
}
