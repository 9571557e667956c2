/**
 * The connection pool of one transport: keep-alive sockets, loopback-only name resolution for
 * http://, and a watch on every reply for a connection that closes before the reply is whole.
 *
 * node-fetch 2 (the HTTP client) pipes Node's reply into the body it hands out, and notices a
 * connection closed mid-body only for chunked replies: a reply with a Content-Length that is
 * cut off would leave the body waiting until the timeout, and then be retried as a timeout.
 * Every request passes through the agent's addRequest (the hook proxy agents override too), so
 * the agent sees each reply; when one closes before it is complete, the request reports a
 * premature close, and node-fetch ends that request's body with it (compressed bodies too).
 */
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { loopbackOnlyLookup } from './options';

/** Most sockets open to the API at once: the same as orderedPages' MAX_CONCURRENCY (./pages). */
export const MAX_SOCKETS = 16;

/** The code of the error a cut-off reply ends with (the one Node's streams use). */
export const PREMATURE_CLOSE = 'ERR_STREAM_PREMATURE_CLOSE';

type AddRequest = (this: http.Agent, req: http.ClientRequest, options: unknown) => unknown;

export function createAgent(base: URL, lookup?: LookupFunction): http.Agent {
  const options: http.AgentOptions & { lookup?: LookupFunction } = { keepAlive: true, maxSockets: MAX_SOCKETS };
  // http:// is allowed for loopback only: a name such as "localhost" is trusted only for as
  // long as it really resolves to this machine (checked at every connection, not once).
  if (base.protocol === 'http:') options.lookup = loopbackOnlyLookup(lookup ?? (dns.lookup as LookupFunction));
  else if (lookup) options.lookup = lookup;
  const agent = base.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  return watchReplies(agent);
}

function watchReplies<A extends http.Agent>(agent: A): A {
  const addRequest = (agent as unknown as { addRequest: AddRequest }).addRequest;
  if (typeof addRequest !== 'function') return agent;
  Object.defineProperty(agent, 'addRequest', {
    value(this: A, req: http.ClientRequest, options: unknown) {
      req.once('response', (res: http.IncomingMessage) => {
        res.once('close', () => {
          // node-fetch listens for errors on every request it makes; without a listener there
          // is nobody to tell, and an unheard 'error' would throw.
          if (!res.complete && req.listenerCount('error') > 0) {
            req.emit('error', Object.assign(new Error('Premature close'), { code: PREMATURE_CLOSE }));
          }
        });
      });
      return addRequest.call(this, req, options);
    },
  });
  return agent;
}
