import { createHash } from 'node:crypto';

/**
 * The vendor's request signature: lowercase hex MD5 of the plain concatenation
 * apiKey + apiSecret + timestamp (unix seconds, as sent in the Timestamp header).
 */
export function sign(apiKey: string, apiSecret: string, timestamp: string | number): string {
  return createHash('md5').update(`${apiKey}${apiSecret}${timestamp}`, 'utf8').digest('hex');
}

/** Unix seconds as the string the Timestamp header carries. */
export function unixSeconds(nowMs: number = Date.now()): string {
  return String(Math.floor(nowMs / 1000));
}
