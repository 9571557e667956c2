/**
 * The sandbox's data, generated from a seed: apps with their middle-number pools and the balance
 * (drawn here), the bindings (generator.ts), what bind and unbind changed (overlay.ts), and the
 * rules of bind and unbind. No HTTP, no clock reads: callers pass "now" in.
 */
import { COUNTRIES, type Country } from './countries';
import { GeneratedBindings } from './generator';
import { DAY_S, type BindingList, type SandboxApp, type SandboxNumber, type StoredBinding } from './model';
import { Overlay } from './overlay';
import { Random } from './prng';
import { CallRecords, type HeavyCaller } from './records';

export { BLOCK } from './generator';
export type { BindingList, SandboxApp, SandboxNumber, StoredBinding } from './model';

const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];

export interface GenerateOptions {
  seed: number;
  /** exact count per app */
  bindingsPerApp: number[];
  /** epoch ms, a whole second: generated expiries are relative to it */
  anchorMs: number;
  /** one binding with many calls (call records only; the bindings are unchanged) */
  heavyCaller?: HeavyCaller;
  /** call records: the mean number of calls of a generated binding over the 60 days (records.ts) */
  callsPerBinding?: number;
  /** call records: the zone (minutes east of UTC) whose days and nights the calls follow (records.ts) */
  zoneOffsetMinutes?: number;
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

const EMPTY: BindingList = { length: 0, slice: () => [] };

export class SandboxData {
  readonly apps: SandboxApp[] = [];
  readonly balance: { balance: string; gift: string; credit: string };
  private readonly appIndex = new Map<string, number>();
  /** per app, its middle numbers in pool order (generation and bind pick from it) */
  private readonly pools: string[][] = [];
  private readonly generated: GeneratedBindings;
  private readonly overlay: Overlay;
  /** call records of the generated bindings: hashed from the seed, not drawn from the stream */
  readonly calls: CallRecords;
  /** runtime choices (new bindIds, middle numbers for bind) come from their own stream */
  private readonly runtime: Random;
  private lastId: number;

  constructor(o: GenerateOptions) {
    // The data stream: apps, then the bindings (./generator.ts), then the balance. Every draw,
    // and its order, is part of the seeded data: do not reorder.
    const r = new Random(o.seed, 1);
    this.runtime = new Random(o.seed, 2);
    // Due dates: one draw per number from the data stream (so app ids and pools stay what they
    // were), the rest from their own stream.
    const dues = new Random(o.seed, 3);
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
      const numbers = Array.from({ length: poolSize }, (): SandboxNumber => {
        const number = uniqueMobile(country);
        // ~12 % due within 30 days without auto-renew, ~8 % as soon with it, the rest later.
        const u = r.float();
        const dueDays = u < 0.2 ? dues.int(1, 30) : dues.int(31, 365);
        const autoRenew = u < 0.12 ? false : u < 0.2 ? true : dues.chance(0.6);
        return { number, state: 3, dueAt: o.anchorMs + dueDays * DAY_S * 1000, autoRenew };
      });
      const app: SandboxApp = { appId, country, poolId: 'P' + r.digits(7), numbers, retired: [] };
      this.apps.push(app);
      this.appIndex.set(appId, i);
      this.pools.push(numbers.map((n) => n.number));
    }

    // Per app 1..2 expired numbers (due 1..60 days ago) and one disabled (due in 31..365 days),
    // none renewing, drawn after every pool from their own stream: no pool has them, so no
    // binding uses them and bind never picks them, and app ids and pools stay what they were.
    const retired = new Random(o.seed, 4);
    for (const app of this.apps) {
      const number = (): string => {
        for (;;) {
          const n = app.country.ccode + app.country.mobile(retired);
          if (!usedNumbers.has(n)) {
            usedNumbers.add(n);
            return n;
          }
        }
      };
      const expired = retired.int(1, 2);
      for (let k = 0; k < expired; k++) {
        app.retired.push({ number: number(), state: 4, dueAt: o.anchorMs - retired.int(1, 60) * DAY_S * 1000, autoRenew: false });
      }
      app.retired.push({ number: number(), state: 5, dueAt: o.anchorMs + retired.int(31, 365) * DAY_S * 1000, autoRenew: false });
    }

    const owners = this.apps.map((app, i) => ({ app, pool: this.pools[i] }));
    this.generated = new GeneratedBindings(r, owners, o.bindingsPerApp, o.anchorMs);
    this.lastId = this.generated.lastId;
    this.overlay = new Overlay(this.generated, this.appIndex);

    // 100..1,000 USD: with the default call density, a runway of weeks to months.
    this.balance = {
      balance: (r.int(10_000, 100_000) / 100).toFixed(4),
      gift: (r.int(0, 10_000) / 100).toFixed(4),
      credit: '0.0000',
    };
    // Not part of the data stream (records.ts): hashed, so it changes no binding.
    this.calls = new CallRecords(o.seed, o.anchorMs, this.generated, {
      heavy: o.heavyCaller,
      callsPerBinding: o.callsPerBinding,
      zoneOffsetMinutes: o.zoneOffsetMinutes,
    });
  }

  app(appId: string): SandboxApp | undefined {
    const i = this.appIndex.get(appId);
    return i === undefined ? undefined : this.apps[i];
  }

  /** Bindings in queryBindPage order: one app's, all apps' (appId undefined), or none (unknown appId). */
  list(appId?: string): BindingList {
    if (appId === undefined) return this.overlay.all();
    const i = this.appIndex.get(appId);
    return i === undefined ? EMPTY : this.overlay.ofApp(i);
  }

  /** Purchased numbers in app order: each app's pool (in use), then its expired and disabled ones. */
  numbers(appId?: string): { app: SandboxApp; n: SandboxNumber }[] {
    const apps = appId === undefined ? this.apps : this.apps.filter((a) => a.appId === appId);
    return apps.flatMap((app) => [...app.numbers, ...app.retired].map((n) => ({ app, n })));
  }

  /**
   * The vendor's bind, with the sandbox's simplified rules (see README.md):
   * -32 unknown app, -22 unknown poolNumber, -35 when A or B is in a live AXB binding of the app,
   * -41 when no middle number is free for both A and B.
   */
  bind(input: BindInput, nowMs: number): BindOutcome {
    const ai = this.appIndex.get(input.appId);
    if (ai === undefined) return { ok: false, status: '-32', reason: 'API key may not access this application' };
    const app = this.apps[ai];
    const pool = this.pools[ai];
    let wanted: string | undefined;
    if (input.poolNumber !== undefined && input.poolNumber !== app.poolId) {
      if (!pool.includes(input.poolNumber)) return { ok: false, status: '-22', reason: 'Parameter exception: unknown poolNumber' };
      wanted = input.poolNumber;
    }

    const phones = new Set([input.phoneA, input.phoneB]);
    const live = this.overlay.withPhones(ai, phones).filter((b) => b.expiresAt > nowMs);
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
    this.overlay.add(ai, binding);
    return { ok: true, binding };
  }

  /** Removes a binding (only from `appId` when given); false if it does not exist there. */
  unbind(bindId: string, appId?: string): boolean {
    return this.overlay.unbind(bindId, appId);
  }
}
