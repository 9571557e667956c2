/**
 * Which hosts may receive the credentials. The core knows the facts (the vendor's documented
 * API hosts, what loopback is); the extension asks the user about any other origin.
 */

/** A brand of the platform: its name and its API base URL. */
export interface Brand {
  readonly name: string;
  readonly baseUrl: string;
}

/**
 * The brands of the same platform (same paths, signing and envelope): Add Account offers them,
 * their hosts get credentials without a question. Itniotech's examples have no /v3
 * (docs: laaffic-pns-api.md, "Neighbouring endpoints").
 */
export const BRANDS: readonly Brand[] = Object.freeze([
  { name: 'Laaffic', baseUrl: 'https://api.laaffic.com/v3' },
  { name: 'Onbuka', baseUrl: 'https://api.onbuka.com/v3' },
  { name: 'Itniotech', baseUrl: 'https://api.itniotech.com' },
]);

/** The origins of the vendor's documented API hosts (the brands'). */
export const DOCUMENTED_ORIGINS: readonly string[] = Object.freeze(BRANDS.map((b) => new URL(b.baseUrl).origin));

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** A loopback host by name or address (localhost, 127.x.x.x, [::1]). http:// is allowed only for these. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.test(hostname);
}

/** A resolved address on this machine: 127.0.0.0/8, ::1, or ::ffff:127.x.x.x. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return /^127(?:\.\d{1,3}){3}$/.test(a) || /^(?:0{0,4}:){2,7}0{0,3}1$/.test(a) || a === '::1' || /^::ffff:127(?:\.\d{1,3}){3}$/.test(a);
}

/**
 * May credentials go to `origin` without asking? Yes for the vendor's documented hosts, for
 * loopback (the local sandbox; a plain-http name must also resolve to loopback, which the client
 * checks at every connection), and for the origin the credentials were entered for.
 * Otherwise the answer the user gave before, or 'ask'.
 */
export function originVerdict(origin: string, boundOrigin: string | undefined, remembered: 'allow' | 'deny' | undefined): 'allowed' | 'denied' | 'ask' {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'denied';
  }
  if (DOCUMENTED_ORIGINS.includes(url.origin)) return 'allowed';
  if (isLoopbackHost(url.hostname)) return 'allowed';
  if (boundOrigin !== undefined && boundOrigin === url.origin) return 'allowed';
  if (remembered === 'allow') return 'allowed';
  if (remembered === 'deny') return 'denied';
  return 'ask';
}
