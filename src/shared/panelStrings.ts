/**
 * The panels' own texts by id, with their English defaults. The extension builds the same table
 * in the display language (src/webview/panelStrings.ts) and posts it on every 'ready'; the page
 * takes only known ids with string values and keeps the English default for anything else.
 */
export const PANEL_STRINGS_EN = {
  pageTitle: 'Binding details',
  loading: 'Loading…',
  loadingBinding: 'Loading binding {0}…',
  empty: 'Select a binding in the Laaffic PNS view to see its details.',
  copy: 'Copy',
  copyWhat: 'Copy {0}',
  copyJson: 'Copy JSON',
  jsonWhat: 'JSON of the raw record',
  noExpiry: 'The expiry time could not be read.',
  expiresIn: 'expires in {0}',
  expiredAgo: 'expired {0} ago',
  unitD: '{0} d',
  unitH: '{0} h',
  unitMin: '{0} min',
  unitS: '{0} s',
  heading: 'Binding {0}',
  axbTitle: 'One middle number for both sides',
  axxbTitle: 'A different middle number for each side',
  refresh: 'Refresh',
  refreshAria: 'Refresh binding {0} from the server',
  unbind: 'Unbind…',
  unbindAria: 'Unbind binding {0} (asks first)',
  readAt: 'Read {0}',
  appNotNamed: 'not named in the record (listed under All apps)',
  phoneA: 'Phone A',
  phoneB: 'Phone B',
  pnsNumberA: 'Middle number A',
  pnsNumberB: 'Middle number B',
  bindId: 'Bind id',
  seenByBoth: 'seen by both sides',
  sameAsA: 'same as A (AXB)',
  seenByA: 'seen by A',
  seenByB: 'seen by B',
  app: 'App',
  mode: 'Mode',
  modeAxb: 'AXB — one middle number',
  modeAxxb: 'AXXB — two middle numbers',
  yourTime: 'Your time',
  vendorTime: 'Vendor time ({0})',
  expireTimeAsSent: 'expireTime as sent',
  unknown: 'unknown',
  emptyValue: '(empty)',
  rawRecord: 'Raw record (JSON)',
  numbers: 'Numbers',
  expiry: 'Expiry',
  stateActive: 'Active',
  stateExpiring: 'Expiring soon',
  stateExpired: 'Expired',
  stateUnknown: 'Expiry unknown',
  stateGone: 'Gone',
  nowState: 'Binding {0} is now {1}.',
  tryAgain: 'Try again',
  copied: '✓ Copied',
  copiedSay: 'Copied to the clipboard.',
  refreshing: 'Refreshing…',
  goneSay: 'This binding no longer exists.',
  calls: 'Calls',
  window: 'Window',
  win24h: 'Last 24 hours',
  win7d: 'Last 7 days',
  win30d: 'Last 30 days',
  winCustom: 'Custom…',
  loadCalls: 'Load calls',
  loadAgain: 'Load again',
  loadAria: '{0}: the calls of {1}',
  cancel: 'Cancel',
  cancelAria: 'Cancel reading the call records',
  apply: 'Apply',
  applyAria: 'Apply: load the calls of {0} in the custom window',
  customLegend: 'Custom window, your local time ({0})',
  localTime: 'local time',
  from: 'From',
  to: 'To',
  fromProblem: 'From: {0}',
  toProblem: 'To: {0}',
  callsCancelled: 'Cancelled: no calls were read. Load them again when you like.',
  callsHint: 'Pick a window and load the calls of this binding’s phones A and B.',
  bindingNoun: 'binding {0}',
  callsHintCustom: 'Enter a start and an end, then Apply.',
  customWordsEmpty: 'Enter a start and an end, at most {0} days apart, then Apply.',
  startBeforeEnd: 'The start must come before the end.',
  readsCalls: 'Reads the calls {0}.',
  readsCallsFuture: 'Reads the calls {0}. The end is in the future: the window will end now.',
  inWindow: 'in the {0}',
  windowFromTo: 'from {0} to {1} ({2})',
  spanDay: '1 day',
  spanDays: '{0} days',
  noCalls: 'No calls {0}.',
  callsOne: '{0} call {1}, newest first.',
  callsMany: '{0} calls {1}, newest first.',
  callsManyShown: '{0} calls {1} matched: showing the newest {2} of {0}.',
  readingRecords: 'Reading the call records…',
  progressOne: '{0} page of {1}',
  progressMany: '{0} pages of {1}',
  scannedOneOne: 'Scanned {0} call record in {1} window of at most 31 days.',
  scannedOneMany: 'Scanned {0} call record in {1} windows of at most 31 days.',
  scannedManyOne: 'Scanned {0} call records in {1} window of at most 31 days.',
  scannedManyMany: 'Scanned {0} call records in {1} windows of at most 31 days.',
  pastRetention: '{0} The window reaches further back than Laaffic keeps call records (about 2 months): older calls may be missing.',
  colStart: 'Start',
  colCallerCalled: 'Caller → called',
  colVia: 'Via',
  colDuration: 'Duration',
  colEnded: 'How it ended',
  colRecording: 'Recording',
  reasonAsSent: 'as sent: “{0}”',
  sipCode: 'SIP {0}',
  openRecording: 'Open recording…',
  openRecordingAria: 'Open recording of call {0} in your browser (asks first)',
  durMinS: '{0} min {1} s',
  durHMin: '{0} h {1} min',
  callsOf: 'Calls of {0}',
  everyCallApp: 'Every call of this app',
  everyCallNumber: 'Every call through this middle number',
  matchedHere: '{0}, whichever binding it belonged to. Laaffic filters call records only by time: each window is read in full and matched here.',
  win60d: 'Last 60 days',
  outAnswered: 'Answered',
  outBusy: 'Busy',
  outNoAnswer: 'No answer',
  outFailed: 'Failed',
  outOther: 'Other',
  outcomeCount: '{0}: {1}',
  totalsLabel: 'By outcome',
  colOutcome: 'Outcome',
  colCost: 'Cost',
  colBinding: 'Binding',
  colAccount: 'Account',
  openBinding: 'Binding {0}',
  openBindingAria: 'Binding {0}: open its details',
  noLiveBinding: 'no live binding',
  checkingBinding: 'looking for its binding…',
  bindingUnknown: 'could not be checked',
  ticketCall: 'Copy summary…',
  ticketCallAria: 'Copy summary… of binding {0} for a ticket',
  ticketPhone: 'Copy summary for a ticket…',
  ticketPhoneAria: 'Copy summary for a ticket… of {0}',
  everyCallPhone: 'Every call this phone made or received, through any middle number',
  phoneMatchedHere: '{0}. Laaffic filters call records only by time: each window is read in full and matched here; a call links to its binding while one with the same two phones is live.',
  accountFailed: 'Account {0} could not be read: {1}',
  foundSoFar: '{0} found so far · {1}',
} as const;

