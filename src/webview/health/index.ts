/**
 * dist/health.js: the health dashboard's extension side, a bundle of its own that
 * src/commands/health.ts require()s on the first Show Health (dist/extension.js stays small and
 * activation never reads it). It holds only the dashboard's own files: every other module is the
 * extension's own instance (src/commands/health.ts SHARED, scripts/build.mjs LAZY).
 */
import type { PanelProbe } from '../panelPage';
import type { HealthHost } from './host';
import { HealthPanels } from './panel';
import { exportFigures } from './exportFigures';

export type { HealthHost } from './host';
export type { HealthPage, HealthScope } from './panel';

export function createHealthPanels(host: HealthHost, probe?: PanelProbe): HealthPanels {
  return new HealthPanels(host, probe);
}

export { exportFigures, HealthPanels };
