import type * as http from 'node:http';
import { INVALID_JSON, type Body } from './endpoints';

/** Larger request bodies get HTTP 413. */
export const BODY_LIMIT = 64 * 1024;
/** After a 413, at most this much more is read (and discarded) before the socket is cut. */
const DRAIN_LIMIT = 1024 * 1024;

/** The first value of a request header (node joins most duplicates, but be safe). */
export function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A body as JSON; INVALID_JSON when it is empty or not JSON. */
export function parseJson(raw: Buffer): Body {
  if (raw.length === 0) return INVALID_JSON;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

export type BodyResult = Buffer | 'too-large' | 'aborted';

/** Reads a request body up to `limit` bytes; past it, answers 'too-large' at once and discards the rest. */
export function readBody(req: http.IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (r: BodyResult): void => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const chunks: Buffer[] = [];
    let size = 0;
    const declared = Number(header(req.headers['content-length']));
    if (declared > limit) settle('too-large');
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit + DRAIN_LIMIT) req.socket.destroy();
      if (settled) return;
      if (size > limit) {
        chunks.length = 0;
        settle('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => settle(Buffer.concat(chunks)));
    req.on('error', () => settle('aborted'));
    req.on('close', () => settle('aborted'));
  });
}
