/**
 * Find Calls by Number's read: a phone's calls through every account of its target at once
 * (callRecordsFor with the 'phone' scope, each account's windows through the page stream), the
 * matches posted as they arrive (onMatch), totals by outcome (callOutcome, the one rule), and
 * for each call its live binding: the phone's bindings are looked for at the same time
 * (searchBindings, exact, over all apps of the account), and a call links to the one whose
 * pair is its caller and called (pairKey) and that has not expired. An account that fails is
 * said in the panel; the other accounts' calls still show.
 */
import * as vscode from 'vscode';
import { type BindingRecord, callOutcome, type CallRecord, callRecordsFor, pairKey, PnsAbortError, PnsError, type PnsClient, safeText, searchBindings } from '../api';
import type { Settings } from '../config/settings';
import { forUser } from '../config/settingNames';
import { errorText } from '../ui/language';
import { safeMessage } from '../ui/safety';
import { pageOf } from '../shared/binding';
import { type CallLink, type CallView, type CallsWindowChoice, callsReadOptions, emptyTotals, MAX_CALL_ROWS, toCallView, totalsList } from '../shared/calls';
import type { AccountFailure, CallsMessage } from '../shared/messages';
import type { CallsTarget, TargetAccount } from './callsScope';
import type { BindingSource } from './detailsView';

/** A shown call of one account: what its row's buttons reach. */
export interface PhoneRow {
  ref: string;
  record: CallRecord;
  /** Index into the target's accounts. */
  account: number;
  /** Its live binding, when one was found. */
  binding?: BindingSource;
}

export interface PhoneReadOptions {
  target: CallsTarget & { phone: NonNullable<CallsTarget['phone']> };
  from: number;
  to: number;
  notes: string[];
  window: CallsWindowChoice;
  signal: AbortSignal;
  settings: () => Settings;
  log: vscode.LogOutputChannel;
  clientOf: (account: TargetAccount) => Promise<PnsClient>;
  /** Progress with the matches so far (throttled). */
  progress: (m: CallsMessage) => void;
}

export interface PhoneReadResult {
  /** The final 'calls' (or 'callsError' when every account failed). */
  message: CallsMessage;
  rows: PhoneRow[];
}

interface AccountRead {
  account: TargetAccount;
  kept: CallRecord[];
  matched: number;
  scanned: number;
  pages: number;
  windows: number;
  pagesDone: number;
  pagesTotal: number;
  pastRetention: boolean;
  /** pairKey -> the live binding of that pair; undefined while looking, null when the look failed. */
  live: Map<string, BindingSource> | undefined | null;
  failed?: string;
}

const when = (r: CallRecord) => r.start ?? r.end ?? -Infinity;

/** The reason an account's read failed, in words for the panel (made safe). */
function failureText(e: unknown): string {
  const said = errorText(e);
  const hint = e instanceof PnsError && said.hint ? ` ${said.hint}` : '';
  return safeMessage(forUser(`${said.message}${hint}`), 600);
}

/** A binding the search of `app` (undefined: all apps) found on `page` of 100, as the details panel opens it. */
function bindingSourceOf(account: TargetAccount, app: { appId: string; label?: string } | undefined, record: BindingRecord, page: number, pageSize: number): BindingSource {
  const label = app ? safeText(app.label ?? '', { max: 60 }) || app.appId : vscode.l10n.t('All apps');
  return { record, app: { appId: app?.appId, label }, page: pageOf((page - 1) * 100, pageSize), account: account.id };
}

