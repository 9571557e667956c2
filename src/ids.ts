/**
 * Every command id, context key and view id the extension uses, in one place (no vscode
 * import). package.json's `contributes.commands` must list exactly the values of `Cmd`: an
 * integration test checks both directions.
 */
export const Cmd = {
  setCredentials: 'laafficPns.setCredentials',
  clearCredentials: 'laafficPns.clearCredentials',
  trySandbox: 'laafficPns.trySandbox',
  forgetHostApprovals: 'laafficPns.forgetHostApprovals',
  addApp: 'laafficPns.addApp',
  renameApp: 'laafficPns.renameApp',
  removeApp: 'laafficPns.removeApp',
  refresh: 'laafficPns.refresh',
  refreshApp: 'laafficPns.refreshApp',
  loadMore: 'laafficPns.loadMore',
  retry: 'laafficPns.retry',
  showBindingDetails: 'laafficPns.showBindingDetails',
  refreshBindingDetails: 'laafficPns.refreshBindingDetails',
  copyPhoneA: 'laafficPns.copyPhoneA',
  copyPhoneB: 'laafficPns.copyPhoneB',
  copyPnsNumberA: 'laafficPns.copyPnsNumberA',
  copyPnsNumberB: 'laafficPns.copyPnsNumberB',
  copyBindId: 'laafficPns.copyBindId',
  copyNumber: 'laafficPns.copyNumber',
  showLog: 'laafficPns.showLog',
  findBinding: 'laafficPns.findBinding',
  filter: 'laafficPns.filter',
  clearFilter: 'laafficPns.clearFilter',
  sortByExpiry: 'laafficPns.sortByExpiry',
  sortByVendorOrder: 'laafficPns.sortByVendorOrder',
  loadAll: 'laafficPns.loadAll',
  exportBindings: 'laafficPns.exportBindings',
  refreshBalance: 'laafficPns.refreshBalance',
  unbind: 'laafficPns.unbind',
  bind: 'laafficPns.bind',
  loadMoreNumbers: 'laafficPns.loadMoreNumbers',
  copyMiddleNumber: 'laafficPns.copyMiddleNumber',
  discoverApps: 'laafficPns.discoverApps',
  showCallRecords: 'laafficPns.showCallRecords',
} as const;
export type CommandId = (typeof Cmd)[keyof typeof Cmd];

/** Context keys (package.json `when` clauses); set only by the tree's view state. */
export const Ctx = {
  hasCredentials: 'laafficPns.hasCredentials',
  hasApps: 'laafficPns.hasApps',
  filterActive: 'laafficPns.filterActive',
  sortByExpiry: 'laafficPns.sortByExpiry',
} as const;
export type ContextKey = (typeof Ctx)[keyof typeof Ctx];

/** Tree items' contextValue (package.json `viewItem` clauses). */
export const Item = {
  app: 'laafficPns.app',
  allApps: 'laafficPns.allApps',
  binding: 'laafficPns.binding',
  loadMore: 'laafficPns.loadMore',
  error: 'laafficPns.error',
  info: 'laafficPns.info',
  action: 'laafficPns.action',
  numbers: 'laafficPns.numbers',
  number: 'laafficPns.number',
} as const;

/** The bindings view, the details webview and the calls webview (an app's or a middle number's calls). */
export const VIEW_ID = 'laafficPns.bindings';
export const DETAILS_VIEW_TYPE = 'laafficPns.details';
export const CALLS_VIEW_TYPE = 'laafficPns.calls';

/** Commands of VS Code itself that the extension runs. */
export const BuiltinCmd = {
  openSettings: 'workbench.action.openSettings',
  focusView: `${VIEW_ID}.focus`,
  setContext: 'setContext',
} as const;
