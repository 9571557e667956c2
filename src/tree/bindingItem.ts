import * as vscode from 'vscode';
import { BindingRecord, bindingState, BindingState, formatInZone, relativeExpiry, safeText } from '../api';
import { Cmd, Item } from '../ids';
import { knownSecrets } from '../safety';
import { FIELD_LABEL, middleNumbers, STATE_LABEL } from '../shared/binding';

/** What a binding's tree item shows besides the record. */
export interface BindingItemInput {
  /** The tree item id: unique in the tree. */
  id: string;
  record: BindingRecord;
  app: { appId: string | undefined; label: string };
  now: number;
  soonHours: number;
  zoneOffsetMinutes: number;
  /** The argument of the item's click command. */
  node: unknown;
}

const STATE_ICON: Record<BindingState, vscode.ThemeIcon> = {
  active: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  expiring: new vscode.ThemeIcon('watch', new vscode.ThemeColor('list.warningForeground')),
  expired: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.errorForeground')),
  unknown: new vscode.ThemeIcon('question'),
};

/** A binding's tree item: label, description, icon, the tooltip with every field (as safe text). */
export function bindingItem(b: BindingItemInput): vscode.TreeItem {
  const { record: r, now } = b;
  const item = new vscode.TreeItem(`${oneLine(r.phoneA, 40) || '?'} ↔ ${oneLine(r.phoneB, 40) || '?'}`, vscode.TreeItemCollapsibleState.None);
  item.id = b.id;
  const state = bindingState(r.expiresAt, now, b.soonHours);
  item.description = `via ${oneLine(middleNumbers(r), 80)} · ${relativeExpiry(r.expiresAt, now, 2)}`;
  item.iconPath = STATE_ICON[state];
  item.contextValue = Item.binding;
  // Written in the vendor's zone: the extension host may run on a server in another zone
  // than the person looking (remote windows), so its local time would mislead.
  const expiry = r.expiresAt === null ? 'unreadable' : formatInZone(r.expiresAt, b.zoneOffsetMinutes);
  // Every value is foreign text (the server's, or a label from settings): made one safe line,
  // then added with appendText, which escapes all markdown. Only our own words are markdown.
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown('**Binding ');
  md.appendText(oneLine(r.bindId));
  md.appendMarkdown(`** · ${r.mode} · ${STATE_LABEL[state]}\n\n`);
  const app = b.app;
  const rows: Array<[string, string]> = [
    [FIELD_LABEL.phoneA, r.phoneA],
    [FIELD_LABEL.phoneB, r.phoneB],
    [`${FIELD_LABEL.pnsNumberA} (seen by B)`, r.pnsNumberA],
    [`${FIELD_LABEL.pnsNumberB} (seen by A)`, r.pnsNumberB],
    ['Expires', `${expiry} (${relativeExpiry(r.expiresAt, now, 2)})`],
    ['expireTime as sent', r.expireTime === '' ? '(empty)' : r.expireTime],
    ['App', app.appId === undefined ? 'all apps' : app.label === app.appId ? app.appId : `${app.label} (${app.appId})`],
  ];
  rows.forEach(([k, v], i) => {
    md.appendMarkdown(`${k}: `);
    md.appendText(oneLine(v));
    if (i < rows.length - 1) md.appendMarkdown('  \n');
  });
  item.tooltip = md;
  item.command = { command: Cmd.showBindingDetails, title: 'Show Binding Details', arguments: [b.node] };
  item.accessibilityInformation = { label: `Binding ${oneLine(r.bindId)}, phone ${oneLine(r.phoneA, 40)} and phone ${oneLine(r.phoneB, 40)}, ${STATE_LABEL[state]}, ${relativeExpiry(r.expiresAt, now)}` };
  return item;
}

/**
 * Foreign text as one short line: no control characters, no link syntax, no secrets, no angle
 * brackets (so no renderer can read an HTML tag into it), and bare URLs and e-mail addresses
 * broken by a zero-width space (hover renderers turn them into links on their own).
 */
export function oneLine(s: string, max = 120): string {
  return safeText(s, { max, markup: 'links', secrets: knownSecrets() })
    .replace(/</g, '\u2039')
    .replace(/>/g, '\u203a')
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, '$1:\u200b//')
    .replace(/\bwww\./gi, 'www\u200b.')
    .replace(/@/g, '@\u200b');
}
