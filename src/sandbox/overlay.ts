/**
 * What bind and unbind changed on top of the generated bindings, merged into queryBindPage order,
 * and the phone index (built by the first bind) that bind's -35 / -41 checks use.
 */
import type { GeneratedBindings } from './generator';
import type { BindingList, StoredBinding } from './model';
import { has, insertSorted, lowerBound } from './sorted';

/** One app's part of the overlay. */
interface AppOverlay {
  /** bindings added by bind, newest (highest bindId) first */
  added: StoredBinding[];
  /** removed generated bindings, as positions in the app's bindId-descending order, ascending */
  deleted: number[];
}

/** The phone index's key: a 32-bit mix of a phone number's value (Number of its digits). */
function phoneKey(value: number): number {
  let h = (value >>> 0) ^ Math.imul(Math.floor(value / 0x1_0000_0000), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class Overlay {
  /** every app's added bindings, newest first */
  private readonly added: StoredBinding[] = [];
  private readonly addedById = new Map<string, StoredBinding>();
  /** removed generated bindings, as positions in the all-apps bindId-descending order, ascending */
  private readonly deleted: number[] = [];
  /** per app, in app order */
  private readonly apps: AppOverlay[];
  /** hash32 of phoneA (2g) and phoneB (2g + 1) of every generated binding; built by the first bind */
  private phoneIndex: Uint32Array | undefined;

  /** `appIndex` maps an app id to its index (the generator's owner number). */
  constructor(
    private readonly generated: GeneratedBindings,
    private readonly appIndex: ReadonlyMap<string, number>,
  ) {
    this.apps = generated.gens.map(() => ({ added: [], deleted: [] }));
  }

  /** Every app's current bindings, in queryBindPage order. */
  all(): BindingList {
    const n = this.generated.count;
    return this.view(this.added, n, this.deleted, (p) => n - 1 - p);
  }

  /** App `ai`'s current bindings, in queryBindPage order. */
  ofApp(ai: number): BindingList {
    const s = this.apps[ai];
    const gens = this.generated.gens[ai];
    const n = gens.length;
    return this.view(s.added, n, s.deleted, (p) => gens[n - 1 - p]);
  }

  /** Adds a new binding of app `ai`; its bindId must be higher than every other. */
  add(ai: number, binding: StoredBinding): void {
    // New ids are always the highest: the front keeps both lists in bindId-descending order.
    this.added.unshift(binding);
    this.apps[ai].added.unshift(binding);
    this.addedById.set(binding.bindId, binding);
  }

  /** Removes a binding (only from `appId` when given); false if it does not exist there. */
  unbind(bindId: string, appId?: string): boolean {
    const added = this.addedById.get(bindId);
    if (added) {
      if (appId !== undefined && added.appId !== appId) return false;
      this.addedById.delete(bindId);
      const own = this.apps[this.appIndex.get(added.appId)!].added;
      own.splice(own.indexOf(added), 1);
      this.added.splice(this.added.indexOf(added), 1);
      return true;
    }
    const g = this.generated.find(bindId);
    if (g < 0) return false;
    const owner = this.generated.owners[g];
    if (appId !== undefined && this.appIndex.get(appId) !== owner) return false;
    const inAll = this.generated.count - 1 - g;
    if (has(this.deleted, inAll)) return false;
    insertSorted(this.deleted, inAll);
    const gens = this.generated.gens[owner];
    insertSorted(this.apps[owner].deleted, gens.length - 1 - lowerBound(gens, g));
    return true;
  }

  /** App `ai`'s current bindings (added and generated, not deleted) with phoneA or phoneB in `phones`. */
  withPhones(ai: number, phones: Set<string>): StoredBinding[] {
    const found = this.apps[ai].added.filter((b) => phones.has(b.phoneA) || phones.has(b.phoneB));
    const index = this.buildPhoneIndex();
    const [k1, k2 = k1] = [...phones].map((p) => phoneKey(Number(p)));
    const n = this.generated.count;
    const owners = this.generated.owners;
    for (let e = 0; e < index.length; e++) {
      if (index[e] !== k1 && index[e] !== k2) continue;
      const g = e >>> 1;
      if (owners[g] !== ai || has(this.deleted, n - 1 - g)) continue;
      const b = this.generated.get(g);
      if ((phones.has(b.phoneA) || phones.has(b.phoneB)) && !found.includes(b)) found.push(b);
    }
    return found;
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
          out.push(this.generated.get(generationIndex(p)));
        }
        p++;
      }
      return out;
    };
    return { length, slice };
  }

  /** Built once, by the first bind: one more pass over the stream (8 bytes a binding). */
  private buildPhoneIndex(): Uint32Array {
    if (this.phoneIndex) return this.phoneIndex;
    const index = new Uint32Array(2 * this.generated.count);
    this.generated.scanPhones((g, phoneA, phoneB) => {
      index[2 * g] = phoneKey(phoneA);
      index[2 * g + 1] = phoneKey(phoneB);
    });
    this.phoneIndex = index;
    return index;
  }
}
