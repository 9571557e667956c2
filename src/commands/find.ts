import * as vscode from 'vscode';
import { safeMessage, safeValue } from '../ui/safety';
import { formatPhone, maskKnownPhones } from '../display/phone';
import { middleText } from '../tree/bindingText';
import { digitsOnly, PnsAbortError, PnsError, PnsValidationError } from '../api';
import { shortExpiry } from '../display/text';
import { countryLocale, errorText, fieldName } from '../ui/language';
import { MIN_PARTIAL_DIGITS, parseSearchQuery, searchBindings, SearchMatch, SearchQuery, SearchResult, MatchField } from '../api/search';
import { AppNode, asNode, BindingNode } from '../tree/nodes';
import { pageOf } from '../shared/binding';
import { bindingSource, pickTreeApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd, VIEW_ID } from '../config/ids';
import { asWalk } from '../tree/walks';

interface ResultItem extends vscode.QuickPickItem {
  match?: SearchMatch;
  /** "Find Calls by Number…" of the digits searched (offered when no binding matches). */
  calls?: string;
}

/** Why typed digits are not a usable query (the input boxes' validateInput), or undefined. */
export function queryInputProblem(input: string, mode: SearchQuery['mode']): string | undefined {
  try {
    parseSearchQuery(input, mode);
    return undefined;
  } catch (e) {
    // The core's validation texts are English (it has no translator): its two problems of a
    // query (field "query") are said here in the display language, from the digits typed.
    if (e instanceof PnsValidationError && e.field === 'query') {
      const digits = digitsOnly(input);
      return digits === ''
        ? vscode.l10n.t('The search text contains no digits: phone numbers, middle numbers and bind ids are searched by their digits.')
        : vscode.l10n.t('A partial search needs at least {0} digits (got {1}): fewer would match almost every binding.', MIN_PARTIAL_DIGITS, digits.length);
    }
    return (e as Error).message;
  }
}

/** Find Binding by Number: every page of one app (or all apps), fetched concurrently, results streamed. */
export function registerFindCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.findBinding, async (node?: unknown) => {
    const mode = c.settings().searchMatch;
    const input = await c.ui.inputBox({
        title: vscode.l10n.t('Laaffic PNS: Find Binding by Number'),
        prompt: mode === 'exact' ? vscode.l10n.t('A whole phone number, middle number or bind id (+, spaces and dashes are ignored).') : vscode.l10n.t('Digits of a phone number, middle number or bind id (at least 3; +, spaces and dashes are ignored).'),
        placeHolder: '+91 502 702 1995',
        ignoreFocusOut: true,
        validateInput: (v) => queryInputProblem(v, mode),
      });
    if (input === undefined) return;
    const query = parseSearchQuery(input, mode);
    const scope = asNode(node, 'app') ?? (await pickTreeApp(c, vscode.l10n.t('Find Binding by Number: where?'), vscode.l10n.t('Search one app or all of them'), node));
    if (!scope) return;
    return runSearch(c, scope, query);
  });
}

