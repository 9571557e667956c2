/** Every command id, context key and view id, once; package.json must list exactly `Cmd`'s values (tested). */
export const Cmd = {
  setCredentials: 'laafficPns.setCredentials',
  clearCredentials: 'laafficPns.clearCredentials',
  trySandbox: 'laafficPns.trySandbox',
  tryDemo: 'laafficPns.tryDemo',
  stopDemo: 'laafficPns.stopDemo',
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
  pinBinding: 'laafficPns.pinBinding',
  unpinBinding: 'laafficPns.unpinBinding',
  copyNumber: 'laafficPns.copyNumber',
  /** Ctrl+C / Cmd+C in the bindings view: the selected binding's bind id, or the selected middle number. */
  copySelected: 'laafficPns.copySelected',
  showLog: 'laafficPns.showLog',
  findBinding: 'laafficPns.findBinding',
  goToBinding: 'laafficPns.goToBinding',
  filter: 'laafficPns.filter',
  clearFilter: 'laafficPns.clearFilter',
  filterAllPages: 'laafficPns.filterAllPages',
  cancelFilterAllPages: 'laafficPns.cancelFilterAllPages',
  sortByExpiry: 'laafficPns.sortByExpiry',
  sortByVendorOrder: 'laafficPns.sortByVendorOrder',
  loadAll: 'laafficPns.loadAll',
  exportBindings: 'laafficPns.exportBindings',
  refreshBalance: 'laafficPns.refreshBalance',
  unbind: 'laafficPns.unbind',
  bind: 'laafficPns.bind',
  copyMiddleNumber: 'laafficPns.copyMiddleNumber',
  discoverApps: 'laafficPns.discoverApps',
  showCallRecords: 'laafficPns.showCallRecords',
  addAccount: 'laafficPns.addAccount',
  renameAccount: 'laafficPns.renameAccount',
  removeAccount: 'laafficPns.removeAccount',
  setAccountBaseUrl: 'laafficPns.setAccountBaseUrl',
  getStarted: 'laafficPns.getStarted',
  maskNumbers: 'laafficPns.maskNumbers',
  unmaskNumbers: 'laafficPns.unmaskNumbers',
  findCallsByNumber: 'laafficPns.findCallsByNumber',
  copyTicketSummary: 'laafficPns.copyTicketSummary',
  showHealth: 'laafficPns.showHealth',
  exportHealthFigures: 'laafficPns.exportHealthFigures',
  unbindSelected: 'laafficPns.unbindSelected',
  unbindFiltered: 'laafficPns.unbindFiltered',
  showWriteHistory: 'laafficPns.showWriteHistory',
  exportWriteHistory: 'laafficPns.exportWriteHistory',
  /** The active account (status bar item's click): a quick pick of the accounts. */
  switchAccount: 'laafficPns.switchAccount',
  /** An account node's "Make Active Account". */
  makeActiveAccount: 'laafficPns.makeActiveAccount',
  setAccountProtection: 'laafficPns.setAccountProtection',
} as const;
export type CommandId = (typeof Cmd)[keyof typeof Cmd];

/** Context keys (package.json `when` clauses and the walkthrough's completion events); set only by the view state. */
export const Ctx = {
  hasCredentials: 'laafficPns.hasCredentials',
  hasApps: 'laafficPns.hasApps',
  filterActive: 'laafficPns.filterActive',
  sortByExpiry: 'laafficPns.sortByExpiry',
  /** More than one account: the tree's top level is the accounts. */
  multipleAccounts: 'laafficPns.multipleAccounts',
  /** The built-in demo runs (Stop Demo in the view's title). */
  demoRunning: 'laafficPns.demoRunning',
  /** A Find Binding by Number search ran to its end in this window (a walkthrough step completes on it). */
  searched: 'laafficPns.searched',
  /** The details panel is open and shows a binding (the walkthrough's last step completes on it). */
  detailsShown: 'laafficPns.detailsShown',
  /** Phones A and B are shown masked (laafficPns.maskNumbers). */
  masked: 'laafficPns.masked',
  /** The active account is read-only: the palette hides Bind and Unbind. */
  activeReadOnly: 'laafficPns.activeReadOnly',
} as const;
export type ContextKey = (typeof Ctx)[keyof typeof Ctx];

/**
 * Tree items' contextValue (package.json `viewItem` clauses). The account, app, "All apps" and
 * binding nodes of a read-only account end in READ_ONLY_SUFFIX (`laafficPns.binding.readOnly`):
 * Bind and Unbind match only the plain value (`viewItem == laafficPns.binding`), every other
 * command both (`viewItem =~ /^laafficPns\.binding(\.readOnly)?$/`).
 */
export const READ_ONLY_SUFFIX = '.readOnly';
export const Item = {
  account: 'laafficPns.account',
  /** An account that lives in memory only (addEphemeral, e.g. a demo). */
  memoryAccount: 'laafficPns.account.memory',
  app: 'laafficPns.app',
  allApps: 'laafficPns.allApps',
  binding: 'laafficPns.binding',
  loadMore: 'laafficPns.loadMore',
  error: 'laafficPns.error',
  info: 'laafficPns.info',
  action: 'laafficPns.action',
  numbers: 'laafficPns.numbers',
  number: 'laafficPns.number',
  /** An account's Pinned node, and a pin whose binding is gone. */
  pinned: 'laafficPns.pinned',
  pinGone: 'laafficPns.pinGone',
} as const;

/** The bindings view, the details webview and the calls webview (an app's or a middle number's calls). */
export const VIEW_ID = 'laafficPns.bindings';
export const DETAILS_VIEW_TYPE = 'laafficPns.details';
export const CALLS_VIEW_TYPE = 'laafficPns.calls';
/** The health dashboard webview (one per account or app). */
export const HEALTH_VIEW_TYPE = 'laafficPns.health';

/** The "Get started" walkthrough (package.json `contributes.walkthroughs`): publisher.name#id. */
export const WALKTHROUGH_ID = 'laaffic-pns-tools.laaffic-pns-explorer#gettingStarted';

/** The walkthrough step each context key completes (package.json's `completionEvents`, tested). */
export const WALKTHROUGH_STEP_OF: Partial<Record<ContextKey, string>> = {
  [Ctx.hasCredentials]: 'connect',
  [Ctx.demoRunning]: 'connect',
  [Ctx.hasApps]: 'apps',
  [Ctx.searched]: 'find',
  [Ctx.detailsShown]: 'details',
};

/** Commands of VS Code itself that the extension runs. */
export const BuiltinCmd = {
  openSettings: 'workbench.action.openSettings',
  focusView: `${VIEW_ID}.focus`,
  setContext: 'setContext',
  openWalkthrough: 'workbench.action.openWalkthrough',
  /** Argument: publisher.name#walkthrough#step. */
  markStepComplete: 'welcome.markStepComplete',
} as const;
