/**
 * The results of a search, Find's and Go to Binding's: one search over one app or several (the
 * apps of several accounts side by side, searchPlaces), streamed into a quick pick with progress;
 * Esc cancels every read. Places that could not be searched are named at the top.
 */
import * as vscode from 'vscode';
import { safeMessage, safeValue } from '../ui/safety';
import { formatPhone, maskKnownPhones } from '../display/phone';
import { middleText } from '../tree/bindingText';
import { bindingState, PnsAbortError, PnsError } from '../api';
import { shortExpiry } from '../display/text';
import { countryLocale, errorText, fieldName, stateLabel } from '../ui/language';
import type { SearchQuery, MatchField } from '../api/search';
import { searchPlaces, type PlaceMatch, type PlacesResult } from '../api/searchAll';
import { asWalk } from '../tree/walks';
import { StreamingPick } from '../ui/streamingPick';
import type { AppNode, BindingNode } from '../tree/nodes';
import { pageOf } from '../shared/binding';
import { bindingSource } from '../commands/pick';
import type { CommandContext } from '../commands/context';
import { Cmd, VIEW_ID } from '../config/ids';

type Match = PlaceMatch<AppNode>;
interface ResultItem extends vscode.QuickPickItem {
  match?: Match;
  /** "Find Calls by Number…" of the digits searched (offered when no binding matches). */
  calls?: string;
}

/** Where a search looks: one app, or several (their label in the titles). */
export interface Scope {
  label: string;
  apps: AppNode[];
}

/** How Go to Binding uses the search: its pick, and a single match taken at once. */
export interface SearchUse {
  pick(m: Match): Promise<void>;
  single?: boolean;
}

