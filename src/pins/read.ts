/**
 * Reading the pins of a Pinned node again: the vendor has no get-by-id, so each is looked for with
 * the core's findBinding (its last page first when known, then its app), through the page cache,
 * a few pins at a time. Found: a normal binding node (same label, menus, details; an id of its
 * own). Not found: "binding X — no longer exists", which offers Unpin.
 */
import * as vscode from 'vscode';
import { findBinding, type BindingRecord } from '../api';
import type { Account } from '../accounts/accounts';
import { Cmd, Item } from '../config/ids';
import { errorText } from '../ui/language';
import { type AppNode, BindingNode, type TreeContext } from '../tree/nodes';
import { MessageNode, type TreeNode } from '../tree/node';
import type { PinnedNode } from '../tree/pinNodes';
import type { Pin } from '../tree/pins';

/** Pins read at once. */
const CONCURRENCY = 4;

export class PinnedBindingNode extends BindingNode {
  constructor(
    readonly pinned: PinnedNode,
    readonly pin: Pin,
    app: AppNode,
    record: BindingRecord,
    position: number,
    ctx: TreeContext,
  ) {
    super(app, { record, position }, ctx);
  }
  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    item.id = `${this.pinned.key}/${item.id}`;
    return item;
  }
}

/** A pin whose binding is not found (expired or unbound: a click unpins it), or could not be read. */
export class PinMessageNode extends MessageNode {
  constructor(
    parent: PinnedNode,
    readonly account: Account,
    readonly pin: Pin,
    gone: boolean,
    label: string,
    detail: string,
  ) {
    const click: vscode.Command | undefined = gone ? { command: Cmd.unpinBinding, title: vscode.l10n.t('Unpin Binding') } : undefined;
    super(parent, `${parent.key}/${pin.appId}/${gone}:${pin.bindId}`, gone ? 'info' : 'error', label, detail, click, gone ? Item.pinGone : Item.error);
    if (click) click.arguments = [this];
  }
}

/** Every pin of `pinned` read again, in pin order. `apps`: the account's app nodes ("All apps" last). */
export async function readPinned(pinned: PinnedNode, apps: AppNode[], ctx: TreeContext, log: vscode.LogOutputChannel): Promise<TreeNode[]> {
  const pins = pinned.pins();
  const out: TreeNode[] = [];
  let next = 0;
  const one = async (pin: Pin): Promise<TreeNode> => {
    const appId = pin.appId ?? undefined;
    const s = ctx.settings();
    try {
      const source = await pinned.account.connection.cachedSource();
      const r = await findBinding(source, { bindId: pin.bindId, appId, size: s.pageSize, pageHint: pinned.pages.get(pin.bindId), concurrency: s.searchConcurrency });
      if (r.found) {
        pinned.pages.set(pin.bindId, r.found.page);
        // Drawn as a binding of its app's node ("All apps" for an app no longer configured).
        const app = apps.find((a) => a.appId === appId) ?? apps[apps.length - 1];
        return new PinnedBindingNode(pinned, pin, app, r.found.record, r.found.position, ctx);
      }
      log.info(`Pinned binding ${pin.bindId} no longer exists (${r.checked} bindings looked at).`);
      return new PinMessageNode(pinned, pinned.account, pin, true, vscode.l10n.t('binding {0} — no longer exists', pin.bindId), vscode.l10n.t('It expired or was unbound. Click to unpin it.'));
    } catch (e) {
      log.warn(`Pinned binding ${pin.bindId} was not read: ${(e as Error).message}`);
      const shown = errorText(e);
      return new PinMessageNode(pinned, pinned.account, pin, false, vscode.l10n.t('binding {0} — could not be read', pin.bindId), `${shown.message} ${shown.hint ?? ''}`);
    }
  };
  const worker = async () => {
    while (next < pins.length) {
      const i = next++;
      out[i] = await one(pins[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pins.length) }, worker));
  return out;
}
