/**
 * The extension side of a Calls section: reads a target's calls of a window (callRecordsFor),
 * posts progress, the calls (plain data, never a URL) or the error, and cancels. The recording
 * URLs stay here: "Open recording…" asks first (a modal naming the host), then opens the URL
 * outside VS Code; the page never gets anything it could load.
 */
import * as vscode from 'vscode';
import { callOutcome, callRecordsFor, PnsAbortError, PnsError, type PnsClient, RETENTION_MS } from '../api';
import { Settings } from '../config/settings';
import { safeMessage } from '../ui/safety';
import { forUser } from '../config/settingNames';
import { UserInput } from '../ui/userInput';
import { CallsRequest, callsReadOptions, emptyTotals, MAX_CALL_ROWS, toCallView, totalsList, windowRange } from '../shared/calls';
import type { CallsTarget } from './callsScope';
import { checkCustomWindow } from '../shared/callsWindow';
import type { CallsMessage } from '../shared/messages';
import type { PhoneReadOptions, PhoneReadResult, PhoneRow } from './callsByPhone';

/** Find Calls by Number's read (src/webview/callsByPhone.ts, in dist/complaints.js): set when its commands are registered. */
let readPhoneCalls: ((o: PhoneReadOptions) => Promise<PhoneReadResult>) | undefined;

export function usePhoneReader(read: (o: PhoneReadOptions) => Promise<PhoneReadResult>): void {
  readPhoneCalls = read;
}

export class CallsLoader implements vscode.Disposable {
  #ac: AbortController | undefined;
  /** The key of the scope the calls below belong to. */
  #key: string | undefined;
  /** callId -> its https recording URL, of the calls last shown. */
  readonly #urls = new Map<string, string>();
  /** The last thing said about the calls, sent again to a page that (re)loads. */
  #last: CallsMessage | undefined;
  /** Find Calls by Number: the calls shown, by ref (their bindings, for the links and tickets). */
  readonly #rows = new Map<string, PhoneRow>();

  constructor(
    private readonly clientFor: (target: CallsTarget) => Promise<PnsClient>,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly ui: UserInput,
    private readonly post: (m: CallsMessage) => void,
  ) {}

  /** What to send again to a page that (re)loaded while it shows the scope `key`. */
  replay(key: string | undefined): CallsMessage | undefined {
    return key !== undefined && key === this.#key ? this.#last : undefined;
  }

  /** Forgets the calls (another binding is shown). */
  reset(): void {
    this.#ac?.abort();
    this.#ac = undefined;
    this.#key = undefined;
    this.#urls.clear();
    this.#rows.clear();
    this.#last = undefined;
  }

  /** A shown call of Find Calls by Number, by its ref. */
  row(ref: string): PhoneRow | undefined {
    return this.#rows.get(ref);
  }

  /** The calls of Find Calls by Number shown now, newest first. */
  rows(): PhoneRow[] {
    return [...this.#rows.values()];
  }

  cancel(): void {
    this.#ac?.abort();
  }

  #say(m: CallsMessage): void {
    this.#last = m;
    this.post(m);
  }

