/**
 * The sandbox's data: apps, their middle-number pools, bindings and balance, generated from a
 * seed, plus the domain rules of bind / unbind. Pure (no HTTP, no clock reads): callers pass
 * "now" in.
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
}

/** Countries the generated numbers come from; app i mostly uses COUNTRIES[i % n]. */
const COUNTRIES: readonly Country[] = [
  { ccode: '91', iso: 'IN', name: 'India', mobile: (r) => r.pick(['6', '7', '8', '9']) + r.digits(9) },
  { ccode: '62', iso: 'ID', name: 'Indonesia', mobile: (r) => '8' + r.pick(['1', '5', '7', '9']) + r.digits(r.int(7, 9)) },
  { ccode: '63', iso: 'PH', name: 'Philippines', mobile: (r) => '9' + r.digits(9) },
  { ccode: '55', iso: 'BR', name: 'Brazil', mobile: (r) => r.pick(['11', '21', '31', '41', '51', '61', '71', '81']) + '9' + r.digits(8) },
  { ccode: '52', iso: 'MX', name: 'Mexico', mobile: (r) => r.pick(['55', '33', '81']) + r.digits(8) },
  { ccode: '234', iso: 'NG', name: 'Nigeria', mobile: (r) => r.pick(['70', '80', '81', '90', '91']) + r.digits(8) },
  { ccode: '880', iso: 'BD', name: 'Bangladesh', mobile: (r) => '1' + r.pick(['3', '4', '5', '6', '7', '8', '9']) + r.digits(8) },
  { ccode: '84', iso: 'VN', name: 'Vietnam', mobile: (r) => r.pick(['3', '7', '8', '9']) + r.digits(8) },
];

const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
const DAY_S = 86_400;

/** A binding as stored: the public fields plus how queryBindPage serialises pnsNumberB. */
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
  /** bindId descending, like queryBindPage. */
  bindings: StoredBinding[];
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

export class SandboxData {
  readonly apps: SandboxApp[] = [];
  readonly balance: { balance: string; gift: string; credit: string };
  /** every binding, bindId descending */
  private all: StoredBinding[] = [];
  private readonly byId = new Map<string, StoredBinding>();
  private readonly appById = new Map<string, SandboxApp>();
  /** runtime choices (new bindIds, middle numbers for bind) come from their own stream */
  private readonly runtime: Random;
  private lastId = 0;

  constructor(o: GenerateOptions) {
    const r = new Random(o.seed, 1);
    this.runtime = new Random(o.seed, 2);
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
      } while (this.appById.has(appId));
      const country = COUNTRIES[i % COUNTRIES.length];
      const poolSize = r.int(18, 22);
      const numbers = Array.from({ length: poolSize }, () => ({
        number: uniqueMobile(country),
        dueAt: o.anchorMs + r.int(20, 365) * DAY_S * 1000,
      }));
      const app: SandboxApp = { appId, country, poolId: 'P' + r.digits(7), numbers, bindings: [] };
      this.apps.push(app);
      this.appById.set(appId, app);
    }

    // Bindings, interleaved over the apps so that ids of different apps mix.
    const owners: number[] = [];
    o.bindingsPerApp.forEach((n, i) => {
      for (let k = 0; k < n; k++) owners.push(i);
    });
    r.shuffle(owners);
    this.lastId = r.int(100_000_000, 900_000_000);
    const generated: StoredBinding[] = [];
    for (const owner of owners) {
      const app = this.apps[owner];
      const phone = (): string => {
        // Mostly the app's country, sometimes a foreign number.
        const c = r.chance(0.85) ? app.country : r.pick(COUNTRIES);
        return c.ccode + c.mobile(r);
      };
      const phoneA = phone();
      let phoneB = phone();
      while (phoneB === phoneA) phoneB = phone();
      const pool = app.numbers.map((n) => n.number);
      const pnsNumberA = r.pick(pool);
      let pnsNumberB = pnsNumberA;
      if (r.chance(0.5) && pool.length > 1) {
        while (pnsNumberB === pnsNumberA) pnsNumberB = r.pick(pool);
      }
      // ~15 % expired (up to 30 days ago), ~15 % expiring within 24 h, the rest 1-3 days ahead.
      const u = r.float();
      const offsetS = u < 0.15 ? -r.int(60, 30 * DAY_S) : u < 0.3 ? r.int(60, DAY_S - 60) : r.int(DAY_S + 60, 3 * DAY_S);
      this.lastId += r.int(1, 37);
      generated.push({
        appId: app.appId,
        bindId: String(this.lastId),
        phoneA,
        phoneB,
        pnsNumberA,
        pnsNumberB,
        expiresAt: o.anchorMs + offsetS * 1000,
        numericB: r.chance(0.1),
      });
    }
    // Newest (highest id) first.
    for (let k = generated.length - 1; k >= 0; k--) this.add(generated[k], 'end');

    this.balance = {
      balance: (r.int(10_000, 2_000_000) / 100).toFixed(4),
      gift: (r.int(0, 10_000) / 100).toFixed(4),
      credit: '0.0000',
    };
  }

  app(appId: string): SandboxApp | undefined {
    return this.appById.get(appId);
  }

  /** Bindings in queryBindPage order: one app's, all apps' (appId undefined), or none (unknown appId). */
  list(appId?: string): readonly StoredBinding[] {
    if (appId === undefined) return this.all;
    return this.appById.get(appId)?.bindings ?? [];
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
    const app = this.appById.get(input.appId);
    if (!app) return { ok: false, status: '-32', reason: 'API key may not access this application' };
    const pool = app.numbers.map((n) => n.number);
    let wanted: string | undefined;
    if (input.poolNumber !== undefined && input.poolNumber !== app.poolId) {
      if (!pool.includes(input.poolNumber)) return { ok: false, status: '-22', reason: 'Parameter exception: unknown poolNumber' };
      wanted = input.poolNumber;
    }

    const phones = new Set([input.phoneA, input.phoneB]);
    const live = app.bindings.filter((b) => b.expiresAt > nowMs && (phones.has(b.phoneA) || phones.has(b.phoneB)));
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
      appId: app.appId,
      bindId: String(this.lastId),
      phoneA: input.phoneA,
      phoneB: input.phoneB,
      pnsNumberA,
      pnsNumberB,
      expiresAt: Math.floor(nowMs / 1000) * 1000 + input.expireS * 1000,
      numericB: false,
    };
    this.add(binding, 'front');
    return { ok: true, binding };
  }

  /** Removes a binding (only from `appId` when given); false if it does not exist there. */
  unbind(bindId: string, appId?: string): boolean {
    const b = this.byId.get(bindId);
    if (!b || (appId !== undefined && b.appId !== appId)) return false;
    this.byId.delete(bindId);
    this.all.splice(this.all.indexOf(b), 1);
    const own = this.appById.get(b.appId)!.bindings;
    own.splice(own.indexOf(b), 1);
    return true;
  }

  /** New ids are always the highest, so 'front' keeps both lists in bindId-descending order. */
  private add(b: StoredBinding, where: 'front' | 'end'): void {
    this.byId.set(b.bindId, b);
    const own = this.appById.get(b.appId)!.bindings;
    if (where === 'front') {
      this.all.unshift(b);
      own.unshift(b);
    } else {
      this.all.push(b);
      own.push(b);
    }
  }
}
