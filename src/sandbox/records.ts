/**
 * Call records (POST /number/record/queryPage), derived from the seeded bindings: every field is
 * a hash of (seed, the binding's generation index, call number, field), never a draw from the
 * data stream, so the calls change no binding, number or balance. The first query builds a
 * compact index (4 bytes a binding and a call); a day's calls are sorted when a query first
 * reaches it, and a record regenerates only its binding's phones and middle numbers.
 */
import { COUNTRIES } from './countries';
import type { BindingParties } from './generator';
import { DAY_S } from './model';
import { seed32 } from './prng';
import { OUTCOMES, OUTCOME_TOTAL, RATES } from './outcomes';
import { Rhythm } from './rhythm';
import { lowerBound } from './sorted';
import type { SandboxCallRecord } from './types';

/** Generated calls lie within this many days before the anchor (the sandbox's start). */
export const CALL_DAYS = 60;
/** The heavy caller's calls lie within this many days before the anchor. */
export const HEAVY_CALL_DAYS = 30;
/** Calls older than this (against the sandbox clock) are not served. */
export const RETENTION_DAYS = 62;
/** The longest window one query may ask for. */
export const MAX_WINDOW_DAYS = 31;
/** No call starts within the hour before the anchor (so every call has ended by then). */
const MARGIN_S = 3_600;

/** The mean number of calls a generated binding makes over the CALL_DAYS days (callsPerBinding). */
export const DEFAULT_CALLS_PER_BINDING = 1.9;
/** callsPerBinding's upper bound (a million bindings at 20: ~80 MB of index). */
export const MAX_CALLS_PER_BINDING = 20;
/** Default zone of the daily rhythm, minutes east of UTC: +08:00, the default expireTimeZone. */
const DEFAULT_ZONE_MINUTES = 480;
/** One binding makes at most this many calls (the tail of the geometric draw is cut here). */
const MAX_CALLS_OF_ONE = 1000;

export interface CallOptions {
  heavy?: HeavyCaller;
  /** mean calls of a generated binding over CALL_DAYS days (default DEFAULT_CALLS_PER_BINDING) */
  callsPerBinding?: number;
  /** minutes east of UTC whose days and nights the calls follow (default +08:00) */
  zoneOffsetMinutes?: number;
}

/** One binding gets many calls: for benchmarks (e.g. 10,000 records of one binding). */
export interface HeavyCaller {
  /** position of the binding in the start-up queryBindPage order of all apps (0 = the first) */
  bindingIndex: number;
  /** number of calls, 1..1,000,000, spread over the last 30 days before the start */
  calls: number;
}

/** What the records need of the generated bindings (GeneratedBindings satisfies it). */
export interface RecordSource {
  readonly count: number;
  parties(g: number): BindingParties;
}

/** A call record exactly as served: field order and JSON types (see README.md). */
export type CallRecord = SandboxCallRecord;

// Hash fields: each is an independent draw for (g, k).
const F_COUNT = 1;
const F_OFFSET = 2;
const F_CALLER = 3;
const F_OUTCOME = 4;
const F_TALK = 5;
const F_RING = 6;
const F_RECORDING = 7;
const F_ID = 8;
const F_SIP_NUMBER = 9;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/** Keys of the day sort: offset * 2^26 + position within the day. */
const LOCAL_BITS = 2 ** 26;

interface Index {
  /** callStart[g] = the first call number of binding g; callStart[count] = every call */
  callStart: Uint32Array;
  /** calls of day d (offset from the anchor in whole days) are items[dayStart[d] .. dayStart[d + 1]) */
  dayStart: Uint32Array;
  /** call numbers grouped by day; within a day newest first once sorted[d] */
  items: Uint32Array;
  sorted: Uint8Array;
}

/** A window of calls, newest first, computed on demand. */
export interface CallList {
  readonly length: number;
  slice(start: number, end: number): CallRecord[];
}

const EMPTY: CallList = { length: 0, slice: () => [] };

export class CallRecords {
  private readonly key: number;
  private readonly anchorS: number;
  private readonly heavyG: number;
  private readonly heavyCalls: number;
  /** log of the geometric draw's ratio q = m / (1 + m), or 0 for no calls */
  private readonly logQ: number;
  private readonly rhythm: Rhythm;
  private index: Index | undefined;

