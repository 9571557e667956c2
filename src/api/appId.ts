/**
 * The one rule for an app id (no imports: the core, the settings and the webview bundle share
 * it). Printable ASCII without brackets, parentheses, backticks, quotes or angle brackets: an
 * app id is shown in messages and menus, where those could start markup.
 */
export function appIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string' || id.trim() === '') return 'The app id is empty.';
  const s = id.trim();
  if (s.length > 64) return 'An app id is at most 64 characters.';
  if (!/^[\x21-\x7e]+$/.test(s) || /[[\]()`'"<>\\]/.test(s)) return 'An app id has no spaces or special characters.';
  return undefined;
}
