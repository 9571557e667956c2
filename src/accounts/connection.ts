import * as vscode from 'vscode';
import { parseBaseUrl, PnsClient, PnsError } from '../api';
import { cachedSource, PageCache } from '../api/cache';
import type { BindPageSource } from '../api/walk';
import type { CredentialSource } from '../auth/credentials';
import { HostApprovals } from '../auth/trust';
import { SettingsState } from '../config/settingsState';
import { clientOptions, type ClientHooks, type WorkerClientOptions } from '../export/protocol';
import { requestLogger } from './requestLog';

/** No API key/secret stored yet (for the account `accountId`: the error's buttons act on it). */
export class NoCredentialsError extends PnsError {
  constructor(
    readonly accountId?: string,
    /** Its name, when there are several accounts. */
    accountName?: string,
  ) {
    super(
      accountName ? vscode.l10n.t('Account {0} has no Laaffic credentials.', accountName) : vscode.l10n.t('No Laaffic credentials are set.'),
      vscode.l10n.t('Set the API key and secret of the account, or switch to another account.'),
    );
  }
}

/** What a connection needs to know of its account. */
export interface ConnectionTarget {
  /** The account's id, and its name when there are several (for NoCredentialsError). */
  readonly accountId?: string;
  accountName?(): string | undefined;
  baseUrl(): string;
  readonly onDidChangeBaseUrl: vscode.Event<void>;
}

/**
 * One account's PnsClient, built from the settings, the base URL and the credentials, and again
 * only when one of them changes. Where an account's changes meet: a settings, base URL or
 * credentials change (another window's too) or forgotten host approvals drop the client and the
 * page cache, then onDidChange fires once; the tree listens to it.
 */
export class Connection implements vscode.Disposable {
  #client: Promise<PnsClient> | undefined;
  /** Each client's options as plain data (for workerClient()). */
  readonly #plain = new WeakMap<PnsClient, WorkerClientOptions>();
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly #subs: vscode.Disposable[];
  /** Pages fetched by Find, Load All and Export, reused for laafficPns.cacheSeconds. */
  readonly cache: PageCache;
  readonly onDidChange = this.#emitter.event;

  constructor(
    private readonly target: ConnectionTarget,
    private readonly credentials: CredentialSource,
    private readonly log: vscode.LogOutputChannel,
    private readonly settingsState: SettingsState,
    readonly approvals: HostApprovals,
  ) {
    this.cache = new PageCache({ ttlMs: settingsState.current.cacheSeconds * 1000 });
    this.#subs = [
      settingsState.onDidChange(() => this.#changed()),
      target.onDidChangeBaseUrl(() => this.#changed()),
      credentials.onDidChange(() => {
        log.info('Credentials changed: reloading the tree.');
        this.#changed();
      }),
      approvals.onDidForget(() => this.#changed()),
    ];
  }

  private settings() {
    return this.settingsState.current;
  }

  /** The client behind the page cache (for Find and Load All; the export's worker reads the cache through messages). */
  async cachedSource(): Promise<BindPageSource> {
    return cachedSource(await this.client(), this.cache);
  }

  /** The client, or a NoCredentialsError / PnsValidationError (bad settings). */
  client(): Promise<PnsClient> {
    if (!this.#client) {
      const p = this.#build();
      this.#client = p;
      p.catch(() => {
        if (this.#client === p) this.#client = undefined;
      });
    }
    return this.#client;
  }

  async #build(): Promise<PnsClient> {
    const creds = await this.credentials.get();
    if (!creds) throw new NoCredentialsError(this.target.accountId, this.target.accountName?.());
    const s = this.settings();
    const baseUrl = this.target.baseUrl();
    // Before any request: the credentials go only to a host the user approved (a bad URL is
    // reported by the client's own check below).
    let origin: string | undefined;
    try {
      origin = parseBaseUrl(baseUrl).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== undefined) await this.approvals.ensure(origin, creds, this.log);
    const plain: WorkerClientOptions = {
      baseUrl,
      apiKey: creds.apiKey,
      apiSecret: creds.apiSecret,
      timeoutMs: s.timeoutSeconds * 1000,
      expireTimeZone: s.expireTimeZone,
      userAgent: `laaffic-pns-explorer (VS Code ${vscode.version})`,
      retries: s.retries,
      clockOffsetMs: 0,
    };
    const client = new PnsClient({
      ...clientOptions(plain, this.hooks()),
      // Pages read before a bind or unbind may be wrong after it, whatever came of it (an
      // unknown outcome too: "Look for It" must not answer from a page older than the bind).
      onWrite: () => this.cache.clear(),
    });
    this.#plain.set(client, plain);
    return client;
  }

  /** Logs requests, retries and clock corrections: method, path, status and milliseconds, never the key, the secret or a signature. */
  hooks(): ClientHooks {
    const retries = this.settings().retries;
    const logRequest = requestLogger(this.log);
    return {
      onRetry: (r) => this.log.warn(`Retrying /${r.path} in ${r.delayMs} ms (retry ${r.attempt} of ${retries}) after ${r.error}`),
      onClockSkew: (ms) =>
        this.log.warn(`Laaffic's clock is ${Math.abs(Math.round(ms / 1000))} s ${ms >= 0 ? 'ahead of' : 'behind'} this computer's; Timestamps are corrected for the rest of the session.`),
      onRequest: (i) => {
        const outcome = i.error ? `${i.status ? `status ${i.status} ` : ''}${i.error}` : `status ${i.status}`;
        const line = `${i.method} /${i.path} → HTTP ${i.httpStatus || '-'}, ${outcome} (${i.ms} ms)`;
        logRequest(line, Boolean(i.error));
      },
    };
  }

  /** client()'s options as plain data, with its current clock correction: the export's worker builds its client from them. */
  async workerClient(): Promise<WorkerClientOptions> {
    const client = await this.client();
    const plain = this.#plain.get(client);
    if (!plain) throw new Error('The client has no options to hand over.');
    return { ...plain, clockOffsetMs: client.clockOffsetMs };
  }

  #drop(): void {
    this.cache.clear();
    this.cache.ttlMs = this.settings().cacheSeconds * 1000;
    const old = this.#client;
    this.#client = undefined;
    // Let requests already under way finish; then close the old client's idle sockets.
    old?.then((c) => setTimeout(() => c.dispose(), 60_000).unref(), () => undefined);
  }

  #changed(): void {
    this.#drop();
    this.#emitter.fire();
  }

  dispose(): void {
    for (const s of this.#subs) s.dispose();
    this.#drop();
    this.#emitter.dispose();
  }
}
