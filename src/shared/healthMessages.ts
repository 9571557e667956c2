/**
 * The health dashboard's page protocol (src/webview/health/ ↔ src/webview-ui/health/): what the
 * extension tells the page, what the page may ask, and what the page reports to the tests' probe.
 * Shared by both sides (no vscode or DOM import); each side ignores a message it does not know,
 * and the extension checks every message of the page (parseFromHealthPage) before using it.
 */
import type { PageFigures as HealthFigures, PageSet as HealthSet } from './healthTypes';
import type { HealthStrings } from './healthStrings';

/** Extension -> dashboard page. Each message states the whole of its part. */
export type ToHealthPage =
  | { type: 'healthStrings'; strings: HealthStrings; locale: string }
  /** Whose figures the page shows (the app's label or the account's name, as the tree shows it). */
  | { type: 'healthScope'; title: string }
  /** Reading: `done` of `total` steps (pages; the total grows as it is learnt). */
  | { type: 'healthProgress'; done: number; total: number }
  /**
   * The figures as the page may see them: the vendor's texts masked while masking is on;
   * `numbers`: each middle number named in them, as the tree shows it (middle numbers are never
   * masked: they are not customers' phones).
   */
  | { type: 'healthFigures'; figures: HealthFigures; numbers: Record<string, string> }
  | { type: 'healthCancelled' }
  | { type: 'healthError'; text: string };

/** Dashboard page -> extension (besides 'ready', which the PanelPage handles). */
export type FromHealthPage = { type: 'healthRefresh' } | { type: 'healthCancel' } | { type: 'healthExport' } | { type: 'healthOpen'; set: HealthSet };

/** One chart as the page drew it: its labels and each dataset's values (what Chart.js holds). */
export interface ChartReport {
  id: string;
  labels: string[];
  datasets: Array<{ label: string; data: Array<number | null> }>;
}

/** One table as the page drew it: caption, header and each body row's cells, as text. */
export interface TableReport {
  id: string;
  caption: string;
  head: string[];
  rows: string[][];
}

/**
 * What the page tells the tests' probe after each render (development build only): its state,
 * the asOf it shows, every chart and table, and the whole text of the page.
 */
export interface HealthReport {
  type: 'healthRendered';
  state: 'loading' | 'figures' | 'cancelled' | 'error' | 'empty';
  asOf: number | null;
  charts: ChartReport[];
  tables: TableReport[];
  text: string;
}

const BINDING_STATES = ['active', 'expiring', 'expired', 'unknown'];
const EXPIRY = ['expired', '1h', '24h', '7d', 'later', 'unknown'];
const MODES = ['AXB', 'AXXB'];
const OUTCOMES = ['answered', 'busy', 'no-answer', 'failed', 'other'];
const NUMBER_STATES = ['in-use', 'expired', 'disabled', 'unknown'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex
const REASON = /^[^\u0000-\u001f\u007f]{1,300}$/;

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);
const oneOf = (v: unknown, list: readonly string[]): v is string => typeof v === 'string' && list.includes(v);
const onlyKeys = (o: Record<string, unknown>, keys: string[]): boolean => Object.keys(o).every((k) => keys.includes(k));

/** A posted set -> a fresh HealthSet with exactly its fields, or undefined (another shape, an unknown value). */
export function parseHealthSet(posted: unknown): HealthSet | undefined {
  if (!isObject(posted)) return undefined;
  // Own fields only: nothing inherited (a posted __proto__) counts.
  const u: Record<string, unknown> = Object.fromEntries(Object.entries(posted));
  const { of, by, value } = u;
  if (of === 'bindings' && onlyKeys(u, ['of', 'by', 'value'])) {
    if (by === 'state' && oneOf(value, BINDING_STATES)) return { of, by, value: value as 'active' };
    if (by === 'expiry' && oneOf(value, EXPIRY)) return { of, by, value: value as '1h' };
    if (by === 'mode' && oneOf(value, MODES)) return { of, by, value: value as 'AXB' };
    if ((by === 'countryA' || by === 'countryB') && typeof value === 'string' && /^\d{0,4}$/.test(value)) return { of, by, value };
    if (by === 'number' && typeof value === 'string' && /^\d{1,20}$/.test(value)) return { of, by, value };
    return undefined;
  }
  if (of === 'calls') {
    if (by === 'outcome' && onlyKeys(u, ['of', 'by', 'value', 'day']) && oneOf(value, OUTCOMES)) {
      if (u.day === undefined) return { of, by, value: value as 'answered' };
      return typeof u.day === 'string' && DAY.test(u.day) ? { of, by, value: value as 'answered', day: u.day } : undefined;
    }
    if (by === 'reason' && onlyKeys(u, ['of', 'by', 'value']) && typeof value === 'string' && REASON.test(value)) return { of, by, value };
    if (by === 'withoutLiveBinding' && onlyKeys(u, ['of', 'by'])) return { of, by };
    return undefined;
  }
  if (of === 'numbers') {
    if (by === 'state' && onlyKeys(u, ['of', 'by', 'value']) && oneOf(value, NUMBER_STATES)) return { of, by, value: value as 'in-use' };
    if (by === 'dueWithoutRenew' && onlyKeys(u, ['of', 'by'])) return { of, by };
  }
  return undefined;
}

/** Narrows a posted value to a FromHealthPage message, or undefined. */
export function parseFromHealthPage(m: unknown): FromHealthPage | undefined {
  if (!isObject(m)) return undefined;
  switch (m.type) {
    case 'healthRefresh':
    case 'healthCancel':
    case 'healthExport':
      return { type: m.type };
    case 'healthOpen': {
      const set = parseHealthSet(m.set);
      return set && { type: 'healthOpen', set };
    }
    default:
      return undefined;
  }
}
