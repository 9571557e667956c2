/**
 * The sandbox's data: apps, their middle-number pools, bindings and balance, generated from a
 * seed, plus the domain rules of bind / unbind. Pure (no HTTP, no clock reads): callers pass
 * "now" in.
 *
 * Bindings are not stored. They come from one sequential PRNG stream (the same draws, in the
 * same order, as when they were all kept in memory), and the generator remembers only where
 * each block of BLOCK bindings starts in that stream (the PRNG state and the last bindId): a
 * page regenerates just the blocks it needs. Finding the checkpoints takes one pass at start
 * that makes the same draws without building strings (skip(); ~0.4 s for a million). On top
 * of the generated bindings sits a small overlay: bindings added by bind (newest first) and
 * the generated ones removed by unbind.
 * Resident size for a million bindings: the owner of each binding (2 bytes), each app's
 * generation indices (4 bytes a binding), the checkpoints and a bounded cache of blocks; the
 * first bind adds a phone index (8 bytes a binding) for its -35 / -41 checks.
 */
import { Random } from './prng';
import type { SandboxBinding } from './types';

interface Country {
  /** calling code, no '+' */
  ccode: string;
  iso: string;
  name: string;
  /** a plausible national mobile number (without the calling code) */
  mobile(r: Random): string;
  /**
   * The same draws as `mobile`, without building a string: the whole number (calling code
   * included) as a JS number. Numbers never start with 0 and have at most 15 digits, so two
   * numbers are equal exactly when their strings are.
   */
  mobileValue(r: Random): number;
}

/**
 * A mobile number written as lead + one of `choices` (if any) + mid + `digits` random digits
 * (a fixed count, or r.int(min, max) drawn after the choice).
 */
interface MobileShape {
  lead?: string;
  choices?: readonly string[];
  mid?: string;
  digits: number | readonly [number, number];
}

function country(ccode: string, iso: string, name: string, shape: MobileShape): Country {
  const { lead = '', choices, mid = '', digits } = shape;
  const heads = (choices ?? ['']).map((c) => lead + c + mid);
  const headValues = heads.map((h) => Number(ccode + h));
  const count = (r: Random): number => (typeof digits === 'number' ? digits : r.int(digits[0], digits[1]));
  const headIndex = (r: Random): number => (choices ? Math.floor(r.float() * choices.length) : 0); // = r.pick(choices)
  return {
    ccode,
    iso,
    name,
    mobile: (r) => {
      const head = heads[headIndex(r)];
      return head + r.digits(count(r));
    },
    mobileValue: (r) => {
      let v = headValues[headIndex(r)];
      for (let n = count(r); n > 0; n--) v = v * 10 + Math.floor(r.float() * 10); // = r.digits(n)
      return v;
    },
  };
}

/** Countries the generated numbers come from; app i mostly uses COUNTRIES[i % n]. */
const COUNTRIES: readonly Country[] = [
  country('91', 'IN', 'India', { choices: ['6', '7', '8', '9'], digits: 9 }),
  country('62', 'ID', 'Indonesia', { lead: '8', choices: ['1', '5', '7', '9'], digits: [7, 9] }),
  country('63', 'PH', 'Philippines', { lead: '9', digits: 9 }),
  country('55', 'BR', 'Brazil', { choices: ['11', '21', '31', '41', '51', '61', '71', '81'], mid: '9', digits: 8 }),
  country('52', 'MX', 'Mexico', { choices: ['55', '33', '81'], digits: 8 }),
  country('234', 'NG', 'Nigeria', { choices: ['70', '80', '81', '90', '91'], digits: 8 }),
  country('880', 'BD', 'Bangladesh', { lead: '1', choices: ['3', '4', '5', '6', '7', '8', '9'], digits: 8 }),
  country('84', 'VN', 'Vietnam', { choices: ['3', '7', '8', '9'], digits: 8 }),
];

const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const DAY_S = 86_400;

/** A binding as served: the public fields plus how queryBindPage serialises pnsNumberB. */
export interface StoredBinding extends SandboxBinding {
  /** Serve pnsNumberB as a JSON number (the vendor types it Integer); about 10 % of generated records. */
  numericB: boolean;
}

/** One purchased middle number (what /number/queryPage lists). */
export interface SandboxNumber {
  number: string;
  /** epoch ms */
  dueAt: number;
}

export interface SandboxApp {
  appId: string;
  country: Country;
  /** The id of the app's (single) number pool, accepted as bind's poolNumber. */
  poolId: string;
  numbers: SandboxNumber[];
}

