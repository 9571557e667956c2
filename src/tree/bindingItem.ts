import * as vscode from 'vscode';
import { BindingRecord, BindingState, safeText } from '../api';
import { Cmd, Item } from '../config/ids';
import { knownSecrets } from '../ui/safety';
import { stateLabel } from '../ui/language';
import { bindingText } from './bindingText';

/** What a binding's tree item shows besides the record. */
export interface BindingItemInput {
  /** The tree item id: unique in the tree. */
  id: string;
  record: BindingRecord;
  app: { appId: string | undefined; label: string };
  now: number;
  soonHours: number;
  zoneOffsetMinutes: number;
  /** Mask phones A and B (laafficPns.maskNumbers). */
  masked: boolean;
  /** The language of country names in the tooltip. */
  locale?: string;
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
  const { record: r } = b;
  // Written in the vendor's zone: the extension host may run on a server in another zone
  // than the person looking (remote windows), so its local time would mislead.
  const t = bindingText(r, { now: b.now, soonHours: b.soonHours, zoneOffsetMinutes: b.zoneOffsetMinutes, masked: b.masked, locale: b.locale, app: b.app });
  const item = new vscode.TreeItem(`${oneLine(t.phoneA, 40) || '?'} ↔ ${oneLine(t.phoneB, 40) || '?'}`, vscode.TreeItemCollapsibleState.None);
  item.id = b.id;
  item.description = oneLine(t.description, 160);
  item.iconPath = STATE_ICON[t.state];
  item.contextValue = Item.binding;
  // Every value is foreign text (the server's, or a label from settings): made one safe line, then
  // added with appendText, which escapes all markdown. Only our own words (no markup in translations) are markdown.
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${vscode.l10n.t('Binding')} `);
  md.appendText(oneLine(r.bindId));
  md.appendMarkdown(`** · ${r.mode} · ${stateLabel(t.state)}\n\n`);
  t.rows.forEach(([k, v], i) => {
    md.appendMarkdown(`${k}: `);
    md.appendText(oneLine(v));
    if (i < t.rows.length - 1) md.appendMarkdown('  \n');
  });
  item.tooltip = md;
  item.command = { command: Cmd.showBindingDetails, title: vscode.l10n.t('Show Binding Details'), arguments: [b.node] };
  item.accessibilityInformation = { label: oneLine(t.spoken, 400) };
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
