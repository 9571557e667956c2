/** The settings' defaults, limits and validation, in plain Node; settings.ts feeds it VS Code's values. */
import { DEFAULT_BASE_URL, parseZoneOffset, safeText } from '../api';
import { translator as l10n } from '../display/text';
import { validateAppId } from './appId';

export interface AppEntry {
  appId: string;
  label?: string;
}

/** The settings, validated (package.json describes each). */
export interface Settings {
  baseUrl: string;
  timeoutSeconds: number;
  expireTimeZone: string;
  /** expireTimeZone in minutes east of UTC; null when it is no offset (the client refuses to start). */
  expireZoneMinutes: number | null;
  pageSize: number;
  expiringSoonHours: number;
  apps: AppEntry[];
  searchConcurrency: number;
  searchMatch: 'partial' | 'exact';
  cacheSeconds: number;
  retries: number;
  loadAllMaxBindings: number;
  lowBalance: number;
  maskNumbers: boolean;
  copyFormat: 'digits' | 'e164';
  /** laafficPns.defaultCountry: the calling code ("91") Bind completes numbers typed without one with; '' when unset. */
  defaultCountry: string;
  /** Minutes between auto refreshes of the expanded apps and the balance; 0 = off. */
  autoRefreshMinutes: number;
  /** Problems found while reading (shown once, in the log and a warning). */
  problems: string[];
}

/** Every default, once. package.json declares the same values (a unit test compares them). */
export const DEFAULTS = Object.freeze({
  baseUrl: DEFAULT_BASE_URL,
  timeoutSeconds: 15,
  expireTimeZone: '+08:00',
  pageSize: 50,
  expiringSoonHours: 24,
  searchConcurrency: 6,
  searchMatch: 'partial' as const,
  cacheSeconds: 60,
  retries: 2,
  loadAllMaxBindings: 50_000,
  lowBalance: 10,
  maskNumbers: false,
  copyFormat: 'digits' as const,
  defaultCountry: '',
  autoRefreshMinutes: 0,
});

type NumberKey = 'timeoutSeconds' | 'pageSize' | 'expiringSoonHours' | 'searchConcurrency' | 'cacheSeconds' | 'retries' | 'loadAllMaxBindings' | 'lowBalance' | 'autoRefreshMinutes';

/** The limits of the number settings, once (package.json's minimum/maximum match: tested). */
export const NUMBER_RULES: Readonly<Record<NumberKey, { min: number; max: number; integer: boolean }>> = Object.freeze({
  timeoutSeconds: { min: 1, max: 120, integer: false },
  pageSize: { min: 1, max: 100, integer: true },
  expiringSoonHours: { min: 0, max: 8760, integer: false },
  searchConcurrency: { min: 1, max: 16, integer: true },
  cacheSeconds: { min: 0, max: 3600, integer: false },
  retries: { min: 0, max: 5, integer: true },
  loadAllMaxBindings: { min: 100, max: 1_000_000, integer: true },
  lowBalance: { min: 0, max: 1_000_000_000, integer: false },
  // 0 = off; else every 1..1440 minutes (a day).
  autoRefreshMinutes: { min: 0, max: 1440, integer: true },
});

/** Reads one raw value (VS Code's `get`, or a plain object in tests); undefined when unset. */
export type RawSettings = (key: string) => unknown;

function numberSetting(key: NumberKey, raw: unknown, problems: string[]): number {
  const rule = NUMBER_RULES[key];
  const fallback = DEFAULTS[key];
  if (raw === undefined || raw === null) return fallback;
  const ok = typeof raw === 'number' && Number.isFinite(raw) && raw >= rule.min && raw <= rule.max && (!rule.integer || Number.isInteger(raw));
  if (ok) return raw;
  problems.push(rule.integer ? l10n.t('laafficPns.{0} must be a whole number {1}..{2}; using {3}.', key, rule.min, rule.max, fallback) : l10n.t('laafficPns.{0} must be {1}..{2}; using {3}.', key, rule.min, rule.max, fallback));
  return fallback;
}

function zoneMinutesOrNull(zone: string): number | null {
  try {
    return parseZoneOffset(zone);
  } catch {
    return null;
  }
}

/**
 * A list of apps (laafficPns.apps, or an account's own list): valid, distinct app ids with safe
 * labels; each entry left out is said in `problems`, naming `where`.
 */