/** Runs one search into a quick pick; resolves with the result once the user picked or left. */
async function runSearch(c: CommandContext, app: AppNode, query: SearchQuery): Promise<SearchResult | undefined> {
  // The query as the titles and the log repeat it: a whole phone A or B typed while numbers are
  // masked is masked there too (the search itself uses the digits).
  const digits = c.settings().maskNumbers ? maskKnownPhones(query.digits) : query.digits;
  const source = await app.account.connection.cachedSource();
  const qp = c.ui.createQuickPick<ResultItem>();
  const n = (x: number) => x.toLocaleString(countryLocale());
  qp.title = vscode.l10n.t('Find {0} in {1}', digits, app.label);
  qp.placeholder = vscode.l10n.t('Searching… results appear as they are found (Esc cancels)');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  qp.show();
  const ac = new AbortController();
  let finished = false;
  const hide = qp.onDidHide(() => {
    if (!finished) ac.abort();
  });
  const items: ResultItem[] = [];
  let flush: ReturnType<typeof setTimeout> | undefined;
  const toItem = (m: SearchMatch): ResultItem => {
    const r = m.record;
    // Read when each item is made: a result found after a toggle of Mask Numbers is masked too.
    const masked = c.settings().maskNumbers;
    return {
      label: safeValue(`${formatPhone(r.phoneA, { masked }) || '?'} ↔ ${formatPhone(r.phoneB, { masked }) || '?'}`, 100),
      description: safeValue(vscode.l10n.t('via {0} · {1}', middleText(r), shortExpiry(r.expiresAt, Date.now(), 2)), 160),
      detail: vscode.l10n.t('bind id {0} · matched {1}', r.bindId, m.fields.map((f: MatchField) => fieldName(f)).join(vscode.l10n.t(', '))),
      match: m,
    };
  };
  let callsOf: string | undefined;
  const picked = new Promise<SearchMatch | undefined>((resolve) => {
    qp.onDidAccept(() => {
      callsOf = qp.selectedItems[0]?.calls;
      resolve(qp.selectedItems[0]?.match);
    });
    qp.onDidHide(() => resolve(undefined));
  });

  const started = Date.now();
  let result: SearchResult | undefined;
  const search = vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () =>
    searchBindings(source, {
      appId: app.appId,
      query,
      concurrency: c.settings().searchConcurrency,
      // Throttling (-15, 429, 503) is worth waiting out: more attempts, each after a longer backoff.
      maxAttemptsPerPage: 8,
      signal: ac.signal,
      onMatch: (m) => {
        items.push(toItem(m));
        // Hand the list to the quick pick at most ~10 times a second: a short query can match
        // thousands of bindings, and each assignment re-renders the whole list.
        flush ??= setTimeout(() => {
          flush = undefined;
          if (!finished) qp.items = items.slice();
        }, 100);
      },
      onProgress: (p) => {
        qp.title = p.totalChanged
          ? vscode.l10n.t('Find {0} in {1}: {2} found · {3}/{4} pages · data changed, rescanning', digits, app.label, n(p.matches), n(p.pagesScanned), n(p.pagesTotal))
          : vscode.l10n.t('Find {0} in {1}: {2} found · {3}/{4} pages', digits, app.label, n(p.matches), n(p.pagesScanned), n(p.pagesTotal));
      },
    }),
  );
  void asWalk(async () => search).catch(() => undefined); // auto refresh waits while a search reads every page
  try {
    result = await search;
    finished = true;
    c.view.setSearched(); // completes the walkthrough's "find a binding" step
    // The final list is authoritative (a rescan may drop a binding that vanished meanwhile).
    // No binding: the trail goes on with the phone's calls (expired, unbound or another app's binding).
    const offerCalls: ResultItem[] = query.digits.length >= 7 ? [{ label: vscode.l10n.t('$(call-incoming) Find Calls by Number…'), description: vscode.l10n.t('the calls of {0} in the last two months, in every account', digits), calls: query.digits }] : [];
    qp.items = result.matches.length ? result.matches.map(toItem) : [{ label: vscode.l10n.t('No binding matches {0}', digits), description: vscode.l10n.t('{0} bindings searched', n(result.total)) }, ...offerCalls];
    qp.busy = false;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (result.capped) {
      // The search stopped at the cap (MAX_SEARCH_MATCHES): say so, and how to see the rest.
      qp.title = vscode.l10n.t('Find {0} in {1}: the first {2} matches ({3} pages, {4} s)', digits, app.label, n(result.matches.length), n(result.pagesScanned), secs);
      qp.placeholder = vscode.l10n.t('Only the first {0} matches are shown: narrow the search (more digits, the exact number, or one app).', n(result.matches.length));
    } else {
      qp.title = vscode.l10n.t('Find {0} in {1}: {2} found in {3} bindings ({4} pages, {5} s)', digits, app.label, n(result.matches.length), n(result.total), n(result.pagesScanned), secs);
      qp.placeholder = result.totalChanged
        ? vscode.l10n.t('The data changed during the search (total {0} → {1}); it was searched again to be complete. Pick a result to open it.', result.firstTotal, result.lastTotal)
        : vscode.l10n.t('Pick a result to open its details');
    }
    c.log.info(`Find ${digits} in ${app.label}: ${result.matches.length} matches${result.capped ? ' (the cap: stopped there)' : ''}, ${result.pagesScanned} pages, ${result.retries} retries, concurrency down to ${result.minConcurrency}, ${secs} s${result.totalChanged ? ', data changed (rescanned)' : ''}.`);
    const choice = await picked;
    qp.dispose();
    if (choice) await openMatch(c, app, choice);
    else if (callsOf) await vscode.commands.executeCommand(Cmd.findCallsByNumber, { phone: callsOf });
    return result;
  } catch (e) {
    finished = true;
    if (e instanceof PnsAbortError || ac.signal.aborted) {
      c.log.info(`Find ${digits} in ${app.label}: cancelled.`);
      qp.dispose();
      return undefined;
    }
    // The failure stays in the quick pick, where the user is looking, and goes to the log.
    const err = e as Error;
    c.log.error(`Find ${digits} in ${app.label}: ${err.message}${e instanceof PnsError ? ` — ${e.hint}` : ''}`);
    qp.busy = false;
    qp.placeholder = vscode.l10n.t('The search failed — Esc to close');
    // A vendor status in the display language (errorText); transport errors keep their English detail.
    const said = errorText(e);
    qp.items = [{ label: `$(error) ${safeMessage(said.message, 300)}`, detail: e instanceof PnsError ? safeMessage(said.hint, 600) : vscode.l10n.t('Show the log (Laaffic PNS: Show Log) for details.') }];
    qp.onDidHide(() => qp.dispose());
    return undefined;
  } finally {
    if (flush) clearTimeout(flush);
    hide.dispose();
  }
}

/** Opens a result's details and, when that binding is loaded in the tree, reveals it there. */
async function openMatch(c: CommandContext, app: AppNode, m: SearchMatch): Promise<void> {
  const pageSize = c.settings().pageSize;
  c.details.show(bindingSource(app, m.record, pageOf((m.page - 1) * 100, pageSize)));
  // Only the account searched in: another account's binding with the same id is another binding.
  const loaded = c.tree.loaded().filter((l) => l.app.account === app.account);
  const hit =
    loaded.find((l) => l.app.key === app.key)?.nodes.find((n) => n.record.bindId === m.record.bindId) ??
    loaded.flatMap((l) => l.nodes).find((n: BindingNode) => n.record.bindId === m.record.bindId);
  if (hit) await c.treeView.reveal(hit as never, { select: true, focus: false, expand: false });
}
