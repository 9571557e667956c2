import * as vscode from 'vscode';
import { BindingRecord, bindingState, BindingState, formatInZone, relativeExpiry, safeText } from '../api';
import { knownSecrets } from '../safety';
import { FIELD_LABEL, middleNumbers, STATE_LABEL as STATE_TEXT } from '../shared/binding';
import { Cmd } from '../ids';

/** An app root: a configured app, or "All apps" (no appId: every app of the key). */
export class AppNode {
  readonly kind = 'app';
  constructor(
    readonly appId: string | undefined,
    readonly label: string,
  ) {}
  /** Stable key of this app in the tree and in the provider's state. */
  get key(): string {
    return this.appId === undefined ? '*' : `app:${this.appId}`;
  }
}

export class BindingNode {
  readonly kind = 'binding';
  constructor(
    readonly app: AppNode,
    readonly record: BindingRecord,
    /** The page it was loaded from (Refresh in the details panel looks there first). */
    readonly page: number,
  ) {}
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(
    readonly app: AppNode,
    readonly loaded: number,
    readonly total: number,
    readonly loading: boolean,
  ) {}
}

/** Information, an error, or a next step; never a silent blank. */
export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly app: AppNode | undefined,
    readonly id: string,
    readonly severity: 'info' | 'error' | 'action',
    readonly label: string,
    readonly detail: string,
    readonly command?: vscode.Command,
    readonly contextValue?: string,
  ) {}
}

export type Node = AppNode | BindingNode | LoadMoreNode | MessageNode;

const CLASSES = { app: AppNode, binding: BindingNode, loadMore: LoadMoreNode, message: MessageNode };
type NodeOfKind = { [K in keyof typeof CLASSES]: InstanceType<(typeof CLASSES)[K]> };

/**
 * The one check of a command argument: `x` when it is a tree node of that kind, else undefined
 * (menus and keybindings may pass anything).
 */
export function asNode<K extends keyof NodeOfKind>(x: unknown, kind: K): NodeOfKind[K] | undefined {
  return x instanceof CLASSES[kind] ? (x as NodeOfKind[K]) : undefined;
}

const nf = new Intl.NumberFormat('en-US');

export function appItem(node: AppNode, state: { loaded: number; total: number; loading: boolean; error: boolean } | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.key;
  item.iconPath = new vscode.ThemeIcon(node.appId === undefined ? 'layers' : 'device-mobile');
  item.contextValue = node.appId === undefined ? 'laafficPns.allApps' : 'laafficPns.app';
  const idText = node.appId === undefined ? 'every app of this API key' : `app id ${node.appId}`;
  if (state?.loading && state.loaded === 0) item.description = 'loading…';
  else if (state && (state.loaded > 0 || !state.error)) item.description = `${nf.format(state.loaded)} of ${nf.format(state.total)}`;
  else if (node.appId !== undefined && node.label !== node.appId) item.description = node.appId;
  item.tooltip = `${node.label} — ${idText}`;
  return item;
}

const STATE_ICON: Record<BindingState, vscode.ThemeIcon> = {
  active: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  expiring: new vscode.ThemeIcon('watch', new vscode.ThemeColor('list.warningForeground')),
  expired: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.errorForeground')),
  unknown: new vscode.ThemeIcon('question'),
};

export function bindingItem(node: BindingNode, now: number, soonHours: number, zoneOffsetMinutes: number): vscode.TreeItem {
  const r = node.record;
  const item = new vscode.TreeItem(`${oneLine(r.phoneA, 40) || '?'} ↔ ${oneLine(r.phoneB, 40) || '?'}`, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.app.key}/b:${r.bindId}`;
  const state = bindingState(r.expiresAt, now, soonHours);
  item.description = `via ${oneLine(middleNumbers(r), 80)} · ${relativeExpiry(r.expiresAt, now, 2)}`;
  item.iconPath = STATE_ICON[state];
  item.contextValue = 'laafficPns.binding';
  // Written in the vendor's zone: the extension host may run on a server in another zone
  // than the person looking (remote windows), so its local time would mislead.
  const expiry = r.expiresAt === null ? 'unreadable' : formatInZone(r.expiresAt, zoneOffsetMinutes);
  // Every value is foreign text (the server's, or a label from settings): made one safe line,
  // then added with appendText, which escapes all markdown. Only our own words are markdown.
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown('**Binding ');
  md.appendText(oneLine(r.bindId));
  md.appendMarkdown(`** · ${r.mode} · ${STATE_TEXT[state]}\n\n`);
  const rows: Array<[string, string]> = [
    [FIELD_LABEL.phoneA, r.phoneA],
    [FIELD_LABEL.phoneB, r.phoneB],
    [`${FIELD_LABEL.pnsNumberA} (seen by B)`, r.pnsNumberA],
    [`${FIELD_LABEL.pnsNumberB} (seen by A)`, r.pnsNumberB],
    ['Expires', `${expiry} (${relativeExpiry(r.expiresAt, now, 2)})`],
    ['expireTime as sent', r.expireTime === '' ? '(empty)' : r.expireTime],
    ['App', node.app.appId === undefined ? 'all apps' : node.app.label === node.app.appId ? node.app.appId : `${node.app.label} (${node.app.appId})`],
  ];
  rows.forEach(([k, v], i) => {
    md.appendMarkdown(`${k}: `);
    md.appendText(oneLine(v));
    if (i < rows.length - 1) md.appendMarkdown('  \n');
  });
  item.tooltip = md;
  item.command = { command: Cmd.showBindingDetails, title: 'Show Binding Details', arguments: [node] };
  item.accessibilityInformation = { label: `Binding ${oneLine(r.bindId)}, phone ${oneLine(r.phoneA, 40)} and phone ${oneLine(r.phoneB, 40)}, ${STATE_TEXT[state]}, ${relativeExpiry(r.expiresAt, now)}` };
  return item;
}

export function loadMoreItem(node: LoadMoreNode): vscode.TreeItem {
  const label = node.loading ? 'Loading…' : `Load more (${nf.format(node.loaded)} of ${nf.format(node.total)})`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `${node.app.key}/more`;
  item.iconPath = new vscode.ThemeIcon(node.loading ? 'loading~spin' : 'fold-down');
  item.contextValue = Cmd.loadMore;
  if (!node.loading) item.command = { command: Cmd.loadMore, title: 'Load More', arguments: [node] };
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(
    node.severity === 'error' ? 'error' : node.severity === 'action' ? 'arrow-right' : 'info',
    node.severity === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined,
  );
  item.tooltip = node.detail ? `${node.label}\n\n${node.detail}` : node.label;
  if (node.severity === 'error') item.description = node.detail;
  item.contextValue = node.contextValue ?? `laafficPns.${node.severity}`;
  if (node.command) item.command = node.command;
  return item;
}

/**
 * Foreign text as one short line: no control characters, no link syntax, no secrets, no angle
 * brackets (so no renderer can read an HTML tag into it), and bare URLs and e-mail addresses
 * broken by a zero-width space (hover renderers turn them into links on their own).
 */
function oneLine(s: string, max = 120): string {
  return safeText(s, { max, markup: 'links', secrets: knownSecrets() })
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203a')
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1:\u200b//')
    .replace(/\bwww\./gi, 'www\u200b.')
    .replace(/@/g, '@\u200b');
}
