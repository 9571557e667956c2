/**
 * Credentials go only to approved hosts: the vendor's API hosts, loopback (the sandbox), the
 * origin they were entered for, and any origin the user allowed in a modal that names it. Answers
 * are remembered per account and origin in the account list (per user, not per workspace).
 */
import * as vscode from 'vscode';
import { BRANDS, DOCUMENTED_ORIGINS, originVerdict, PnsError } from '../api';
import type { HostAnswer } from '../accounts/model';
import type { UserInput } from '../ui/userInput';
import type { Credentials } from './credentials';

export type { HostAnswer };

/** Credentials were not sent: the user declined (now or before) to send them to this origin. */
export class HostNotApprovedError extends PnsError {
  override name = 'HostNotApprovedError';
  constructor(
    readonly origin: string,
    readonly accountId?: string,
    /** Where its base URL is set ("laafficPns.baseUrl (user settings)" by default). */
    where = 'laafficPns.baseUrl (user settings)',
  ) {
    super(
      vscode.l10n.t('Your Laaffic credentials were not sent to {0}: you did not approve that host.', new URL(origin).host),
      vscode.l10n.t('Set {0} to the API address of your brand ({1}), or run "Laaffic PNS: Forget Approved Hosts" to be asked again.', where, BRANDS.map((b) => b.baseUrl).join(', ')),
    );
  }
}

/** Where one account's answers are kept (its entry in the account list). */
export interface ApprovalStore {
  all(): Record<string, HostAnswer>;
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
  readonly onDidForget = this.#forgotten.event;

  constructor(
    private readonly store: ApprovalStore,
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

  list(): Array<[string, HostAnswer]> {
    return Object.entries(this.#all());
  }

  async set(origin: string, answer: HostAnswer): Promise<void> {
    await this.store.set(origin, answer);
  }

  async forget(origin?: string): Promise<void> {
    await this.store.set(origin, undefined);
    this.#forgotten.fire();
  }

  /** Resolves when credentials may go to `origin`, asking once for an undecided one; else rejects with HostNotApprovedError. */
  async ensure(origin: string, credentials: Credentials, log: vscode.LogOutputChannel): Promise<void> {
    const verdict = originVerdict(origin, credentials.origin, this.get(origin));
    if (verdict === 'allowed') return;
    if (verdict === 'denied') throw this.#notApproved(origin);
    const host = new URL(origin).host;
    const documented = DOCUMENTED_ORIGINS.map((o) => new URL(o).host).join(', ');
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
