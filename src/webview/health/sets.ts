/**
 * A figure opened: the bindings, calls or numbers behind it, read again (pages of the last minute
 * come from the account's cache) and kept by healthSetFilter — the core's own rule, so the list
 * is the figure — into a quick pick that fills as they are found, at most MAX_SET_ITEMS (like
 * Find). A binding opens its details; "Export these…" writes the bindings listed as CSV with the
 * export's own columns (toCsv).
 */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import type { BindingRecord } from '../../api/normalize';
import type { CallRecord } from '../../api/endpoints/records';
import type { MiddleNumber } from '../../api/endpoints/numbers';
import { splitWindow } from '../../api/endpoints/callRecordsFor';
import { PnsAbortError } from '../../api/errors';
import { toCsv } from '../../api/export';
import type { HealthSet } from '../../api/health/figures';
import { healthSetFilter, livePairSet } from '../../api/health/filter';
import { HEALTH_PAGE_SIZE, healthBindingStream, healthCallStream, healthNumberStream, type HealthStreamOptions } from '../../api/health/streams';
import { shortExpiry } from '../../display/text';
import { formatNumber, formatPhone, maskKnownPhones } from '../../display/phone';
import { countryLocale, errorText } from '../../ui/language';
import { safeMessage, safeValue } from '../../ui/safety';
import { middleText } from '../../tree/bindingText';
import { pageOf, vendorZoneMinutes } from '../../shared/binding';
import type { HealthHost, HealthView } from './host';
import { setTitle } from './setText';
import { StreamingPick } from '../../ui/streamingPick';

/** At most this many records are listed (Find's cap): narrow the figure to see fewer. */
export const MAX_SET_ITEMS = 10_000;

interface SetItem extends vscode.QuickPickItem {
  binding?: { record: BindingRecord; page: number };
  callId?: string;
  number?: string;
  exportThese?: true;
}

/** What the list holds as it is found: the records (for Export) and their items. */
interface Found {
  items: SetItem[];
  bindings: BindingRecord[];
  total: number;
}

export async function openSet(host: HealthHost, page: HealthView, set: HealthSet): Promise<Found | undefined> {
  const f = page.figures;
  if (!f) return undefined;
  const s = host.deps.settings();
  const connection = page.scope.account.connection;
  const client = await connection.client();
  const title = setTitle(set, page.scope.title, s.maskNumbers);
  const pick = new StreamingPick<SetItem>(host.deps.ui, title, vscode.l10n.t('Reading… they appear as they are found (Esc cancels)'));
  const qp = pick.qp;
  const n = (x: number) => x.toLocaleString(countryLocale());
  const found: Found = { items: [], bindings: [], total: 0 };
  const add = (item: SetItem) => {
    found.total++;
    if (found.items.length >= MAX_SET_ITEMS) return;
    found.items.push(item);
    pick.queue(found.items);
  };
  const masked = () => host.deps.settings().maskNumbers;
  const o: HealthStreamOptions = { concurrency: s.searchConcurrency, cache: connection.cache, signal: pick.signal };
  try {
    const filter = healthSetFilter(set, {
      figures: f,
      soonHours: s.expiringSoonHours,
      livePairs: set.of === 'calls' && set.by === 'withoutLiveBinding' ? await livePairSet(client, page.scope.appId === undefined ? [] : [page.scope.appId], f.asOf, o) : undefined,
    });
    if (set.of === 'bindings') {
      for await (const { n: pageNo, items } of healthBindingStream(client, page.scope.appId, o)) {
        for (const r of items) {
          if (!filter.binding(r)) continue;
          if (found.bindings.length < MAX_SET_ITEMS) found.bindings.push(r);
          add({
            label: safeValue(`${formatPhone(r.phoneA, { masked: masked() }) || '?'} ↔ ${formatPhone(r.phoneB, { masked: masked() }) || '?'}`, 100),
            description: safeValue(vscode.l10n.t('via {0} · {1}', middleText(r), shortExpiry(r.expiresAt, Date.now(), 2)), 160),
            detail: vscode.l10n.t('bind id {0}', r.bindId),
            binding: { record: r, page: pageOf((pageNo - 1) * HEALTH_PAGE_SIZE, s.pageSize) },
          });
        }
        if (found.total >= MAX_SET_ITEMS) break;
      }
    } else if (set.of === 'calls') {
      const calls = f.calls;
      if (calls) {
        for (const w of splitWindow(calls.from, calls.to)) {
          for await (const { items } of healthCallStream(client, w, o)) for (const r of items) if (filter.call(r)) add(callItem(host, r, masked()));
          if (found.total >= MAX_SET_ITEMS) break;
        }
      }
    } else {
      for await (const { items } of healthNumberStream(client, page.scope.appId, o)) for (const r of items) if (filter.number(r)) add(numberItem(host, r));
    }
    pick.end();
    const shown = found.items.slice();
    if (set.of === 'bindings' && shown.length > 0) shown.unshift({ label: `$(save) ${vscode.l10n.t('Export these…')}`, description: vscode.l10n.t('{0} bindings as CSV', n(found.bindings.length)), alwaysShow: true, exportThese: true });
    qp.items = shown.length ? shown : [{ label: vscode.l10n.t('None any more: the data changed since the figures were read.') }];
    qp.busy = false;
    qp.title = found.total > MAX_SET_ITEMS ? vscode.l10n.t('{0}: the first {1} of {2}', title, n(MAX_SET_ITEMS), n(found.total)) : vscode.l10n.t('{0}: {1}', title, n(found.total));
    qp.placeholder = set.of === 'bindings' ? vscode.l10n.t('Pick a binding to open its details') : vscode.l10n.t('Esc to close');
    host.deps.log.info(`${page.owner().name}: a set of ${set.of} opened, ${found.total} found.`);
    const choice = await new Promise<SetItem | undefined>((resolve) => {
      qp.onDidAccept(() => resolve(qp.selectedItems[0]));
      qp.onDidHide(() => resolve(undefined));
    });
    if (choice?.exportThese) {
      qp.dispose();
      await exportBindings(host, page, found.bindings);
    } else if (choice?.binding) {
      qp.dispose();
      host.showBinding({ record: choice.binding.record, app: { appId: page.scope.appId, label: page.scope.title }, page: choice.binding.page, account: page.scope.account.id });
    } else qp.dispose();
    return found;
  } catch (e) {
    pick.end();
    if (e instanceof PnsAbortError || pick.signal.aborted) {
      qp.dispose();
      return undefined;
    }
    host.deps.log.error(`${page.owner().name}: opening a set failed: ${(e as Error).message}`);
    qp.busy = false;
    qp.placeholder = vscode.l10n.t('Reading them failed — Esc to close');
    qp.items = [{ label: `$(error) ${safeMessage(errorText(e).message, 300)}` }];
    qp.onDidHide(() => qp.dispose());
    return undefined;
  } finally {
    pick.end();
  }
}

