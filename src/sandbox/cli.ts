/** The sandbox's command line: `node dist/sandbox.js [flags]` / `npm run sandbox -- [flags]`. */
import { parseArgs } from 'node:util';
import { FAULT_KINDS } from './faults';
import { DEFAULT_CALLS_PER_BINDING, MAX_CALLS_PER_BINDING } from './records';
import { startSandbox } from './server';
import type { FaultKind, FaultOptions, Sandbox, SandboxOptions } from './types';

const NAME = 'laaffic-sandbox';
export const CLI_DEFAULT_PORT = 8787;
/** --faults without --fault-rate */
const DEFAULT_FAULT_RATE = 0.1;
/** --fault-rate without --faults: every kind but 'hang' (which stalls a client until its timeout) */
const DEFAULT_FAULT_KINDS: FaultKind[] = FAULT_KINDS.filter((k) => k !== 'hang');

/** Short spellings accepted by --faults, besides the full kind names. */
const FAULT_ALIASES: Record<string, FaultKind> = {
  '-18': 'status-18',
  '18': 'status-18',
  '-15': 'status-15',
  '15': 'status-15',
  '500': 'http-500',
  '502': 'http-502-html',
  '503': 'http-503',
  '429': 'http-429',
  malformed: 'malformed-json',
  empty: 'empty-body',
};

export const HELP = `Usage: node dist/sandbox.js [flags]    (or: npm run sandbox -- [flags])

A local, signature-checking simulator of the Laaffic PNS API (endpoints under /v3).

  --port N               port to listen on (default ${CLI_DEFAULT_PORT}; 0 = any free port)
  --host H               address to bind (default 127.0.0.1)
  --api-key K            the Api-Key it accepts (default sandbox-key)
  --api-secret S         the secret Sign is checked with (default sandbox-secret)
  --apps N               number of apps (default 3)
  --bindings N           bindings spread unevenly over the apps (default 2500; at most
                         1000000 in all, generated on demand page by page)
  --bindings-per-app L   exact counts per app, e.g. 1000000 or 50,20,5 (overrides --apps/--bindings)
  --seed N               data seed (default 42)
  --latency-ms N         delay before every answer (default 0)
  --expire-format F      text ("yyyy-MM-dd HH:mm:ss", default) or seconds (10-digit unix seconds)
  --expire-tz Z          offset the text form is written in (default +08:00)
  --timestamp-window N   accepted clock difference in seconds (default 300)
  --clock-skew N         run the sandbox clock N seconds off real time (negative: --clock-skew=-90)
  --echo-size N          echo this as data.size instead of the request's size
  --heavy-caller I:N     call records: the binding at position I (0 = first) of queryBindPage
                         makes N calls in the last 30 days, e.g. 0:10000 (for benchmarks)
  --calls-per-binding M  call records: mean calls of a binding over the 60 days kept, about
                         half in the last 30 (default ${DEFAULT_CALLS_PER_BINDING}; 0..${MAX_CALLS_PER_BINDING}); e.g. 0.6 with
                         1000000 bindings gives ~300000 calls in 30 days (for benchmarks)
  --fault-rate R         fraction 0..1 of requests that get a fault (default ${DEFAULT_FAULT_RATE} when --faults is given)
  --faults LIST          comma-separated kinds: -18,-15,500,502,503,429,malformed,empty,drop,hang
                         or full names (status-18, http-502-html, ...) or all; with a leading
                         dash write --faults=-18,-15 (default with --fault-rate: all but hang)
  --fault-paths LIST     only these endpoints get faults, e.g. /number/pns/queryBindPage
  --quiet                do not log requests
  -h, --help             show this help
`;

export class CliUsageError extends Error {}

export interface CliConfig {
  options: SandboxOptions;
  quiet: boolean;
  help: boolean;
}

function int(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliUsageError(`--${flag} must be an integer ${min}..${max} (got "${value}")`);
  }
  return n;
}

