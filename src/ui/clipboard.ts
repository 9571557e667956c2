/**
 * The one way a value reaches the clipboard: numbers in laafficPns.copyFormat, confirmed in the
 * status bar. A masked phone is still copied in full, and the confirmation says so without showing it.
 */
import * as vscode from 'vscode';
import { noIcons } from '../api';
import type { Settings } from '../config/settings';
import { copyText } from '../display/phone';
import { DISPLAY_TEXT } from '../display/text';
import type { BindingField } from '../shared/binding';

/** What is copied: a phone A or B, a middle number, or an id (copied as it is). */
export type CopyKind = 'phone' | 'middle' | 'id';

export function copyKind(field: BindingField): CopyKind {
  return field === 'phoneA' || field === 'phoneB' ? 'phone' : field === 'bindId' ? 'id' : 'middle';
}

/** The last few copies and what the status bar said, for the integration tests (development build only). */
export const recentCopies: Array<{ copied: string; said: string }> = [];

/** Copies `value` (as the vendor has it); `what` names it in the confirmation ("phone A"). Returns what was copied. */
export async function copyToClipboard(value: string, kind: CopyKind, what: string, settings: Pick<Settings, 'maskNumbers' | 'copyFormat'>): Promise<string> {
  const text = kind === 'id' ? value : copyText(value, settings.copyFormat);
  await vscode.env.clipboard.writeText(text);
  // What the status bar says after its icon: a copied bind id cannot draw one.
  const said = noIcons(kind === 'phone' && settings.maskNumbers ? DISPLAY_TEXT.copiedFull(what) : DISPLAY_TEXT.copied(text));
  vscode.window.setStatusBarMessage(`$(check) ${said}`, 3000);
  if (LAAFFIC_PNS_TEST_BUILD) {
    recentCopies.push({ copied: text, said });
    if (recentCopies.length > 20) recentCopies.shift();
  }
  return text;
}
