import * as vscode from 'vscode';
import { safeMessage, safeValue } from '../safety';
import { formatPhone, maskKnownPhones } from '../display/phone';
import { middleText } from '../tree/bindingText';
import { PnsAbortError, PnsError, relativeExpiry } from '../api';
import { parseSearchQuery, searchBindings, SearchMatch, SearchQuery, SearchResult, MatchField } from '../api/search';
import { AppNode, asNode, BindingNode } from '../tree/nodes';
import { fieldPhrase, pageOf } from '../shared/binding';
import { pickTreeApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd, VIEW_ID } from '../ids';

interface ResultItem extends vscode.QuickPickItem {
  match?: SearchMatch;
}

/** Why typed digits are not a usable query (the input boxes' validateInput), or undefined. */
export function queryInputProblem(input: string, mode: SearchQuery['mode']): string | undefined {
  try {
    parseSearchQuery(input, mode);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Find Binding by Number: every page of one app (or all apps), fetched concurrently, results streamed. */
export function registerFindCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.findBinding, async (node?: unknown) => {
    const mode = c.settings().searchMatch;
    const input = await c.ui.inputBox({
        title: 'Laaffic PNS: Find Binding by Number',
        prompt: mode === 'exact' ? 'A whole phone number, middle number or bind id (+, spaces and dashes are ignored).' : 'Digits of a phone number, middle number or bind id (at least 3; +, spaces and dashes are ignored).',
        placeHolder: '+91 502 702 1995',
        ignoreFocusOut: true,
        validateInput: (v) => queryInputProblem(v, mode),
      });
    if (input === undefined) return;
    const query = parseSearchQuery(input, mode);
    const scope = asNode(node, 'app') ?? (await pickTreeApp(c, 'Find Binding by Number: where?', 'Search one app or all of them'));
    if (!scope) return;
    return runSearch(c, scope, query);
  });
}

/** Runs one search into a quick pick; resolves with the result once the user picked or left. */
async function runSearch(c: CommandContext, app: AppNode, query: SearchQuery): Promise<SearchResult | undefined> {
  // The query as the titles and the log repeat it: a whole phone A or B typed while numbers are
  // masked is masked there too (the search itself uses the digits).
  const digits = c.settings().maskNumbers ? maskKnownPhones(query.digits) : query.digits;
  const source = await c.connection.cachedSource();
  const qp = c.ui.createQuickPick<ResultItem>();
  qp.title = `Find ${digits} in ${app.label}`;
  qp.placeholder = 'Searching… results appear as they are found (Esc cancels)';
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
      description: safeValue(`via ${middleText(r)} · ${relativeExpiry(r.expiresAt, Date.now(), 2)}`, 160),
      detail: `bind id ${r.bindId} · matched ${m.fields.map((f: MatchField) => fieldPhrase(f)).join(', ')}`,
      match: m,
    };
  };
  const picked = new Promise<SearchMatch | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.match));
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
        qp.title = `Find ${digits} in ${app.label}: ${p.matches} found · ${p.pagesScanned}/${p.pagesTotal} pages${p.totalChanged ? ' · data changed, rescanning' : ''}`;
      },
    }),
  );
  try {
    result = await search;
    finished = true;
    c.view.setSearched(); // completes the walkthrough's "find a binding" step
    // The final list is authoritative (a rescan may drop a binding that vanished meanwhile).
    qp.items = result.matches.length ? result.matches.map(toItem) : [{ label: `No binding matches ${digits}`, description: `${result.total.toLocaleString('en-US')} bindings searched` }];
    qp.busy = false;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    qp.title = `Find ${digits} in ${app.label}: ${result.matches.length} found in ${result.total.toLocaleString('en-US')} bindings (${result.pagesScanned} pages, ${secs} s)`;
    qp.placeholder = result.totalChanged
      ? `The data changed during the search (total ${result.firstTotal} → ${result.lastTotal}); it was searched again to be complete. Pick a result to open it.`
      : 'Pick a result to open its details';
    c.log.info(`Find ${digits} in ${app.label}: ${result.matches.length} matches, ${result.pagesScanned} pages, ${result.retries} retries, concurrency down to ${result.minConcurrency}, ${secs} s${result.totalChanged ? ', data changed (rescanned)' : ''}.`);
    const choice = await picked;
    qp.dispose();
    if (choice) await openMatch(c, app, choice);
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
    qp.placeholder = 'The search failed — Esc to close';
    qp.items = [{ label: `$(error) ${safeMessage(err.message, 300)}`, detail: e instanceof PnsError ? safeMessage(e.hint, 600) : 'Show the log (Laaffic PNS: Show Log) for details.' }];
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
  c.details.show({ record: m.record, app: { appId: app.appId, label: app.label }, page: pageOf((m.page - 1) * 100, pageSize) });
  const loaded = c.tree.loaded();
  const hit =
    loaded.find((l) => l.app.key === app.key)?.nodes.find((n) => n.record.bindId === m.record.bindId) ??
    loaded.flatMap((l) => l.nodes).find((n: BindingNode) => n.record.bindId === m.record.bindId);
  if (hit) await c.treeView.reveal(hit as never, { select: true, focus: false, expand: false });
}
