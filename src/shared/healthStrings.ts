/**
 * The health dashboard's own texts by id, with their English defaults (as panelStrings.ts does
 * for the other panels). The extension builds the same table in the display language
 * (src/webview/health/strings.ts) and posts it first; the page keeps only known ids with string
 * values and the English default for anything else.
 */
export const HEALTH_STRINGS_EN = {
  title: 'Health',
  heading: 'Health of {0}',
  asOf: 'As of {0}',
  refresh: 'Refresh',
  exportFigures: 'Export Figures…',
  cancel: 'Cancel',
  reading: 'Reading… {0}',
  cancelled: 'Cancelled: the figures were not read. Refresh to read them again.',
  failed: 'The figures could not be read: {0}',
  partMissing: 'Not shown: {0}',
  open: 'Open',
  openAria: 'Open the {0} behind “{1}”',
  setBindings: 'bindings',
  setCalls: 'calls',
  setNumbers: 'numbers',
  bindings: 'Bindings',
  calls: 'Calls, last {0} days',
  numbers: 'Numbers',
  balance: 'Balance',
  colWhat: 'What',
  colCount: 'Count',
  colDay: 'Day',
  colRate: 'Answer rate',
  colCost: 'Cost ({0})',
  colNumber: 'Middle number',
  colApp: 'App',
  colDue: 'Due',
  total: 'Total',
  live: 'Live',
  stateActive: 'Active',
  stateExpiring: 'Expiring soon',
  stateExpired: 'Expired',
  stateUnknown: 'Expiry unknown',
  statesCaption: 'Bindings by state',
  expiryCaption: 'Bindings by when they expire',
  exp_expired: 'Already expired',
  exp_1h: 'Within 1 hour',
  exp_24h: 'Within 24 hours',
  exp_7d: 'Within 7 days',
  exp_later: 'Later',
  exp_unknown: 'No readable expiry',
  modesCaption: 'AXB and AXXB',
  countriesACaption: 'Countries of phone A (top ten)',
  countriesBCaption: 'Countries of phone B (top ten)',
  countryUnknown: 'Not recognised',
  others: 'All others',
  perNumberCaption: 'Bindings per middle number (top twenty)',
  idleNumbers: 'Middle numbers in use that carry no binding: {0} (of {1}).',
  idleUnknown: 'Middle numbers that carry no binding: unknown (the Numbers list could not be read).',
  callsPerDayCaption: 'Calls per day by outcome',
  out_answered: 'Answered',
  out_busy: 'Busy',
  'out_no-answer': 'No answer',
  out_failed: 'Failed',
  out_other: 'Other',
  answerRateCaption: 'Answer rate per day',
  costCaption: 'Cost per day ({0})',
  callsTotal: 'Calls: {0}',
  durationMedian: 'Median duration of answered calls: {0}',
  durationP90: '90th-percentile duration: {0}',
  unitS: '{0} s',
  durMinS: '{0} min {1} s',
  durHMin: '{0} h {1} min',
  none: '—',
  costTotal: 'Cost in the window: {0} {1}',
  otherCurrency: '{0} calls were charged in another currency and are not counted in the cost.',
  reasonsCaption: 'Top hang-up reasons, as the vendor wrote them',
  withoutLive: 'Calls whose caller and called have no live binding: {0}',
  withoutLiveUnknown: 'Calls without a live binding: unknown (the bindings could not be read).',
  numberStatesCaption: 'Middle numbers by state',
  num_in_use: 'In use',
  num_expired: 'Expired',
  num_disabled: 'Disabled',
  num_unknown: 'Unknown',
  dueCaption: 'Due within {0} days without auto-renew ({1})',
  dueNone: 'No number is due within {0} days without auto-renew.',
  balanceLine: 'Balance: {0} {1}',
  dailyCost: 'Average cost per day: {0} {1}',
  runway: 'Runway: {0} days',
  runwayNone: 'Runway: no cost in the window',
  chartOf: 'Chart: {0}. The table beside it has the same numbers.',
} as const;

export type HealthStringId = keyof typeof HEALTH_STRINGS_EN;
export type HealthStrings = Record<HealthStringId, string>;
export const HEALTH_STRING_IDS = Object.keys(HEALTH_STRINGS_EN) as HealthStringId[];

const MAX_TEXT = 1000;

/** A posted table -> the full table: known ids with string values (at most 1000 characters), else the English default. */
export function parseHealthStrings(u: unknown): HealthStrings {
  const out: HealthStrings = { ...HEALTH_STRINGS_EN };
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return out;
  const o = u as Record<string, unknown>;
  for (const id of HEALTH_STRING_IDS) {
    if (!Object.prototype.hasOwnProperty.call(o, id)) continue;
    const v = o[id];
    if (typeof v === 'string' && v.length <= MAX_TEXT) out[id] = v;
  }
  return out;
}

/** The text of `id` with its {0} placeholders filled in. */
export function healthText(s: HealthStrings, id: HealthStringId, ...args: Array<string | number>): string {
  return s[id].replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}
