/** SandboxOptions: defaults and validation (a bad option throws before anything listens). */
import { splitUneven } from './data';
import { validateFaults } from './faults';
import { DEFAULT_CALLS_PER_BINDING, MAX_CALLS_PER_BINDING } from './records';
import { parseUtcOffset } from './time';
import type { FaultOptions, SandboxOptions } from './types';

export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  apiKey: 'sandbox-key',
  apiSecret: 'sandbox-secret',
  apps: 3,
  bindings: 2500,
  seed: 42,
  latencyMs: 0,
  expireFormat: 'text',
  expireTimeZone: '+08:00',
  timestampWindowSeconds: 300,
  clockSkewSeconds: 0,
  callsPerBinding: DEFAULT_CALLS_PER_BINDING,
} as const;

const MAX_APPS = 1000;
const MAX_BINDINGS = 1_000_000;
const MAX_HEAVY_CALLS = 1_000_000;

export interface ResolvedOptions {
  port: number;
  host: string;
  apiKey: string;
  apiSecret: string;
  /** serve GET /__sandbox/info */
  info: boolean;
  bindingsPerApp: number[];
  seed: number;
  latencyMs: number;
  expireFormat: 'text' | 'seconds';
  expireTimeZone: string;
  /** minutes east of UTC */
  expireOffsetMinutes: number;
  timestampWindowSeconds: number;
  clockSkewSeconds: number;
  echoSize: number | undefined;
  faults: FaultOptions | undefined;
  log: ((line: string) => void) | undefined;
  startTime: number | undefined;
  heavyCaller: { bindingIndex: number; calls: number } | undefined;
  callsPerBinding: number;
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function need(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(`sandbox: ${message}`);
}

export function checkLatency(ms: unknown): number {
  need(typeof ms === 'number' && ms >= 0 && ms <= 600_000, `latencyMs must be a number 0..600000 (got ${String(ms)})`);
  return ms as number;
}

export function checkClockSkew(s: unknown): number {
  need(typeof s === 'number' && Number.isFinite(s) && Math.abs(s) <= 10 * 365 * 86_400, `clockSkewSeconds must be a finite number of seconds (got ${String(s)})`);
  return s as number;
}

export function resolveOptions(o: SandboxOptions = {}): ResolvedOptions {
  const port = o.port ?? DEFAULTS.port;
  need(isInt(port, 0, 65535), `port must be an integer 0..65535 (got ${String(port)})`);
  const host = o.host ?? DEFAULTS.host;
  need(typeof host === 'string' && host.length > 0, 'host must be a non-empty string');
  const apiKey = o.apiKey ?? DEFAULTS.apiKey;
  const apiSecret = o.apiSecret ?? DEFAULTS.apiSecret;
  need(typeof apiKey === 'string' && apiKey.length > 0, 'apiKey must be a non-empty string');
  need(typeof apiSecret === 'string' && apiSecret.length > 0, 'apiSecret must be a non-empty string');
  const info = o.info ?? true;
  need(typeof info === 'boolean', `info must be true or false (got ${String(info)})`);

  let bindingsPerApp: number[];
  if (o.bindingsPerApp !== undefined) {
    need(
      Array.isArray(o.bindingsPerApp) && o.bindingsPerApp.length >= 1 && o.bindingsPerApp.length <= MAX_APPS &&
        o.bindingsPerApp.every((n) => isInt(n, 0, MAX_BINDINGS)),
      `bindingsPerApp must be 1..${MAX_APPS} non-negative integers`,
    );
    bindingsPerApp = [...o.bindingsPerApp];
  } else {
    const apps = o.apps ?? DEFAULTS.apps;
    const bindings = o.bindings ?? DEFAULTS.bindings;
    need(isInt(apps, 1, MAX_APPS), `apps must be an integer 1..${MAX_APPS} (got ${String(apps)})`);
    need(isInt(bindings, 0, MAX_BINDINGS), `bindings must be an integer 0..${MAX_BINDINGS} (got ${String(bindings)})`);
    bindingsPerApp = splitUneven(bindings, apps);
  }
  need(bindingsPerApp.reduce((a, b) => a + b, 0) <= MAX_BINDINGS, `at most ${MAX_BINDINGS} bindings in all`);

  const seed = o.seed ?? DEFAULTS.seed;
  need(Number.isSafeInteger(seed), `seed must be a safe integer (got ${String(seed)})`);
  const expireFormat = o.expireFormat ?? DEFAULTS.expireFormat;
  need(expireFormat === 'text' || expireFormat === 'seconds', `expireFormat must be 'text' or 'seconds' (got ${String(expireFormat)})`);
  const expireTimeZone = o.expireTimeZone ?? DEFAULTS.expireTimeZone;
  const expireOffsetMinutes = typeof expireTimeZone === 'string' ? parseUtcOffset(expireTimeZone) : undefined;
  need(expireOffsetMinutes !== undefined, `expireTimeZone must be an offset such as +08:00, -05:30 or Z (got ${String(expireTimeZone)})`);
  const window = o.timestampWindowSeconds ?? DEFAULTS.timestampWindowSeconds;
  need(typeof window === 'number' && window >= 0 && Number.isFinite(window), `timestampWindowSeconds must be a number >= 0 (got ${String(window)})`);
  need(o.echoSize === undefined || isInt(o.echoSize, 0, 1_000_000), `echoSize must be an integer >= 0 (got ${String(o.echoSize)})`);
  need(o.log === undefined || typeof o.log === 'function', 'log must be a function');
  need(o.startTime === undefined || (typeof o.startTime === 'number' && Number.isFinite(o.startTime)), 'startTime must be epoch milliseconds');

  const heavy = o.heavyCaller;
  const totalBindings = bindingsPerApp.reduce((a, b) => a + b, 0);
  need(
    heavy === undefined ||
      (typeof heavy === 'object' && heavy !== null && isInt(heavy.bindingIndex, 0, totalBindings - 1) && isInt(heavy.calls, 1, MAX_HEAVY_CALLS)),
    `heavyCaller must be { bindingIndex: 0..${totalBindings - 1}, calls: 1..${MAX_HEAVY_CALLS} }`,
  );

  const callsPerBinding = o.callsPerBinding ?? DEFAULTS.callsPerBinding;
  need(
    typeof callsPerBinding === 'number' && callsPerBinding >= 0 && callsPerBinding <= MAX_CALLS_PER_BINDING,
    `callsPerBinding must be a number 0..${MAX_CALLS_PER_BINDING} (got ${String(callsPerBinding)})`,
  );

  let faults: FaultOptions | undefined;
  try {
    faults = validateFaults(o.faults);
  } catch (e) {
    throw new RangeError(`sandbox: ${(e as Error).message}`, { cause: e });
  }

  return {
    port,
    host,
    apiKey,
    apiSecret,
    info,
    bindingsPerApp,
    seed,
    latencyMs: checkLatency(o.latencyMs ?? DEFAULTS.latencyMs),
    expireFormat,
    expireTimeZone,
    expireOffsetMinutes: expireOffsetMinutes as number,
    timestampWindowSeconds: window,
    clockSkewSeconds: checkClockSkew(o.clockSkewSeconds ?? DEFAULTS.clockSkewSeconds),
    echoSize: o.echoSize,
    faults,
    log: o.log,
    startTime: o.startTime,
    heavyCaller: heavy && { bindingIndex: heavy.bindingIndex, calls: heavy.calls },
    callsPerBinding,
  };
}
