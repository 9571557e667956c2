/**
 * The one function that makes foreign text (a server's reply, a settings file, anything not
 * written by this code) safe to show in a notification, a tree, a tooltip or a log line.
 *
 * - Control characters, line and paragraph separators become spaces, bidi overrides and
 *   zero-width characters are removed, and runs of white space become one space: one line
 *   that cannot forge another log line or end a markdown code span.
 * - `[`, `]`, `(`, `)` and backticks become look-alikes that no renderer reads as markup, so a
 *   notification cannot grow a `[label](command:…)` link and a tooltip cannot grow a code span,
 *   image or link. Text composed by this code (with its own parentheses) may keep them with
 *   `markup: 'links'`, which still neutralises the brackets that every link needs.
 * - The text is cut to `max` characters, and only then the API key, the API secret (`secrets`)
 *   and every Sign-like run of 32 or more hex digits are replaced — they are also replaced
 *   before the cut, so that no cut can leave one half-shown either.
 */

export interface SafeTextOptions {
  /** Longest result in characters, the ellipsis included. Default 300. */
  max?: number;
  /** Values that must never appear (API key, API secret). Empty and very short values are ignored. */
  secrets?: readonly (string | undefined)[];
  /**
   * 'all' (default, for foreign text): neutralise [ ] ( ) and backticks.
   * 'links' (for whole messages this code composed around already-safe pieces): neutralise only
   * [ ] and backticks, which is enough to stop every markdown link.
   */
  markup?: 'all' | 'links';
}

export const DEFAULT_SAFE_MAX = 300;
/** What a removed key, secret or Sign is replaced by. */
export const REDACTED = '***';

// C0/C1 controls and DEL: each becomes a space (it usually stood between words).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// Zero-width and bidi formatting characters, soft hyphen, BOM: removed.
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
// Everything that breaks a line or is white space (TAB, LF, VT, FF, CR, NEL, U+2028/2029, …).
const BLANKS = /[\s\u0085\u2028\u2029]+/g;
const SIGN_LIKE = /[0-9a-f]{32,}/gi;
const NEUTRAL: Readonly<Record<string, string>> = { '[': '\uff3b', ']': '\uff3d', '(': '\uff08', ')': '\uff09', '`': "'" };

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out.replace(SIGN_LIKE, REDACTED);
}

/** Makes `value` (any type; non-strings are turned into text) safe to show or log. */
export function safeText(value: unknown, options: SafeTextOptions = {}): string {
  const max = Math.max(1, Math.floor(options.max ?? DEFAULT_SAFE_MAX));
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.trim().length >= 3);
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined || value === null) text = '';
  else if (value instanceof Error) text = value.message;
  else {
    try {
      text = typeof value === 'object' ? JSON.stringify(value) ?? String(value) : String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  text = text.replace(CONTROLS, ' ').replace(INVISIBLE, '').replace(BLANKS, ' ').trim();
  text = redact(text, secrets);
  const marks = options.markup === 'links' ? /[[\]`]/g : /[[\]()`]/g;
  text = text.replace(marks, (c) => NEUTRAL[c]);
  const chars = Array.from(text); // never cut a surrogate pair in half
  if (chars.length > max) text = `${chars.slice(0, max - 1).join('').trimEnd()}…`;
  return redact(text, secrets);
}

/**
 * Text for VS Code's status bar (an item's text, a status bar message), where `$(name)` draws an
 * icon: every `$(` escaped as `\$(`, which VS Code shows as written, so a piece of foreign text
 * (a server's balance, a bind id, an app or account name) cannot draw one. Applied to the pieces
 * put into a text, after the text's own icon.
 */
export function noIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
