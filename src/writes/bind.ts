import * as vscode from 'vscode';
import { MAX_EXPIRE_S, parseSearchQuery, PnsOutcomeUnknownError, searchBindings, type BindResult } from '../api';
import { parseLifetime } from '../shared/lifetime';
import { safeMessage, showInfo } from '../ui/safety';
import { formatNumber, formatPhone } from '../display/phone';
import { asNode, type BindingNode } from '../tree/nodes';
import type { CommandContext } from '../commands/context';
import { bindingSource, pickConfiguredApp } from '../commands/pick';
import type { Account } from '../accounts/accounts';
import { phoneValidation, readPhone } from './phoneInput';
import { confirmLastFour, refusedReadOnly } from './protection';
import { failureOf, recordWrite } from './record';
import { reviewBind } from './review';

/** Seconds within the vendor's 1..259200, or undefined. */
function lifetime(text: string): number | undefined {
  return parseLifetime(text, MAX_EXPIRE_S);
}

/**
 * Bind Numbers…: app, phones A and B (read as Find reads numbers, the country shown as typed),
 * mode, middle number and lifetime, then a summary where only "Bind" sends (and, on a protected
 * account, the last four digits of phone A typed); one request, never retried; when its outcome
 * is unknown, offers to look for the binding before trying again. Every attempt sent is recorded
 * in the write history. The new binding is selected in the tree and shown in the details panel.
 */
export async function bindNumbers(c: CommandContext, node?: unknown): Promise<BindResult | { found: string[] } | undefined> {
  const target = await bindTarget(c, node);
  if (!target) return;
  const { account, appId } = target;
  if (refusedReadOnly(c, account, vscode.l10n.t('Bind'))) return;
  const title = (step: number) => vscode.l10n.t('Laaffic PNS: Bind Numbers ({0}/6)', step);
  const code = c.settings().defaultCountry;
  const prompt = (which: string) =>
    code
      ? vscode.l10n.t('{0}, with the country code (+91 98765 43210); without one, +{1} (laafficPns.defaultCountry) is assumed.', which, code)
      : vscode.l10n.t('{0}, with the country code, e.g. +91 98765 43210 (spaces, dashes and brackets are fine).', which);
  const textA = await c.ui.inputBox({ title: title(1), prompt: prompt(vscode.l10n.t('Phone A: the first real number')), ignoreFocusOut: true, validateInput: phoneValidation(code) });
  const phoneA = textA === undefined ? undefined : readPhone(textA, code).reading;
  if (!phoneA) return;
  const textB = await c.ui.inputBox({ title: title(2), prompt: prompt(vscode.l10n.t('Phone B: the second real number')), ignoreFocusOut: true, validateInput: phoneValidation(code, phoneA) });
  const phoneB = textB === undefined ? undefined : readPhone(textB, code).reading;
  if (!phoneB || phoneB.digits === phoneA.digits) return;
  const mode = await c.ui.quickPick(
    [
      { label: 'AXB' as const, description: vscode.l10n.t('one middle number for both sides'), bizType: 1 as const },
      { label: 'AXXB' as const, description: vscode.l10n.t('a different middle number for each side'), bizType: 2 as const },
    ],
    { title: title(3), placeHolder: vscode.l10n.t('Binding mode') },
  );
  if (!mode) return;
  const poolNumber = await pickMiddleNumber(c, account, appId, title(4));
  if (poolNumber === null) return;
  const lifetime = await pickLifetime(c, title(5), title(5));
  if (lifetime === undefined) return;
  const request = { appId, phoneA: phoneA.digits, phoneB: phoneB.digits, bizType: mode.bizType, poolNumber, expireS: lifetime };
  if (!(await reviewBind(c, { account, appId, phoneA: request.phoneA, phoneB: request.phoneB, mode: mode.label, poolNumber, expireS: lifetime }, title(6)))) return;
  if (!(await confirmLastFour(c, account, request.phoneA, title(6)))) return;
  const client = await account.connection.client();
  // How the two phones are written in the progress, the log and the notification (masked while masking is on).
  const masked = c.settings().maskNumbers;
  const shownA = formatPhone(request.phoneA, { masked });
  const shownB = formatPhone(request.phoneB, { masked });
  const pair = `${shownA} ↔ ${shownB}`;
  const entry = { kind: 'bind' as const, accountId: account.id, accountName: account.name, appId, phoneA: formatPhone(request.phoneA, { masked: true }), phoneB: formatPhone(request.phoneB, { masked: true }) };
  let result: BindResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: safeMessage(vscode.l10n.t('Binding {0} ↔ {1}…', shownA, shownB)) }, () =>
      client.bind(request),
    );
  } catch (e) {
    const failure = failureOf(e);
    if (failure) await recordWrite(c, { ...entry, ...failure });
    if (e instanceof PnsOutcomeUnknownError) return outcomeUnknown(c, account, appId, request.phoneA, e);
    throw e;
  }
  await recordWrite(c, { ...entry, bindId: result.bindId, outcome: 'done', status: '0' });
  const via = result.pnsNumberB && result.pnsNumberB !== result.pnsNumberA ? `${formatNumber(result.pnsNumberA)} / ${formatNumber(result.pnsNumberB)}` : formatNumber(result.pnsNumberA);
  c.log.info(`Bound ${pair} in app ${appId}: binding ${result.bindId} via ${via}.`);
  c.balance.select(account);
  void c.balance.refresh();
  await revealNew(c, account, appId, result.bindId);
  void showInfo(vscode.l10n.t('Bound {0} ↔ {1} via {2} (binding {3}).', shownA, shownB, via, result.bindId));
  return result;
}

