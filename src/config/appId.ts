import { appIdProblem } from '../api/appId';
import { translator as l10n } from '../display/text';

/** What is wrong with an app id (settings, Add App, the details panel's saved state), or undefined. */
export function validateAppId(id: string): string | undefined {
  if (id.trim() === '') return l10n.t('Enter the app id from the Laaffic console.');
  return appIdProblem(id);
}
