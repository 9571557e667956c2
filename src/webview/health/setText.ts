/** The title of the list of a set behind a figure, in the display language. */
import * as vscode from 'vscode';
import type { HealthSet } from '../../api/health/figures';
import { formatNumber, maskKnownPhones } from '../../display/phone';
import { stateLabel } from '../../ui/language';

const EXPIRY: Record<string, () => string> = {
  expired: () => vscode.l10n.t('already expired'),
  '1h': () => vscode.l10n.t('expiring within 1 hour'),
  '24h': () => vscode.l10n.t('expiring within 24 hours'),
  '7d': () => vscode.l10n.t('expiring within 7 days'),
  later: () => vscode.l10n.t('expiring later'),
  unknown: () => vscode.l10n.t('with no readable expiry'),
};

const OUTCOME: Record<string, () => string> = {
  answered: () => vscode.l10n.t('answered'),
  busy: () => vscode.l10n.t('busy'),
  'no-answer': () => vscode.l10n.t('no answer'),
  failed: () => vscode.l10n.t('failed'),
  other: () => vscode.l10n.t('other'),
};

/** What the set is, e.g. "Bindings expiring within 1 hour · Rides"; a reason masked like every text when `mask` says so. */
export function setTitle(set: HealthSet, scope: string, masked: boolean): string {
  let what: string;
  if (set.of === 'bindings') {
    if (set.by === 'state') what = vscode.l10n.t('Bindings: {0}', stateLabel(set.value));
    else if (set.by === 'expiry') what = vscode.l10n.t('Bindings {0}', EXPIRY[set.value]());
    else if (set.by === 'mode') what = vscode.l10n.t('{0} bindings', set.value);
    else if (set.by === 'number') what = vscode.l10n.t('Bindings through {0}', formatNumber(set.value));
    else if (set.by === 'countryA') what = vscode.l10n.t('Bindings whose phone A is in +{0}', set.value);
    else what = vscode.l10n.t('Bindings whose phone B is in +{0}', set.value);
  } else if (set.of === 'calls') {
    if (set.by === 'outcome') what = set.day ? vscode.l10n.t('Calls {0} on {1}', OUTCOME[set.value](), set.day) : vscode.l10n.t('Calls {0}', OUTCOME[set.value]());
    else if (set.by === 'reason') what = vscode.l10n.t('Calls that ended with “{0}”', masked ? maskKnownPhones(set.value) : set.value);
    else what = vscode.l10n.t('Calls without a live binding');
  } else if (set.by === 'state') what = vscode.l10n.t('Middle numbers: {0}', set.value);
  else what = vscode.l10n.t('Middle numbers due without auto-renew');
  return `${what} · ${scope}`;
}
