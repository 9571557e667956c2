/**
 * The integration tests' API: the one deliberate way tests reach into the extension. activate()
 * returns it as `test` only when `process.env.LAAFFIC_PNS_TEST === '1'` (the test harness sets
 * it); otherwise it does not exist and nothing here is used. The production build (the .vsix)
 * contains none of this file (LAAFFIC_PNS_TEST_BUILD, scripts/build.mjs). It holds:
 * - `ui`: a TestUserInput that answers every prompt from a queue (never VS Code's own boxes),
 *   records each prompt (with its text made safe, as it would be shown) and hands out the quick
 *   picks it creates (real ones); it records each openExternal in `opened` and opens nothing
 *   (the headless browser has nowhere to open it);
 * - the tree provider and view, the settings, the global storage folder;
 * - the accounts (src/accounts/accounts.ts: add, remove, `reload()` = what activation does with
 *   the stored layout) and the stores they live in (SecretStorage and globalState), so that a
 *   test can lay out what an older version stored and check where the secrets went;
 * - `details`: a probe of the details panel: what it posted to the page, what the page said it
 *   rendered (the page's `rendered` message exists only for this), and a way to deliver a
 *   message as if the page had sent it, or a saved state as if VS Code revived the panel;
 * - `calls`: the same for the calls panels (an app's or a middle number's calls), by scope key.
 */
import * as vscode from 'vscode';
import type { Accounts } from '../../src/accounts/accounts';
import type { BalanceStatus } from '../../src/ui/balanceStatus';
import type { Settings } from '../../src/config/settings';
import { safeMessage } from '../../src/ui/safety';
import type { BindingsProvider } from '../../src/tree/provider';
import type { Node } from '../../src/tree/nodes';
import { UserInput, VsCodeUserInput } from '../../src/ui/userInput';
import type { BindingView, FromWebview, ToWebview } from '../../src/shared/messages';
import type { FromCallsPage, ToCallsPage } from '../../src/shared/callsPanelMessages';

/** The test doubles activate() wires in: only when the harness set LAAFFIC_PNS_TEST=1. */
export function testHooks(): { ui: TestUserInput; details: DetailsProbe; calls: CallsProbe } | undefined {
  if (process.env.LAAFFIC_PNS_TEST !== '1') return undefined;
  return { ui: new TestUserInput(), details: new DetailsProbe(), calls: new CallsProbe() };
}

/** One question the extension asked. */
export interface Prompt {
  kind: 'inputBox' | 'quickPick' | 'quickPickMany' | 'saveDialog' | 'warning' | 'info';
  /** The title, prompt or message (messages as made safe for display). */
  text: string;
  items?: readonly vscode.QuickPickItem[];
  /** A quick pick's placeholder (the line that says what to do). */
  placeHolder?: string;
  buttons?: string[];
  modal?: boolean;
  /** A modal's detail text (made safe, as shown). */
  detail?: string;
}

/**
 * An answer: a value (a string is a quick pick item's label or a button), undefined (Esc), or a
 * function of the prompt that returns one.
 */
export type Answer = unknown;

export class TestUserInput implements UserInput {
  readonly #real = new VsCodeUserInput();
  readonly #queue: Answer[] = [];
  readonly #created = new vscode.EventEmitter<vscode.QuickPick<vscode.QuickPickItem>>();
  /** Every prompt, oldest first. */
  readonly prompts: Prompt[] = [];
  /** Every URI the extension asked to open outside VS Code, oldest first (nothing is opened). */
  readonly opened: vscode.Uri[] = [];
  /** Answers a prompt when the queue is empty (default: undefined, as if Esc was pressed). */
  fallback: (p: Prompt) => Answer = () => undefined;
  /** Fires with each quick pick created (Find's results list). */
  readonly onDidCreateQuickPick = this.#created.event;

  /** Queues answers for the next prompts, in order. */
  answer(...answers: Answer[]): void {
    this.#queue.push(...answers);
  }

  /** Drops unused answers and recorded prompts. */
  reset(): void {
    this.#queue.length = 0;
    this.prompts.length = 0;
    this.opened.length = 0;
    this.fallback = () => undefined;
  }

