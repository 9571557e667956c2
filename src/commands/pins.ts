/** Pin Binding and Unpin Binding (the Pinned node: src/tree/pinNodes.ts, the ids: src/tree/pins.ts). */
import * as vscode from 'vscode';
import { Cmd } from '../config/ids';
import { MAX_PINS } from '../tree/pins';
import { pinOf } from '../tree/pinNodes';
import { showInfo } from '../ui/safety';
import type { CommandContext } from './context';
import { registerCommand } from './register';

export function registerPinCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.pinBinding, async (node?: unknown) => {
    const it = pinOf(node);
    const store = c.tree.pins;
    if (!it || !store) return;
    const done = await store.add(it.account.id, it.pin);
    if (done === 'full') return void showInfo(vscode.l10n.t('{0} already has {1} pinned bindings, the most it keeps: unpin one first.', it.account.name, MAX_PINS));
    vscode.window.setStatusBarMessage(done === 'added' ? vscode.l10n.t('$(pinned) Binding {0} pinned', it.pin.bindId) : vscode.l10n.t('Binding {0} is already pinned', it.pin.bindId), 4000);
  });
  registerCommand(c.extension, c.log, Cmd.unpinBinding, async (node?: unknown) => {
    const it = pinOf(node);
    const store = c.tree.pins;
    if (!it || !store) return;
    const removed = await store.remove(it.account.id, it.pin);
    vscode.window.setStatusBarMessage(removed ? vscode.l10n.t('Binding {0} unpinned', it.pin.bindId) : vscode.l10n.t('Binding {0} is not pinned', it.pin.bindId), 4000);
  });
}