/**
 * Bindings in queryBindPage order (bindId descending), computed on demand. `slice` works like
 * Array.prototype.slice for non-negative bounds; arrays satisfy this interface too.
 */
export interface BindingList {
  readonly length: number;
  slice(start?: number, end?: number): StoredBinding[];
}

export interface GenerateOptions {
  seed: number;
  /** exact count per app */
  bindingsPerApp: number[];
  /** epoch ms, a whole second: generated expiries are relative to it */
  anchorMs: number;
}

export interface BindInput {
  appId: string;
  phoneA: string;
  phoneB: string;
  /** 1 = AXB, 2 = AXXB */
  bizType: 1 | 2;
  expireS: number;
  poolNumber?: string;
}

export type BindOutcome =
  | { ok: true; binding: StoredBinding }
  | { ok: false; status: string; reason: string };

/** Generated bindings per checkpoint: a lookup regenerates at most this many. */
export const BLOCK = 64;
/** Regenerated blocks kept (least recently used first out): enough for paging in order. */
const CACHE_BLOCKS = 16;

/**
 * Splits `total` over `apps` unevenly (weights 1, 0.45, 0.45², …: about 60/27/13 % for three
 * apps), exactly, by largest remainder.
 */
export function splitUneven(total: number, apps: number): number[] {
  const weights = Array.from({ length: apps }, (_, i) => 0.45 ** i);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[byRemainder[k % apps].i]++;
  return counts;
}

/** Per app: which generated bindings are its own, and its overlay. */
interface AppState {
  app: SandboxApp;
  /** the app's middle numbers, in pool order (generation and bind pick from it) */
  pool: string[];
  /** generation indices of the app's generated bindings, ascending (= bindId ascending) */
  gens: Uint32Array;
  /** bindings added by bind, newest (highest bindId) first */
  added: StoredBinding[];
  /** removed generated bindings, as positions in the app's bindId-descending order, ascending */
  deleted: number[];
}

/** Where `x` goes in the ascending `xs` (the first index with xs[i] >= x). */
function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function has(sorted: number[], x: number): boolean {
  const i = lowerBound(sorted, x);
  return i < sorted.length && sorted[i] === x;
}

function insertSorted(sorted: number[], x: number): void {
  sorted.splice(lowerBound(sorted, x), 0, x);
}

