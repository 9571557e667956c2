/**
 * dist/health.js: the health dashboard's extension side, a bundle of its own that
 * src/commands/health.ts require()s on the first Show Health (dist/extension.js stays small and
 * activation never reads it).
 */
import * as vscode from 'vscode';
import { useTranslator } from '../../display/text';
import type { PanelProbe } from '../panelPage';
import type { HealthHost } from './host';
import { HealthPanels } from './panel';
import { exportFigures } from './exportFigures';

export type { HealthHost, HealthKit } from './host';
export type { HealthPage, HealthScope } from './panel';

export function createHealthPanels(host: HealthHost, probe?: PanelProbe): HealthPanels {
  // This bundle's copy of the display texts, in VS Code's display language too.
  useTranslator(vscode.l10n);
  return new HealthPanels(host, probe);
}

export { exportFigures, HealthPanels };
