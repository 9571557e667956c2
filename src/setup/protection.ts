import * as vscode from 'vscode';
import type { Protection } from '../accounts/model';
import type { CommandContext } from '../commands/context';
import { pickAccount } from '../commands/pick';

/**
 * Set Account Protection…: none, protected (a write needs the last four digits of phone A typed,
 * a bulk write the count; src/writes/ asks) or read-only (Bind and Unbind are not offered for it:
 * menus, palette, details panel).
 */
export async function setAccountProtection(c: CommandContext, node?: unknown): Promise<void> {
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Set the protection of which account?'));
  if (!account) return;
  const current = account.protection;
  const items: Array<vscode.QuickPickItem & { value: Protection }> = [
    { value: 'none', label: vscode.l10n.t('None'), detail: vscode.l10n.t('Bind and Unbind ask as usual.') },
    { value: 'protected', label: vscode.l10n.t('Protected'), detail: vscode.l10n.t('Writes need the last four digits of phone A typed; a bulk write needs the count.') },
    { value: 'readOnly', label: vscode.l10n.t('Read-only'), detail: vscode.l10n.t('Bind and Unbind are not offered.') },
  ];
  for (const i of items) if (i.value === current) i.description = vscode.l10n.t('current');
  const pick = await c.ui.quickPick(items, {
    title: c.accounts.all().length > 1 ? vscode.l10n.t('Laaffic PNS: Protection of {0}', account.name) : vscode.l10n.t('Laaffic PNS: Account Protection'),
    placeHolder: vscode.l10n.t('How carefully may this account be changed?'),
  });
  if (!pick || pick.value === current) return;
  await c.accounts.setProtection(account, pick.value);
}
