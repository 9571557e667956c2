/**
 * number/queryPage (the account's middle numbers) and number/queryNumberPool (its number
 * pools), normalised; and discoverAppIds(), which reads every numbers page: the numbers list is
 * the only public place where app ids appear.
 */
import { safeText } from '../safe';
import { capDepth } from '../json';
import { type ListPage, count, digitsField, isPlainObject, normaliseListPage, parseExpireTime } from '../normalize';
import type { RequestOptions } from '../options';
import { compactKey, orderedPages, type FetchPage, type Page, type PageKey } from '../pages';
import type { Caller } from './caller';
import { appIdProblem, checkAppId, checkPaging, MAX_PAGE_SIZE } from './fields';
import { digitsOnly, type NumberState } from '../state';

export const QUERY_NUMBER_PAGE_PATH = 'number/queryPage';
export const QUERY_NUMBER_POOL_PATH = 'number/queryNumberPool';

export type { NumberState };

/** One middle number as the client hands it out. Numbers are always strings. */
export interface MiddleNumber {
  number: string;
  ccode: string;
  country: string;
  /** 3 in use, 4 expired, 5 disabled; 'unknown' for anything else. */
  state: NumberState;
  /** `type` as sent, made safe (MOBILE / FIXED; the sandbox writes lower case). */
  type: string;
  /** `dueDate` as epoch ms, or null when absent or unreadable (yyyy-MM-dd, text, seconds, ms). */
  dueDate: number | null;
  /** `dueDate` exactly as received, stringified ('' when absent). */
  dueDateText: string;
  /** The app the number belongs to ('' when absent); not validated here (see discoverAppIds). */
  appId: string;
  /** `autoRenew` 0/1 as a boolean, null when absent or anything else. */
  autoRenew: boolean | null;
  /** `remark`, made safe ('' when absent). */
  remark: string;
  raw: Readonly<Record<string, unknown>>;
}

export type NumberPage = ListPage<MiddleNumber>;

export interface NumberPageQuery {
  current: number;
  size: number;
  /** Only this app's numbers; all apps of the key when absent. */
  appId?: string;
}

/** A short one-line text for a field the vendor types as String (numbers accepted), else ''. */
export function textField(v: unknown, max = 100): string {
  if (typeof v === 'string') return safeText(v, { max });
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  return '';
}

const STATES: Readonly<Record<string, NumberState>> = { '3': 'in-use', '4': 'expired', '5': 'disabled' };

function flag(v: unknown): boolean | null {
  const s = typeof v === 'number' || typeof v === 'string' ? String(v).trim() : '';
  return s === '1' ? true : s === '0' ? false : null;
}

/** One raw numbers record -> MiddleNumber, or why it can't be used (no number). */
export function normaliseNumber(raw: unknown, zoneOffsetMinutes: number): MiddleNumber | string {
  if (!isPlainObject(raw)) return `a number record is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not an object`;
  const number = digitsField(raw.number);
  if (number === null || number === '') return 'a number record has no usable number';
  const state = count(raw.state);
  const d = raw.dueDate;
  return {
    number,
    ccode: digitsField(raw.ccode) ?? '',
    country: textField(raw.country, 60),
    state: (state !== null && STATES[String(state)]) || 'unknown',
    type: textField(raw.type, 30),
    dueDate: parseExpireTime(d, zoneOffsetMinutes),
    dueDateText: d === undefined || d === null ? '' : typeof d === 'string' ? d : typeof d === 'object' ? JSON.stringify(capDepth(d)) : String(d),
    appId: typeof raw.appId === 'string' ? raw.appId : typeof raw.appId === 'number' && Number.isSafeInteger(raw.appId) ? String(raw.appId) : '',
    autoRenew: flag(raw.autoRenew),
    remark: textField(raw.remark, 200),
    raw,
  };
}

