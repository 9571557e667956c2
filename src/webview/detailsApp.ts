/**
 * The app of the binding the details panel shows. A binding opened from an app's node has it;
 * one listed under "All apps" has only what its record says: the vendor's queryBindPage records
 * name no app (a record that does has its appId used), so the app is looked up through the
 * binding's middle number in number/queryPage, the only place the vendor names apps.
 */
import type * as vscode from 'vscode';
import { appOfNumber } from '../api';
import type { Accounts } from '../accounts/accounts';
import { validateAppId } from '../config/appId';
import { accountClient, appLabel } from './detailsTarget';
import type { BindingView } from '../shared/messages';

/** The app a binding's raw record names (`appId`, when it passes the app id rule), else undefined. */
export function recordAppId(rawJson: string): string | undefined {
  try {
    const v = (JSON.parse(rawJson) as { appId?: unknown }).appId;
    const id = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : '';
    return id !== '' && validateAppId(id) === undefined ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The view naming `appId` as its app, with the label its account gives it (else the id). */
export function withApp(view: BindingView, appId: string, accounts: Accounts): BindingView {
  return { ...view, app: { ...view.app, appId, label: appLabel(accounts, appId, undefined, view.app.account) } };
}

/** A view listed under "All apps" whose record names its app: that app; any other view as it is. */
export function namedApp(view: BindingView, accounts: Accounts): BindingView {
  if (view.app.appId !== null) return view;
  const appId = recordAppId(view.rawJson);
  return appId ? withApp(view, appId, accounts) : view;
}

/**
 * One look-up at a time for the details panel: a new one (another binding shown) or dispose()
 * cancels the one running; `found` gets the view naming its app, only if the look-up was not
 * cancelled meanwhile (the panel checks that the binding is still the one shown).
 */
export class AppLookup {
  #ac: AbortController | undefined;

  constructor(
    private readonly accounts: Accounts,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async start(view: BindingView, found: (view: BindingView) => void): Promise<void> {
    this.#ac?.abort();
    const ac = new AbortController();
    this.#ac = ac;
    try {
      const appId = await lookUpApp(view, this.accounts, this.log, ac.signal);
      if (appId && !ac.signal.aborted) found(withApp(view, appId, this.accounts));
    } catch (e) {
      if (!ac.signal.aborted) this.log.warn(`Could not look up the app of binding ${view.bindId}: ${(e as Error).message}`);
    } finally {
      if (this.#ac === ac) this.#ac = undefined;
    }
  }

  dispose(): void {
    this.#ac?.abort();
  }
}

/** The app whose numbers list the view's middle number, through its account's client; undefined when not listed. */
export async function lookUpApp(view: BindingView, accounts: Accounts, log: vscode.LogOutputChannel, signal: AbortSignal): Promise<string | undefined> {
  const number = view.pnsNumberA || view.pnsNumberB;
  if (!number) return undefined;
  const client = await accountClient(accounts, view.app.account);
  const appId = await appOfNumber(client, number, { signal });
  if (signal.aborted) return undefined;
  log.info(
    appId
      ? `Binding ${view.bindId} (listed under All apps) belongs to app ${appId}: its middle number is listed there.`
      : `Binding ${view.bindId} (listed under All apps): its middle number is not in the numbers list, so its app is not known.`,
  );
  return appId;
}
