/**
 * Credentials go only to hosts the user approved: the vendor's documented API hosts, loopback
 * (the local sandbox), the origin the account's credentials were entered for, and any other
 * origin the user allowed in a modal that names it. The answers are remembered per account and
 * origin (in the account list, per user: not something a workspace can change); an account
 * whose base URL moves to a host nobody decided on for it is asked about once.
 */
import * as vscode from 'vscode';
import { DOCUMENTED_ORIGINS, originVerdict, PnsError } from '../api';
import type { HostAnswer } from '../accounts/model';
import type { UserInput } from '../ui/userInput';
import type { Credentials } from './credentials';

export type { HostAnswer };

/** Credentials were not sent: the user declined (now or before) to send them to this origin. */
export class HostNotApprovedError extends PnsError {
  override name = 'HostNotApprovedError';
  constructor(
    readonly origin: string,
    /** The account whose credentials were not sent. */
    readonly accountId?: string,
    /** Where its base URL is set ("laafficPns.baseUrl (user settings)" by default). */
    where = 'laafficPns.baseUrl (user settings)',
  ) {
    super(
      vscode.l10n.t('Your Laaffic credentials were not sent to {0}: you did not approve that host.', new URL(origin).host),
      vscode.l10n.t('Set {0} to https://api.laaffic.com/v3, or run "Laaffic PNS: Forget Approved Hosts" to be asked again.', where),
    );
  }
}

/** Where one account's answers are kept (its entry in the account list). */
export interface ApprovalStore {
  all(): Record<string, HostAnswer>;
  /** One answer, or forget one origin (answer undefined) or all (origin undefined). */
  set(origin: string | undefined, answer: HostAnswer | undefined): Promise<void>;
}

/** How the questions name the account (they name it only when there are several). */
export interface ApprovalSubject {
  accountId: string;
  /** "account “Test”", or undefined when it is the only account. */
  describe(): string | undefined;
  /** The setting or command that sets its base URL, for the hint. */
  baseUrlWhere(): string;
}

export class HostApprovals implements vscode.Disposable {
  readonly #forgotten = new vscode.EventEmitter<void>();
  /** Fires when answers were forgotten (so the next request asks again). */
  readonly onDidForget = this.#forgotten.event;

  constructor(
    private readonly store: ApprovalStore,
    /** Asks the question (a modal). */
    private readonly ui: UserInput,
    private readonly subject: ApprovalSubject,
  ) {}

  dispose(): void {
    this.#forgotten.dispose();
  }

  #all(): Record<string, HostAnswer> {
    return this.store.all();
  }

  get(origin: string): HostAnswer | undefined {
    return this.#all()[origin];
  }

  /** Every remembered answer, origin first. */
  list(): Array<[string, HostAnswer]> {
    return Object.entries(this.#all());
  }

  async set(origin: string, answer: HostAnswer): Promise<void> {
    await this.store.set(origin, answer);
  }

  /** Forgets one origin's answer, or all of them. */
  async forget(origin?: string): Promise<void> {
    await this.store.set(origin, undefined);
    this.#forgotten.fire();
  }

  /**
   * Resolves when credentials may go to `origin`; asks once (modal) for an origin nobody has
   * decided on yet and remembers the answer; rejects with HostNotApprovedError otherwise.
   */
  async ensure(origin: string, credentials: Credentials, log: vscode.LogOutputChannel): Promise<void> {
    const verdict = originVerdict(origin, credentials.origin, this.get(origin));
    if (verdict === 'allowed') return;
    if (verdict === 'denied') throw this.#notApproved(origin);
    const host = new URL(origin).host;
    const documented = DOCUMENTED_ORIGINS.map((o) => new URL(o).host).join(' or ');
    const entered = credentials.origin ? vscode.l10n.t('they were entered for {0}', new URL(credentials.origin).host) : vscode.l10n.t('they were saved before hosts were recorded');
    const send = vscode.l10n.t('Send to {0}', host);
    const who = this.subject.describe();
    const pick = await this.ui.warning(
      who ? vscode.l10n.t('Send your Laaffic API key ({0}) and signed requests to {1}?', who, host) : vscode.l10n.t('Send your Laaffic API key and signed requests to {0}?', host),
      {
        modal: true,
        detail: who
          ? vscode.l10n.t('The base URL of {0} points at {1}. That is not a Laaffic API host ({2}), and {3}. Every request carries your API key and a signature made with your secret, which whoever runs {4} could use. Send them only to a server you run or trust. Your answer is remembered for this host and {0}.', who, origin, documented, entered, host)
          : vscode.l10n.t('laafficPns.baseUrl points at {0}. That is not a Laaffic API host ({1}), and {2}. Every request carries your API key and a signature made with your secret, which whoever runs {3} could use. Send them only to a server you run or trust. Your answer is remembered for this host.', origin, documented, entered, host),
      },
      send,
    );
    if (pick === send) {
      await this.set(origin, 'allow');
      log.info(`Approved sending credentials to ${origin}${who ? ` (${who})` : ''}.`);
      return;
    }
    await this.set(origin, 'deny');
    log.warn(`Declined sending credentials to ${origin}${who ? ` (${who})` : ''}; nothing was sent.`);
    throw this.#notApproved(origin);
  }

  #notApproved(origin: string): HostNotApprovedError {
    return new HostNotApprovedError(origin, this.subject.accountId, this.subject.baseUrlWhere());
  }
}
