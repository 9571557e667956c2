// The mutants of scripts/mutate.mjs: hand-chosen edits of the code that guards users. Each one
// names its file, an exact snippet found there once (`from`), what it becomes (`to`), what the
// edit would let through (`what`), and the unit test files run against it (`suite`, below).
// Mutants of files that import vscode name a focused integration run instead (`integration`:
// the LAAFFIC_PNS_TEST_GREP words) and run only with --integration.
// `equivalent`: why a survivor cannot be told apart by any test (said, not hidden).

/** Unit test files (test/unit/<name>.test.ts) run against the mutants of each area. */
export const SUITES = {
  safe: ['api.trust', 'api.safeText', 'api.client', 'api.statusText', 'api.corpus'],
  origins: ['api.trust', 'api.origins', 'api.client', 'api.corpus'],
  transport: ['api.trust', 'api.clockCap', 'api.origins', 'api.client', 'api.retry', 'api.bind', 'api.statusText', 'api.corpus'],
  bind: ['api.bind', 'api.bindOutcome', 'api.retry', 'api.client'],
  export: ['api.export', 'api.exportEscapes', 'api.exportCancelled', 'api.exportFast', 'api.exportStream'],
  masking: ['display.phone', 'display.maskingRules', 'display.text', 'display.masking'],
  calls: ['api.records', 'api.recordsWindows', 'api.callScope', 'api.records.sandbox'],
  accounts: ['accounts.model', 'accounts.storage', 'config.settings'],
};

const SAFE = 'src/api/safe.ts';
const ORIGINS = 'src/api/origins.ts';
const OPTIONS = 'src/api/options.ts';
const TRANSPORT = 'src/api/transport.ts';
const RETRY = 'src/api/retry.ts';
const BIND = 'src/api/endpoints/bind.ts';
const EXPORT = 'src/api/export.ts';
const PHONE = 'src/display/phone.ts';
const TEXT = 'src/display/text.ts';
const CALLS = 'src/api/endpoints/callRecordsFor.ts';
const RECORDS = 'src/api/endpoints/records.ts';
const MODEL = 'src/accounts/model.ts';
const SCOPE = 'src/api/endpoints/callScope.ts';
const STREAM = 'src/api/exportStream.ts';

