import * as vscode from 'vscode';
import type { MiddleNumber, NumberState, PnsClient } from '../api';
import type { Account } from '../accounts/accounts';
import type { Settings } from '../config/settings';
import { Cmd, Item } from '../config/ids';
import { formatNumber } from '../display/phone';
import { DISPLAY_TEXT } from '../display/text';
import { vendorZoneMinutes } from '../shared/binding';
import { countryLocale } from '../ui/language';
import { oneLine } from './bindingItem';
import { errorNodes } from './errorNodes';
import { type KeyedNode, LoadMoreNode, MessageNode, nf, TreeNode } from './node';
import { type Entry, numberList, type PagedList } from './pagedList';
import { numberRows, numberStateLabel, numberSpoken, poolsByNumber, relativeDue, type PoolInfo } from './numberText';

/** What the Numbers root needs from the rest of the extension. */
export interface NumbersDeps {
  account: Account;
  /** The account's node when there are several accounts; undefined at the top. */
  parent?: KeyedNode;
  client(): Promise<PnsClient>;
  settings(): Settings;
  log: vscode.LogOutputChannel;
  /** Redraw this node (and its children). */
  changed(node: NumbersNode): void;
}

export const NUMBERS_KEY = 'numbers';

const STATE_ICON: Record<NumberState, vscode.ThemeIcon> = {
  'in-use': new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  expired: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.errorForeground')),
  disabled: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground')),
  unknown: new vscode.ThemeIcon('question'),
};

/**
 * The root "Numbers": the account's middle numbers (`number/queryPage`), one page at a time,
 * and the pools (`number/queryNumberPool`, one request per list load) for their tooltips.
 */
export class NumbersNode extends TreeNode {
  readonly kind = 'numbers';
  readonly parent: KeyedNode | undefined;
  readonly account: Account;
  /** 'numbers' at the top; under an account, prefixed with its key. */
  readonly key: string;
  #list: PagedList<MiddleNumber> | undefined;
  #pools: PoolInfo = { state: 'loading' };
  #poolsAsked = false;
  #nodes = new WeakMap<Entry<MiddleNumber>, NumberNode>();

  constructor(private readonly deps: NumbersDeps) {
    super();
    this.parent = deps.parent;
    this.account = deps.account;
    this.key = deps.parent ? `${deps.parent.key}/${NUMBERS_KEY}` : NUMBERS_KEY;
  }

