/** The simulated endpoints: a parsed JSON body in, its validation (-22) and envelope out (HTTP, signing and faults: routes.ts). */
import type { SandboxData, StoredBinding } from './data';
import { DAY_S } from './model';
import { MAX_WINDOW_DAYS, servedWindow } from './records';
import { parseIsoWithOffset } from './time';

/** What page() needs: an array, or a list computed on demand (SandboxData.list). */
interface Sliceable<T> {
  readonly length: number;
  slice(start: number, end: number): T[];
}

/** The vendor's envelope. `top` holds extra top-level fields (getBalance has no `data`). */
export interface Envelope {
  status: string;
  reason: string;
  data?: unknown;
  top?: Record<string, string>;
}

export interface EndpointContext {
  data: SandboxData;
  /** the sandbox's (possibly skewed) clock, epoch ms */
  now(): number;
  /** expireTime / dueDate as the sandbox is configured to write them */
  formatTime(ms: number): string;
  echoSize: number | undefined;
}

/** Marks a POST body that is not valid JSON (distinct from any JSON value). */
export const INVALID_JSON: unique symbol = Symbol('invalid JSON');
export type Body = unknown;

export interface Endpoint {
  methods: readonly string[];
  run(ctx: EndpointContext, body: Body): Envelope;
}

const JAVA_INT_MAX = 2_147_483_647;

export function ok(data: unknown): Envelope {
  return { status: '0', reason: 'success', data };
}

export function fail(status: string, reason: string): Envelope {
  return { status, reason, data: null };
}

/** Thrown by the validators below; turned into its envelope by `guarded`. */
class Rejection {
  constructor(readonly envelope: Envelope) {}
}

function badParam(detail: string): never {
  throw new Rejection(fail('-22', `Parameter exception: ${detail}`));
}

/** Runs an endpoint, answering a validator's rejection with its envelope. */
function guarded(run: (ctx: EndpointContext, body: Body) => Envelope): Endpoint['run'] {
  return (ctx, body) => {
    try {
      return run(ctx, body);
    } catch (e) {
      if (e instanceof Rejection) return e.envelope;
      throw e;
    }
  };
}

