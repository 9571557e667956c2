/**
 * What the dashboard's bundle (dist/health.js, loaded on first use) gets from the extension: the
 * panels' dependencies and base class, and the functions whose state lives in dist/extension.js —
 * the phones shown so far (the log's safety net and masking of texts) and the secrets that safe
 * messages hide — so that the bundle keeps no second copy of that state, nor of the client and
 * the panels' code that dist/extension.js already has (the bundle imports them as types only).
 */
import type { Account } from '../../accounts/accounts';
import type { HealthFigures } from '../../api/health/figures';
import type { BindingRecord, BindingState } from '../../api';
import type { PanelDeps, PanelPage, panelOptions } from '../panelPage';
import type { BindingSource } from '../detailsView';

/** Whose figures: an account (every app of its key) or one app of it. */
export interface HealthScope {
  account: Account;
  appId: string | undefined;
  /** As the tree names it: the app's label, or the account's name. */
  title: string;
}

/** What a dashboard's figure lists and its export use of it. */
export interface HealthView {
  readonly figures: HealthFigures | undefined;
  readonly scope: HealthScope;
  owner(): { account: string; name: string };
}

export interface HealthKit {
  formatPhone(value: string, o?: { masked?: boolean }): string;
  formatNumber(value: string): string;
  maskKnownPhones(text: string): string;
  safeMessage(text: unknown, max?: number): string;
  safeValue(text: unknown, max?: number): string;
  /** A failure in the display language (ui/language.ts). */
  errorText(e: unknown): { message: string; hint: string };
  stateLabel(state: BindingState): string;
  /** The locale of numbers and dates in the quick picks; the pages' locale. */
  countryLocale(): string;
  panelLocale(): string;
  /** A binding's middle numbers as the tree writes them. */
  middleText(r: Pick<BindingRecord, 'mode' | 'pnsNumberA' | 'pnsNumberB'>): string;
}

export interface HealthHost {
  deps: PanelDeps;
  kit: HealthKit;
  /** dist/extension.js's panel base class and options (src/webview/panelPage.ts). */
  PanelPage: typeof PanelPage;
  panelOptions: typeof panelOptions;
  /** Opens a binding in the details panel. */
  showBinding(src: BindingSource): void;
}