  #next(p: Prompt): unknown {
    this.prompts.push(p);
    const a = this.#queue.length ? this.#queue.shift() : this.fallback(p);
    return typeof a === 'function' ? (a as (p: Prompt) => unknown)(p) : a;
  }

  async inputBox(o: vscode.InputBoxOptions): Promise<string | undefined> {
    const a = this.#next({ kind: 'inputBox', text: o.title ?? o.prompt ?? '' });
    if (typeof a !== 'string') return undefined;
    // What VS Code would do: an answer the box rejects cannot be accepted.
    const problem = await o.validateInput?.(a);
    if (problem) throw new Error(`TestUserInput: "${a}" is rejected by the input box "${o.title}": ${typeof problem === 'string' ? problem : problem.message}`);
    return a;
  }

  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], o: vscode.QuickPickOptions): Promise<T | undefined> {
    const a = this.#next({ kind: 'quickPick', text: o.title ?? o.placeHolder ?? '', items, placeHolder: o.placeHolder });
    return typeof a === 'string' ? items.find((i) => i.label === a) : (a as T | undefined);
  }

  async quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], o: vscode.QuickPickOptions): Promise<T[] | undefined> {
    const a = this.#next({ kind: 'quickPickMany', text: o.title ?? o.placeHolder ?? '', items, placeHolder: o.placeHolder });
    if (a === undefined) return undefined;
    return (a as unknown[]).map((x) => (typeof x === 'string' ? items.find((i) => i.label === x) : x)).filter((x): x is T => !!x);
  }

  createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T> {
    const qp = this.#real.createQuickPick<T>();
    this.#created.fire(qp as unknown as vscode.QuickPick<vscode.QuickPickItem>);
    return qp;
  }

  async saveDialog(o: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return this.#next({ kind: 'saveDialog', text: o.title ?? '' }) as vscode.Uri | undefined;
  }

  async warning<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined> {
    return this.#message('warning', message, options, buttons);
  }

  async info<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined> {
    return this.#message('info', message, options, buttons);
  }

  async openExternal(uri: vscode.Uri): Promise<boolean> {
    this.opened.push(uri);
    return true;
  }

  #message<T extends string>(kind: 'warning' | 'info', message: string, options: vscode.MessageOptions, buttons: T[]): T | undefined {
    const a = this.#next({ kind, text: safeMessage(message), buttons, modal: !!options.modal, detail: options.detail === undefined ? undefined : safeMessage(options.detail, 2000) });
    return buttons.includes(a as T) ? (a as T) : undefined;
  }
}

type Rendered = Extract<FromWebview, { type: 'rendered' }>;
type CallsRendered = Extract<FromWebview, { type: 'callsRendered' }>;

/** What the details panel lets its probe do. */
export interface DetailsInternals {
  panel(): vscode.WebviewPanel | undefined;
  binding(): BindingView | undefined;
  receive(message: unknown): Promise<void>;
  restore(panel: vscode.WebviewPanel, state: unknown): void;
}

/** Watches the details panel for the tests. */
export class DetailsProbe {
  #internals: DetailsInternals | undefined;
  readonly #rendered = new vscode.EventEmitter<Rendered>();
  /** Every message sent to the page, newest last (the last 50). */
  readonly posted: ToWebview[] = [];
  /** What the page last said it rendered (tests may reset it to undefined). */
  lastRendered: Rendered | undefined;
  readonly onDidRender = this.#rendered.event;
  readonly #callsRendered = new vscode.EventEmitter<CallsRendered>();
  /** What the page last said its Calls section shows (tests may reset it to undefined). */
  lastCallsRendered: CallsRendered | undefined;
  readonly onDidRenderCalls = this.#callsRendered.event;

