/**
 * The seeded bindings, generated on demand from one sequential PRNG stream: the generator keeps
 * where each binding starts in it (the PRNG state, 4 bytes) and the last bindId before each block
 * of BLOCK bindings, found by one pass at start without building strings (~0.4 s for a million).
 * A page of bindings regenerates just the blocks it needs; a call record regenerates just its
 * binding's phones and middle numbers (parties()). About 10 bytes a binding stay resident, plus a
 * bounded cache of blocks.
 */
import { COUNTRIES } from './countries';
import { DAY_S, type SandboxApp, type StoredBinding } from './model';
import { Random } from './prng';
import { lowerBound } from './sorted';

/** Generated bindings per checkpoint: a lookup regenerates at most this many. */
export const BLOCK = 64;
/** Regenerated blocks kept (least recently used first out): enough for paging in order. */
const CACHE_BLOCKS = 16;
const HOUR_S = 3_600;

/**
 * How many numbers of a pool of `length` generated bindings use: the first ones, leaving the last
 * 2..4 idle (bind may still pick them).
 */
export function activeNumbers(length: number): number {
  return Math.max(1, length - 2 - (length % 3));
}

/**
 * A skewed pick of one of the first `active` numbers from one uniform draw `u`: number i with
 * probability sqrt((i + 1) / active) - sqrt(i / active), so the first carries several times the
 * bindings of the last.
 */
export function skewedIndex(u: number, active: number): number {
  return Math.floor(u * u * active);
}

/** What a call record needs of a generated binding (parties()). */
export type BindingParties = Pick<StoredBinding, 'appId' | 'phoneA' | 'phoneB' | 'pnsNumberA' | 'pnsNumberB'>;

/** What generation needs of an app: the app and its middle numbers, in pool order. */
export interface GeneratorApp {
  app: SandboxApp;
  pool: string[];
}

/** The generated bindings of every app, generation index g = 0 (lowest bindId) .. count - 1. */
export class GeneratedBindings {
  /** number of generated bindings */
  readonly count: number;
  /** owners[g] = index of the app that generated binding g belongs to */
  readonly owners: Uint16Array;
  /** per app: the generation indices of its bindings, ascending (= bindId ascending) */
  readonly gens: Uint32Array[];
  /** the bindId of the last generated binding (new bindings continue from it) */
  readonly lastId: number;
  /** states[g] = the generator's PRNG state before binding g (4 bytes a binding) */
  private readonly states: Uint32Array;
  /** the bindId before binding c * BLOCK (each binding adds 1..37) */
  private readonly checkpointId: Float64Array;
  /** replays the generation stream from a checkpoint */
  private readonly replay = new Random(0);
  private readonly cache = new Map<number, StoredBinding[]>();
  /** phoneA and phoneB of the binding skip() went over last, as numbers (see Country.mobileValue) */
  private skippedA = 0;
  private skippedB = 0;

