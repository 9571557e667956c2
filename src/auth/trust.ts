/**
 * Credentials go only to hosts the user approved: the vendor's documented API hosts, loopback
 * (the local sandbox), the origin the credentials were entered for, and any other origin the user
 * allowed in a modal that names it. The answers are remembered per origin (global state: they
 * belong to this user, not to a workspace).
 */
import * as vscode from 'vscode';
import { DOCUMENTED_ORIGINS, originVerdict, PnsError } from '../api';
import type { UserInput } from '../ui';
import type { Credentials } from './credentials';

const STATE_KEY = 'laafficPns.hostApprovals';

export type HostAnswer = 'allow' | 'deny';

/** Credentials were not sent: the user declined (now or before) to send them to this origin. */
export class HostNotApprovedError extends PnsError {
  override name = 'HostNotApprovedError';
  constructor(readonly origin: string) {
    super(
      `Your Laaffic credentials were not sent to ${new URL(origin).host}: you did not approve that host.`,
      `Set laafficPns.baseUrl (user settings) to https://api.laaffic.com/v3, or run "Laaffic PNS: Forget Approved Hosts" to be asked again.`,
    );
  }
}

export class HostApprovals implements vscode.Disposable {
  readonly #forgotten = new vscode.EventEmitter<void>();
  /** Fires when answers were forgotten (so the next request asks again). */
  readonly onDidForget = this.#forgotten.event;

  constructor(
    private readonly memento: vscode.Memento,
    /** Asks the question (a modal). */
    private readonly ui: UserInput,
  ) {}

  dispose(): void {
    this.#forgotten.dispose();
  }

  #all(): Record<string, HostAnswer> {
    const v = this.memento.get<unknown>(STATE_KEY);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, HostAnswer> = {};
    for (const [k, a] of Object.entries(v as Record<string, unknown>)) if (a === 'allow' || a === 'deny') out[k] = a;
    return out;
  }

  get(origin: string): HostAnswer | undefined {
    return this.#all()[origin];
  }

  /** Every remembered answer, origin first. */
  list(): Array<[string, HostAnswer]> {
    return Object.entries(this.#all());
  }

  async set(origin: string, answer: HostAnswer): Promise<void> {
    await this.memento.update(STATE_KEY, { ...this.#all(), [origin]: answer });
  }

  /** Forgets one origin's answer, or all of them. */
  async forget(origin?: string): Promise<void> {
    if (origin === undefined) await this.memento.update(STATE_KEY, undefined);
    else {
      const all = this.#all();
      delete all[origin];
      await this.memento.update(STATE_KEY, all);
    }
    this.#forgotten.fire();
  }

  /**
   * Resolves when credentials may go to `origin`; asks once (modal) for an origin nobody has
   * decided on yet and remembers the answer; rejects with HostNotApprovedError otherwise.
   */
  async ensure(origin: string, credentials: Credentials, log: vscode.LogOutputChannel): Promise<void> {
    const verdict = originVerdict(origin, credentials.origin, this.get(origin));
    if (verdict === 'allowed') return;
    if (verdict === 'denied') throw new HostNotApprovedError(origin);
    const host = new URL(origin).host;
    const documented = DOCUMENTED_ORIGINS.map((o) => new URL(o).host).join(' or ');
    const entered = credentials.origin ? `they were entered for ${new URL(credentials.origin).host}` : 'they were saved before hosts were recorded';
    const send = `Send to ${host}`;
    const pick = await this.ui.warning(
      `Send your Laaffic API key and signed requests to ${host}?`,
      {
        modal: true,
        detail: `laafficPns.baseUrl points at ${origin}. That is not a Laaffic API host (${documented}), and ${entered}. Every request carries your API key and a signature made with your secret, which whoever runs ${host} could use. Send them only to a server you run or trust. Your answer is remembered for this host.`,
      },
      send,
    );
    if (pick === send) {
      await this.set(origin, 'allow');
      log.info(`Approved sending credentials to ${origin}.`);
      return;
    }
    await this.set(origin, 'deny');
    log.warn(`Declined sending credentials to ${origin}; nothing was sent.`);
    throw new HostNotApprovedError(origin);
  }
}
