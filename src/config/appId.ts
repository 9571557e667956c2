/**
 * The rule for an app id, without any vscode import: the settings, the Add App input box and
 * the details panel's persisted state (which the browser-side webview code shares) all use it.
 */

/** Same rule as the Add App input box: a problem to show, or undefined when the id is fine. */
export function validateAppId(id: string): string | undefined {
  const s = id.trim();
  if (s === '') return 'Enter the app id from the Laaffic console.';
  if (s.length > 64) return 'An app id is at most 64 characters.';
  // Printable ASCII without brackets, parentheses, backticks, quotes or angle brackets: an app id
  // is shown in messages and menus, where those could start markup.
  if (!/^[\x21-\x7e]+$/.test(s) || /[[\]()`'"<>\\]/.test(s)) return 'An app id has no spaces or special characters.';
  return undefined;
}
