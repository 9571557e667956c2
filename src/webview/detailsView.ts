/** What the details panel shows: the view of a record, and the page that shows it. */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { BindingRecord, capDepth, formatInZone, MAX_JSON_DEPTH } from '../api';
import { Settings } from '../config/settings';
import { vendorZoneMinutes } from '../shared/binding';
import { BindingView } from '../shared/messages';
import { panelLocale } from './panelStrings';

/** The binding's record plus where it was found. */
export interface BindingSource {
  record: BindingRecord;
  app: { appId: string | undefined; label: string };
  page: number;
  /** The id of the account it belongs to. */
  account: string;
}

export function toView(src: BindingSource, settings: Settings, fetchedAt = Date.now()): BindingView {
  const r = src.record;
  const zone = vendorZoneMinutes(settings);
  return {
    bindId: r.bindId,
    phoneA: r.phoneA,
    phoneB: r.phoneB,
    pnsNumberA: r.pnsNumberA,
    pnsNumberB: r.pnsNumberB,
    mode: r.mode,
    expireTime: r.expireTime,
    expiresAt: r.expiresAt,
    expiresInVendorZone: r.expiresAt === null ? null : formatInZone(r.expiresAt, zone),
    vendorZone: settings.expireTimeZone,
    expiringSoonHours: settings.expiringSoonHours,
    app: { appId: src.app.appId ?? null, label: src.app.label, account: src.account },
    page: src.page,
    // A hostile record nested thousands of levels deep is shown to a sane depth, not a stack overflow.
    rawJson: JSON.stringify(capDepth(r.raw, MAX_JSON_DEPTH, vscode.l10n.t('… nested too deep')), null, 2),
    fetchedAt,
  };
}

/**
 * A panel's page: a strict CSP with a per-load nonce for its one script file (`dist/webview/<script>.js`);
 * no record data, nothing inline. Its two texts are the English defaults: the page replaces them
 * with the display language's table ('strings', posted first on 'ready'); `lang` is 'en' or
 * 'zh-CN' only. Used by the details panel and the calls panel.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: 'details' | 'calls', title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'details.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${script}.js`));
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${panelLocale()}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading…</p></main>
<div id="announce" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}

export const detailsHtml = (webview: vscode.Webview, extensionUri: vscode.Uri): string => panelHtml(webview, extensionUri, 'details', 'Binding details');

