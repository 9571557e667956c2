/**
 * The rule for an app id, without any vscode import: the settings, the Add App input box and
 * the details panel's persisted state (which the browser-side webview code shares) all use it.
 */

import { appIdProblem } from '../api/appId';
import { translator as l10n } from '../display/text';

/** Same rule as the Add App input box: a problem to show, or undefined when the id is fine. */
export function validateAppId(id: string): string | undefined {
  if (id.trim() === '') return l10n.t('Enter the app id from the Laaffic console.');
  return appIdProblem(id);
}