function num(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new CliUsageError(`--${flag} must be a number ${min}..${max} (got "${value}")`);
  }
  return n;
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Parses --faults' list into kinds (aliases, full names or 'all'). */
export function parseFaultKinds(value: string): FaultKind[] {
  const kinds: FaultKind[] = [];
  const items = list(value);
  if (items.length === 0) throw new CliUsageError(`--faults needs at least one kind (got "${value}")`);
  for (const item of items) {
    const lower = item.toLowerCase();
    if (lower === 'all') {
      kinds.push(...FAULT_KINDS);
      continue;
    }
    const kind = FAULT_ALIASES[lower] ?? (FAULT_KINDS as readonly string[]).find((k) => k === lower);
    if (!kind) throw new CliUsageError(`--faults: unknown kind "${item}" (use -18,-15,500,502,503,429,malformed,empty,drop,hang)`);
    kinds.push(kind as FaultKind);
  }
  return [...new Set(kinds)];
}

/** Parses argv (without node and the script) into sandbox options; throws CliUsageError on a bad flag. */
export function parseCli(argv: string[]): CliConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        apps: { type: 'string' },
        bindings: { type: 'string' },
        'bindings-per-app': { type: 'string' },
        seed: { type: 'string' },
        'latency-ms': { type: 'string' },
        'expire-format': { type: 'string' },
        'expire-tz': { type: 'string' },
        'timestamp-window': { type: 'string' },
        'clock-skew': { type: 'string' },
        'echo-size': { type: 'string' },
        'heavy-caller': { type: 'string' },
        'calls-per-binding': { type: 'string' },
        'fault-rate': { type: 'string' },
        faults: { type: 'string' },
        'fault-paths': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    // parseArgs' messages can span lines; keep the error on one.
    throw new CliUsageError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }

  const o: SandboxOptions = { port: int('port', values.port, 0, 65535) ?? CLI_DEFAULT_PORT };
  for (const [flag, key] of [['host', 'host'], ['api-key', 'apiKey'], ['api-secret', 'apiSecret']] as const) {
    const v = values[flag];
    if (v === undefined) continue;
    if (v.trim() === '') throw new CliUsageError(`--${flag} must not be empty`);
    o[key] = v;
  }
  o.apps = int('apps', values.apps, 1, 1000);
  o.bindings = int('bindings', values.bindings, 0, 1_000_000);
  if (values['bindings-per-app'] !== undefined) {
    const items = list(values['bindings-per-app']);
    if (items.length === 0) throw new CliUsageError(`--bindings-per-app needs a comma-separated list of counts`);
    o.bindingsPerApp = items.map((s) => int('bindings-per-app', s, 0, 1_000_000)!);
  }
  o.seed = int('seed', values.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  o.latencyMs = num('latency-ms', values['latency-ms'], 0, 600_000);
  const format = values['expire-format'];
  if (format !== undefined && format !== 'text' && format !== 'seconds') {
    throw new CliUsageError(`--expire-format must be text or seconds (got "${format}")`);
  }
  o.expireFormat = format;
  const tz = values['expire-tz'];
  if (tz !== undefined && !/^(Z|UTC|[+-]\d{2}:?\d{2})$/i.test(tz.trim())) {
    throw new CliUsageError(`--expire-tz must be an offset such as +08:00, -05:30 or Z (got "${tz}")`);
  }
  o.expireTimeZone = tz?.trim();
  o.timestampWindowSeconds = num('timestamp-window', values['timestamp-window'], 0, 10 * 365 * 86_400);
  o.clockSkewSeconds = num('clock-skew', values['clock-skew'], -10 * 365 * 86_400, 10 * 365 * 86_400);
  o.echoSize = int('echo-size', values['echo-size'], 0, 1_000_000);
  const heavy = values['heavy-caller'];
  if (heavy !== undefined) {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(heavy);
    if (!m) throw new CliUsageError(`--heavy-caller must be INDEX:CALLS, e.g. 0:10000 (got "${heavy}")`);
    o.heavyCaller = { bindingIndex: int('heavy-caller', m[1], 0, 999_999)!, calls: int('heavy-caller', m[2], 1, 1_000_000)! };
  }

  o.callsPerBinding = num('calls-per-binding', values['calls-per-binding'], 0, MAX_CALLS_PER_BINDING);

  const rate = num('fault-rate', values['fault-rate'], 0, 1);
  const kinds = values.faults === undefined ? undefined : parseFaultKinds(values.faults);
  if (rate !== undefined || kinds !== undefined) {
    const faults: FaultOptions = { rate: rate ?? DEFAULT_FAULT_RATE, kinds: kinds ?? DEFAULT_FAULT_KINDS };
    if (values['fault-paths'] !== undefined) faults.paths = list(values['fault-paths']);
    o.faults = faults;
  } else if (values['fault-paths'] !== undefined) {
    throw new CliUsageError('--fault-paths needs --faults or --fault-rate');
  }

  // Drop the options that were not given, so startSandbox applies its defaults.
  for (const k of Object.keys(o) as (keyof SandboxOptions)[]) if (o[k] === undefined) delete o[k];
  return { options: o, quiet: values.quiet === true, help: values.help === true };
}

