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
 *   rendered (the page's reports, PageReport, are sent only by the development build), and a way
 *   to deliver a message as if the page had sent it, or a saved state as if VS Code revived the panel;
 * - `calls`: the same for the calls panels (an app's or a middle number's calls), by scope key.
 */
import * as vscode from 'vscode';
import type { Accounts } from '../../src/accounts/accounts';
import type { BalanceStatus } from '../../src/ui/balanceStatus';
import type { ViewState } from '../../src/tree/viewState';
import type { AutoRefresh } from '../../src/tree/autoRefresh';
import type { Settings } from '../../src/config/settings';
import { safeMessage } from '../../src/ui/safety';
import type { BindingsProvider } from '../../src/tree/provider';
import type { Node } from '../../src/tree/nodes';
import { UserInput, VsCodeUserInput } from '../../src/ui/userInput';
import type { BindingView, PageReport, ToCallsPage, ToWebview } from '../../src/shared/messages';
import type { PanelPage, PanelProbe } from '../../src/webview/panelPage';
import type { DetailsPage } from '../../src/webview/detailsPanel';
import type { HealthReport, ToHealthPage } from '../../src/shared/healthMessages';

/** The test doubles activate() wires in: only when the harness set LAAFFIC_PNS_TEST=1. */
export function testHooks(): { ui: TestUserInput; details: DetailsProbe; calls: CallsProbe; health: HealthProbe } | undefined {
  if (process.env.LAAFFIC_PNS_TEST !== '1') return undefined;
  return { ui: new TestUserInput(), details: new DetailsProbe(), calls: new CallsProbe(), health: new HealthProbe() };
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
  /** An input box's prompt (the line under it). */
  prompt?: string;
  /** A modal's detail text (made safe, as shown). */
  detail?: string;
  /** An input box's check, to try other text with (what it would say as that is typed). */
  validate?: (value: string) => string | vscode.InputBoxValidationMessage | undefined | null | Thenable<string | vscode.InputBoxValidationMessage | undefined | null>;
  /** An input box's Info or Warning message for the answer it accepted (e.g. Bind's "India · +91 …"). */
  validation?: string;
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
    const p: Prompt = { kind: 'inputBox', text: o.title ?? o.prompt ?? '', prompt: o.prompt, validate: o.validateInput };
    const a = this.#next(p);
    if (typeof a !== 'string') return undefined;
    // What VS Code would do: an answer the box rejects cannot be accepted (an Info or Warning message does not reject).
    const problem = await o.validateInput?.(a);
    if (problem && (typeof problem === 'string' || problem.severity === vscode.InputBoxValidationSeverity.Error)) {
      throw new Error(`TestUserInput: "${a}" is rejected by the input box "${o.title}": ${typeof problem === 'string' ? problem : problem.message}`);
    }
    if (problem && typeof problem !== 'string') p.validation = problem.message;
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

type Rendered = Extract<PageReport, { type: 'rendered' }>;
type CallsRendered = Extract<PageReport, { type: 'callsRendered' }>;
type ScopeRendered = Extract<PageReport, { type: 'scopeRendered' }>;
type Panels = Parameters<PanelProbe['connect']>[0];

/** Watches one kind of panel (src/webview/panelPage.ts) for the tests: what was posted, what the pages report. */
abstract class PagesProbe implements PanelProbe {
  #panels: Panels | undefined;
  /** What a page last said its Calls section shows (tests may reset it to undefined). */
  lastCallsRendered: CallsRendered | undefined;

  connect(panels: Panels): void {
    this.#panels = panels;
  }
  protected pages(): PanelPage[] {
    return this.#panels?.pages() ?? [];
  }
  abstract sent(page: PanelPage, m: ToWebview | ToCallsPage): void;
  /** Every message of a page, unread by the extension; the reports (PageReport) are kept here. */
  heard(_page: PanelPage, m: unknown): void {
    const r = typeof m === 'object' && m !== null ? (m as PageReport) : undefined;
    if (r?.type === 'callsRendered') this.lastCallsRendered = r;
    else if (r) this.report(r);
  }
  protected abstract report(r: PageReport): void;
  /** Hands a panel and a saved state over as VS Code does after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    this.#panels?.restore(panel, state);
  }
}

/** The details panel: every message sent to its page (the last 50), what the page rendered. */
export class DetailsProbe extends PagesProbe {
  readonly posted: ToWebview[] = [];
  /** What the page last said it rendered (tests may reset it to undefined). */
  lastRendered: Rendered | undefined;
  readonly #rendered = new vscode.EventEmitter<Rendered>();
  readonly onDidRender = this.#rendered.event;

  sent(_page: PanelPage, m: ToWebview): void {
    this.posted.push(m);
    if (this.posted.length > 50) this.posted.splice(0, this.posted.length - 50);
  }
  protected report(r: PageReport): void {
    if (r.type !== 'rendered') return;
    this.lastRendered = r;
    this.#rendered.fire(r);
  }
  get #page(): DetailsPage | undefined {
    return this.pages()[0] as DetailsPage | undefined;
  }
  get panel(): vscode.WebviewPanel | undefined {
    return this.#page?.panel;
  }
  get binding(): BindingView | undefined {
    return this.#page?.view;
  }
  /** Delivers a message as if the page had posted it. */
  receive(message: unknown): Promise<void> {
    return this.#page?.receive(message) ?? Promise.resolve();
  }
}

/** The calls panels, by scope key (null: a restored panel without one): every message sent (the last 100), what the pages drew. */
export class CallsProbe extends PagesProbe {
  readonly posted: { key: string | null; message: ToCallsPage }[] = [];
  /** What a page last said it drew (its scope, what it saved). */
  lastScopeRendered: ScopeRendered | undefined;

  sent(page: PanelPage, message: ToCallsPage): void {
    this.posted.push({ key: page.key, message });
    if (this.posted.length > 100) this.posted.splice(0, this.posted.length - 100);
  }
  protected report(r: PageReport): void {
    if (r.type === 'scopeRendered') this.lastScopeRendered = r;
  }
  panel(key: string | null): vscode.WebviewPanel | undefined {
    return this.pages().find((p) => p.key === key)?.panel;
  }
  keys(): (string | null)[] {
    return this.pages().map((p) => p.key);
  }
  /** Delivers a message as if the page of `key` had posted it. */
  receive(key: string | null, message: unknown): Promise<void> {
    return this.pages().find((p) => p.key === key)?.receive(message) ?? Promise.resolve();
  }
}

/**
 * The health dashboards (src/webview/health/), by scope key (account id / app id or *): every
 * message sent to their pages (the last 200) and what each page last said it drew.
 */
export class HealthProbe implements PanelProbe {
  #panels: Panels | undefined;
  readonly posted: { key: string | null; message: ToHealthPage }[] = [];
  readonly #rendered = new Map<string | null, HealthReport>();

  connect(panels: Panels): void {
    this.#panels = panels;
  }
  sent(page: PanelPage, m: unknown): void {
    this.posted.push({ key: page.key, message: m as ToHealthPage });
    if (this.posted.length > 200) this.posted.splice(0, this.posted.length - 200);
  }
  heard(page: PanelPage, m: unknown): void {
    const r = typeof m === 'object' && m !== null ? (m as HealthReport) : undefined;
    if (r?.type === 'healthRendered') this.#rendered.set(page.key, r);
  }
  /** What the page of `key` last said it drew. */
  rendered(key: string): HealthReport | undefined {
    return this.#rendered.get(key);
  }
  /** Forgets what the pages said they drew. */
  forget(): void {
    this.#rendered.clear();
  }
  keys(): (string | null)[] {
    return this.#panels?.pages().map((p) => p.key) ?? [];
  }
  panel(key: string): vscode.WebviewPanel | undefined {
    return this.#panels?.pages().find((p) => p.key === key)?.panel;
  }
  /** Delivers a message as if the page of `key` had posted it. */
  receive(key: string, message: unknown): Promise<void> {
    return this.#panels?.pages().find((p) => p.key === key)?.receive(message) ?? Promise.resolve();
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
  /** The health dashboards (src/webview/health/). */
  readonly health: HealthProbe;
  /** The balance status bar item and what it shows. */
  readonly balance: BalanceStatus;
  /** The view's state: filter, sort, description, and the context keys it set (contextValue). */
  readonly view: ViewState;
  /** Auto refresh (laafficPns.autoRefreshMinutes): tests shorten its minute (`minuteMs`, then `restart()`). */
  readonly autoRefresh: AutoRefresh;
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
