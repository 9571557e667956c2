/**
 * What the dashboard's bundle (dist/health.js, loaded on first use) gets from the extension: the
 * panels' dependencies, and the functions whose state lives in dist/extension.js — the phones
 * shown so far (the log's safety net and masking of texts) and the secrets that safe messages
 * hide — so that the bundle never keeps a second copy of that state.
 */
import type { Account } from '../../accounts/accounts';
import type { HealthFigures } from '../../api/health/figures';
import type { PanelDeps } from '../panelPage';
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
}

export interface HealthHost {
  deps: PanelDeps;
  kit: HealthKit;
  /** Opens a binding in the details panel. */
  showBinding(src: BindingSource): void;
}