/** The envelope as the vendor writes it: status, reason, then data (or the top-level fields). */
export function serialize(e: Envelope): string {
  return JSON.stringify(e.top ? { status: e.status, reason: e.reason, ...e.top } : { status: e.status, reason: e.reason, data: e.data ?? null });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function isPhone(v: unknown): v is string {
  return typeof v === 'string' && /^\d{6,15}$/.test(v);
}

/** The body must be a JSON object. */
function objectBody(body: Body): Record<string, unknown> {
  if (body === INVALID_JSON) return badParam('body is not valid JSON');
  if (!isObject(body)) return badParam('body must be a JSON object');
  return body;
}

interface Paging {
  current: number;
  size: number;
  /** undefined = every app */
  appId: string | undefined;
}

/** `{ current, size, params: { appId? } }` as every paged endpoint takes it. */
function readPaging(body: Body): Paging {
  const b = objectBody(body);
  if (!isInt(b.current, 1, JAVA_INT_MAX)) return badParam('current must be an integer >= 1');
  if (!isInt(b.size, 1, 100)) return badParam('size must be an integer 1..100');
  if (!isObject(b.params)) return badParam('params must be a JSON object');
  const appId = b.params.appId;
  if (appId !== undefined && appId !== null && typeof appId !== 'string') return badParam('params.appId must be a string');
  // An empty appId is treated as absent (every app).
  return { current: b.current, size: b.size, appId: appId || undefined };
}

/** MyBatis-Plus style page: pages = ceil(total / size) (0 when empty); past the end = no records. */
function page<T, R>(ctx: EndpointContext, items: Sliceable<T>, p: Paging, map: (item: T) => R): Envelope {
  const total = items.length;
  const start = (p.current - 1) * p.size;
  const records = start < total ? items.slice(start, start + p.size).map(map) : [];
  return ok({
    total,
    size: ctx.echoSize ?? p.size,
    current: p.current,
    pages: Math.ceil(total / p.size),
    records,
  });
}

/** One queryBindPage record: bindId as a JSON number, pnsNumberB sometimes a number too (vendor quirks). */
function bindRecord(ctx: EndpointContext, b: StoredBinding): Record<string, unknown> {
  return {
    bindId: Number(b.bindId),
    phoneA: b.phoneA,
    phoneB: b.phoneB,
    pnsNumberA: b.pnsNumberA,
    pnsNumberB: b.numericB ? Number(b.pnsNumberB) : b.pnsNumberB,
    expireTime: ctx.formatTime(b.expiresAt),
  };
}

function queryBindPage(ctx: EndpointContext, body: Body): Envelope {
  const p = readPaging(body);
  return page(ctx, ctx.data.list(p.appId), p, (b) => bindRecord(ctx, b));
}

function queryNumberPage(ctx: EndpointContext, body: Body): Envelope {
  const p = readPaging(body);
  return page(ctx, ctx.data.numbers(p.appId), p, ({ app, n }) => ({
    number: n.number,
    ccode: app.country.ccode,
    country: app.country.iso,
    dueDate: ctx.formatTime(n.dueAt),
    state: n.state,
    type: 'mobile',
    appId: app.appId,
    autoRenew: n.autoRenew ? 1 : 0,
  }));
}

function queryNumberPool(ctx: EndpointContext, body: Body): Envelope {
  const p = readPaging(body);
  const apps = ctx.data.apps.filter((a) => p.appId === undefined || a.appId === p.appId);
  return page(ctx, apps, p, (app) => ({
    poolNumber: app.poolId,
    customerWhitelist: '',
    maxConcurrency: 10,
    numberList: app.numbers.map((n) => n.number),
    appId: app.appId,
  }));
}

const ISO_EXAMPLE = 'ISO 8601 with an offset, e.g. 2022-01-31T00:00:00+08:00';

/** params.strTime / params.endTime as epoch ms. */
function readWindowTime(params: Record<string, unknown>, name: 'strTime' | 'endTime'): number {
  const v = params[name];
  if (v === undefined || v === null || v === '') return badParam(`params.${name} is required (${ISO_EXAMPLE})`);
  const ms = typeof v === 'string' ? parseIsoWithOffset(v) : undefined;
  return ms ?? badParam(`params.${name} must be ${ISO_EXAMPLE}`);
}

/**
 * Call records whose startTime lies in [strTime, endTime] (both inclusive, whole seconds),
 * newest first. -22 for a missing or unparsable time or an end before the start, -25 for a
 * window over 31 days. params.appId is accepted and ignored: the vendor documents no filter.
 */
function queryRecordPage(ctx: EndpointContext, body: Body): Envelope {
  const p = readPaging(body);
  const params = (body as { params: Record<string, unknown> }).params;
  const from = readWindowTime(params, 'strTime');
  const to = readWindowTime(params, 'endTime');
  if (to < from) return badParam('params.endTime is before params.strTime');
  if (to - from > MAX_WINDOW_DAYS * DAY_S * 1000) return fail('-25', `Out of time limit: at most ${MAX_WINDOW_DAYS} days between strTime and endTime`);
  return page(ctx, servedWindow(ctx.data.calls, ctx.now(), from, to), p, (r) => r);
}

function bind(ctx: EndpointContext, body: Body): Envelope {
  const b = objectBody(body);
  if (!isPhone(b.phoneA)) return badParam('phoneA must be a string of 6..15 digits');
  if (!isPhone(b.phoneB)) return badParam('phoneB must be a string of 6..15 digits');
  if (b.phoneA === b.phoneB) return badParam('phoneA and phoneB must differ');
  if (!isInt(b.expireS, 1, 259_200)) return badParam('expireS must be an integer 1..259200');
  if (typeof b.appId !== 'string' || b.appId === '') return badParam('appId is required');
  if (b.bizType !== 1 && b.bizType !== 2) return badParam('bizType must be 1 (AXB) or 2 (AXXB)');
  const poolNumber = b.poolNumber === null || b.poolNumber === '' ? undefined : b.poolNumber;
  if (poolNumber !== undefined && typeof poolNumber !== 'string') return badParam('poolNumber must be a string');
  const r = ctx.data.bind(
    { appId: b.appId, phoneA: b.phoneA, phoneB: b.phoneB, bizType: b.bizType, expireS: b.expireS, poolNumber },
    ctx.now(),
  );
  if (!r.ok) return fail(r.status, r.reason);
  return ok({ pnsNumberA: r.binding.pnsNumberA, pnsNumberB: r.binding.pnsNumberB, bindId: r.binding.bindId });
}

function unbind(ctx: EndpointContext, body: Body): Envelope {
  const b = objectBody(body);
  // The vendor sends bindId as a string; a JSON number is tolerated.
  const bindId = typeof b.bindId === 'number' && Number.isSafeInteger(b.bindId) ? String(b.bindId) : b.bindId;
  if (typeof bindId !== 'string' || !/^\d{1,19}$/.test(bindId)) return badParam('bindId must be a string of digits');
  if (typeof b.appId !== 'string' || b.appId === '') return badParam('appId is required');
  if (!ctx.data.unbind(bindId, b.appId)) return fail('-24', 'Data does not exist');
  return ok(null);
}

function getBalance(ctx: EndpointContext): Envelope {
  return { status: '0', reason: 'success', top: { ...ctx.data.balance } };
}

/** Endpoints by path below /v3. getBalance accepts GET and POST (the vendor's pages disagree). */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map<string, Endpoint>([
  ['/number/pns/queryBindPage', { methods: ['POST'], run: guarded(queryBindPage) }],
  ['/number/pns/bind', { methods: ['POST'], run: guarded(bind) }],
  ['/number/pns/unbind', { methods: ['POST'], run: guarded(unbind) }],
  ['/number/queryPage', { methods: ['POST'], run: guarded(queryNumberPage) }],
  ['/number/queryNumberPool', { methods: ['POST'], run: guarded(queryNumberPool) }],
  ['/number/record/queryPage', { methods: ['POST'], run: guarded(queryRecordPage) }],
  ['/getBalance', { methods: ['GET', 'POST'], run: getBalance }],
]);
