/** Pin Binding and Unpin Binding: on a binding (any), or on a pin whose binding is gone. */
import * as vscode from 'vscode';
import type { Account } from '../accounts/accounts';
import { BindingNode } from '../tree/nodes';
import { MAX_PINS, type Pin, type PinStore } from '../tree/pins';
import { showInfo } from '../ui/safety';
import { PinMessageNode, PinnedBindingNode } from './read';

/** What the commands use of their context (not CommandContext: the tree loads this bundle too). */
type Ctx = {
  tree: { pins: PinStore | undefined };
  /** The details panel's binding: Pin Binding in its title bar has no node. */
  details: { shown?: { bindId: string; app: { appId: string | null; account: string } } };
  accounts: { get(id: string | undefined): Account | undefined };
};

const same = (a: Pin, b: Pin) => a.bindId === b.bindId && a.appId === b.appId;

function pinOf(x: unknown, c: Ctx): { account: Account; pin: Pin } | undefined {
  if (x instanceof PinMessageNode) return { account: x.account, pin: x.pin };
  if (x instanceof PinnedBindingNode) return { account: x.app.account, pin: x.pin };
  if (x instanceof BindingNode) return { account: x.app.account, pin: { appId: x.app.appId ?? null, bindId: x.record.bindId } };
  const shown = c.details.shown;
  const account = c.accounts.get(shown?.app.account);
  return shown && account ? { account, pin: { appId: shown.app.appId, bindId: shown.bindId } } : undefined;
}

export async function pinBinding(c: Ctx, node: unknown): Promise<void> {
  const it = pinOf(node, c);
  if (!it || !c.tree.pins) return;
  const pins = c.tree.pins.list(it.account.id);
  if (pins.some((p) => same(p, it.pin))) return;
  if (pins.length >= MAX_PINS) return void showInfo(vscode.l10n.t('{0} already has {1} pinned bindings, the most it keeps: unpin one first.', it.account.name, MAX_PINS));
  await c.tree.pins.set(it.account.id, [...pins, it.pin]);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(pinned) Binding {0} pinned', it.pin.bindId), 4000);
}

export async function unpinBinding(c: Ctx, node: unknown): Promise<void> {
  const it = pinOf(node, c);
  if (!it || !c.tree.pins) return;
  await c.tree.pins.set(it.account.id, c.tree.pins.list(it.account.id).filter((p) => !same(p, it.pin)));
  vscode.window.setStatusBarMessage(vscode.l10n.t('Binding {0} unpinned', it.pin.bindId), 4000);
}