  constructor(
    seed: number,
    anchorMs: number,
    private readonly source: RecordSource,
    o: CallOptions = {},
  ) {
    this.key = seed32(seed, 7);
    this.anchorS = Math.floor(anchorMs / 1000);
    this.heavyG = o.heavy ? source.count - 1 - o.heavy.bindingIndex : -1;
    this.heavyCalls = o.heavy ? o.heavy.calls : 0;
    const mean = o.callsPerBinding ?? DEFAULT_CALLS_PER_BINDING;
    this.logQ = mean > 0 ? Math.log(mean / (1 + mean)) : 0;
    this.rhythm = new Rhythm(this.anchorS, o.zoneOffsetMinutes ?? DEFAULT_ZONE_MINUTES, CALL_DAYS, MARGIN_S);
  }

  /**
   * Calls starting within [fromS, toS] (epoch seconds, inclusive), newest first (startTime
   * descending; calls of the same second in a fixed order).
   */
  window(fromS: number, toS: number): CallList {
    // Offsets are seconds before the anchor: the newest call has the smallest offset.
    const lowOff = Math.max(0, this.anchorS - toS);
    const highOff = Math.min(CALL_DAYS * DAY_S - 1, this.anchorS - fromS);
    if (highOff < lowOff || this.source.count === 0) return EMPTY;
    const ix = this.build();
    const segments: [number, number][] = [];
    let length = 0;
    const lastDay = Math.floor(highOff / DAY_S);
    for (let d = Math.floor(lowOff / DAY_S); d <= lastDay; d++) {
      this.sortDay(ix, d);
      let a = ix.dayStart[d];
      let b = ix.dayStart[d + 1];
      if (d * DAY_S < lowOff) a = this.firstAtLeast(ix, a, b, lowOff);
      if ((d + 1) * DAY_S - 1 > highOff) b = this.firstAtLeast(ix, a, b, highOff + 1);
      if (b > a) {
        segments.push([a, b]);
        length += b - a;
      }
    }
    const slice = (start: number, end: number): CallRecord[] => {
      const out: CallRecord[] = [];
      let skip = Math.max(0, start);
      let want = Math.min(end, length) - skip;
      for (const [a, b] of segments) {
        if (want <= 0) break;
        if (skip >= b - a) {
          skip -= b - a;
          continue;
        }
        for (let i = a + skip; i < b && want > 0; i++, want--) out.push(this.record(ix, ix.items[i]));
        skip = 0;
      }
      return out;
    };
    return { length, slice };
  }

  /** hash of (seed, g, k, field), uniform in [0, 2^32) */
  private hash(g: number, k: number, field: number): number {
    let h = mix(this.key ^ Math.imul(g + 1, 0x9e3779b1));
    h = mix(h ^ Math.imul(k + 1, 0x85ebca6b));
    return mix(h ^ Math.imul(field, 0xc2b2ae35));
  }

  private unit(g: number, k: number, field: number): number {
    return this.hash(g, k, field) / 0x1_0000_0000;
  }

  /** Geometric with mean callsPerBinding: many bindings make no call or one, a few make many. */
  private callsOf(g: number): number {
    if (g === this.heavyG) return this.heavyCalls;
    if (this.logQ === 0) return 0;
    return Math.min(MAX_CALLS_OF_ONE, Math.floor(Math.log(1 - this.unit(g, 0, F_COUNT)) / this.logQ));
  }

  /**
   * Seconds between the call's start and the anchor (MARGIN_S .. CALL_DAYS days - MARGIN_S),
   * following the daily rhythm; the heavy caller's spread evenly over HEAVY_CALL_DAYS.
   */
  private offset(g: number, k: number): number {
    const u = this.unit(g, k, F_OFFSET);
    if (g === this.heavyG) return MARGIN_S + Math.floor(u * (HEAVY_CALL_DAYS * DAY_S - 2 * MARGIN_S));
    return this.rhythm.offset(u);
  }

  private bindingOf(ix: Index, c: number): number {
    return lowerBound(ix.callStart, c + 1) - 1;
  }

  private offsetOf(ix: Index, c: number): number {
    const g = this.bindingOf(ix, c);
    return this.offset(g, c - ix.callStart[g]);
  }

  /** Built by the first query: two passes over the bindings' hashes, no strings. */
  private build(): Index {
    if (this.index) return this.index;
    const n = this.source.count;
    const callStart = new Uint32Array(n + 1);
    for (let g = 0; g < n; g++) callStart[g + 1] = callStart[g] + this.callsOf(g);
    const dayStart = new Uint32Array(CALL_DAYS + 1);
    for (let g = 0; g < n; g++) {
      for (let k = callStart[g + 1] - callStart[g] - 1; k >= 0; k--) dayStart[Math.floor(this.offset(g, k) / DAY_S) + 1]++;
    }
    for (let d = 0; d < CALL_DAYS; d++) dayStart[d + 1] += dayStart[d];
    const items = new Uint32Array(callStart[n]);
    const cursor = dayStart.slice(0, CALL_DAYS);
    for (let g = 0; g < n; g++) {
      const first = callStart[g];
      const calls = callStart[g + 1] - first;
      for (let k = 0; k < calls; k++) items[cursor[Math.floor(this.offset(g, k) / DAY_S)]++] = first + k;
    }
    this.index = { callStart, dayStart, items, sorted: new Uint8Array(CALL_DAYS) };
    return this.index;
  }

