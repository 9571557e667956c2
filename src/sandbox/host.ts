/**
 * The Host check for the sandbox's own /__sandbox/* paths. GET /__sandbox/info hands out the
 * demo credentials without a signature, so a web page must not be able to read it through
 * DNS rebinding (evil.example re-resolved to 127.0.0.1): the browser then still sends
 * `Host: evil.example`, which this check refuses.
 */

/** One dotted-decimal octet, 0-255, without leading zeros. */
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** `localhost`, `127.x.x.x` or `[::1]`, each with an optional `:port`. Nothing else. */
const LOOPBACK_HOST = new RegExp(`^(?:localhost|127(?:\\.${OCTET}){3}|\\[::1\\])(?::\\d{1,5})?$`, 'i');

/** True when a request's Host header names this machine's loopback interface. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}
