/**
 * Reading one HTTP reply: the body under a size cap and in its declared charset, and the
 * Laaffic envelope inside it (status checked, vendor text made safe), with typed errors.
 */
import type { Response } from 'node-fetch';
import { TextDecoder } from 'node:util';
import { PnsApiError, PnsTransportError } from './errors';
import { parseJsonKeepingBigInts } from './json';
import type { Envelope } from './options';
import { parseHttpDate, parseRetryAfter } from './retry';

/** A Laaffic status: "0" or a small negative number. Anything else is not a Laaffic reply. */
const STATUS_SHAPE = /^-?\d{1,4}$/;
/** The longest vendor `reason` kept (it is shown in messages). */
const MAX_REASON_CHARS = 200;
const CHARSET = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]+)/i;

export interface ReplyContext {
  host: string;
  maxClockCorrectionMs: number;
  /** Makes server text safe to show (one line, no markup, no key, secret or Sign). */
  safe(text: unknown, max: number): string;
}

export class BodyTooLarge extends Error {
  constructor(readonly declared?: number) {
    super('reply too large');
  }
}

/** Lets go of a reply whose body is not wanted (a redirect): the socket is not reused. */
export function discard(res: Response): void {
  try {
    (res.body as unknown as { destroy?: () => void } | null)?.destroy?.();
  } catch {
    /* nothing to clean up */
  }
}

/**
 * Reads the whole body, refusing more than `max` bytes: at once when Content-Length announces
 * more, otherwise as soon as the streamed (decompressed) bytes pass the cap, so an oversized
 * reply is never held in memory. Decodes the declared charset (UTF-8 when none or unknown;
 * invalid bytes become U+FFFD) and drops a byte-order mark. Listening to the stream's events
 * is cheaper than node-fetch's arrayBuffer()/text() and than an async iterator (npm run
 * bench); the request's abort signal still ends it (node-fetch errors the body).
 */
export function readBody(res: Response, max: number): Promise<string> {
  const body = res.body as unknown as (NodeJS.ReadableStream & { destroy(error?: Error): void }) | null;
  if (!body) return Promise.resolve('');
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const encoded = (res.headers.get('content-encoding') ?? '').trim() !== '';
  if (!encoded && Number.isSafeInteger(declared) && declared > max) {
    body.destroy();
    return Promise.reject(new BodyTooLarge(declared));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const stop = () => {
      settled = true;
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('close', onClose);
      // The 'error' listener stays: an error after the end must not be unhandled.
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > max) {
        stop();
        body.destroy();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(b);
    };
    const onEnd = () => {
      stop();
      try {
        resolve(decodeText(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), res.headers.get('content-type')));
      } catch (e) {
        reject(e);
      }
    };
    const onError = (e: unknown) => {
      if (settled) return;
      stop();
      reject(e);
    };
    // Closed without 'end' or 'error': the reply was cut off.
    const onClose = () => {
      if (settled) return;
      stop();
      reject(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** One decoder per charset label seen (decode() without `stream` keeps no state). */
const decoders = new Map<string, TextDecoder | null>();

function decoderFor(charset: string): TextDecoder | null {
  let d = decoders.get(charset);
  if (d === undefined) {
    try {
      d = new TextDecoder(charset);
    } catch {
      d = null; // a label TextDecoder does not know: read it as UTF-8
    }
    if (decoders.size < 32) decoders.set(charset, d);
  }
  return d;
}

function decodeText(buf: Buffer, contentType: string | null): string {
  const charset = contentType === null ? undefined : CHARSET.exec(contentType)?.[1]?.toLowerCase();
  const decoder = charset && charset !== 'utf-8' && charset !== 'utf8' ? decoderFor(charset) : null;
  const text = decoder ? decoder.decode(buf) : buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The envelope of a status-"0" reply, else PnsTransportError (HTTP, shape) or PnsApiError (vendor status). */
export function readEnvelope(res: Response, text: string, ctx: ReplyContext): Envelope {
  const host = ctx.host;
  const isHtml = /^\s*</.test(text);
  if (res.status < 200 || res.status >= 300) {
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    const retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
    const what = isHtml ? 'an HTML error page' : text.trim() === '' ? 'an empty body' : 'an error body';
    const hint =
      res.status === 404
        ? 'Check baseUrl: it should end in /v3 (https://api.laaffic.com/v3).'
        : res.status === 429
          ? 'The server is rate-limiting: wait a little, then try again.'
          : res.status >= 500
            ? 'The server had a problem. Retrying in a moment may help.'
            : 'Check baseUrl and your network (proxy, firewall).';
    // The HTTP status text is the server's free text: it is not shown anywhere.
    throw new PnsTransportError('http', `${host} answered HTTP ${res.status} with ${what}.`, hint, {
      host,
      httpStatus: res.status,
      retryable,
      retryAfterMs,
    });
  }
  let parsed: unknown;
  try {
    if (text.trim() === '') throw new SyntaxError('empty');
    parsed = parseJsonKeepingBigInts(text);
  } catch {
    const what = text.trim() === '' ? 'an empty body' : isHtml ? 'an HTML page instead of JSON' : 'JSON that is truncated or malformed';
    throw new PnsTransportError('invalid-response', `${host} answered HTTP ${res.status} with ${what}.`, 'Check that baseUrl points at the Laaffic API (…/v3). If it does, the vendor had a hiccup: try again.', {
      host,
      httpStatus: res.status,
      // Empty or cut-off JSON is a transient hiccup (a query may be repeated); other text is not.
      retryable: text.trim() === '' || /^\s*[{[]/.test(text),
    });
  }
  const notLaaffic = 'Check that baseUrl points at the Laaffic API (…/v3).';
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PnsTransportError('invalid-response', `${host} answered with JSON that is ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}, not a Laaffic reply.`, notLaaffic, { host, httpStatus: res.status, retryable: false });
  }
  const obj = parsed as Record<string, unknown>;
  if (obj.status === undefined || obj.status === null || (typeof obj.status !== 'string' && typeof obj.status !== 'number')) {
    throw new PnsTransportError('invalid-response', `${host} answered without a Laaffic status.`, notLaaffic, { host, httpStatus: res.status, retryable: false });
  }
  const status = typeof obj.status === 'string' ? obj.status.trim() : String(obj.status);
  if (!STATUS_SHAPE.test(status)) {
    // Not a Laaffic status (the vendor's are small negative numbers): an invalid reply, and
    // its text is never shown (it could be anything the server wants to put in front of the user).
    throw new PnsTransportError('invalid-response', `${host} answered with a status that is not a Laaffic status code.`, notLaaffic, { host, httpStatus: res.status, retryable: false });
  }
  const reason = typeof obj.reason === 'string' || typeof obj.reason === 'number' ? ctx.safe(obj.reason, MAX_REASON_CHARS) : '';
  if (status !== '0') {
    let clockSkewMs: number | undefined;
    if (status === '-16') {
      const serverDate = parseHttpDate(res.headers.get('date'));
      if (serverDate !== undefined) clockSkewMs = serverDate - Date.now();
    }
    throw new PnsApiError(status, reason, { clockSkewMs, maxClockCorrectionMs: ctx.maxClockCorrectionMs });
  }
  return { status, reason, data: obj.data, body: obj, replyChars: text.length };
}