/** Runs one search into a quick pick; resolves with the result once the user picked or left. */
export async function runSearch(c: CommandContext, scope: Scope, query: SearchQuery, use?: SearchUse): Promise<PlacesResult<AppNode> | undefined> {
  // The query as the titles and the log repeat it: a whole phone A or B typed while numbers are
  // masked is masked there too (the search itself uses the digits).
  const digits = c.settings().maskNumbers ? maskKnownPhones(query.digits) : query.digits;
  const several = scope.apps.length > 1;
  const pick = new StreamingPick<ResultItem>(c.ui, vscode.l10n.t('Find {0} in {1}', digits, scope.label), vscode.l10n.t('Searching… results appear as they are found (Esc cancels)'));
  const qp = pick.qp;
  const n = (x: number) => x.toLocaleString(countryLocale());
  const items: ResultItem[] = [];
  const toItem = (m: Match): ResultItem => {
    const r = m.record;
    // Read when each item is made: a result found after a toggle of Mask Numbers is masked too.
    const masked = c.settings().maskNumbers;
    return {
      label: safeValue(`${formatPhone(r.phoneA, { masked }) || '?'} ↔ ${formatPhone(r.phoneB, { masked }) || '?'}`, 100),
      description: safeValue(`${stateLabel(bindingState(r.expiresAt, Date.now(), c.settings().expiringSoonHours))} · ${vscode.l10n.t('via {0} · {1}', middleText(r), shortExpiry(r.expiresAt, Date.now(), 2))}`, 200),
      detail: `${several ? `${safeValue(`${m.place.account.name} / ${m.place.label}`, 100)} · ` : ''}${vscode.l10n.t('bind id {0} · matched {1}', r.bindId, m.fields.map((f: MatchField) => fieldName(f)).join(vscode.l10n.t(', ')))}`,
      match: m,
    };
  };
  let callsOf: string | undefined;
  const picked = new Promise<Match | undefined>((resolve) => {
    qp.onDidAccept(() => {
      callsOf = qp.selectedItems[0]?.calls;
      resolve(qp.selectedItems[0]?.match);
    });
    qp.onDidHide(() => resolve(undefined));
  });

  const started = Date.now();
  let result: PlacesResult<AppNode> | undefined;
  const search = vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
    asWalk(() => searchPlaces(
      scope.apps.map((a) => ({ place: a, group: a.account.id, appId: a.appId, source: () => a.account.connection.cachedSource() })),
      {
      query,
      concurrency: c.settings().searchConcurrency,
      // Throttling (-15, 429, 503) is worth waiting out: more attempts, each after a longer backoff.
      maxAttemptsPerPage: 8,
      signal: pick.signal,
      onMatch: (m) => {
        items.push(toItem(m));
        pick.queue(items);
      },
      onProgress: (p) => {
        qp.title = p.totalChanged
          ? vscode.l10n.t('Find {0} in {1}: {2} found · {3}/{4} pages · data changed, rescanning', digits, scope.label, n(p.matches), n(p.pagesScanned), n(p.pagesTotal))
          : vscode.l10n.t('Find {0} in {1}: {2} found · {3}/{4} pages', digits, scope.label, n(p.matches), n(p.pagesScanned), n(p.pagesTotal));
      },
    })),
  );
  try {
    result = await search;
    // One place that failed: its error, as before there were several.
    if (!several && result.failed.length) throw result.failed[0].error;
    pick.end();
    const failed = failedText(result);
    if (failed) c.log.warn(`Find ${digits}: ${failed}`);
    c.view.setSearched(); // completes the walkthrough's "find a binding" step
    // The final list is authoritative (a rescan may drop a binding that vanished meanwhile).
    // No binding: the trail goes on with the phone's calls (expired, unbound or another app's binding).
    const offerCalls: ResultItem[] = query.digits.length >= 7 ? [{ label: vscode.l10n.t('$(call-incoming) Find Calls by Number…'), description: vscode.l10n.t('the calls of {0} in the last two months, in every account', digits), calls: query.digits }] : [];
    if (use?.single && result.matches.length === 1 && !result.capped) {
      qp.dispose();
      if (failed) void c.ui.warning(failed, {});
      await use.pick(result.matches[0]);
      return result;
    }
    const searched = several
      ? vscode.l10n.t('{0} bindings searched in {1} apps of {2} accounts', n(result.total), n(result.searched.length), n(new Set(result.searched.map((a) => a.account)).size))
      : vscode.l10n.t('{0} bindings searched', n(result.total));
    qp.items = [
      ...(failed ? [{ label: `$(warning) ${safeMessage(failed, 600)}` }] : []),
      ...(result.matches.length ? result.matches.map(toItem) : [{ label: vscode.l10n.t('No binding matches {0}', digits), description: searched }, ...offerCalls]),
    ];
    qp.busy = false;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (result.capped) {
      // The search stopped at the cap (MAX_SEARCH_MATCHES): say so, and how to see the rest.
      qp.title = vscode.l10n.t('Find {0} in {1}: the first {2} matches ({3} pages, {4} s)', digits, scope.label, n(result.matches.length), n(result.pagesScanned), secs);
      qp.placeholder = vscode.l10n.t('Only the first {0} matches are shown: narrow the search (more digits, the exact number, or one app).', n(result.matches.length));
    } else {
      qp.title = vscode.l10n.t('Find {0} in {1}: {2} found in {3} bindings ({4} pages, {5} s)', digits, scope.label, n(result.matches.length), n(result.total), n(result.pagesScanned), secs);
      qp.placeholder = result.totalChanged
        ? vscode.l10n.t('The data changed during the search (total {0} → {1}); it was searched again to be complete. Pick a result to open it.', result.firstTotal, result.lastTotal)
        : vscode.l10n.t('Pick a result to open its details');
    }
    c.log.info(`Find ${digits} in ${scope.label}: ${result.matches.length} matches${result.capped ? ' (the cap: stopped there)' : ''}, ${result.pagesScanned} pages, ${result.retries} retries, concurrency down to ${result.minConcurrency}, ${secs} s${result.totalChanged ? ', data changed (rescanned)' : ''}.`);
    const choice = await picked;
    qp.dispose();
    if (choice) await (use ? use.pick(choice) : openMatch(c, choice.place, choice));
    else if (callsOf) await vscode.commands.executeCommand(Cmd.findCallsByNumber, { phone: callsOf });
    return result;
  } catch (e) {
    pick.end();
    if (e instanceof PnsAbortError || pick.signal.aborted) {
      c.log.info(`Find ${digits} in ${scope.label}: cancelled.`);
      qp.dispose();
      return undefined;
    }
    // The failure stays in the quick pick, where the user is looking, and goes to the log.
    const err = e as Error;
    c.log.error(`Find ${digits} in ${scope.label}: ${err.message}${e instanceof PnsError ? ` — ${e.hint}` : ''}`);
    qp.busy = false;
    qp.placeholder = vscode.l10n.t('The search failed — Esc to close');
    // A vendor status in the display language (errorText); transport errors keep their English detail.
    const said = errorText(e);
    qp.items = [{ label: `$(error) ${safeMessage(said.message, 300)}`, detail: e instanceof PnsError ? safeMessage(said.hint, 600) : vscode.l10n.t('Show the log (Laaffic PNS: Show Log) for details.') }];
    qp.onDidHide(() => qp.dispose());
    return undefined;
  } finally {
    pick.end();
  }
}

/** "2 accounts could not be searched: …" (each account with its app and the reason), or '' when every place was searched. */
function failedText(r: PlacesResult<AppNode>): string {
  if (!r.failed.length) return '';
  const accounts = new Set(r.failed.map((f) => f.group)).size;
  const list = r.failed.map((f) => `${f.place.account.name}${f.whole ? '' : ` / ${f.place.label}`} (${errorText(f.error).message})`).join(vscode.l10n.t(', '));
  return accounts === 1 ? vscode.l10n.t('1 account could not be searched: {0}', list) : vscode.l10n.t('{0} accounts could not be searched: {1}', accounts, list);
}

/** Opens a result's details and, when that binding is loaded in the tree, reveals it there. */
async function openMatch(c: CommandContext, app: AppNode, m: PlaceMatch<AppNode>): Promise<void> {
  const pageSize = c.settings().pageSize;
  c.details.show(bindingSource(app, m.record, pageOf((m.page - 1) * 100, pageSize)));
  // Only the account searched in: another account's binding with the same id is another binding.
  const loaded = c.tree.loaded().filter((l) => l.app.account === app.account);
  const hit =
    loaded.find((l) => l.app.key === app.key)?.nodes.find((n) => n.record.bindId === m.record.bindId) ??
    loaded.flatMap((l) => l.nodes).find((n: BindingNode) => n.record.bindId === m.record.bindId);
  if (hit) await c.treeView.reveal(hit as never, { select: true, focus: false, expand: false });
}
