/**
 * Pinned bindings: per account, the ids of the bindings the user pinned (app id + bind id, never
 * a phone number), kept in the user's globalState so that they survive a reload of the window.
 * At most MAX_PINS per account (src/pins/commands.ts adds and removes). What a pin shows is read
 * again from the server (./pinNodes.ts).
 */
import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';

/** A pinned binding: where to look for it (null = every app of the key) and its id. */
export interface Pin {
  appId: string | null;
  bindId: string;
}

export const MAX_PINS = 100;
const KEY = 'laafficPns.pins';

/** What storage holds that is a pin: a bind id and an app id as they are written (anything else is left out). */
const valid = (p: Pin | undefined) => /^[\w-]{1,64}$/.test(String(p?.bindId)) && (p!.appId === null || /^[\w-]{1,64}$/.test(String(p!.appId)));

export class PinStore extends vscode.EventEmitter<void> {
  constructor(private readonly memento: vscode.Memento) {
    super();
  }

  #all(): Record<string, Pin[] | undefined> {
    return { ...this.memento.get<Record<string, Pin[]>>(KEY) };
  }

  /** An account's pins, oldest first. */
  list(accountId: string): Pin[] {
    const all = this.#all()[accountId];
    return Array.isArray(all) ? all.filter(valid).slice(0, MAX_PINS).map((p) => ({ appId: p.appId, bindId: p.bindId })) : [];
  }

  /** Keeps these pins of an account (none: the account's entry goes). */
  async set(accountId: string, pins: Pin[]): Promise<void> {
    const all = this.#all();
    all[accountId] = pins.length ? pins : undefined;
    await this.memento.update(KEY, all);
    this.fire();
  }

  /** Removing an account removes its pins (a reload keeps the same ids, so its pins stay). */
  watch(accounts: Accounts): vscode.Disposable {
    return accounts.onDidChange(async () => {
      const ids = accounts.all().map((a) => a.id);
      for (const id of Object.keys(this.#all())) if (!ids.includes(id)) await this.set(id, []);
    });
  }
}