export function parseAppList(rawApps: unknown, problems: string[], where = 'laafficPns.apps'): AppEntry[] {
  const apps: AppEntry[] = [];
  if (rawApps === undefined || rawApps === null) return apps;
  if (!Array.isArray(rawApps)) {
    problems.push(l10n.t('{0} must be a list of {1}.', where, '{ "appId": "…", "label": "…" }'));
    return apps;
  }
  const seen = new Set<string>();
  for (const a of rawApps) {
    const appId = typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { appId?: unknown }).appId : undefined;
    if (typeof appId !== 'string' || validateAppId(appId)) {
      problems.push(l10n.t('Ignored an entry of {0} without a valid appId: {1}', where, safeText(JSON.stringify(a), { max: 60 })));
      continue;
    }
    const id = appId.trim();
    if (seen.has(id)) continue;
    seen.add(id);
    // A label is shown in the tree, menus and notifications: one line, no link syntax.
    const rawLabel = a && typeof a === 'object' && typeof (a as { label?: unknown }).label === 'string' ? (a as { label: string }).label : '';
    const label = safeText(rawLabel, { max: 100, markup: 'links' });
    apps.push(label ? { appId: id, label } : { appId: id });
  }
  return apps;
}

/** Validates every setting; a bad value is reported in `problems` and its default used. */
export function parseSettings(get: RawSettings): Settings {
  const problems: string[] = [];
  const num = (key: NumberKey) => numberSetting(key, get(key), problems);

  const matchRaw = get('searchMatch');
  const searchMatch = matchRaw === 'exact' ? 'exact' : DEFAULTS.searchMatch;
  if (matchRaw !== undefined && matchRaw !== null && matchRaw !== 'exact' && matchRaw !== 'partial') {
    problems.push(l10n.t('laafficPns.searchMatch must be "partial" or "exact"; using "{0}".', DEFAULTS.searchMatch));
  }

  const maskRaw = get('maskNumbers');
  if (maskRaw !== undefined && maskRaw !== null && typeof maskRaw !== 'boolean') problems.push(l10n.t('laafficPns.maskNumbers must be true or false; using {0}.', DEFAULTS.maskNumbers));
  const copyRaw = get('copyFormat');
  const copyFormat = copyRaw === 'e164' ? 'e164' : DEFAULTS.copyFormat;
  if (copyRaw !== undefined && copyRaw !== null && copyRaw !== 'digits' && copyRaw !== 'e164') {
    problems.push(l10n.t('laafficPns.copyFormat must be "digits" or "e164"; using "{0}".', DEFAULTS.copyFormat));
  }

  const zoneRaw = get('expireTimeZone');
  const expireTimeZone = typeof zoneRaw === 'string' && zoneRaw.trim() !== '' ? zoneRaw.trim() : DEFAULTS.expireTimeZone;
  const expireZoneMinutes = zoneMinutesOrNull(expireTimeZone);
  if (expireZoneMinutes === null) {
    problems.push(l10n.t('laafficPns.expireTimeZone must be an offset such as +08:00, -05:30 or Z (got {0}); expiry times cannot be read until it is fixed.', safeText(expireTimeZone, { max: 20 })));
  }

  const countryRaw = get('defaultCountry');
  const defaultCountry = typeof countryRaw === 'string' && /^\+?[1-9]\d{0,2}$/.test(countryRaw.trim()) ? countryRaw.trim().replace('+', '') : '';
  if (countryRaw && !defaultCountry) problems.push(l10n.t('laafficPns.defaultCountry must be a calling code such as "91" or "+91"; it is ignored.'));

  const baseRaw = get('baseUrl');
  const baseUrl = typeof baseRaw === 'string' && baseRaw.trim() !== '' ? baseRaw.trim() : DEFAULTS.baseUrl;

  return {
    baseUrl,
    timeoutSeconds: num('timeoutSeconds'),
    expireTimeZone,
    expireZoneMinutes,
    pageSize: num('pageSize'),
    expiringSoonHours: num('expiringSoonHours'),
    apps: parseAppList(get('apps'), problems),
    searchConcurrency: num('searchConcurrency'),
    searchMatch,
    cacheSeconds: num('cacheSeconds'),
    retries: num('retries'),
    loadAllMaxBindings: num('loadAllMaxBindings'),
    lowBalance: num('lowBalance'),
    maskNumbers: typeof maskRaw === 'boolean' ? maskRaw : DEFAULTS.maskNumbers,
    copyFormat,
    defaultCountry,
    autoRefreshMinutes: num('autoRefreshMinutes'),
    problems,
  };
}