  /**
   * Continues the data stream `r` (after the apps): shuffles the owners, then passes over the
   * bindings once to find the checkpoints. Leaves `r` after the last binding.
   */
  constructor(
    r: Random,
    private readonly apps: readonly GeneratorApp[],
    bindingsPerApp: readonly number[],
    private readonly anchorMs: number,
  ) {
    this.gens = bindingsPerApp.map((n) => new Uint32Array(n));

    // Interleaved over the apps so that ids of different apps mix (Random.shuffle's draws).
    const total = bindingsPerApp.reduce((x, y) => x + y, 0);
    this.count = total;
    const owners = new Uint16Array(total);
    let at = 0;
    bindingsPerApp.forEach((n, i) => {
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
    const filled = new Uint32Array(this.gens.length);
    for (let g = 0; g < total; g++) this.gens[owners[g]][filled[owners[g]]++] = g;

    // One pass over the stream (draws only, no strings), keeping the checkpoints and the end state.
    const blocks = Math.ceil(total / BLOCK);
    this.states = new Uint32Array(total);
    this.checkpointId = new Float64Array(blocks);
    let id = r.int(100_000_000, 900_000_000);
    for (let g = 0; g < total; g++) {
      if (g % BLOCK === 0) this.checkpointId[g / BLOCK] = id;
      this.states[g] = r.save();
      id = this.skip(r, owners[g], id);
    }
    this.lastId = id;
  }

  /** Generated binding g (0 = the first generated, lowest bindId), deleted or not. */
  get(g: number): StoredBinding {
    return this.block(Math.floor(g / BLOCK))[g % BLOCK];
  }

  /**
   * What a call record needs of generated binding g: its first draws replayed from its own PRNG
   * state, no block regenerated (a page of calls sorted by time hits bindings all over).
   */
  parties(g: number): BindingParties {
    const r = this.replay;
    r.restore(this.states[g]);
    const { app, pool } = this.apps[this.owners[g]];
    return { appId: app.appId, ...this.drawParties(r, app, pool) };
  }

  /** The generation index of the generated binding with this exact bindId, or -1. */
  find(bindId: string): number {
    if (!/^[1-9]\d{0,15}$/.test(bindId) || this.count === 0) return -1;
    const id = Number(bindId);
    // Block c holds the ids in (checkpointId[c], checkpointId[c + 1]].
    const c = lowerBound(this.checkpointId, id) - 1;
    if (c < 0) return -1;
    const i = this.block(c).findIndex((b) => b.bindId === bindId);
    return i < 0 ? -1 : c * BLOCK + i;
  }

  /**
   * One more pass over the whole stream without building strings: calls visit(g, phoneA,
   * phoneB) for every generated binding, the phones as numbers (see Country.mobileValue).
   */
  scanPhones(visit: (g: number, phoneA: number, phoneB: number) => void): void {
    if (this.count === 0) return;
    const r = new Random(0);
    r.restore(this.states[0]);
    let id = this.checkpointId[0];
    for (let g = 0; g < this.count; g++) {
      id = this.skip(r, this.owners[g], id);
      visit(g, this.skippedA, this.skippedB);
    }
  }

  /**
   * Generation step for one binding of app `owner`, continuing the stream `r` after bindId
   * `prevId`. Every draw, and its order, is part of the seeded data: do not reorder.
   */
  private generate(r: Random, owner: number, prevId: number): { binding: StoredBinding; id: number } {
    const { app, pool } = this.apps[owner];
    const { phoneA, phoneB, pnsNumberA, pnsNumberB } = this.drawParties(r, app, pool);
    // ~15 % expired (up to 30 days ago), ~4 % expiring within 1 h, ~11 % within 1..24 h,
    // ~35 % within 1..7 days, ~35 % 7..180 days ahead.
    const u = r.float();
    const offsetS =
      u < 0.15
        ? -r.int(60, 30 * DAY_S)
        : u < 0.19
          ? r.int(60, HOUR_S)
          : u < 0.3
            ? r.int(HOUR_S + 1, DAY_S)
            : u < 0.65
              ? r.int(DAY_S + 1, 7 * DAY_S)
              : r.int(7 * DAY_S + 1, 180 * DAY_S);
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

  /** A binding's first draws (generate() and parties()): its phones, then its middle numbers. */
  private drawParties(r: Random, app: SandboxApp, pool: readonly string[]): Omit<BindingParties, 'appId'> {
    const phone = (): string => {
      // Mostly the app's country, sometimes a foreign number.
      const c = r.chance(0.85) ? app.country : r.pick(COUNTRIES);
      return c.ccode + c.mobile(r);
    };
    const phoneA = phone();
    let phoneB = phone();
    while (phoneB === phoneA) phoneB = phone();
    const active = activeNumbers(pool.length);
    const a = skewedIndex(r.float(), active);
    let b = a;
    if (r.chance(0.5) && active > 1) {
      while (b === a) b = skewedIndex(r.float(), active);
    }
    return { phoneA, phoneB, pnsNumberA: pool[a], pnsNumberB: pool[b] };
  }

  /**
   * generate() without building the binding: exactly the same draws, phones as numbers (equal
   * exactly when the strings are) and middle numbers as pool indices (the pool has no
   * duplicates). Returns the bindId; leaves the phones in skippedA / skippedB.
   */
  private skip(r: Random, owner: number, prevId: number): number {
    const { app, pool } = this.apps[owner];
    const phone = (): number => (r.chance(0.85) ? app.country : COUNTRIES[Math.floor(r.float() * COUNTRIES.length)]).mobileValue(r);
    const phoneA = phone();
    let phoneB = phone();
    while (phoneB === phoneA) phoneB = phone();
    const active = activeNumbers(pool.length);
    const a = skewedIndex(r.float(), active);
    let b = a;
    if (r.chance(0.5) && active > 1) {
      while (b === a) b = skewedIndex(r.float(), active);
    }
    r.float(); // which expiry band
    r.float(); // the offset within it
    const id = prevId + r.int(1, 37);
    r.float(); // numericB
    this.skippedA = phoneA;
    this.skippedB = phoneB;
    return id;
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
    r.restore(this.states[c * BLOCK]);
    let id = this.checkpointId[c];
    const out: StoredBinding[] = [];
    const end = Math.min(this.count, (c + 1) * BLOCK);
    for (let g = c * BLOCK; g < end; g++) {
      const next = this.generate(r, this.owners[g], id);
      out.push(next.binding);
      id = next.id;
    }
    this.cache.set(c, out);
    if (this.cache.size > CACHE_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
    return out;
  }
}