/**
 * The account and app to bind in: the node's, else asked for; a read-only account's apps are not
 * offered (when every account is read-only, or the node's is, Bind refuses: see bindNumbers).
 */
async function bindTarget(c: CommandContext, node: unknown): Promise<{ account: Account; appId: string } | undefined> {
  const fromNode = asNode(node, 'app');
  if (fromNode?.appId !== undefined) return { account: fromNode.account, appId: fromNode.appId };
  const ask = vscode.l10n.t('Bind numbers in which app?');
  const all = c.accounts.all();
  const writable = all.filter((a) => a.protection !== 'readOnly');
  // A node names its account (refused after the pick when it is read-only).
  if (node || writable.length === all.length) return pickConfiguredApp(c, ask, node);
  if (writable.length === 0) {
    if (all[0]) refusedReadOnly(c, all[0], vscode.l10n.t('Bind'));
    return undefined;
  }
  const pick =
    writable.length === 1
      ? { account: writable[0] }
      : await c.ui.quickPick(
          writable.map((a) => ({ label: a.name, description: a.host(), account: a })),
          { title: ask, placeHolder: vscode.l10n.t('Which account? (read-only accounts are not offered)') },
        );
  // pickConfiguredApp takes the account from a node of it (the account's first app root).
  const anchor = pick && c.tree.appNodes(pick.account)[0];
  return pick ? pickConfiguredApp(c, ask, anchor) : undefined;
}

/** The app's middle numbers in use, or "Laaffic chooses"; null when cancelled. */
async function pickMiddleNumber(c: CommandContext, account: Account, appId: string, title: string): Promise<string | undefined | null> {
  const choose = { label: vscode.l10n.t('Let Laaffic choose'), description: vscode.l10n.t('a free middle number of the app'), number: undefined as string | undefined };
  let items = [choose];
  let note = '';
  try {
    const client = await account.connection.client();
    const page = await client.queryNumberPage({ current: 1, size: 100, appId });
    const inUse = page.records.filter((n) => n.state === 'in-use' && (n.appId === '' || n.appId === appId));
    items = [choose, ...inUse.map((n) => ({ label: formatNumber(n.number), description: [n.country, n.type].filter(Boolean).join(' · '), number: n.number as string | undefined }))];
    if (page.total > page.records.length) note = vscode.l10n.t(' (the first {0} of {1})', page.records.length, page.total);
  } catch (e) {
    c.log.warn(`Bind: the app's numbers could not be read: ${(e as Error).message}`);
    note = vscode.l10n.t(" (the app's numbers could not be read)");
  }
  const pick = await c.ui.quickPick(items, { title, placeHolder: vscode.l10n.t('Middle number{0}', note) });
  return pick ? pick.number : null;
}