export const MUTANTS = [
  // ---- safeText (src/api/safe.ts)
  { id: 'safe-c1', file: SAFE, suite: 'safe', from: String.raw`const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;`, to: String.raw`const CONTROLS = /[\u0000-\u001f]/g;`, what: 'DEL and C1 controls kept' },
  { id: 'safe-bidi', file: SAFE, suite: 'safe', from: String.raw`\u200b-\u200f\u202a-\u202e`, to: String.raw`\u200b-\u200f`, what: 'bidi overrides U+202A-202E kept' },
  { id: 'safe-isolates', file: SAFE, suite: 'safe', from: String.raw`\u2060-\u2064\u2066-\u206f`, to: String.raw`\u2060-\u2064`, what: 'bidi isolates U+2066-206F kept' },
  { id: 'safe-zw', file: SAFE, suite: 'safe', from: String.raw`\u061c\u180e\u200b-\u200f`, to: String.raw`\u061c\u180e`, what: 'zero-width U+200B-200F kept' },
  { id: 'safe-sign32', file: SAFE, suite: 'safe', from: '[0-9a-f]{32,}/gi', to: '[0-9a-f]{33,}/gi', what: 'a 32-hex Sign no longer redacted' },
  { id: 'safe-sign-case', file: SAFE, suite: 'safe', from: '[0-9a-f]{32,}/gi', to: '[0-9a-f]{32,}/g', what: 'an upper-case hex Sign no longer redacted' },
  { id: 'safe-secret-len', file: SAFE, suite: 'safe', from: 's.trim().length >= 3', to: 's.trim().length >= 4', what: 'a 3-character secret no longer redacted' },
  { id: 'safe-ctrl-space', file: SAFE, suite: 'safe', from: "text.replace(CONTROLS, ' ')", to: "text.replace(CONTROLS, '')", what: 'controls removed instead of becoming a space' },
  { id: 'safe-trim', file: SAFE, suite: 'safe', from: ".replace(BLANKS, ' ').trim();", to: ".replace(BLANKS, ' ');", what: 'leading/trailing blanks kept' },
  { id: 'safe-redact-before', file: SAFE, suite: 'safe', from: '  text = redact(text, secrets);\n', to: '\n', what: 'no redaction before the cut (half a secret can show)' },
  { id: 'safe-redact-after', file: SAFE, suite: 'safe', from: '  return redact(text, secrets);\n}', to: '  return text;\n}', what: 'no redaction after neutralising and the cut' },
  { id: 'safe-all-parens', file: SAFE, suite: 'safe', from: "options.markup === 'links' ?", to: "options.markup !== 'all' ?", what: 'foreign text keeps ( ) by default' },
  { id: 'safe-links-backtick', file: SAFE, suite: 'safe', from: "'links' ? /[[\\]`]/g", to: "'links' ? /[[\\]]/g", what: "markup 'links' keeps backticks (code spans)" },
  { id: 'safe-cut-boundary', file: SAFE, suite: 'safe', from: 'chars.length > max', to: 'chars.length >= max', what: 'text of exactly max characters cut' },
  { id: 'safe-cut-length', file: SAFE, suite: 'safe', from: 'chars.slice(0, max - 1)', to: 'chars.slice(0, max)', what: 'result one longer than max' },
  { id: 'safe-default-max', file: SAFE, suite: 'safe', from: 'DEFAULT_SAFE_MAX = 300;', to: 'DEFAULT_SAFE_MAX = 301;', what: 'default length 301' },
  { id: 'safe-neutral-bracket', file: SAFE, suite: 'safe', from: "'[': '\\uff3b'", to: "'[': '['", what: '[ kept as it is' },
  { id: 'safe-error', file: SAFE, suite: 'safe', from: 'else if (value instanceof Error) text = value.message;', to: '', what: 'an Error shown as {} instead of its message' },

  // ---- origins (src/api/origins.ts): which hosts get credentials, what loopback is
  { id: 'origins-host-end', file: ORIGINS, suite: 'origins', from: String.raw`|::1)$/i;`, to: String.raw`|::1)/i;`, what: '"localhost.evil.example" counted as loopback' },
  { id: 'origins-host-start', file: ORIGINS, suite: 'origins', from: '/^(localhost|', to: '/(localhost|', what: '"notlocalhost" counted as loopback' },
  { id: 'origins-host-v6', file: ORIGINS, suite: 'origins', from: String.raw`|\[::1\]|::1)`, to: String.raw`|::1)`, what: '[::1] not loopback' },
  { id: 'origins-host-127', file: ORIGINS, suite: 'origins', from: String.raw`/^(localhost|127(?:\.\d{1,3}){3}|`, to: String.raw`/^(localhost|127(?:\.\d{1,3}){3}.*|`, what: '"127.0.0.1.evil.example" counted as loopback' },
  { id: 'origins-mapped-any', file: ORIGINS, suite: 'origins', from: String.raw`/^::ffff:127(?:\.\d{1,3}){3}$/`, to: String.raw`/^::ffff:\d{1,3}(?:\.\d{1,3}){3}$/`, what: '::ffff: + any IPv4 counted as loopback' },
  { id: 'origins-v6-any', file: ORIGINS, suite: 'origins', from: '/^(?:0{0,4}:){2,7}0{0,3}1$/', to: '/^(?:[0-9a-f]{0,4}:){2,7}0{0,3}1$/', what: '2001:db8::1 counted as loopback' },
  { id: 'origins-v4-any', file: ORIGINS, suite: 'origins', from: String.raw`return /^127(?:\.\d{1,3}){3}$/.test(a)`, to: String.raw`return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(a)`, what: 'any IPv4 address counted as loopback' },
  { id: 'origins-documented-prefix', file: ORIGINS, suite: 'origins', from: 'if (DOCUMENTED_ORIGINS.includes(url.origin))', to: 'if (DOCUMENTED_ORIGINS.some((o) => url.origin.startsWith(o)))', what: 'api.laaffic.com.evil.example allowed' },
  { id: 'origins-bound', file: ORIGINS, suite: 'origins', from: 'boundOrigin !== undefined && boundOrigin === url.origin', to: 'boundOrigin === undefined || boundOrigin === url.origin', what: 'no entered-for origin = allowed' },
  { id: 'origins-deny', file: ORIGINS, suite: 'origins', from: "if (remembered === 'deny') return 'denied';", to: '', what: 'a remembered "deny" asks again' },
  { id: 'origins-bad-url', file: ORIGINS, suite: 'origins', from: "  } catch {\n    return 'denied';", to: "  } catch {\n    return 'ask';", what: 'an unreadable origin is asked about' },

  // ---- base-URL and credential checks (src/api/options.ts)
  { id: 'options-scheme', file: OPTIONS, suite: 'origins', from: "if (url.protocol !== 'https:' && url.protocol !== 'http:')", to: "if (url.protocol === 'javascript:')", what: 'ftp:, file:, ws: base URLs accepted' },
  { id: 'options-password', file: OPTIONS, suite: 'origins', from: 'if (url.username || url.password)', to: 'if (url.username)', what: 'a base URL with only a password accepted' },
  { id: 'options-user', file: OPTIONS, suite: 'origins', from: 'if (url.username || url.password)', to: 'if (url.password)', what: 'a base URL with only a user name accepted' },
  { id: 'options-hash', file: OPTIONS, suite: 'origins', from: 'if (url.search || url.hash)', to: 'if (url.search)', what: 'a base URL with a #fragment accepted' },
  { id: 'options-query', file: OPTIONS, suite: 'origins', from: 'if (url.search || url.hash)', to: 'if (url.hash)', what: 'a base URL with a ?query accepted' },
  { id: 'options-http-remote', file: OPTIONS, suite: 'origins', from: "if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))", to: "if (url.protocol === 'http:' && url.hostname === 'example.com')", what: 'plain http:// to a remote host accepted' },
  { id: 'options-lookup-first', file: OPTIONS, suite: 'origins', from: 'list.find((a) => !isLoopbackAddress(a))', to: 'list.slice(0, 1).find((a) => !isLoopbackAddress(a))', what: 'only the first resolved address checked' },
  { id: 'options-lookup-empty', file: OPTIONS, suite: 'origins', from: 'outside !== undefined || list.length === 0', to: 'outside !== undefined', what: 'a name resolving to nothing is not refused as not-loopback' },
  { id: 'options-cred-space', file: OPTIONS, suite: 'origins', from: String.raw`if (!/^[\x21-\x7e]+$/.test(value))`, to: String.raw`if (!/^[\x20-\x7e]+$/.test(value))`, what: 'a key with a space accepted' },
  { id: 'options-cred-empty', file: OPTIONS, suite: 'origins', from: "typeof value !== 'string' || value.trim() === ''", to: "typeof value !== 'string'", what: 'an empty key not refused as empty' },

  // ---- the signed call (src/api/transport.ts): writes never retried, the clock cap, redirects
  { id: 'transport-write-retried', file: TRANSPORT, suite: 'transport', from: 'const retries = options.idempotent ?', to: 'const retries = true ?', what: 'call() without idempotent retried' },
  { id: 'transport-skew-once', file: TRANSPORT, suite: 'transport', from: 'if (!skewCorrected && this.#adoptClockSkew(err))', to: 'if (this.#adoptClockSkew(err))', what: 'the -16 resend not limited to once' },
  { id: 'transport-skew-noise', file: TRANSPORT, suite: 'transport', from: 'Math.abs(err.clockSkewMs - this.clockOffsetMs) < 2000', to: 'Math.abs(err.clockSkewMs - this.clockOffsetMs) < 0', what: 'a -16 with no measurable skew resent' },
  { id: 'transport-skew-noise-wide', file: TRANSPORT, suite: 'transport', from: 'Math.abs(err.clockSkewMs - this.clockOffsetMs) < 2000', to: 'Math.abs(err.clockSkewMs - this.clockOffsetMs) < 10000', what: 'a 5 s skew not corrected' },
  { id: 'transport-cap-above', file: TRANSPORT, suite: 'transport', from: 'if (Math.abs(err.clockSkewMs) > this.maxClockCorrectionMs) return false;', to: 'if (Math.abs(err.clockSkewMs) > this.maxClockCorrectionMs + 60_000) return false;', what: 'cap moved to 16 min' },
  { id: 'transport-cap-below', file: TRANSPORT, suite: 'transport', from: 'if (Math.abs(err.clockSkewMs) > this.maxClockCorrectionMs) return false;', to: 'if (Math.abs(err.clockSkewMs) > this.maxClockCorrectionMs - 30_000) return false;', what: 'cap moved to 14.5 min' },
  { id: 'transport-cap-sign', file: TRANSPORT, suite: 'transport', from: 'if (Math.abs(err.clockSkewMs) > this.maxClockCorrectionMs) return false;', to: 'if (err.clockSkewMs > this.maxClockCorrectionMs) return false;', what: 'a server clock far behind adopted' },
  { id: 'transport-cap-given', file: TRANSPORT, suite: 'transport', from: 'Number.isFinite(offset) && Math.abs(offset) <= maxCorrection ? offset : 0', to: 'Number.isFinite(offset) && offset <= maxCorrection ? offset : 0', what: 'a given clockOffsetMs far behind used' },
  { id: 'transport-resend-ts', file: TRANSPORT, suite: 'transport', from: 'unixSeconds(Date.now() + this.clockOffsetMs)', to: 'unixSeconds(Date.now())', what: 'the corrected offset not used for the Timestamp' },
  { id: 'transport-retry-count', file: TRANSPORT, suite: 'transport', from: 'if (retry >= retries ||', to: 'if (retry > retries ||', what: 'one retry more than allowed' },
  { id: 'transport-retry-any', file: TRANSPORT, suite: 'transport', from: 'if (retry >= retries || !isRetryable(err) || signal?.aborted)', to: 'if (retry >= retries || signal?.aborted)', what: 'every failure retried (-1, 4xx, …)' },
  { id: 'transport-retry-after-cap', file: TRANSPORT, suite: 'transport', from: 'Math.min(after, this.#retry.maxDelayMs)', to: 'after', what: "a server's Retry-After not capped" },
  { id: 'transport-redirect', file: TRANSPORT, suite: 'transport', from: "redirect: 'manual',", to: "redirect: 'follow',", what: 'redirects followed (credentials to another host)' },
  { id: 'transport-path-origin', file: TRANSPORT, suite: 'transport', from: 'if (url.origin !== this.#base.origin) {', to: 'if (false) {', what: 'an absolute path leaves the base URL' },
  { id: 'transport-presigned-abort', file: TRANSPORT, suite: 'transport', from: '    if (signal?.aborted) throw new PnsAbortError();\n    // Never send', to: '    // Never send', what: 'a cancelled request still sent' },
  { id: 'retry-4xx', file: RETRY, suite: 'transport', from: '(err.httpStatus >= 500 || err.httpStatus === 429)', to: '(err.httpStatus >= 400 || err.httpStatus === 429)', what: 'HTTP 4xx retried' },
  { id: 'retry-tls', file: RETRY, suite: 'transport', from: "return err.retryable; // false for TLS", to: 'return true; // false for TLS', what: 'TLS / certificate failures retried' },
  { id: 'retry-invalid', file: RETRY, suite: 'transport', from: '        return err.retryable;\n      default:', to: '        return true;\n      default:', what: 'an HTML or oversized reply retried' },
  { id: 'retry-max', file: RETRY, suite: 'transport', from: 'v < 0 || v > MAX_RETRIES', to: 'v < 0 || v > MAX_RETRIES + 5', what: 'more than 10 retries accepted' },
  { id: 'retry-sleep-abort', file: RETRY, suite: 'transport', from: "    signal?.addEventListener('abort', onAbort, { once: true });\n  });", to: '  });', what: 'a cancel does not end the backoff wait' },
  { id: 'retry-status-16', file: RETRY, suite: 'transport', from: "new Set(['-15', '-18'])", to: "new Set(['-15', '-18', '-16'])", what: '-16 retried like a hiccup' },

  // ---- bind and unbind (src/api/endpoints/bind.ts): never retried, outcome unknown
  { id: 'bind-retried', file: BIND, suite: 'bind', from: 'data = (await caller.call(BIND_PATH, body, { signal: options.signal, idempotent: false, retries: 0 })).data;', to: 'data = (await caller.call(BIND_PATH, body, { signal: options.signal, idempotent: true })).data;', what: 'bind retried' },
  { id: 'unbind-retried', file: BIND, suite: 'bind', from: 'await caller.call(UNBIND_PATH, { bindId, appId }, { signal: options.signal, idempotent: false, retries: 0 });', to: 'await caller.call(UNBIND_PATH, { bindId, appId }, { signal: options.signal, idempotent: true });', what: 'unbind retried' },
  { id: 'bind-abort-unknown', file: BIND, suite: 'bind', from: 'if (err instanceof PnsAbortError) return true;', to: 'if (err instanceof PnsAbortError) return false;', what: 'a bind cancelled after sending said not sent' },
  { id: 'bind-timeout-unknown', file: BIND, suite: 'bind', from: "if (err.kind === 'timeout') return true;", to: "if (err.kind === 'timeout') return false;", what: 'a timed-out bind said not sent' },
  { id: 'bind-408', file: BIND, suite: 'bind', from: '(err.httpStatus >= 500 || err.httpStatus === 408)', to: '(err.httpStatus >= 500)', what: 'HTTP 408 not "outcome unknown"' },
  { id: 'bind-500', file: BIND, suite: 'bind', from: '(err.httpStatus >= 500 || err.httpStatus === 408)', to: '(err.httpStatus > 500 || err.httpStatus === 408)', what: 'HTTP 500 not "outcome unknown"' },
  { id: 'bind-invalid-reply', file: BIND, suite: 'bind', from: "if (err.kind === 'invalid-response') return true;", to: "if (err.kind === 'invalid-response') return false;", what: 'a garbled reply to a bind said not sent' },
  { id: 'bind-not-loopback', file: BIND, suite: 'bind', from: 'err.code === NOT_LOOPBACK || ', to: '', what: 'refused before sending (not loopback) counted as "may exist"' },
  { id: 'bind-refused', file: BIND, suite: 'bind', from: '/^(ECONNREFUSED|ENOTFOUND|', to: '/^(ENOTFOUND|', what: 'connection refused counted as "may exist"' },
  { id: 'bind-reset', file: BIND, suite: 'bind', from: '  return true;\n}\n\nconst BIND_HINT', to: '  return false;\n}\n\nconst BIND_HINT', what: 'a reset connection after sending said not sent' },
  { id: 'bind-preaborted', file: BIND, suite: 'bind', from: '  const body = bindBody(req);\n  if (options.signal?.aborted) throw new PnsAbortError();', to: '  const body = bindBody(req);', what: 'a bind cancelled before sending reported as "outcome unknown"' },
  { id: 'bind-no-id', file: BIND, suite: 'bind', from: "if (!bindId || !/^\\d{1,30}$/.test(bindId) || !pnsNumberA || !pnsNumberB) {", to: 'if (!pnsNumberA || !pnsNumberB) {', what: 'a success without a bind id accepted' },

  // ---- CSV export (src/api/export.ts): formula neutralising, quoting
  { id: 'csv-fast-eq', file: EXPORT, suite: 'export', from: 'first === 0x3d || first === 0x2b', to: 'first === 0x2b', what: 'a cell starting = not neutralised' },
  { id: 'csv-fast-plus', file: EXPORT, suite: 'export', from: 'first === 0x3d || first === 0x2b || ', to: 'first === 0x3d || ', what: 'a cell starting + not neutralised' },
  { id: 'csv-fast-minus', file: EXPORT, suite: 'export', from: 'first === 0x2b || first === 0x2d || first === 0x40 :', to: 'first === 0x2b || first === 0x40 :', what: 'a cell starting - not neutralised' },
  { id: 'csv-fast-at', file: EXPORT, suite: 'export', from: 'first === 0x2d || first === 0x40 :', to: 'first === 0x2d :', what: 'a cell starting @ not neutralised' },
  { id: 'csv-slow-blanks', file: EXPORT, suite: 'export', from: "FORMULA_CHAR.test(v.replace(LEADING_BLANKS, ''))", to: 'FORMULA_CHAR.test(v)', what: 'a formula after leading blanks not neutralised' },
  { id: 'csv-control-cr', file: EXPORT, suite: 'export', from: String.raw`const CONTROL_START = /^[\t\r]/;`, to: String.raw`const CONTROL_START = /^[\t]/;`, what: 'a cell starting CR not neutralised' },
  { id: 'csv-control-tab', file: EXPORT, suite: 'export', from: String.raw`const CONTROL_START = /^[\t\r]/;`, to: String.raw`const CONTROL_START = /^[\r]/;`, what: 'a cell starting TAB not neutralised' },
  { id: 'csv-fullwidth-eq', file: EXPORT, suite: 'export', from: String.raw`@\uFF1D\uFF0B`, to: String.raw`@\uFF0B`, what: 'a cell starting ＝ not neutralised' },
  { id: 'csv-fullwidth-at', file: EXPORT, suite: 'export', from: String.raw`\uFF0D\uFF20]/;`, to: String.raw`\uFF0D]/;`, what: 'a cell starting ＠ not neutralised' },
  { id: 'csv-slow-at', file: EXPORT, suite: 'export', from: String.raw`const FORMULA_CHAR = /^[=+\-@`, to: String.raw`const FORMULA_CHAR = /^[=+\-`, what: 'a cell starting blank + @ not neutralised' },
  { id: 'csv-slow-minus', file: EXPORT, suite: 'export', from: String.raw`const FORMULA_CHAR = /^[=+\-@`, to: String.raw`const FORMULA_CHAR = /^[=+@`, what: 'a cell starting blank + - not neutralised' },
  { id: 'csv-quote-semicolon', file: EXPORT, suite: 'export', from: String.raw`const NEEDS_QUOTES = /[",;\t\r\n]/;`, to: String.raw`const NEEDS_QUOTES = /[",\t\r\n]/;`, what: 'a cell with ; not quoted' },
  { id: 'csv-quote-lf', file: EXPORT, suite: 'export', from: String.raw`const NEEDS_QUOTES = /[",;\t\r\n]/;`, to: String.raw`const NEEDS_QUOTES = /[",;\t\r]/;`, what: 'a cell with LF not quoted (forges a row)' },
  { id: 'csv-double-quotes', file: EXPORT, suite: 'export', from: `v.replace(/"/g, '""')`, to: 'v', what: 'quotes in a cell not doubled' },
  { id: 'csv-text-controls', file: EXPORT, suite: 'export', from: 'if (c < 0x20 || c > 0x7e || c === 0x22', to: 'if (c > 0x7e || c === 0x22', what: 'expireTime with CR/LF written unquoted' },
  { id: 'csv-text-semicolon', file: EXPORT, suite: 'export', from: ' || c === 0x2c || c === 0x3b) break;', to: ' || c === 0x2c) break;', what: 'expireTime with ; written unquoted' },
  { id: 'csv-text-at', file: EXPORT, suite: 'export', from: 'first !== 0x2d && first !== 0x40 &&', to: 'first !== 0x2d &&', what: 'expireTime starting @ not neutralised' },
  { id: 'csv-text-quote', file: EXPORT, suite: 'export', from: 'c > 0x7e || c === 0x22 || c === 0x2c', to: 'c > 0x7e || c === 0x2c', what: 'expireTime with " written unquoted' },
  { id: 'csv-iso-year', file: EXPORT, suite: 'export', from: 'return inYears0To9999(at) ? isoString(at) : csvCell(isoString(at));', to: 'return isoString(at);', what: 'expiresAt of a year before 0 ("-000001-…") not neutralised' },
  { id: 'csv-zone-year', file: EXPORT, suite: 'export', from: 'return inYears0To9999(at + offsetMinutes * 60_000) ? text : csvCell(text);', to: 'return text;', what: 'expiresAtVendorZone of a year before 0 not neutralised' },
  { id: 'csv-appid', file: EXPORT, suite: 'export', from: "const cell = csvCell(recordAppId(r, fallback) ?? '');", to: "const cell = recordAppId(r, fallback) ?? '';", what: 'appId cell not neutralised' },
  { id: 'csv-appid-cache', file: EXPORT, suite: 'export', from: ' && fallback === lastAppIdFallback) return lastAppIdCell;', to: ') return lastAppIdCell;', what: "one export's app id written into the next" },
  { id: 'csv-header-bom', file: EXPORT, suite: 'export', from: "return (o.bom ? '\\uFEFF' : '')", to: "return ('\\uFEFF')", what: 'a BOM written when not asked for' },
  { id: 'export-precancel', file: STREAM, suite: 'export', from: "  const abortMessage = 'The export was cancelled.';\n  if (options.signal?.aborted) throw new PnsAbortError(abortMessage);\n", to: "  const abortMessage = 'The export was cancelled.';\n", what: 'an export cancelled before it starts still writes the header' },

  // ---- masking (src/display/phone.ts, text.ts)
  { id: 'mask-hidden-4', file: PHONE, suite: 'masking', from: 'const visible = Math.max(0, n - 4);', to: 'const visible = Math.max(0, n - 3);', what: 'only 3 digits hidden' },
  { id: 'mask-first-2', file: PHONE, suite: 'masking', from: 'const first = Math.min(2, visible);', to: 'const first = Math.min(3, visible);', what: '3 leading digits shown' },
  { id: 'mask-last-4', file: PHONE, suite: 'masking', from: 'const last = Math.min(4, visible - first);', to: 'const last = Math.min(5, visible - first);', what: '5 trailing digits shown' },
  { id: 'mask-unreadable', file: PHONE, suite: 'masking', from: 'else text = o.masked ? maskUnreadable(value) : value;', to: 'else text = value;', what: 'a number the library cannot read shown in full while masked' },
  { id: 'mask-unreadable-nodigits', file: PHONE, suite: 'masking', from: 'return digits ? maskDigits(digits) : MASK_CHAR.repeat(4);', to: 'return digits ? maskDigits(digits) : value;', what: 'a masked value without digits shown as it is' },
  { id: 'phone-same-digits-national', file: PHONE, suite: 'masking', from: 'parsed.callingCode + parsed.national !== value || ', to: '', what: 'a reading whose national digits differ accepted', equivalent: 'the library writes its international format as + calling code and the national number with spaces, so the other check sees the same difference' },
  { id: 'phone-same-digits-intl', file: PHONE, suite: 'masking', from: " || parsed.international.replace(/\\D/g, '') !== value)", to: ')', what: 'a reading whose shown digits differ accepted', equivalent: 'as phone-same-digits-national: the two checks always agree' },
  { id: 'phone-same-digits-both', file: PHONE, suite: 'masking', from: "if (parsed && (parsed.callingCode + parsed.national !== value || parsed.international.replace(/\\D/g, '') !== value)) parsed = undefined;", to: '', what: 'a reading that drops a digit (+44 0…) shown' },
  { id: 'mask-spoken-last', file: PHONE, suite: 'masking', from: "last ? national.slice(national.length - last) : ''", to: "last ? national.slice(first) : ''", what: 'a spoken masked number reads the hidden digits' },
  { id: 'mask-spoken-off', file: PHONE, suite: 'masking', from: '  if (!masked) return p ? ', to: '  if (!masked || true) return p ? ', what: 'a spoken masked number says every digit' },
  { id: 'mask-remember-len', file: PHONE, suite: 'masking', from: 'value.length < 5 || knownPhones.has(value)', to: 'value.length < 6 || knownPhones.has(value)', what: 'a 5-digit phone not remembered for the log' },
  { id: 'mask-run-groups', file: PHONE, suite: 'masking', from: String.raw`const NUMBER_RUN = /\+?\d(?:[ -]?\d)*/g;`, to: String.raw`const NUMBER_RUN = /\+?\d+/g;`, what: 'a phone written in groups not masked in the log' },
  { id: 'mask-run-dash', file: PHONE, suite: 'masking', from: String.raw`const NUMBER_RUN = /\+?\d(?:[ -]?\d)*/g;`, to: String.raw`const NUMBER_RUN = /\+?\d(?:[ ]?\d)*/g;`, what: 'a phone written with dashes not masked in the log' },
  { id: 'mask-split-groups', file: PHONE, suite: 'masking', from: 'j < groups.length && j < i + 8;', to: 'j < groups.length && j < i + 3;', what: 'a phone in 4+ groups next to other digits not masked' },
  { id: 'mask-split-off', file: PHONE, suite: 'masking', from: '    return found ? out : run;', to: '    return run;', what: 'a phone next to other digits not masked' },
  { id: 'mask-fast-exit', file: PHONE, suite: 'masking', from: String.raw`!/\d{3}/.test(text.replace(/[ -]/g, ''))`, to: String.raw`!/\d{6}/.test(text.replace(/[ -]/g, ''))`, what: 'a 5-digit phone skipped by the fast exit' },
  { id: 'text-placeholder', file: TEXT, suite: 'masking', from: 'Number(i) < args.length ?', to: 'Number(i) <= args.length ?', what: 'a missing placeholder argument shown as "undefined"' },
  { id: 'text-digits-hidden', file: TEXT, suite: 'masking', from: "(n === 1 ? l10n.t('1 digit hidden')", to: "(n <= 1 ? l10n.t('1 digit hidden')", what: '0 hidden digits said as "1 digit hidden"' },

  // ---- the 31-day split (src/api/endpoints/callRecordsFor.ts, records.ts)
  { id: 'split-end', file: CALLS, suite: 'calls', from: 'to: Math.min(last, start + MAX_WINDOW_MS)', to: 'to: start + MAX_WINDOW_MS', what: 'the last window runs past the end' },
  { id: 'split-loop', file: CALLS, suite: 'calls', from: 'start < last;', to: 'start <= last;', what: 'an empty window after the end' },
  { id: 'split-floor', file: CALLS, suite: 'calls', from: 'const first = Math.floor(from / 1000) * 1000;', to: 'const first = from;', what: 'windows not on whole seconds (a query can exceed 31 days)' },
  { id: 'split-ceil', file: CALLS, suite: 'calls', from: 'const last = Math.ceil(to / 1000) * 1000;', to: 'const last = Math.floor(to / 1000) * 1000;', what: 'the last second of the window not read' },
  { id: 'split-from-zero', file: CALLS, suite: 'calls', from: '!Number.isFinite(to) || from <= 0', to: '!Number.isFinite(to) || from < 0', what: 'a start of 0 accepted' },
  { id: 'split-empty', file: CALLS, suite: 'calls', from: 'if (to <= from) throw', to: 'if (to < from) throw', what: 'an empty window accepted' },
  { id: 'split-31', file: RECORDS, suite: 'calls', from: 'export const MAX_WINDOW_MS = 31 * 86_400_000;', to: 'export const MAX_WINDOW_MS = 32 * 86_400_000;', what: 'windows of 32 days' },
  { id: 'split-retries', file: CALLS, suite: 'calls', from: '{ signal, retries: 0 }', to: '{ signal }', what: 'client retries nested in the stream retries' },
  { id: 'split-dedupe', file: CALLS, suite: 'calls', from: '        if (matchedKeys.has(k)) continue;\n', to: '', what: 'a call on a window boundary kept twice' },
  { id: 'split-retention', file: CALLS, suite: 'calls', from: 'reachesPastRetention: options.from < now - RETENTION_MS', to: 'reachesPastRetention: options.from < now - RETENTION_MS - 3_600_000', what: 'the retention warning an hour late' },
  { id: 'split-keep', file: CALLS, suite: 'calls', from: '    kept = kept.slice(0, keep);', to: '    kept = kept.slice(0, keep + 1);', what: 'one call more than keep' },
  { id: 'scope-number-suffix', file: SCOPE, suite: 'calls', from: 'return (r) => digitsOf(r.number) === want;', to: 'return (r) => digitsOf(r.number).endsWith(want);', what: "a middle number's calls include a number with an extra leading digit" },

  // ---- account storage (src/accounts/model.ts)
  { id: 'acct-id-short', file: MODEL, suite: 'accounts', from: 'const ID = /^[a-z0-9]{4,32}$/;', to: 'const ID = /^[a-z0-9]{3,32}$/;', what: 'a 3-character account id accepted' },
  { id: 'acct-id-long', file: MODEL, suite: 'accounts', from: 'const ID = /^[a-z0-9]{4,32}$/;', to: 'const ID = /^[a-z0-9]{4,33}$/;', what: 'a 33-character account id accepted' },
  { id: 'acct-id-end', file: MODEL, suite: 'accounts', from: 'const ID = /^[a-z0-9]{4,32}$/;', to: 'const ID = /^[a-z0-9]{4,32}/;', what: 'an id with anything after 4 good characters accepted' },
  { id: 'acct-id-chars', file: MODEL, suite: 'accounts', from: 'const ID = /^[a-z0-9]{4,32}$/;', to: 'const ID = /^[a-z0-9._-]{4,32}$/;', what: 'an id with . _ - accepted' },
  { id: 'acct-dup-id', file: MODEL, suite: 'accounts', from: 'if (!isAccountId(o.id) || accounts.some((x) => x.id === o.id) || validateAccountName', to: 'if (!isAccountId(o.id) || validateAccountName', what: 'two stored accounts with one id kept' },
  { id: 'acct-bad-name', file: MODEL, suite: 'accounts', from: ' || validateAccountName(name, accounts.map((x) => x.name))) {', to: ') {', what: 'a stored account with an invalid name kept' },
  { id: 'acct-two-settings', file: MODEL, suite: 'accounts', from: "if (o.settings === true && !accounts.some((x) => x.settings)) rec.settings = true;", to: 'if (o.settings === true) rec.settings = true;', what: 'two settings accounts kept' },
  { id: 'acct-empty-list', file: MODEL, suite: 'accounts', from: 'return accounts.length ? { v: 1, accounts } : undefined;', to: 'return { v: 1, accounts };', what: 'every stored entry invalid: empty list instead of migrating' },
  { id: 'acct-version', file: MODEL, suite: 'accounts', from: "(raw as { v?: unknown }).v !== 1 || ", to: '', what: 'a list of another version read' },
  { id: 'acct-approvals', file: MODEL, suite: 'accounts', from: "if (a === 'allow' || a === 'deny') out[k] = a;", to: "if (typeof a === 'string') out[k] = a as HostAnswer;", what: 'a stored approval other than allow/deny kept' },
  { id: 'acct-creds-empty', file: MODEL, suite: 'accounts', from: " || !apiKey || !apiSecret) return undefined;", to: ') return undefined;', what: 'stored credentials with an empty key used' },
  { id: 'acct-name-len', file: MODEL, suite: 'accounts', from: 'if (n.length > MAX_ACCOUNT_NAME)', to: 'if (n.length >= MAX_ACCOUNT_NAME)', what: 'a 40-character name refused' },
  { id: 'acct-name-markup', file: MODEL, suite: 'accounts', from: 'if (/[[\\]`<>*_\\\\]/.test(n))', to: 'if (/[[\\]`*_\\\\]/.test(n))', what: 'a name with < > accepted' },
  { id: 'acct-name-separators', file: MODEL, suite: 'accounts', from: String.raw`\u007f-\u009f\u2028\u2029]/.test(n)`, to: String.raw`\u007f-\u009f]/.test(n)`, what: 'a name with U+2028 accepted' },
  { id: 'acct-name-case', file: MODEL, suite: 'accounts', from: 'others.some((o) => o.trim().toLowerCase() === n.toLowerCase())', to: 'others.some((o) => o.trim() === n)', what: 'names differing only in case accepted' },
  { id: 'acct-newid-valid', file: MODEL, suite: 'accounts', from: 'if (ID.test(id) && !used.has(id)) return id;', to: 'if (!used.has(id)) return id;', what: 'a random id that is not valid used' },
  { id: 'acct-newid-free', file: MODEL, suite: 'accounts', from: 'if (ID.test(id) && !used.has(id)) return id;', to: 'if (ID.test(id)) return id;', what: 'a taken id reused' },
  { id: 'acct-legacy-keep', file: MODEL, suite: 'accounts', from: 'if ((!apiKey && !apiSecret && !origin) || to === undefined) return false;', to: 'if (!apiKey && !apiSecret && !origin) return false;', what: 'old credentials deleted when no account takes them' },
  { id: 'acct-legacy-half', file: MODEL, suite: 'accounts', from: '  if (apiKey && apiSecret) {', to: '  if (apiKey) {', what: 'a key without its secret moved' },
  { id: 'acct-remove-last', file: MODEL, suite: 'accounts', from: 'if (state.accounts.length === 1) throw', to: 'if (state.accounts.length === 0) throw', what: 'the only account removed' },
  { id: 'acct-settings-update', file: MODEL, suite: 'accounts', from: "    if (a.settings) throw new Error('This account keeps its base URL and apps in the settings.');\n", to: '', what: "the settings account's base URL written to the list" },

  // ---- vscode-bound guards: a focused integration run each (only with --integration)
  { id: 'safety-secrets', file: 'src/ui/safety.ts', integration: 'Secret-leak audit|Safety net for notifications', from: 'if (v && v.trim().length >= 3) known.add(v);', to: ';', what: 'secrets not removed from notifications and the log' },
  { id: 'safety-detail', file: 'src/ui/safety.ts', integration: 'Trust boundaries|Safety net for notifications', from: 'rest[0] = { ...opts, detail: safeMessage(opts.detail, 2000) };', to: '', what: "a modal's detail not made safe" },
  { id: 'safety-log', file: 'src/ui/safety.ts', integration: 'Trust boundaries|Safety net for notifications', from: "const LOG_METHODS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine']);", to: "const LOG_METHODS = new Set<PropertyKey>(['trace', 'debug', 'info', 'append', 'appendLine']);", what: 'warn and error log lines not made safe' },
  { id: 'safety-mask', file: 'src/ui/safety.ts', integration: 'Readable numbers, masking and accessibility labels|Safety net for notifications', from: '  return maskPhones ? maskKnownPhones(text) : text;', to: '  return text;', what: 'phones not masked in notifications and the log' },
  { id: 'trust-ask', file: 'src/auth/trust.ts', integration: 'Trust boundaries', from: "if (verdict === 'allowed') return;", to: "if (verdict !== 'denied') return;", what: 'credentials sent to an unknown host without asking' },
  { id: 'trust-denied', file: 'src/auth/trust.ts', integration: 'Trust boundaries', from: "if (verdict === 'denied') throw this.#notApproved(origin);", to: '', what: 'a declined host asked about again' },
  { id: 'trust-remember-deny', file: 'src/auth/trust.ts', integration: 'Trust boundaries', from: "    await this.set(origin, 'deny');\n", to: '', what: 'a "no" not remembered' },
];
