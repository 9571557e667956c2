/**
 * Texts in VS Code's display language beyond vscode.l10n.t: the core's vendor status texts
 * (PnsApiError.describe()), transport failures, states and field names. Log lines stay English
 * (they go to support). See docs/l10n.md.
 */
import * as vscode from 'vscode';
import { coreLanguage, PnsApiError, PnsError, PnsTransportError, type BindingState, type CoreLanguage } from '../api';
import type { BindingField } from '../shared/binding';

/** 'zh-cn' or 'en', from VS Code's display language. */
export function uiLanguage(): CoreLanguage {
  return coreLanguage(vscode.env.language);
}

/**
 * An error's message and hint as the user reads them: a vendor status in the display language,
 * other errors as they were written (the core's transport and validation texts are English).
 */
export function errorText(e: unknown): { message: string; hint: string } {
  if (e instanceof PnsApiError) {
    const d = e.describe(uiLanguage());
    return { message: d.message, hint: d.hint };
  }
  if (e instanceof PnsTransportError && uiLanguage() !== 'en') return transportText(e);
  if (e instanceof PnsError) return { message: e.message, hint: e.hint };
  if (e instanceof Error) return { message: e.message, hint: '' };
  return { message: String(e), hint: '' };
}

/** The language of country names next to numbers ("India", "印度"): a BCP 47 tag for Intl.DisplayNames. */
export function countryLocale(): string {
  return uiLanguage() === 'zh-cn' ? 'zh-CN' : 'en';
}

/** The name of a binding state in the display language (STATE_LABEL is the English one). */
export function stateLabel(state: BindingState): string {
  switch (state) {
    case 'active':
      return vscode.l10n.t('Active');
    case 'expiring':
      return vscode.l10n.t('Expiring soon');
    case 'expired':
      return vscode.l10n.t('Expired');
    default:
      return vscode.l10n.t('Expiry unknown');
  }
}

/** A binding's field inside a sentence, in the display language: "phone A", "middle number B", "bind id". */
export function fieldName(field: BindingField): string {
  switch (field) {
    case 'phoneA':
      return vscode.l10n.t('phone A');
    case 'phoneB':
      return vscode.l10n.t('phone B');
    case 'pnsNumberA':
      return vscode.l10n.t('middle number A');
    case 'pnsNumberB':
      return vscode.l10n.t('middle number B');
    default:
      return vscode.l10n.t('bind id');
  }
}

/** A transport failure in the display language (the core's English, with more detail, goes to the log). */
function transportText(e: PnsTransportError): { message: string; hint: string } {
  switch (e.kind) {
    case 'timeout':
      return { message: vscode.l10n.t('No complete answer from {0} in time.', e.host), hint: vscode.l10n.t('Try again. If the server is just slow, raise laafficPns.timeoutSeconds.') };
    case 'http':
      return {
        message: vscode.l10n.t('{0} answered HTTP {1}.', e.host, String(e.httpStatus ?? '?')),
        hint: e.retryable ? vscode.l10n.t('The server had a problem: try again in a moment.') : vscode.l10n.t('Check laafficPns.baseUrl: use the exact API address (https://api.laaffic.com/v3).'),
      };
    case 'invalid-response':
      return { message: vscode.l10n.t('{0} sent a reply that is not a Laaffic reply.', e.host), hint: vscode.l10n.t('Check that laafficPns.baseUrl points at the Laaffic API (…/v3). If it does, the vendor had a hiccup: try again.') };
    default:
      return {
        message: e.code ? vscode.l10n.t('Cannot reach {0} ({1}).', e.host, e.code) : vscode.l10n.t('Cannot reach {0}.', e.host),
        hint: vscode.l10n.t('Check laafficPns.baseUrl and your network connection, proxy or firewall, then retry.'),
      };
  }
}
