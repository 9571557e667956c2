import * as vscode from 'vscode';
import { BRANDS, DEFAULT_BASE_URL, noIcons, parseBaseUrl } from '../api';
import { showInfo } from '../ui/safety';
import type { Account } from '../accounts/accounts';
import type { CommandContext } from '../commands/context';
import { askKeyAndSecret, verify } from './credentials';
import { pickAccount } from '../commands/pick';

/** Why `v` is not a usable base URL, or undefined. */
function baseUrlProblem(v: string): string | undefined {
  try {
    parseBaseUrl(v.trim());
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Add Account…: name, base URL, API key and secret. */
export async function addAccount(c: CommandContext): Promise<Account | undefined> {
  const title = vscode.l10n.t('Laaffic PNS: Add Account');
  const name = await c.ui.inputBox({
    title: `${title} (1/4)`,
    prompt: vscode.l10n.t('A name for the account in the tree, e.g. Production or Test.'),
    placeHolder: vscode.l10n.t('account name'),
    ignoreFocusOut: true,
    validateInput: (v) => c.accounts.nameProblem(v),
  });
  if (name === undefined) return;
  // The platform's brands (trusted without a question), or any URL (asked about before use).
  const custom = vscode.l10n.t('Custom URL…');
  const brand = await c.ui.quickPick([...BRANDS.map((b) => ({ label: b.name, description: b.baseUrl, baseUrl: b.baseUrl })), { label: custom, description: vscode.l10n.t('a sandbox on this computer, or another host'), baseUrl: undefined }], {
    title: `${title} (2/4)`,
    placeHolder: vscode.l10n.t('Which brand of the platform is this account with?'),
  });
  if (!brand) return;
  const baseUrl =
    brand.baseUrl ??
    (await c.ui.inputBox({
      title: `${title} (2/4)`,
      prompt: vscode.l10n.t('The Laaffic API base URL of this account (http:// only for a sandbox on this computer).'),
      value: DEFAULT_BASE_URL,
      ignoreFocusOut: true,
      validateInput: baseUrlProblem,
    }));
  if (baseUrl === undefined) return;
  const url = parseBaseUrl(baseUrl.trim());
  const entered = await askKeyAndSecret(c, title, url, 3, 4);
  if (!entered) return;
  // Bound to the host they were entered for, as Set Credentials does.
  const account = await c.accounts.add({ name, baseUrl: baseUrl.trim().replace(/\/+$/, '') }, { ...entered, origin: url.origin });
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Added account {0}', noIcons(account.name)), 4000);
  await verify(c, account);
  return account;
}

/** Rename Account…. */
export async function renameAccount(c: CommandContext, node?: unknown): Promise<void> {
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Rename which account?'), { saved: true });
  if (!account) return;
  const name = await c.ui.inputBox({
    title: vscode.l10n.t('Laaffic PNS: Rename Account {0}', account.name),
    prompt: vscode.l10n.t('The new name of the account.'),
    value: account.name,
    ignoreFocusOut: true,
    validateInput: (v) => c.accounts.nameProblem(v, account),
  });
  if (name === undefined || name.trim() === account.name) return;
  const before = account.name;
  await c.accounts.rename(account, name);
  c.log.info(`Accounts: renamed “${before}” to “${account.name}”.`);
}

/** Remove Account: asks first; deletes its secret. */
export async function removeAccount(c: CommandContext, node?: unknown): Promise<void> {
  const onlyOne = () => void showInfo(vscode.l10n.t('{0} is the only account: it stays. To remove its API key and secret, run "Laaffic PNS: Clear Credentials".', c.accounts.first().name));
  if (c.accounts.all().length === 1) return onlyOne();
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Remove which account?'));
  if (!account) return;
  // The last saved account stays (an in-memory one, such as the demo, may be beside it).
  if (!account.ephemeral && c.accounts.saved().length === 1) return onlyOne();
  const remove = vscode.l10n.t('Remove Account');
  const settingsNote = account.usesSettings ? vscode.l10n.t(' The settings laafficPns.baseUrl and laafficPns.apps stay as they are, but no account uses them any more.') : '';
  const pick = await c.ui.warning(
    vscode.l10n.t('Remove account {0}?', account.name),
    {
      modal: true,
      detail: account.ephemeral
        ? vscode.l10n.t('Its API key and secret are deleted from this window, and its apps leave the tree.{0} Nothing changes at Laaffic.', settingsNote)
        : vscode.l10n.t("Its API key and secret are deleted from this machine's secret storage, and its apps leave the tree.{0} Nothing changes at Laaffic.", settingsNote),
    },
    remove,
  );
  if (pick !== remove) return;
  const name = account.name;
  await c.accounts.remove(account);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Removed account {0}', noIcons(name)), 4000);
}

/** Set Account Base URL…. */
export async function setAccountBaseUrl(c: CommandContext, node?: unknown): Promise<void> {
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Set the base URL of which account?'), { saved: true });
  if (!account) return;
  const baseUrl = await c.ui.inputBox({
    title: c.accounts.all().length > 1 ? vscode.l10n.t('Laaffic PNS: Base URL of {0}', account.name) : vscode.l10n.t('Laaffic PNS: Base URL'),
    prompt: account.usesSettings
      ? vscode.l10n.t("Where the requests of this account go (laafficPns.baseUrl, user settings). A host other than Laaffic's, this computer, or the one its credentials were entered for is asked about before anything is sent.")
      : vscode.l10n.t("Where the requests of this account go. A host other than Laaffic's, this computer, or the one its credentials were entered for is asked about before anything is sent."),
    value: account.baseUrl(),
    ignoreFocusOut: true,
    validateInput: baseUrlProblem,
  });
  if (baseUrl === undefined) return;
  const clean = baseUrl.trim().replace(/\/+$/, '');
  if (clean === account.baseUrl()) return;
  await c.accounts.setBaseUrl(account, clean);
  c.log.info(`Accounts: the base URL of “${account.name}” is now ${clean}.`);
}