/** What the CLI prints once listening. The key and secret are the sandbox's own fake credentials. */
export function banner(sb: Sandbox, options: SandboxOptions): string {
  const lines = [
    `Laaffic PNS sandbox listening on ${sb.url}` + (sb.host === '0.0.0.0' || sb.host === '::' ? ` (bound to ${sb.host}: reachable from other machines)` : ''),
    `  Api-Key:    ${sb.apiKey}`,
    `  Api-Secret: ${sb.apiSecret}`,
    `  Seed ${options.seed ?? 42}; expireTime as ${options.expireFormat ?? 'text'}` +
      (options.expireFormat === 'seconds' ? '' : ` (${options.expireTimeZone ?? '+08:00'})`) +
      (options.clockSkewSeconds ? `; clock skew ${options.clockSkewSeconds} s` : '') +
      (options.latencyMs ? `; latency ${options.latencyMs} ms` : '') +
      (options.callsPerBinding !== undefined ? `; ${options.callsPerBinding} calls per binding` : '') +
      (options.heavyCaller ? `; heavy caller #${options.heavyCaller.bindingIndex} with ${options.heavyCaller.calls} calls` : '') +
      (options.faults ? `; faults ${options.faults.kinds.join(',')} at rate ${options.faults.rate}` : ''),
    '  Apps:',
    ...sb.appIds.map((id) => `    ${id}  ${sb.bindingCount(id)} bindings`),
    `  Connect the extension: set "laafficPns.baseUrl" to "${sb.url}"`,
    '  and enter the Api-Key and Api-Secret above. Ctrl+C stops the sandbox.',
  ];
  return lines.join('\n');
}

/** Runs the CLI; sets process.exitCode (2 for a bad flag, 1 when the server cannot start). */
export async function runCli(argv: string[]): Promise<void> {
  let config: CliConfig;
  try {
    config = parseCli(argv);
  } catch (e) {
    if (!(e instanceof CliUsageError)) throw e;
    console.error(`${NAME}: ${e.message} (see --help)`);
    process.exitCode = 2;
    return;
  }
  if (config.help) {
    process.stdout.write(HELP);
    return;
  }

  let sb: Sandbox;
  try {
    sb = await startSandbox({ ...config.options, log: config.quiet ? undefined : (line) => console.log(line) });
  } catch (e) {
    const hint = (e as NodeJS.ErrnoException).code === 'EADDRINUSE' ? ' (pick another --port, or --port 0 for a free one)' : '';
    console.error(`${NAME}: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}${hint}`);
    process.exitCode = e instanceof RangeError ? 2 : 1;
    return;
  }
  console.log(banner(sb, config.options));

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130); // a second Ctrl+C: do not wait
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    void sb.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