function callItem(host: HealthHost, r: CallRecord, masked: boolean): SetItem {
  const when = r.start === null ? '?' : new Date(r.start).toLocaleString(countryLocale());
  return {
    label: safeValue(`${when} · ${formatPhone(r.caller, { masked }) || '?'} → ${formatPhone(r.called, { masked }) || '?'}`, 140),
    description: safeValue(vscode.l10n.t('via {0} · {1} s', formatNumber(r.number), r.durationS ?? '?'), 120),
    detail: safeValue(vscode.l10n.t('call {0} · {1}', r.callId, masked ? maskKnownPhones(r.hangupReason) : r.hangupReason), 200),
    callId: r.callId,
  };
}

function numberItem(host: HealthHost, r: MiddleNumber): SetItem {
  const due = r.dueDate === null ? '?' : new Date(r.dueDate).toISOString().slice(0, 10);
  return {
    label: safeValue(formatNumber(r.number), 60),
    description: safeValue(vscode.l10n.t('app {0} · due {1}', r.appId || '?', due), 120),
    detail: r.autoRenew === true ? vscode.l10n.t('auto-renew on') : r.autoRenew === false ? vscode.l10n.t('auto-renew off') : undefined,
    number: r.number,
  };
}

/** "Export these…": the bindings listed, as CSV with the export's columns (full numbers, like Export). */
async function exportBindings(host: HealthHost, page: HealthView, records: readonly BindingRecord[]): Promise<void> {
  const s = host.deps.settings();
  const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
  const uri = await host.deps.ui.saveDialog({
    title: vscode.l10n.t('Export these bindings'),
    defaultUri: vscode.Uri.joinPath(base, `laaffic-bindings-${new Date().toISOString().slice(0, 10)}.csv`),
    filters: { CSV: ['csv'] },
  });
  if (!uri) return;
  const csv = toCsv(records, { now: Date.now(), expiringSoonHours: s.expiringSoonHours, zoneOffsetMinutes: vendorZoneMinutes(s), appId: page.scope.appId });
  await vscode.workspace.fs.writeFile(uri, Buffer.from(csv, 'utf8'));
  host.deps.log.info(`${page.owner().name}: ${records.length} bindings exported as CSV.`);
  void host.deps.ui.info(vscode.l10n.t('Exported {0} bindings.', records.length.toLocaleString(countryLocale())), {});
}