/** The phone index's key: a 32-bit mix of a phone number's value (Number of its digits). */
function phoneKey(value: number): number {
  let h = (value >>> 0) ^ Math.imul(Math.floor(value / 0x1_0000_0000), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const EMPTY: BindingList = { length: 0, slice: () => [] };

export class SandboxData {
  readonly apps: SandboxApp[] = [];
  readonly balance: { balance: string; gift: string; credit: string };
  private readonly appIndex = new Map<string, number>();
  private readonly state: AppState[] = [];
  private readonly anchorMs: number;
  /** number of generated bindings */
  private readonly generatedCount: number;
  /** owners[g] = index of the app that generated binding g belongs to */
  private readonly owners: Uint16Array;
  /** the generator's PRNG state before binding c * BLOCK */
  private readonly checkpointState: Uint32Array;
  /** the bindId before binding c * BLOCK (each binding adds 1..37) */
  private readonly checkpointId: Float64Array;
  /** replays the generation stream from a checkpoint */
  private readonly replay = new Random(0);
  private readonly cache = new Map<number, StoredBinding[]>();
  /** every app's added bindings, newest first */
  private readonly added: StoredBinding[] = [];
  private readonly addedById = new Map<string, StoredBinding>();
  /** removed generated bindings, as positions in the all-apps bindId-descending order, ascending */
  private readonly deleted: number[] = [];
  /** hash32 of phoneA (2g) and phoneB (2g + 1) of every generated binding; built by the first bind */
  private phoneIndex: Uint32Array | undefined;
  /** runtime choices (new bindIds, middle numbers for bind) come from their own stream */
  private readonly runtime: Random;
  private lastId = 0;

  constructor(o: GenerateOptions) {
    const r = new Random(o.seed, 1);
    this.runtime = new Random(o.seed, 2);
    this.anchorMs = o.anchorMs;
    const usedNumbers = new Set<string>();
    const uniqueMobile = (c: Country): string => {
      for (;;) {
        const n = c.ccode + c.mobile(r);
        if (!usedNumbers.has(n)) {
          usedNumbers.add(n);
          return n;
        }
      }
    };

    // Apps, each with its own pool of ~20 middle numbers.
    for (let i = 0; i < o.bindingsPerApp.length; i++) {
      let appId: string;
      do {
        appId = Array.from({ length: 8 }, () => r.pick(ALNUM)).join('');
      } while (this.appIndex.has(appId));
      const country = COUNTRIES[i % COUNTRIES.length];
      const poolSize = r.int(18, 22);
      const numbers = Array.from({ length: poolSize }, () => ({
        number: uniqueMobile(country),
        dueAt: o.anchorMs + r.int(20, 365) * DAY_S * 1000,
      }));
      const app: SandboxApp = { appId, country, poolId: 'P' + r.digits(7), numbers };
      this.apps.push(app);
      this.appIndex.set(appId, i);
      this.state.push({ app, pool: numbers.map((n) => n.number), gens: new Uint32Array(o.bindingsPerApp[i]), added: [], deleted: [] });
    }

    // Bindings, interleaved over the apps so that ids of different apps mix: a Fisher-Yates
    // shuffle of the owners (the same draws as Random.shuffle).
    const total = o.bindingsPerApp.reduce((x, y) => x + y, 0);
    this.generatedCount = total;
    const owners = new Uint16Array(total);
    let at = 0;
    o.bindingsPerApp.forEach((n, i) => {
      owners.fill(i, at, at + n);
      at += n;
    });
    for (let i = total - 1; i > 0; i--) {
      const j = Math.floor(r.float() * (i + 1));
      const t = owners[i];
      owners[i] = owners[j];
      owners[j] = t;
    }
    this.owners = owners;
    const filled = new Uint32Array(this.state.length);
    for (let g = 0; g < total; g++) this.state[owners[g]].gens[filled[owners[g]]++] = g;

    // One pass over the stream (draws only, no strings), keeping the checkpoints and the end state.
    const blocks = Math.ceil(total / BLOCK);
    this.checkpointState = new Uint32Array(blocks);
    this.checkpointId = new Float64Array(blocks);
    let id = r.int(100_000_000, 900_000_000);
    for (let g = 0; g < total; g++) {
      if (g % BLOCK === 0) {
        this.checkpointState[g / BLOCK] = r.save();
        this.checkpointId[g / BLOCK] = id;
      }
      id = this.skip(r, owners[g], id);
    }
    this.lastId = id;

    this.balance = {
      balance: (r.int(10_000, 2_000_000) / 100).toFixed(4),
      gift: (r.int(0, 10_000) / 100).toFixed(4),
      credit: '0.0000',
    };
  }

  app(appId: string): SandboxApp | undefined {
    const i = this.appIndex.get(appId);
    return i === undefined ? undefined : this.apps[i];
  }

  /** Bindings in queryBindPage order: one app's, all apps' (appId undefined), or none (unknown appId). */
  list(appId?: string): BindingList {
    if (appId === undefined) {
      const n = this.generatedCount;
      return this.view(this.added, n, this.deleted, (p) => n - 1 - p);
    }
    const i = this.appIndex.get(appId);
    if (i === undefined) return EMPTY;
    const s = this.state[i];
    const n = s.gens.length;
    return this.view(s.added, n, s.deleted, (p) => s.gens[n - 1 - p]);
  }

  /** Purchased numbers (every app's middle numbers), in app order. */
  numbers(appId?: string): { app: SandboxApp; n: SandboxNumber }[] {
    const apps = appId === undefined ? this.apps : this.apps.filter((a) => a.appId === appId);
    return apps.flatMap((app) => app.numbers.map((n) => ({ app, n })));
  }

  /**
   * The vendor's bind, with the sandbox's simplified rules (see README.md):
   * -32 unknown app, -22 unknown poolNumber, -35 when A or B is in a live AXB binding of the app,
   * -41 when no middle number is free for both A and B.
   */
  bind(input: BindInput, nowMs: number): BindOutcome {
    const ai = this.appIndex.get(input.appId);
    if (ai === undefined) return { ok: false, status: '-32', reason: 'API key may not access this application' };
    const s = this.state[ai];
    const pool = s.pool;
    let wanted: string | undefined;
    if (input.poolNumber !== undefined && input.poolNumber !== s.app.poolId) {
      if (!pool.includes(input.poolNumber)) return { ok: false, status: '-22', reason: 'Parameter exception: unknown poolNumber' };
      wanted = input.poolNumber;
    }

    const phones = new Set([input.phoneA, input.phoneB]);
    const live = this.withPhones(ai, phones).filter((b) => b.expiresAt > nowMs);
    if (live.some((b) => b.pnsNumberA === b.pnsNumberB)) {
      return { ok: false, status: '-35', reason: 'A or B already has an AXB binding' };
    }
    // A middle number is busy for these phones if a live binding of either phone already uses it.
    const busy = new Set(live.flatMap((b) => [b.pnsNumberA, b.pnsNumberB]));
    const free = pool.filter((n) => !busy.has(n));
    const needed = input.bizType === 1 ? 1 : 2;
    if (free.length < needed || (wanted !== undefined && busy.has(wanted))) {
      return { ok: false, status: '-41', reason: 'No free middle number in the pool' };
    }
    const pnsNumberA = wanted ?? this.runtime.pick(free);
    const rest = free.filter((n) => n !== pnsNumberA);
    const pnsNumberB = input.bizType === 1 ? pnsNumberA : this.runtime.pick(rest);

    this.lastId += this.runtime.int(1, 37);
    const binding: StoredBinding = {
      appId: s.app.appId,
      bindId: String(this.lastId),
      phoneA: input.phoneA,
      phoneB: input.phoneB,
      pnsNumberA,
      pnsNumberB,
      expiresAt: Math.floor(nowMs / 1000) * 1000 + input.expireS * 1000,
      numericB: false,
    };
    // New ids are always the highest: the front keeps both lists in bindId-descending order.
    this.added.unshift(binding);
    s.added.unshift(binding);
    this.addedById.set(binding.bindId, binding);
    return { ok: true, binding };
  }

  /** Removes a binding (only from `appId` when given); false if it does not exist there. */
  unbind(bindId: string, appId?: string): boolean {
    const added = this.addedById.get(bindId);
    if (added) {
      if (appId !== undefined && added.appId !== appId) return false;
      this.addedById.delete(bindId);
      const own = this.state[this.appIndex.get(added.appId)!].added;
      own.splice(own.indexOf(added), 1);
      this.added.splice(this.added.indexOf(added), 1);
      return true;
    }
    const g = this.findGenerated(bindId);
    if (g < 0) return false;
    const s = this.state[this.owners[g]];
    if (appId !== undefined && s.app.appId !== appId) return false;
    const inAll = this.generatedCount - 1 - g;
    if (has(this.deleted, inAll)) return false;
    insertSorted(this.deleted, inAll);
    insertSorted(s.deleted, s.gens.length - 1 - lowerBound(s.gens, g));
    return true;
  }

  /** A view over `added` (first) and the n generated bindings minus `deleted` (positions 0..n-1). */
  private view(added: StoredBinding[], n: number, deleted: number[], generationIndex: (p: number) => number): BindingList {
    const length = added.length + n - deleted.length;
    const slice = (start = 0, end = length): StoredBinding[] => {
      const from = Math.min(Math.max(0, Math.floor(start)), length);
      const to = Math.min(Math.max(from, Math.floor(end)), length);
      const out: StoredBinding[] = [];
      for (let k = from; k < Math.min(to, added.length); k++) out.push(added[k]);
      if (to <= added.length) return out;
      // The k-th surviving generated binding is at position p: skip the deleted ones up to it.
      let p = Math.max(from, added.length) - added.length;
      let d = 0;
      while (d < deleted.length && deleted[d] <= p) {
        p++;
        d++;
      }
      while (out.length < to - from && p < n) {
        if (d < deleted.length && deleted[d] === p) {
          d++;
        } else {
          out.push(this.generated(generationIndex(p)));
        }
        p++;
      }
      return out;
    };
    return { length, slice };
  }

  /**
   * Generation step for one binding of app `owner`, continuing the stream `r` after bindId
   * `prevId`. Every draw, and its order, is part of the seeded data: do not reorder.
   */
  private generate(r: Random, owner: number, prevId: number): { binding: StoredBinding; id: number } {
    const { app, pool } = this.state[owner];
    const phone = (): string => {
      // Mostly the app's country, sometimes a foreign number.
      const c = r.chance(0.85) ? app.country : r.pick(COUNTRIES);
      return c.ccode + c.mobile(r);
    };
    const phoneA = phone();
    let phoneB = phone();
    while (phoneB === phoneA) phoneB = phone();
    const pnsNumberA = r.pick(pool);
    let pnsNumberB = pnsNumberA;
    if (r.chance(0.5) && pool.length > 1) {
      while (pnsNumberB === pnsNumberA) pnsNumberB = r.pick(pool);
    }
    // ~15 % expired (up to 30 days ago), ~15 % expiring within 24 h, the rest 1-3 days ahead.
    const u = r.float();
    const offsetS = u < 0.15 ? -r.int(60, 30 * DAY_S) : u < 0.3 ? r.int(60, DAY_S - 60) : r.int(DAY_S + 60, 3 * DAY_S);
    const id = prevId + r.int(1, 37);
    const binding: StoredBinding = {
      appId: app.appId,
      bindId: String(id),
      phoneA,
      phoneB,
      pnsNumberA,
      pnsNumberB,
      expiresAt: this.anchorMs + offsetS * 1000,
      numericB: r.chance(0.1),
    };
    return { binding, id };
  }

  /** phoneA and phoneB of the binding skip() went over last, as numbers (see Country.mobileValue) */
  private skippedA = 0;
  private skippedB = 0;

  /**
   * generate() without building the binding: exactly the same draws, phones as numbers (equal
   * exactly when the strings are) and middle numbers as pool indices (the pool has no
   * duplicates). Returns the bindId; leaves the phones in skippedA / skippedB.
   */
  private skip(r: Random, owner: number, prevId: number): number {
    const { app, pool } = this.state[owner];
    const phone = (): number => (r.chance(0.85) ? app.country : COUNTRIES[Math.floor(r.float() * COUNTRIES.length)]).mobileValue(r);
    const phoneA = phone();
    let phoneB = phone();
    while (phoneB === phoneA) phoneB = phone();
    const a = Math.floor(r.float() * pool.length);
    let b = a;
    if (r.chance(0.5) && pool.length > 1) {
      while (b === a) b = Math.floor(r.float() * pool.length);
    }
    r.float(); // which expiry band
    r.float(); // the offset within it
    const id = prevId + r.int(1, 37);
    r.float(); // numericB
    this.skippedA = phoneA;
    this.skippedB = phoneB;
    return id;
  }

  /** Generated binding g (0 = the first generated, lowest bindId), deleted or not. */
  private generated(g: number): StoredBinding {
    return this.block(Math.floor(g / BLOCK))[g % BLOCK];
  }

  /** The generated bindings c * BLOCK .. c * BLOCK + BLOCK - 1, regenerated from their checkpoint. */
  private block(c: number): StoredBinding[] {
    const hit = this.cache.get(c);
    if (hit) {
      this.cache.delete(c);
      this.cache.set(c, hit);
      return hit;
    }
    const r = this.replay;
    r.restore(this.checkpointState[c]);
    let id = this.checkpointId[c];
    const out: StoredBinding[] = [];
    const end = Math.min(this.generatedCount, (c + 1) * BLOCK);
    for (let g = c * BLOCK; g < end; g++) {
      const next = this.generate(r, this.owners[g], id);
      out.push(next.binding);
      id = next.id;
    }
    this.cache.set(c, out);
    if (this.cache.size > CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
    return out;
  }

  /** The generation index of the generated binding with this exact bindId, or -1. */
  private findGenerated(bindId: string): number {
    if (!/^[1-9]\d{0,15}$/.test(bindId) || this.generatedCount === 0) return -1;
    const id = Number(bindId);
    // Block c holds the ids in (checkpointId[c], checkpointId[c + 1]].
    const c = lowerBound(this.checkpointId, id) - 1;
    if (c < 0) return -1;
    const i = this.block(c).findIndex((b) => b.bindId === bindId);
    return i < 0 ? -1 : c * BLOCK + i;
  }

  /** The app's current bindings (added and generated, not deleted) with phoneA or phoneB in `phones`. */
  private withPhones(ai: number, phones: Set<string>): StoredBinding[] {
    const s = this.state[ai];
    const found = s.added.filter((b) => phones.has(b.phoneA) || phones.has(b.phoneB));
    const index = this.buildPhoneIndex();
    const [k1, k2 = k1] = [...phones].map((p) => phoneKey(Number(p)));
    const n = this.generatedCount;
    for (let e = 0; e < index.length; e++) {
      if (index[e] !== k1 && index[e] !== k2) continue;
      const g = e >>> 1;
      if (this.owners[g] !== ai || has(this.deleted, n - 1 - g)) continue;
      const b = this.generated(g);
      if ((phones.has(b.phoneA) || phones.has(b.phoneB)) && !found.includes(b)) found.push(b);
    }
    return found;
  }

  /** Built once, by the first bind: one more pass over the stream (8 bytes a binding). */
  private buildPhoneIndex(): Uint32Array {
    if (this.phoneIndex) return this.phoneIndex;
    const n = this.generatedCount;
    const index = new Uint32Array(2 * n);
    if (n > 0) {
      const r = new Random(0);
      r.restore(this.checkpointState[0]);
      let id = this.checkpointId[0];
      for (let g = 0; g < n; g++) {
        id = this.skip(r, this.owners[g], id);
        index[2 * g] = phoneKey(this.skippedA);
        index[2 * g + 1] = phoneKey(this.skippedB);
      }
    }
    this.phoneIndex = index;
    return index;
  }
}