function pageBody(current: number, size: number, appId: string | undefined) {
  const p = checkPaging(current, size);
  const params: { appId?: string } = {};
  if (appId !== undefined && appId !== null) params.appId = checkAppId(appId);
  return { current: p.current, size: p.size, params };
}

/** One page of middle numbers (`POST /number/queryPage`), normalised. Idempotent, so retried. */
export async function queryNumberPage(caller: Caller, query: NumberPageQuery, zoneOffsetMinutes: number, options: RequestOptions = {}): Promise<NumberPage> {
  const body = pageBody(query.current, query.size, query.appId);
  const env = await caller.call(QUERY_NUMBER_PAGE_PATH, body, { ...options, idempotent: true });
  const page = normaliseListPage(env.data, body, caller.host, 'number/queryPage', (r) => normaliseNumber(r, zoneOffsetMinutes));
  page.replyChars = env.replyChars;
  return page;
}

export interface NumberPool {
  poolNumber: string;
  /** `customerWhitelist` split at commas, trimmed, empties dropped, each made safe. */
  customerWhitelist: string[];
  /** Concurrent calls allowed (documented as a String, the example sends a number); null when unreadable. */
  maxConcurrency: number | null;
  /** The pool's middle numbers (unusable entries dropped). */
  numberList: string[];
  /** '' when absent (the vendor's table has no appId; the sandbox sends one). */
  appId: string;
  raw: Readonly<Record<string, unknown>>;
}

export type NumberPoolPage = ListPage<NumberPool>;

export interface NumberPoolQuery {
  /** Default 1. */
  current?: number;
  /** Default 100. */
  size?: number;
  appId?: string;
}

/** One raw pool record -> NumberPool, or why it can't be used (no poolNumber). */
export function normalisePool(raw: unknown): NumberPool | string {
  if (!isPlainObject(raw)) return `a pool record is ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}, not an object`;
  const poolNumber = digitsField(raw.poolNumber);
  if (poolNumber === null || poolNumber === '') return 'a pool record has no usable poolNumber';
  const wl = raw.customerWhitelist;
  const whitelist = (Array.isArray(wl) ? wl : typeof wl === 'string' ? wl.split(',') : [])
    .map((x) => textField(x, 60).trim())
    .filter((x) => x !== '');
  const list = Array.isArray(raw.numberList) ? raw.numberList : typeof raw.numberList === 'string' ? raw.numberList.split(',') : [];
  const numberList = list.map((n) => (typeof n === 'string' ? n.trim() : digitsField(n))).filter((n): n is string => n !== null && /^\d{1,20}$/.test(n));
  return {
    poolNumber,
    customerWhitelist: whitelist,
    maxConcurrency: count(raw.maxConcurrency),
    numberList,
    appId: typeof raw.appId === 'string' ? raw.appId : '',
    raw,
  };
}

/** One page of number pools (`POST /number/queryNumberPool`), normalised. Idempotent, so retried. */
export async function queryNumberPool(caller: Caller, query: NumberPoolQuery = {}, options: RequestOptions = {}): Promise<NumberPoolPage> {
  const body = pageBody(query.current ?? 1, query.size ?? MAX_PAGE_SIZE, query.appId);
  const env = await caller.call(QUERY_NUMBER_POOL_PATH, body, { ...options, idempotent: true });
  const page = normaliseListPage(env.data, body, caller.host, 'number/queryNumberPool', normalisePool);
  page.replyChars = env.replyChars;
  return page;
}

/** What discoverAppIds needs: PnsClient has it. */
export interface NumberPageSource {
  queryNumberPage(query: NumberPageQuery, options?: RequestOptions): Promise<NumberPage>;
}

export interface DiscoveredApp {
  appId: string;
  /** Middle numbers of the account listed under this app. */
  numbers: number;
}

export interface DiscoverAppsOptions {
  signal?: AbortSignal;
  /** Page size (default 100). */
  size?: number;
  /** Requests in flight at most (default 6). */
  concurrency?: number;
  maxAttemptsPerPage?: number;
  backoffMs?: { base: number; max: number };
}

