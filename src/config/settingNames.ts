/**
 * The core's hints name its client options ("raise the timeout (timeoutMs)"); in the extension
 * those are settings, so every text shown passes through forUser(), which names the settings.
 */

/** Client option (as the core writes it) -> the extension's setting. Longest phrases first. */
const SETTING_NAMES: ReadonlyArray<readonly [RegExp, string]> = [
  // The constructor's timeout hint speaks of milliseconds; the setting is in seconds.
  [/\btimeoutMs to a positive number of milliseconds, e\.g\. 15000 \(15 s\)/g, 'laafficPns.timeoutSeconds to a value from 1 to 120'],
  [/(?<![\w.])timeoutMs\b/g, 'laafficPns.timeoutSeconds'],
  [/\bthe page size \(size\)/g, 'the page size (laafficPns.pageSize)'],
  [/\ba smaller page size \(size\)/g, 'a smaller page size (laafficPns.pageSize)'],
  // The same option in the core's Chinese texts (src/api/statusTable.ts).
  [/每页条数 \(size\)/g, '每页条数 (laafficPns.pageSize)'],
  // Not after "." (already laafficPns.baseUrl) nor inside a word or URL.
  [/(?<![\w./])baseUrl\b/g, 'laafficPns.baseUrl'],
];

/** A core message or hint with the client option names replaced by the extension's setting names. */
export function forUser(text: string): string {
  let out = text;
  for (const [pattern, setting] of SETTING_NAMES) out = out.replace(pattern, setting);
  return out;
}
