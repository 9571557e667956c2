import type { Country } from './countries';
import type { SandboxBinding } from './types';

/** A binding as served: the public fields plus how queryBindPage serialises pnsNumberB. */
export interface StoredBinding extends SandboxBinding {
  /** Serve pnsNumberB as a JSON number (the vendor types it Integer); about 10 % of generated records. */
  numericB: boolean;
}

/** A number's state as /number/queryPage serves it: 3 in use, 4 expired, 5 disabled. */
export type NumberState = 3 | 4 | 5;

/** One purchased middle number (what /number/queryPage lists). */
export interface SandboxNumber {
  number: string;
  state: NumberState;
  /** epoch ms */
  dueAt: number;
  /** served as autoRenew 1 / 0 */
  autoRenew: boolean;
}

export interface SandboxApp {
  appId: string;
  country: Country;
  /** The id of the app's (single) number pool, accepted as bind's poolNumber. */
  poolId: string;
  /** The pool's middle numbers, in pool order, all in use (state 3). */
  numbers: SandboxNumber[];
  /** The app's expired (4) and disabled (5) numbers: listed, in no pool, used by no binding, never picked by bind. */
  retired: SandboxNumber[];
}

/**
 * Bindings in queryBindPage order (bindId descending), computed on demand. `slice` works like
 * Array.prototype.slice for non-negative bounds; arrays satisfy this interface too.
 */
export interface BindingList {
  readonly length: number;
  slice(start?: number, end?: number): StoredBinding[];
}

export const DAY_S = 86_400;
