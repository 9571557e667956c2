/**
 * What an endpoint module needs from the transport: the signed `call()` and the host (for
 * error texts). A new endpoint family (numbers, call records, bind/unbind) is one small
 * module taking a Caller; PnsClient exposes it as a method.
 */
import type { Envelope, RequestOptions } from '../options';

export interface Caller {
  readonly host: string;
  /** POST with a JSON body, or GET when `body` is undefined; see PnsTransport.call. */
  call(path: string, body: unknown, options?: RequestOptions): Promise<Envelope>;
}