export interface DiscoverAppsResult {
  /** Distinct valid app ids, most numbers first (then by id). */
  apps: DiscoveredApp[];
  /** Numbers read. */
  numbers: number;
  /** Numbers without an app id or with one that breaks the app id rule (not listed). */
  invalid: number;
  pages: number;
}

interface NumberPoolPageResult extends Page<MiddleNumber> {
  numberPage: NumberPage;
}

/** "Fetch page N" of the numbers (no retries of its own: the stream retries). */
export function numberPageFetcher(source: NumberPageSource, query: { size: number; appId?: string }): FetchPage<NumberPoolPageResult> {
  return (current, ctx) =>
    source.queryNumberPage({ current, size: query.size, appId: query.appId }, { signal: ctx.signal, retries: 0 }).then((p) => ({
      items: p.records,
      total: p.total,
      totalReported: p.totalReported,
      skipped: p.skipped,
      replyChars: p.replyChars,
      numberPage: p,
    }));
}

/** A number's de-duplication key: its app and number. */
function numberKey(n: MiddleNumber): PageKey {
  return n.appId === '' ? compactKey(n.number) : `${n.appId}\u0000${n.number}`;
}

/**
 * Every app id that has middle numbers, read from every page of `number/queryPage`. App ids
 * that break the app id rule are counted in `invalid`, never returned.
 */
export async function discoverAppIds(source: NumberPageSource, options: DiscoverAppsOptions = {}): Promise<DiscoverAppsResult> {
  const { size } = checkPaging(1, options.size ?? MAX_PAGE_SIZE);
  const counts = new Map<string, number>();
  let numbers = 0;
  let invalid = 0;
  const stream = orderedPages<MiddleNumber, NumberPoolPageResult>(numberPageFetcher(source, { size }), {
    pageSize: size,
    key: numberKey,
    concurrency: options.concurrency,
    maxAttempts: options.maxAttemptsPerPage,
    backoffMs: options.backoffMs,
    signal: options.signal,
    abortMessage: 'Looking for apps was cancelled.',
    noun: 'numbers',
  });
  for await (const { items } of stream) {
    for (const n of items) {
      numbers++;
      if (appIdProblem(n.appId) !== undefined) {
        invalid++;
        continue;
      }
      const id = n.appId.trim();
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  const apps = [...counts].map(([appId, k]) => ({ appId, numbers: k })).sort((a, b) => b.numbers - a.numbers || (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0));
  return { apps, numbers, invalid, pages: stream.stats.pages };
}

export interface AppOfNumberOptions {
  signal?: AbortSignal;
  /** Page size (default 100). */
  size?: number;
  /** Pages read at most (default 50: 5,000 numbers); past them the answer is undefined. */
  maxPages?: number;
}

/**
 * The app a middle number belongs to, read from `number/queryPage` one page at a time until the
 * number is found (the numbers list is the only public place where app ids appear; a binding
 * record of "All apps" does not name its app). undefined when the number is not listed within
 * `maxPages`, or its app id breaks the app id rule.
 */
export async function appOfNumber(source: NumberPageSource, number: string, options: AppOfNumberOptions = {}): Promise<string | undefined> {
  const digits = digitsOnly(number);
  if (digits === '') return undefined;
  const { size } = checkPaging(1, options.size ?? MAX_PAGE_SIZE);
  const maxPages = options.maxPages ?? 50;
  for (let current = 1; current <= maxPages; current++) {
    const page = await source.queryNumberPage({ current, size }, { signal: options.signal });
    const hit = page.records.find((n) => digitsOnly(n.number) === digits);
    if (hit) return appIdProblem(hit.appId) === undefined ? hit.appId.trim() : undefined;
    if (current >= page.pages || page.records.length === 0) return undefined;
  }
  return undefined;
}