export type PanelStringId = keyof typeof PANEL_STRINGS_EN;
export type PanelStrings = Record<PanelStringId, string>;
export const PANEL_STRING_IDS = Object.keys(PANEL_STRINGS_EN) as PanelStringId[];

/** The page's language: texts, and the locale its dates and numbers are written in. */
export interface PanelLanguage {
  strings: PanelStrings;
  /** A BCP 47 tag for Intl and `<html lang>`: 'en' or 'zh-CN'. */
  locale: string;
}

export const ENGLISH_PANEL: PanelLanguage = { strings: { ...PANEL_STRINGS_EN }, locale: 'en' };

const MAX_TEXT = 1000;
const LOCALES = new Set(['en', 'zh-CN']);

/** A posted table -> the full table: known ids with string values (at most 1000 characters), else the English default. */
export function parsePanelStrings(u: unknown): PanelStrings {
  const out: PanelStrings = { ...PANEL_STRINGS_EN };
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return out;
  const o = u as Record<string, unknown>;
  for (const id of PANEL_STRING_IDS) {
    if (!Object.prototype.hasOwnProperty.call(o, id)) continue;
    const v = o[id];
    if (typeof v === 'string' && v.length <= MAX_TEXT) out[id] = v;
  }
  return out;
}

/** A posted locale -> one the page knows ('en' otherwise). */
export function parsePanelLocale(u: unknown): string {
  return typeof u === 'string' && LOCALES.has(u) ? u : 'en';
}

/** The text of `id` with its {0} placeholders filled in. */
export function panelText(s: PanelStrings, id: PanelStringId, ...args: Array<string | number>): string {
  return s[id].replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
