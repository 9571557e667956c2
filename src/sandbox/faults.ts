/** Fault injection: which requests get a fault (a seeded draw) and what each kind sends. */
import { Random } from './prng';
import type { FaultKind, FaultOptions } from './types';

export const FAULT_KINDS: readonly FaultKind[] = [
  'status-18',
  'status-15',
  'http-500',
  'http-502-html',
  'http-503',
  'http-429',
  'malformed-json',
  'empty-body',
  'drop',
  'hang',
];

/**
 * Kinds whose request is still carried out (a bind really binds) before the answer is spoiled:
 * the client cannot tell whether it happened. The other kinds reject the request untouched.
 */
const AFTER_EFFECT: ReadonlySet<FaultKind> = new Set<FaultKind>(['malformed-json', 'empty-body', 'drop']);

export function faultKeepsEffect(kind: FaultKind): boolean {
  return AFTER_EFFECT.has(kind);
}

export function endpointPath(path: string): string {
  return path.startsWith('/v3/') ? path.slice(3) : path;
}

/** Throws (RangeError / TypeError) on invalid fault options; returns a normalised copy. */
export function validateFaults(f: FaultOptions | undefined): FaultOptions | undefined {
  if (f === undefined) return undefined;
  if (typeof f !== 'object' || f === null) throw new TypeError('faults must be an object');
  if (typeof f.rate !== 'number' || !(f.rate >= 0 && f.rate <= 1)) {
    throw new RangeError(`faults.rate must be a number 0..1 (got ${String(f.rate)})`);
  }
  if (!Array.isArray(f.kinds) || f.kinds.length === 0) throw new RangeError('faults.kinds must list at least one kind');
  for (const k of f.kinds) {
    if (!FAULT_KINDS.includes(k)) throw new RangeError(`unknown fault kind "${String(k)}" (known: ${FAULT_KINDS.join(', ')})`);
  }
  if (f.paths !== undefined && (!Array.isArray(f.paths) || f.paths.some((p) => typeof p !== 'string'))) {
    throw new TypeError('faults.paths must be an array of strings');
  }
  return { rate: f.rate, kinds: [...f.kinds], paths: f.paths?.map(endpointPath) };
}

export class FaultInjector {
  private options: FaultOptions | undefined;
  private readonly random: Random;

  constructor(seed: number, options: FaultOptions | undefined) {
    this.random = new Random(seed, 3);
    this.set(options);
  }

  set(options: FaultOptions | undefined): void {
    this.options = validateFaults(options);
  }

  /** The fault for a request to `path` (with or without '/v3'), or undefined. */
  pick(path: string): FaultKind | undefined {
    const o = this.options;
    if (!o || o.rate <= 0) return undefined;
    if (o.paths && !o.paths.includes(endpointPath(path))) return undefined;
    if (this.random.float() >= o.rate) return undefined;
    return this.random.pick(o.kinds);
  }
}

export interface HttpFault {
  code: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** The answer of the kinds that replace the whole reply with a non-envelope HTTP error. */
export function httpFault(kind: FaultKind): HttpFault | undefined {
  switch (kind) {
    case 'http-500':
      return { code: 500, contentType: 'text/plain; charset=utf-8', body: 'Internal Server Error' };
    case 'http-503':
      return { code: 503, contentType: 'text/plain; charset=utf-8', body: 'Service Unavailable', headers: { 'Retry-After': '1' } };
    case 'http-429':
      return { code: 429, contentType: 'text/plain; charset=utf-8', body: 'Too Many Requests', headers: { 'Retry-After': '1' } };
    case 'http-502-html':
      return {
        code: 502,
        contentType: 'text/html',
        body:
          '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
          '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
        headers: { Server: 'nginx' },
      };
    default:
      return undefined;
  }
}

/** The vendor status of the kinds that answer with an error envelope. */
export function statusFault(kind: FaultKind): { status: string; reason: string } | undefined {
  if (kind === 'status-18') return { status: '-18', reason: 'System anomalies' };
  if (kind === 'status-15') return { status: '-15', reason: 'Queried too frequently' };
  return undefined;
}