  /** Called by the panel. */
  connect(internals: DetailsInternals): void {
    this.#internals = internals;
  }
  /** Called by the panel for each message it posts. */
  sent(m: ToWebview): void {
    this.posted.push(m);
    if (this.posted.length > 50) this.posted.splice(0, this.posted.length - 50);
  }
  /** Called by the panel when the page reports a render. */
  rendered(m: Rendered): void {
    this.lastRendered = m;
    this.#rendered.fire(m);
  }
  /** Called by the panel when the page reports a render of its Calls section. */
  callsRendered(m: CallsRendered): void {
    this.lastCallsRendered = m;
    this.#callsRendered.fire(m);
  }

  get panel(): vscode.WebviewPanel | undefined {
    return this.#internals?.panel();
  }
  get binding(): BindingView | undefined {
    return this.#internals?.binding();
  }
  /** Delivers a message as if the page had posted it. */
  receive(message: unknown): Promise<void> {
    return this.#internals?.receive(message) ?? Promise.resolve();
  }
  /** Hands a panel and a saved state to the panel as VS Code does after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.#internals?.restore(panel, state);
  }
}

type ScopeRendered = Extract<FromCallsPage, { type: 'scopeRendered' }>;

/** What the calls panels let their probe do; `key` is a scope key (ScopeView.key), null for a panel without one. */
export interface CallsInternals {
  panel(key: string | null): vscode.WebviewPanel | undefined;
  keys(): (string | null)[];
  receive(key: string | null, message: unknown): Promise<void>;
  restore(panel: vscode.WebviewPanel, state: unknown): void;
}

/** Watches the calls panels for the tests. */
export class CallsProbe {
  #internals: CallsInternals | undefined;
  /** Every message sent to a calls page with its scope key, newest last (the last 100). */
  readonly posted: { key: string | null; message: ToCallsPage }[] = [];
  /** What a page last said its Calls section shows (tests may reset it to undefined). */
  lastCallsRendered: CallsRendered | undefined;
  /** What a page last said it drew (its scope, what it saved). */
  lastScopeRendered: ScopeRendered | undefined;

  connect(internals: CallsInternals): void {
    this.#internals = internals;
  }
  sent(key: string | null, message: ToCallsPage): void {
    this.posted.push({ key, message });
    if (this.posted.length > 100) this.posted.splice(0, this.posted.length - 100);
  }
  callsRendered(m: CallsRendered): void {
    this.lastCallsRendered = m;
  }
  scopeRendered(m: ScopeRendered): void {
    this.lastScopeRendered = m;
  }
  /** The open panel of a scope key (null: a restored panel without one). */
  panel(key: string | null): vscode.WebviewPanel | undefined {
    return this.#internals?.panel(key);
  }
  /** The scope keys of the open panels. */
  keys(): (string | null)[] {
    return this.#internals?.keys() ?? [];
  }
  /** Delivers a message as if the page of `key` had posted it. */
  receive(key: string | null, message: unknown): Promise<void> {
    return this.#internals?.receive(key, message) ?? Promise.resolve();
  }
  /** Hands a panel and a saved state over as VS Code does after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.#internals?.restore(panel, state);
  }
}

export interface TestApi {
  readonly ui: TestUserInput;
  settings(): Settings;
  readonly tree: BindingsProvider;
  readonly treeView: vscode.TreeView<Node>;
  readonly details: DetailsProbe;
  /** The calls panels (src/webview/callsPanel.ts). */
  readonly calls: CallsProbe;
  /** The balance status bar item and what it shows. */
  readonly balance: BalanceStatus;
  /** Where VS Code keeps this extension's global storage (tests find the user-data folder from it). */
  readonly globalStorageUri: vscode.Uri;
  /** Every account; `reload()` runs the start-up (migration included) again. */
  readonly accounts: Accounts;
  /** The extension's SecretStorage and globalState (where accounts and their secrets are kept). */
  readonly secrets: vscode.SecretStorage;
  readonly globalState: vscode.Memento;
  /** The last copies: what went to the clipboard and what the status bar said (src/ui/clipboard.ts). */
  readonly copies: ReadonlyArray<{ copied: string; said: string }>;
  /** Whether the phone number library was loaded when activate() ended, is loaded now, and how long loading it took. */
  phoneLib(): { loadedAtActivation: boolean; loaded: boolean; ms?: number };
}