  /** Sorts day d's calls newest first (offset ascending; equal offsets by call number). */
  private sortDay(ix: Index, d: number): void {
    if (ix.sorted[d]) return;
    const a = ix.dayStart[d];
    const b = ix.dayStart[d + 1];
    const day = ix.items.slice(a, b);
    const keys = new Float64Array(b - a);
    for (let i = 0; i < day.length; i++) keys[i] = this.offsetOf(ix, day[i]) * LOCAL_BITS + i;
    keys.sort();
    for (let i = 0; i < keys.length; i++) ix.items[a + i] = day[keys[i] % LOCAL_BITS];
    ix.sorted[d] = 1;
  }

  /** The first position in the sorted items[a..b) whose offset is >= off. */
  private firstAtLeast(ix: Index, a: number, b: number, off: number): number {
    let lo = a;
    let hi = b;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsetOf(ix, ix.items[mid]) < off) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Call number c as served. */
  private record(ix: Index, c: number): CallRecord {
    const g = this.bindingOf(ix, c);
    const k = c - ix.callStart[g];
    const b = this.source.parties(g);
    const fromA = this.unit(g, k, F_CALLER) < 0.6;
    let u = this.unit(g, k, F_OUTCOME) * OUTCOME_TOTAL;
    let outcome = OUTCOMES[OUTCOMES.length - 1];
    for (const o of OUTCOMES) {
      u -= o.weight;
      if (u < 0) {
        outcome = o;
        break;
      }
    }
    const notBound = outcome.reason === 'Number not bound';
    const caller = fromA ? b.phoneA : b.phoneB;
    const called = notBound ? '' : fromA ? b.phoneB : b.phoneA;
    const country = COUNTRIES.findIndex((x) => (called || caller).startsWith(x.ccode));
    const rate = RATES[Math.max(0, country)];
    // Answered calls: 1..1200 s of talk, mostly short.
    const talk = outcome.answered ? 1 + Math.floor(this.unit(g, k, F_TALK) ** 2 * 1200) : 0;
    const charged = Math.ceil(talk / 60) * 60;
    const [r0, r1] = outcome.ring;
    const ring = r0 + Math.floor(this.unit(g, k, F_RING) * (r1 - r0 + 1));
    const start = this.anchorS - this.offset(g, k);
    const callid = hex8(this.hash(g, k, F_ID)) + hex8(g) + hex8(k);
    const rec = this.unit(g, k, F_RECORDING);
    const recordingFileUrl = !outcome.answered || rec >= 0.34 ? '' : `${rec < 0.3 ? 'https' : 'http'}://records.sandbox.invalid/${b.appId}/${callid}.mp3`;
    return {
      callid,
      number: fromA ? b.pnsNumberA : b.pnsNumberB,
      type: 'MOBILE',
      caller,
      called,
      ccode: country < 0 ? '' : COUNTRIES[country].ccode,
      country: country < 0 ? '' : COUNTRIES[country].iso,
      callSource: fromA ? 3 : 2,
      callDuration: talk,
      chargedDuration: charged,
      startTime: String(start),
      endTime: String(start + ring + talk),
      pay: Math.round((charged / 60) * Number(rate) * 10_000) / 10_000,
      // The vendor types sipCode String; about 10 % come as a JSON number (like pnsNumberB).
      sipCode: this.unit(g, k, F_SIP_NUMBER) < 0.1 ? outcome.sipCode : String(outcome.sipCode),
      recordingFileUrl,
      hangupReason: outcome.reason,
      appId: b.appId,
      chargedPeriod: '60+60',
      customerRate: rate,
      currency: 'USD',
    };
  }
}

/**
 * The calls queryPage serves for [fromMs, toMs] at sandbox time nowMs: whole seconds within the
 * window, none that started after now or more than RETENTION_DAYS before it.
 */
export function servedWindow(calls: CallRecords, nowMs: number, fromMs: number, toMs: number): CallList {
  const nowS = Math.floor(nowMs / 1000);
  return calls.window(Math.max(Math.ceil(fromMs / 1000), nowS - RETENTION_DAYS * DAY_S), Math.min(Math.floor(toMs / 1000), nowS));
}
