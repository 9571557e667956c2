/**
 * What the dashboard's bundle (dist/health.js, loaded on first use) is given when its panels are
 * made: the panels' dependencies and how to open a binding. (The modules it imports are the
 * extension's own instances: src/commands/health.ts SHARED.)
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

export interface HealthHost {
  deps: PanelDeps;
  /** Opens a binding in the details panel. */
  showBinding(src: BindingSource): void;
}
