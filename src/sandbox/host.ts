/**
 * The Host check for /__sandbox/*: /__sandbox/info hands out credentials unsigned, so a web page
 * reaching it through DNS rebinding (evil.example re-resolved to 127.0.0.1, still sending
 * `Host: evil.example`) is refused.
 */

/** One dotted-decimal octet, 0-255, without leading zeros. */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** `localhost`, `127.x.x.x` or `[::1]`, each with an optional `:port`. Nothing else. */
const LOOPBACK_HOST = new RegExp(`^(?:localhost|127(?:\\.${OCTET}){3}|\\[::1\\])(?::\\d{1,5})?$`, 'i');

/** True when a request's Host header names this machine's loopback interface. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}
