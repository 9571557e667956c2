/**
 * Pinned bindings: per account, the ids of the bindings the user pinned (app id + bind id, never
 * a phone number), kept in the user's globalState so that they survive a reload of the window.
 * At most MAX_PINS per account. What a pin shows is read again from the server (./pinNodes.ts).
 */
import * as vscode from 'vscode';
import { validateAppId } from '../config/appId';
import type { Accounts } from '../accounts/accounts';

/** A pinned binding: where to look for it (null = every app of the key) and its id. */
export interface Pin {
  appId: string | null;
  bindId: string;
}

export const MAX_PINS = 100;
const KEY = 'laafficPns.pins';
/** A bind id as the vendor hands them out (digits, maybe letters): anything else in storage is dropped. */
const BIND_ID = /^[A-Za-z0-9_-]{1,64}$/;

type Stored = Record<string, Pin[]>;

function valid(p: unknown): p is Pin {
  if (!p || typeof p !== 'object') return false;
  const { appId, bindId } = p as Partial<Pin>;
  return typeof bindId === 'string' && BIND_ID.test(bindId) && (appId === null || (typeof appId === 'string' && !validateAppId(appId)));
}

export class PinStore {
  readonly #changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  /** An account's pins, oldest first (what storage holds that is not a pin is left out). */
  list(accountId: string): Pin[] {
    const all = this.#read()[accountId];
    return Array.isArray(all) ? all.filter(valid).slice(0, MAX_PINS) : [];
  }

  has(accountId: string, pin: Pin): boolean {
    return this.list(accountId).some((p) => same(p, pin));
  }

  /** 'full' when the account already holds MAX_PINS pins. */
  async add(accountId: string, pin: Pin): Promise<'added' | 'already' | 'full'> {
    const list = this.list(accountId);
    if (list.some((p) => same(p, pin))) return 'already';
    if (list.length >= MAX_PINS) return 'full';
    await this.#write(accountId, [...list, { appId: pin.appId, bindId: pin.bindId }]);
    return 'added';
  }

  async remove(accountId: string, pin: Pin): Promise<boolean> {
    const list = this.list(accountId);
    const kept = list.filter((p) => !same(p, pin));
    if (kept.length === list.length) return false;
    await this.#write(accountId, kept);
    return true;
  }

  /** Forgets the pins of the accounts not in `keep` (removed accounts). */
  async keepAccounts(keep: readonly string[]): Promise<void> {
    const all = this.#read();
    const gone = Object.keys(all).filter((id) => !keep.includes(id));
    if (gone.length === 0) return;
    for (const id of gone) delete all[id];
    await this.memento.update(KEY, all);
    this.#changed.fire();
  }

  dispose(): void {
    this.#changed.dispose();
  }

  #read(): Stored {
    const v = this.memento.get<unknown>(KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Stored) } : {};
  }

  async #write(accountId: string, list: Pin[]): Promise<void> {
    const all = this.#read();
    if (list.length) all[accountId] = list;
    else delete all[accountId];
    await this.memento.update(KEY, all);
    this.#changed.fire();
  }
}

function same(a: Pin, b: Pin): boolean {
  return a.bindId === b.bindId && a.appId === b.appId;
}

/** Removing an account removes its pins (a reload keeps the same ids, so its pins stay). */
export function dropPinsOfRemovedAccounts(store: PinStore, accounts: Accounts): vscode.Disposable {
  let ids = accounts.all().map((a) => a.id);
  return accounts.onDidChange(() => {
    const now = accounts.all().map((a) => a.id);
    const removed = ids.some((id) => !now.includes(id));
    ids = now;
    if (removed) void store.keepAccounts(now);
  });
}
