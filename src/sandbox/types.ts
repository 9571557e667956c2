/** The sandbox's public types (main.ts re-exports them). */
/** What an injected fault does to one answer; see README.md for the details. */
export type FaultKind =
  | 'status-18'
  | 'status-15'
  | 'http-500'
  | 'http-502-html'
  | 'http-503'
  | 'http-429'
  | 'malformed-json'
  | 'empty-body'
  | 'drop'
  | 'hang';

export interface FaultOptions {
  /** Fraction 0..1 of eligible requests that get a fault (drawn from a seeded PRNG). */
  rate: number;
  /** The kinds to choose from (uniformly); at least one. */
  kinds: FaultKind[];
  /** Endpoint paths eligible for faults, with or without the '/v3' prefix. Default: every path. */
  paths?: string[];
}

export interface SandboxOptions {
  /** Default 0 = a free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'sandbox-key'. */
  apiKey?: string;
  /** Default 'sandbox-secret'. */
  apiSecret?: string;
  /** Default true: GET /__sandbox/info hands the key, secret and app ids to loopback callers (Try the Local Sandbox). */
  info?: boolean;
  /** Default 3. */
  apps?: number;
  /** Default 2500, spread unevenly over the apps (about 60/27/13 % for three apps). */
  bindings?: number;
  /** Overrides apps/bindings: the exact number of bindings per app (e.g. [10000] for a benchmark). */
  bindingsPerApp?: number[];
  /** Default 42; the same seed (and startTime) gives byte-identical data. */
  seed?: number;
  /** Default 0; added before every answer. */
  latencyMs?: number;
  /** Default 'text' = "yyyy-MM-dd HH:mm:ss" (vendor example); 'seconds' = 10-digit unix seconds as a string. */
  expireFormat?: 'text' | 'seconds';
  /** Default '+08:00': the UTC offset the text form is written in ('Z', 'UTC', '+08:00', '-0530'). */
  expireTimeZone?: string;
  /** Default 300: the accepted |sandbox clock - Timestamp| in seconds. */
  timestampWindowSeconds?: number;
  /** Default 0: the sandbox's clock runs this far off real time (its Date header too). */
  clockSkewSeconds?: number;
  /** If set, data.size echoes this instead of the request's size (the vendor example echoes 20 for 10). */
  echoSize?: number;
  faults?: FaultOptions;
  /** Optional request log sink: one line per request (the Sign header is never logged). */
  log?: (line: string) => void;
  /** Epoch ms the generated expiry times are relative to; default the (skewed) clock at start. Pin it for byte-identical runs. */
  startTime?: number;
  /**
   * For benchmarks: the binding at `bindingIndex` of the start-up order of all apps makes `calls`
   * calls (1..1,000,000) within the 30 days before startTime, instead of 0..5 over 60 days.
   */
  heavyCaller?: { bindingIndex: number; calls: number };
  /**
   * Default 1.9: the mean number of calls a generated binding makes over the 60 days of call
   * records (about half of them in the last 30 days); 0..20. For benchmarks: 0.6 with a million
   * bindings gives about 300,000 calls in 30 days.
   */
  callsPerBinding?: number;
}

/** A /number/record/queryPage record exactly as served (field order too; see README.md). */
export interface SandboxCallRecord {
  callid: string;
  /** the middle number the caller dialled */
  number: string;
  type: string;
  caller: string;
  /** '' when the middle number was not bound (hangupReason 'Number not bound') */
  called: string;
  ccode: string;
  country: string;
  /** 3 when phone A called, 2 when phone B called */
  callSource: number;
  callDuration: number;
  chargedDuration: number;
  /** epoch seconds, a string */
  startTime: string;
  /** epoch seconds, a string */
  endTime: string;
  pay: number;
  /** a string, about 10 % a JSON number */
  sipCode: string | number;
  recordingFileUrl: string;
  hangupReason: string;
  appId: string;
  chargedPeriod: string;
  customerRate: string;
  currency: string;
}

export interface SandboxBinding {
  appId: string;
  bindId: string;
  phoneA: string;
  phoneB: string;
  pnsNumberA: string;
  pnsNumberB: string;
  /** epoch ms */
  expiresAt: number;
}

export interface SandboxRequest {
  method: string;
  path: string;
  /** The vendor status (a string) of an envelope answer, otherwise the HTTP code; 0 when no complete answer was sent (drop, hang). */
  status: string | number;
  fault?: FaultKind;
  /** epoch ms (real clock) when the request arrived */
  at: number;
}

export interface Sandbox {
  /** 'http://127.0.0.1:41234/v3' */
  url: string;
  host: string;
  port: number;
  apiKey: string;
  apiSecret: string;
  appIds: string[];
  /** Log of every request (the last 20,000). */
  requests: SandboxRequest[];
  /** Total number of requests, never capped. */
  readonly requestCount: number;
  /** Injected faults per kind since start, never capped. */
  readonly faultCounts: Record<FaultKind, number>;
  /** The current truth in queryBindPage's order (bindId descending), or positions start..end-1 of it; computed on demand. */
  bindings(appId?: string, start?: number, end?: number): SandboxBinding[];
  /** How many bindings `bindings(appId)` would return (what queryBindPage answers as total). */
  bindingCount(appId?: string): number;
  /** The call records queryPage serves now for [fromMs, toMs] (no 31-day limit here), newest first, or start..end-1 of them. */
  callRecords(fromMs: number, toMs: number, start?: number, end?: number): SandboxCallRecord[];
  /** How many records `callRecords(fromMs, toMs)` would return (queryPage's total). */
  callRecordCount(fromMs: number, toMs: number): number;
  /** Removes a binding from whichever app holds it; false if there is none. */
  unbind(bindId: string): boolean;
  setFaults(f: FaultOptions | undefined): void;
  setLatency(ms: number): void;
  setClockSkew(seconds: number): void;
  /** Closes the server and destroys open sockets (keep-alive, hung requests). */
  close(): Promise<void>;
}
