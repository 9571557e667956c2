import * as vscode from 'vscode';
import { BindingNode } from '../tree/nodes';
import { CommandContext } from './context';
import { registerCommand } from './register';

const SCHEME = 'laaffic-pns-binding';

/**
 * Show Binding Details: for now a read-only JSON document of the record (a virtual
 * document, so there is nothing to save). The details webview replaces it.
 */
export function registerDetailsCommands(c: CommandContext): void {
  const docs = new Map<string, string>();
  c.extension.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => docs.get(uri.toString()) ?? '{}' }),
  );
  registerCommand(c.extension, c.log, 'laafficPns.showBindingDetails', async (node?: BindingNode) => {
    if (node?.kind !== 'binding') {
      void vscode.window.showInformationMessage('Select a binding in the Laaffic PNS view to see its details.');
      return;
    }
    const r = node.record;
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/Binding ${r.bindId}.json`, query: node.app.key });
    const { raw, ...fields } = r;
    const content = JSON.stringify({ ...fields, expiresAtIso: r.expiresAt === null ? null : new Date(r.expiresAt).toISOString(), app: node.app.appId ?? null, raw }, null, 2);
    docs.set(uri.toString(), content);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  });
}
