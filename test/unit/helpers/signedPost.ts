/**
 * A signed request to the sandbox with bare node:http (no client code under test): a POST with
 * a JSON body, or a GET without one. Resolves with the reply text.
 */
import * as http from 'node:http';
import { sign } from '../../../src/api/sign';

export interface SignedTarget {
  url: string;
  apiKey: string;
  apiSecret: string;
}

export function signedPost(sb: SignedTarget, p: string, body?: unknown, agent: http.Agent | false = false): Promise<string> {
  const ts = String(Math.floor(Date.now() / 1000));
  const data = body === undefined ? '' : JSON.stringify(body);
  const u = new URL(sb.url + p);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: body === undefined ? 'GET' : 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json;charset=UTF-8',
          'Content-Length': String(Buffer.byteLength(data)),
          'Api-Key': sb.apiKey,
          Timestamp: ts,
          Sign: sign(sb.apiKey, sb.apiSecret, ts),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