  /** The current list, created on first use (a new one after reset()). */
  get list(): PagedList<MiddleNumber> {
    if (this.#list) return this.#list;
    const list = numberList({ log: this.deps.log, client: this.deps.client, pageSize: () => this.deps.settings().pageSize });
    list.onDidChange(() => this.deps.changed(this));
    this.#list = list;
    this.#pools = { state: 'loading' };
    this.#poolsAsked = false;
    return list;
  }

  get pools(): PoolInfo {
    return this.#pools;
  }

  /** Forgets everything loaded (the next expand reads page 1 and the pools again). */
  reset(): void {
    this.#list?.dispose();
    this.#list = undefined;
    this.#nodes = new WeakMap();
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Numbers'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.iconPath = new vscode.ThemeIcon('symbol-numeric');
    item.contextValue = Item.numbers;
    item.tooltip = vscode.l10n.t('The middle numbers of this API key (number/queryPage)');
    const m = this.#list;
    let loaded: string | undefined;
    if (m?.started && m.loading && m.records.length === 0) {
      item.description = vscode.l10n.t('loading…');
      loaded = DISPLAY_TEXT.spokenLoading;
    } else if (m?.started && (m.records.length > 0 || !m.error)) {
      item.description = vscode.l10n.t('{0} of {1}', nf.format(m.records.length), nf.format(m.total));
      loaded = DISPLAY_TEXT.spokenLoaded(nf.format(m.records.length), nf.format(m.total));
    }
    item.accessibilityInformation = { label: DISPLAY_TEXT.spokenNumbersRoot(loaded) };
    return item;
  }

  override async getChildren(): Promise<TreeNode[]> {
    const m = this.list;
    if (!m.started) await m.loadMore();
    else if (m.loading && m.records.length === 0) await m.whenIdle();
    this.#askPools(m);
    const out: TreeNode[] = m.records.map((n) => this.numberNode(n));
    const loaded = m.records.length;
    if (m.error) out.push(...errorNodes(this, m.error, { command: Cmd.loadMore, title: vscode.l10n.t('Retry'), arguments: [this] }));
    else if (!m.hasMore && loaded === 0) out.push(new MessageNode(this, `${this.key}/empty`, 'info', vscode.l10n.t('No middle numbers for this API key'), ''));
    else if (m.hasMore && (loaded > 0 || m.loading)) out.push(new LoadMoreNode(this, 'middleNumbers', loaded, m.total, m.loading));
    return out;
  }

  numberNode(e: Entry<MiddleNumber>): NumberNode {
    let node = this.#nodes.get(e);
    if (!node) this.#nodes.set(e, (node = new NumberNode(this, e.record, this.deps)));
    return node;
  }

  numberNodes(): NumberNode[] {
    return (this.#list?.records ?? []).map((n) => this.numberNode(n));
  }

  /** Once per list: one request for the pools; the list never waits for it. */
  #askPools(list: PagedList<MiddleNumber>): void {
    if (this.#poolsAsked || list.records.length === 0) return;
    this.#poolsAsked = true;
    void (async () => {
      let info: PoolInfo;
      try {
        const client = await this.deps.client();
        const page = await client.queryNumberPool({}, { signal: list.signal });
        info = { state: 'loaded', byNumber: poolsByNumber(page.records) };
      } catch (e) {
        if (list.disposed) return;
        this.deps.log.warn(`Numbers: pool details not loaded: ${(e as Error).message}`);
        info = { state: 'failed' };
      }
      if (list.disposed || this.#list !== list) return;
      this.#pools = info;
      this.deps.changed(this);
    })();
  }
}

export class NumberNode extends TreeNode {
  readonly kind = 'number';
  constructor(
    readonly numbers: NumbersNode,
    readonly number: MiddleNumber,
    private readonly deps: NumbersDeps,
  ) {
    super();
  }
  get parent(): NumbersNode {
    return this.numbers;
  }
  getTreeItem(): vscode.TreeItem {
    const n = this.number;
    const now = Date.now();
    // A middle number is the operator's own: shown in international format, never masked.
    const item = new vscode.TreeItem(oneLine(formatNumber(n.number), 40) || '?', vscode.TreeItemCollapsibleState.None);
    item.id = `${this.numbers.key}/n:${n.appId}:${n.number}`;
    item.iconPath = STATE_ICON[n.state];
    item.contextValue = Item.number;
    const country = oneLine(n.country, 40) || (n.ccode ? `+${n.ccode}` : '');
    // The app by its label (the one configured for this account), its id in the tooltip.
    const app = appName(this.deps.account, n.appId);
    item.description = [country, numberStateLabel(n.state), oneLine(n.type, 30), relativeDue(n.dueDate, now), app ? vscode.l10n.t('app {0}', oneLine(app, 40)) : ''].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, false);
    // Our own words as markdown (the translations hold no markup); every value through appendText.
    md.appendMarkdown(`**${vscode.l10n.t('Number')} `);
    md.appendText(oneLine(formatNumber(n.number, { country: true, locale: countryLocale() })));
    md.appendMarkdown(`** · ${numberStateLabel(n.state)}\n\n`);
    const rows = numberRows(n, this.numbers.pools, now, vendorZoneMinutes(this.deps.settings()), app);
    rows.forEach(([k, v], i) => {
      md.appendMarkdown(`${k}: `);
      md.appendText(oneLine(v));
      if (i < rows.length - 1) md.appendMarkdown('  \n');
    });
    item.tooltip = md;
    item.accessibilityInformation = { label: oneLine(numberSpoken(n, now), 400) };
    return item;
  }
}

/** An app's label as the account has it configured, else its id ('' for none). */
function appName(account: Account, appId: string): string {
  return (appId && account.apps().find((a) => a.appId === appId)?.label) || appId;
}