export async function readPhoneCalls(o: PhoneReadOptions): Promise<PhoneReadResult> {
  const { target, from, to, signal } = o;
  const digits = target.phone.digits;
  const s = o.settings();
  const several = target.phone.accounts.length > 1;
  const reads: AccountRead[] = target.phone.accounts.map((account) => ({ account, kept: [], matched: 0, scanned: 0, pages: 0, windows: 0, pagesDone: 0, pagesTotal: 0, pastRetention: false, live: undefined }));
  const totals = emptyTotals();
  const scope = target.view.key;

  const linkOf = (a: AccountRead, r: CallRecord): { link: CallLink; binding?: BindingSource } => {
    if (a.live === undefined) return { link: 'checking' };
    if (a.live === null) return { link: 'unknown' };
    const b = a.live.get(pairKey(r.caller, r.called));
    return b ? { link: { bindId: b.record.bindId }, binding: b } : { link: 'none' };
  };
  const rows = (): PhoneRow[] => {
    const all: PhoneRow[] = [];
    reads.forEach((a, i) => {
      for (const record of a.kept) all.push({ ref: several ? `${i}:${record.callId}` : record.callId, record, account: i, binding: linkOf(a, record).binding });
    });
    all.sort((x, y) => when(y.record) - when(x.record) || (x.ref < y.ref ? 1 : x.ref > y.ref ? -1 : 0));
    return all.slice(0, MAX_CALL_ROWS);
  };
  const views = (list: PhoneRow[]): CallView[] =>
    list.map((row) => {
      const a = reads[row.account];
      return toCallView(row.record, callOutcome(row.record), { ref: row.ref, account: several ? safeText(a.account.name, { max: 40 }) || a.account.id : '', link: linkOf(a, row.record).link });
    });
  const failures = (): AccountFailure[] => reads.filter((a) => a.failed !== undefined).map((a) => ({ account: safeText(a.account.name, { max: 40 }) || a.account.id, text: a.failed! }));

  let last = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const sendProgress = () => {
    pending = undefined;
    if (signal.aborted) return;
    last = Date.now();
    const shown = rows();
    o.progress({
      type: 'callsProgress',
      scope,
      window: o.window,
      from,
      to,
      pagesDone: reads.reduce((n, a) => n + a.pagesDone, 0),
      pagesTotal: reads.reduce((n, a) => n + a.pagesTotal, 0),
      calls: views(shown),
      found: reads.reduce((n, a) => n + a.matched, 0),
      totals: totalsList(totals),
      failed: failures(),
    });
  };
  // At most ~10 posts a second: each states every match so far.
  const changed = () => {
    if (pending) return;
    pending = setTimeout(sendProgress, Math.max(0, 100 - (Date.now() - last)));
  };

  const readAccount = async (a: AccountRead): Promise<void> => {
    let client: PnsClient;
    try {
      client = await o.clientOf(a.account);
    } catch (e) {
      a.failed = failureText(e);
      a.live = null;
      changed();
      return;
    }
    // The phone's bindings (for the links) and its calls, at the same time: each configured app
    // of the account is searched (so a link names its app), or all apps when none is configured.
    const apps: Array<{ appId: string; label?: string } | undefined> = a.account.apps?.length ? [...a.account.apps] : [undefined];
    const now = Date.now();
    const look = Promise.all(
      apps.map((app) =>
        searchBindings(client, { appId: app?.appId, query: { digits, mode: 'exact' }, concurrency: s.searchConcurrency, maxAttemptsPerPage: s.retries + 1, signal }).then((found) => ({ app, found })),
      ),
    )
      .then((results) => {
        const live = new Map<string, BindingSource>();
        let matches = 0;
        for (const { app, found } of results) {
          for (const m of found.matches) {
            const r = m.record;
            matches++;
            if (!m.fields.includes('phoneA') && !m.fields.includes('phoneB')) continue;
            if (r.expiresAt !== null && r.expiresAt <= now) continue;
            const key = pairKey(r.phoneA, r.phoneB);
            if (key !== '' && !live.has(key)) live.set(key, bindingSourceOf(a.account, app, r, m.page, s.pageSize));
          }
        }
        a.live = live;
        o.log.info(`Find Calls by Number: ${live.size} live bindings of the phone in account ${a.account.id} (${matches} matches in ${apps.length} searches).`);
      })
      .catch((e: unknown) => {
        a.live = null;
        if (!(e instanceof PnsAbortError) && !signal.aborted) o.log.warn(`Find Calls by Number: the bindings of account ${a.account.id} could not be read: ${(e as Error).message}`);
      })
      .finally(changed);
    try {
      const result = await callRecordsFor(client, {
        scope: target.scope,
        from,
        to,
        ...callsReadOptions(s),
        signal,
        onMatch: (records) => {
          for (const r of records) {
            a.kept.push(r);
            a.matched++;
            totals[callOutcome(r)]++;
          }
          if (a.kept.length > 2 * MAX_CALL_ROWS) {
            a.kept.sort((x, y) => when(y) - when(x));
            a.kept.length = MAX_CALL_ROWS;
          }
          changed();
        },
        onProgress: (p) => {
          a.pagesDone = p.pagesDone;
          a.pagesTotal = p.pagesTotal;
          changed();
        },
      });
      a.kept = result.records;
      a.matched = result.matched;
      a.scanned = result.scanned;
      a.pages = result.pages;
      a.windows = result.windows;
      a.pastRetention = result.reachesPastRetention;
    } catch (e) {
      if (e instanceof PnsAbortError || signal.aborted) throw new PnsAbortError('Reading the call records was cancelled.');
      a.failed = failureText(e);
      o.log.warn(`Find Calls by Number: the calls of account ${a.account.id} could not be read: ${(e as Error).message}`);
      changed();
    }
    await look;
  };

  try {
    const settled = await Promise.allSettled(reads.map(readAccount));
    const aborted = settled.find((x) => x.status === 'rejected');
    if (aborted || signal.aborted) throw aborted?.status === 'rejected' ? aborted.reason : new PnsAbortError('Reading the call records was cancelled.');
  } finally {
    if (pending) clearTimeout(pending);
  }
  // The totals were counted as the matches came (onMatch: each call once, every match, not only those kept).
  const failed = failures();
  if (failed.length === reads.length) {
    return { message: { type: 'callsError', scope, window: o.window, text: failed.map((f) => (several ? `${f.account}: ${f.text}` : f.text)).join(' · ') }, rows: [] };
  }
  const shown = rows();
  return {
    rows: shown,
    message: {
      type: 'calls',
      scope,
      window: o.window,
      from,
      to,
      notes: o.notes,
      calls: views(shown),
      total: reads.reduce((n, a) => n + a.matched, 0),
      scanned: reads.reduce((n, a) => n + a.scanned, 0),
      pages: reads.reduce((n, a) => n + a.pages, 0),
      windows: Math.max(0, ...reads.map((a) => a.windows)),
      reachesPastRetention: reads.some((a) => a.pastRetention),
      totals: totalsList(totals),
      failed,
    },
  };
}