  /**
   * Reads the calls of `target` in a preset window ending now, or in a custom window once it
   * passed checkCustomWindow (else the section says what is wrong with it, and nothing is
   * read); a load already running is cancelled.
   */
  async load(target: CallsTarget, request: CallsRequest): Promise<void> {
    this.#ac?.abort();
    const scope = target.view.key;
    if (this.#key !== scope) this.reset();
    const ac = new AbortController();
    this.#ac = ac;
    this.#key = scope;
    const noun = target.view.noun;
    const window = request.window;
    const now = Date.now();
    let from: number, to: number;
    let notes: string[] = [];
    if (request.window === 'custom') {
      const w = checkCustomWindow(request.from, request.to, now);
      if (!w.ok) {
        this.log.info(`Calls of ${noun}: the custom window was not read: ${w.problem}`);
        this.#say({ type: 'callsError', scope, window, text: w.problem });
        if (this.#ac === ac) this.#ac = undefined;
        return;
      }
      ({ from, to, notes } = w);
    } else {
      ({ from, to } = windowRange(request.window, now));
    }
    if (target.phone && from < now - RETENTION_MS) {
      // Find Calls by Number reads no further back than the vendor keeps records, and says so.
      from = Math.ceil((now - RETENTION_MS) / 1000) * 1000;
      notes = [...notes, vscode.l10n.t('The window was shortened to the last {0} days: Laaffic keeps call records for no longer.', Math.round(RETENTION_MS / 86_400_000))];
    }
    const what = window === 'custom' ? `${new Date(from).toISOString()} to ${new Date(to).toISOString()}` : window;
    let lastProgress = 0;
    this.#say({ type: 'callsProgress', scope, window, from, to, pagesDone: 0, pagesTotal: 0 });
    try {
      if (target.phone && readPhoneCalls) {
        const phone = { ...target, phone: target.phone };
        const read = await readPhoneCalls({
          target: phone,
          from,
          to,
          notes,
          window,
          signal: ac.signal,
          settings: this.settings,
          log: this.log,
          clientOf: (account) => this.clientFor({ ...target, account: account.id }),
          progress: (m) => {
            if (this.#ac === ac && !ac.signal.aborted) this.#say(m);
          },
        });
        if (this.#ac !== ac || ac.signal.aborted) throw new PnsAbortError('Reading the call records was cancelled.');
        this.#urls.clear();
        this.#rows.clear();
        for (const row of read.rows) {
          this.#rows.set(row.ref, row);
          if (row.record.recordingUrl?.startsWith('https://')) this.#urls.set(row.ref, row.record.recordingUrl);
        }
        const m = read.message;
        this.log.info(m.type === 'calls' ? `Calls of a phone (${what}, ${target.phone.accounts.length} accounts): ${m.total} of ${m.scanned} records in ${m.pages} pages; ${m.calls.length} shown; ${m.failed?.length ?? 0} accounts failed.` : `Calls of a phone (${what}): every account failed.`);
        this.#say(m);
        return;
      }
      const client = await this.clientFor(target);
      const s = this.settings();
      const totals = emptyTotals();
      const result = await callRecordsFor(client, {
        scope: target.scope,
        from,
        to,
        ...callsReadOptions(s),
        signal: ac.signal,
        // Every match, once: the totals by outcome count all of them, not only those shown.
        onMatch: (records) => {
          for (const r of records) totals[callOutcome(r)]++;
        },
        onProgress: (p) => {
          if (ac.signal.aborted) return;
          const now = Date.now();
          if (now - lastProgress < 100 && p.pagesDone < p.pagesTotal) return;
          lastProgress = now;
          this.#say({ type: 'callsProgress', scope, window, from, to, pagesDone: p.pagesDone, pagesTotal: p.pagesTotal });
        },
      });
      if (this.#ac !== ac || ac.signal.aborted) throw new PnsAbortError('Reading the call records was cancelled.');
      const shown = result.records.slice(0, MAX_CALL_ROWS);
      this.#urls.clear();
      for (const r of shown) if (r.recordingUrl?.startsWith('https://')) this.#urls.set(r.callId, r.recordingUrl);
      this.log.info(`Calls of ${noun} (${what}): ${result.matched} of ${result.scanned} records in ${result.pages} pages, ${result.windows} windows; ${shown.length} shown.`);
      this.#say({
        type: 'calls',
        scope,
        window,
        from,
        to,
        notes,
        calls: shown.map((r) => toCallView(r, callOutcome(r))),
        total: result.matched,
        scanned: result.scanned,
        pages: result.pages,
        windows: result.windows,
        reachesPastRetention: result.reachesPastRetention,
        totals: totalsList(totals),
      });
    } catch (e) {
      if (this.#ac !== ac) return; // replaced by a newer load or reset
      if (e instanceof PnsAbortError || ac.signal.aborted) {
        this.log.info(`Reading the calls of ${noun} was cancelled.`);
        this.#say({ type: 'callsCancelled', scope, window });
        return;
      }
      const err = e as Error;
      const hint = e instanceof PnsError && e.hint ? ` ${e.hint}` : '';
      this.log.warn(`Reading the calls of ${noun} failed: ${err.message}${hint}`);
      this.#say({ type: 'callsError', scope, window, text: safeMessage(forUser(`Could not read the calls: ${err.message}${hint}`), 1000) });
    } finally {
      if (this.#ac === ac) this.#ac = undefined;
    }
  }

  /** "Open recording…": asks in a modal naming the host, then opens it outside VS Code. */
  async openRecording(callId: string): Promise<void> {
    const url = this.#urls.get(callId);
    if (!url) {
      this.log.info(`No recording to open for call ${callId}.`);
      return;
    }
    const host = new URL(url).host;
    const open = 'Open Recording';
    const pick = await this.ui.warning(
      `Open the recording of call ${callId} in your browser?`,
      { modal: true, detail: `It is served by ${host}, outside VS Code: your browser will load it from there.` },
      open,
    );
    if (pick !== open) {
      this.log.info(`The recording of call ${callId} was not opened (${host}).`);
      return;
    }
    const opened = await this.ui.openExternal(vscode.Uri.parse(url, true));
    this.log.info(`${opened ? 'Opened' : 'Could not open'} the recording of call ${callId} (${host}).`);
  }

  dispose(): void {
    this.reset();
  }
}
