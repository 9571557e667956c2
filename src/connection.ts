import * as vscode from 'vscode';
import { parseBaseUrl, PnsClient, PnsError } from './api';
import { cachedSource, PageCache } from './api/cache';
import type { BindPageSource } from './api/walk';
import { CredentialStore } from './auth/credentials';
import { HostApprovals } from './auth/trust';
import { type AppEntry, writeApps } from './config/settings';
import type { DemoAccount, DemoServer } from './demo/server';
import { rememberSecrets } from './safety';
import { SettingsState } from './settingsState';

/** No API key/secret stored yet. */
export class NoCredentialsError extends PnsError {
  constructor() {
    super('No Laaffic credentials are set.', 'Run "Laaffic PNS: Set Credentials" to connect, or "Laaffic PNS: Try the Demo" to explore demo data.');
  }
}

/**
 * Builds the PnsClient from the settings and the stored credentials, once, and again only
 * when either changes. Logs every request: method, path, status, milliseconds — never the
 * key, the secret or a signature.
 *
 * The one place where changes meet: a settings change, a credentials change (set, clear, or
 * another window) and forgotten host approvals each drop the client and the page cache, and
 * then onDidChange fires once; the tree listens to it.
 *
 * While the built-in demo runs ("demo session"), the client, the apps and the requests are the
 * demo's: its account lives only in memory, and the user's credentials, settings and host
 * approvals are neither read for it nor written. Stop Demo (endDemo) returns to them.
 */
export class Connection implements vscode.Disposable {
  #client: Promise<PnsClient> | undefined;
  /** The demo session: its server and its apps (Add / Rename / Remove App change them in memory). */
  #demo: { server: DemoServer; apps: readonly AppEntry[] } | undefined;
  readonly #emitter = new vscode.EventEmitter<void>();
  readonly #subs: vscode.Disposable[];
  /** Pages fetched by Find, Load All and Export, reused for laafficPns.cacheSeconds. */
  readonly cache: PageCache;
  /** Fires when the settings, the credentials or the host approvals changed (the client was dropped). */
  readonly onDidChange = this.#emitter.event;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly settingsState: SettingsState,
    /** Which hosts the user allowed to receive the credentials. */
    readonly approvals: HostApprovals,
  ) {
    this.cache = new PageCache({ ttlMs: settingsState.current.cacheSeconds * 1000 });
    this.#subs = [
      settingsState.onDidChange(() => this.#changed()),
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

  /** The client behind the page cache (for Find, Load All and Export). */
  async cachedSource(): Promise<BindPageSource> {
    return cachedSource(await this.client(), this.cache);
  }

  /** The demo's account while the demo runs, else undefined. */
  get demo(): DemoAccount | undefined {
    return this.#demo?.server.account;
  }

  /** Shows the demo instead of the user's account (a running demo is closed first). */
  showDemo(server: DemoServer): void {
    const old = this.#demo;
    rememberSecrets(server.account.apiKey, server.account.apiSecret);
    this.#demo = { server, apps: server.account.apps };
    if (old && old.server !== server) void old.server.close();
    this.#changed();
  }

  /** Back to the user's account, then closes the demo's server; false when no demo ran. */
  async endDemo(): Promise<boolean> {
    const d = this.#demo;
    if (!d) return false;
    this.#demo = undefined;
    this.#changed();
    await d.server.close();
    return true;
  }

  /** The apps the tree shows: the demo's while it runs, else laafficPns.apps. */
  apps(): readonly AppEntry[] {
    return this.#demo ? this.#demo.apps : this.settings().apps;
  }

  /** Replaces the apps: the demo's in memory while it runs, else laafficPns.apps (settings). */
  async setApps(apps: readonly AppEntry[]): Promise<void> {
    if (!this.#demo) return writeApps([...apps]);
    this.#demo = { ...this.#demo, apps: apps.map((a) => ({ ...a })) };
    this.#changed();
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
    const demo = this.#demo?.server.account;
    // The demo's own loopback server and random credentials: nothing of the user's is involved.
    if (demo) return this.#newClient(demo.baseUrl, demo.apiKey, demo.apiSecret);
    const creds = await this.credentials.get();
    if (!creds) throw new NoCredentialsError();
    const s = this.settings();
    // Before any request: the credentials go only to a host the user approved (a bad URL is
    // reported by the client's own check below).
    let origin: string | undefined;
    try {
      origin = parseBaseUrl(s.baseUrl).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== undefined) await this.approvals.ensure(origin, creds, this.log);
    return this.#newClient(s.baseUrl, creds.apiKey, creds.apiSecret);
  }

  #newClient(baseUrl: string, apiKey: string, apiSecret: string): PnsClient {
    const s = this.settings();
    return new PnsClient({
      baseUrl,
      apiKey,
      apiSecret,
      timeoutMs: s.timeoutSeconds * 1000,
      expireTimeZone: s.expireTimeZone,
      userAgent: `laaffic-pns-explorer (VS Code ${vscode.version})`,
      retry: { retries: s.retries },
      onRetry: (r) => this.log.warn(`Retrying /${r.path} in ${r.delayMs} ms (retry ${r.attempt} of ${s.retries}) after ${r.error}`),
      onClockSkew: (ms) =>
        this.log.warn(`Laaffic's clock is ${Math.abs(Math.round(ms / 1000))} s ${ms >= 0 ? 'ahead of' : 'behind'} this computer's; Timestamps are corrected for the rest of the session.`),
      onRequest: (i) => {
        const outcome = i.error ? `${i.status ? `status ${i.status} ` : ''}${i.error}` : `status ${i.status}`;
        const line = `${i.method} /${i.path} → HTTP ${i.httpStatus || '-'}, ${outcome} (${i.ms} ms)`;
        if (i.error) this.log.warn(line);
        else this.log.info(line);
      },
    });
  }

  /** Drops the client and the cached pages; the next call builds a new client from fresh settings and credentials. */
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
    // The window closes (or the extension is deactivated): the demo's server goes with it.
    void this.#demo?.server.close();
    this.#demo = undefined;
    this.#drop();
    this.#emitter.dispose();
  }
}