async function pickLifetime(c: CommandContext, title: string, customTitle: string): Promise<number | undefined> {
  const presets = [
    { label: vscode.l10n.t('1 hour'), seconds: 3600 },
    { label: vscode.l10n.t('1 day'), seconds: 86_400 },
    { label: vscode.l10n.t('3 days'), description: vscode.l10n.t('the longest Laaffic allows'), seconds: MAX_EXPIRE_S },
    { label: vscode.l10n.t('Custom…'), seconds: 0 },
  ];
  const pick = await c.ui.quickPick(presets, { title, placeHolder: vscode.l10n.t('How long the binding lasts') });
  if (!pick) return undefined;
  if (pick.seconds > 0) return pick.seconds;
  const text = await c.ui.inputBox({
    title: customTitle,
    prompt: vscode.l10n.t('Lifetime: seconds, or with a unit (90m, 12h, 2d); 1 second to 3 days.'),
    ignoreFocusOut: true,
    validateInput: (v) => (lifetime(v) === undefined ? vscode.l10n.t('Between 1 s and 3 days (259200 s), e.g. 600, 90m, 12h or 2d.') : undefined),
  });
  return text === undefined ? undefined : lifetime(text);
}

/** The tree shows the app's first page again, with the new binding selected, and its details. */
async function revealNew(c: CommandContext, account: Account, appId: string, bindId: string): Promise<void> {
  const app = c.tree.appNodes(account).find((a) => a.appId === appId);
  if (!app) return;
  c.tree.refreshApp(app);
  // The first page loads in the background: wait for it (a few seconds at most).
  let hit: BindingNode | undefined;
  for (let i = 0; i < 50 && !hit; i++) {
    const kids = await c.tree.getChildren(app);
    hit = kids.find((n): n is BindingNode => asNode(n, 'binding')?.record.bindId === bindId);
    if (!hit && kids.some((n) => n.kind === 'binding' || n.kind === 'message')) break;
    if (!hit) await new Promise((r) => setTimeout(r, 100));
  }
  if (!hit) return;
  await c.treeView.reveal(hit as never, { select: true, focus: false, expand: false });
  c.details.show(bindingSource(app, hit.record, 1), { preserveFocus: true });
}

/** After an unknown outcome: offers Look for It; resolves with the bind ids it found (undefined: not looked). */
async function outcomeUnknown(c: CommandContext, account: Account, appId: string, phoneA: string, e: PnsOutcomeUnknownError): Promise<{ found: string[] } | undefined> {
  c.log.warn(`Bind: ${e.message}`);
  const look = vscode.l10n.t('Look for It');
  const pick = await c.ui.warning(
    `${e.message} ${e.hint}`,
    { modal: true, detail: vscode.l10n.t('The request was sent once and is not sent again by itself. Look for a binding of phone A in this app before trying again.') },
    look,
  );
  if (pick !== look) return undefined;
  // Straight from the server, never the page cache: a page read before the bind would say "not there".
  const source = await account.connection.client();
  const shown = formatPhone(phoneA, { masked: c.settings().maskNumbers });
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: safeMessage(vscode.l10n.t('Looking for bindings of {0}…', shown)), cancellable: false }, () =>
    searchBindings(source, { appId, query: parseSearchQuery(phoneA, 'exact'), concurrency: c.settings().searchConcurrency }),
  );
  const ids = found.matches.map((m) => m.record.bindId);
  c.log.info(`Look for It: phone A ${shown} has ${ids.length} binding(s) in app ${appId}${ids.length ? `: ${ids.join(', ')}` : ''}.`);
  void showInfo(
    ids.length
      ? vscode.l10n.t('Phone {0} has {1} binding(s) in this app: {2}. The bind probably went through.', shown, ids.length, ids.join(', '))
      : vscode.l10n.t('No binding of phone {0} in this app: the bind did not go through. You can try again.', shown),
  );
  return { found: ids };
}
