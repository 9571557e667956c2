/**
 * A tiny real HTTP server for client tests: each test decides what the "vendor" answers,
 * down to the bytes, and the server records every request it received. This is not a mock
 * of fetch: the client talks to it over a real loopback socket.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse, n: number) => void | Promise<void>;

export interface RawServer {
  url: string; // base URL, e.g. http://127.0.0.1:PORT/v3
  port: number;
  requests: SeenRequest[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

export function json(res: http.ServerResponse, value: unknown, status = 200, headers: Record<string, string> = {}): void {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function envelope(data: unknown, status: string | number = '0', reason = 'success'): { status: string | number; reason: string; data: unknown } {
  return { status, reason, data };
}

/**
 * Listens on a free loopback port and keeps track of open sockets, so that `close()` ends
 * keep-alive and hung connections at once instead of waiting for them.
 */
export async function listenOnLoopback(server: http.Server): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startRawServer(initial?: Handler): Promise<RawServer> {
  let handler: Handler = initial ?? ((_req, res) => json(res, envelope(null)));
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      Promise.resolve(handler(seen, res, requests.length)).catch((e) => {
        res.destroy(e as Error);
      });
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}/v3`,
    port,
    requests,
    handle(h) {
      handler = h;
    },
    close,
  };
}

/** A bindings page as the vendor's documentation shows it. */
export function vendorRecord(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bindId: 1000 + i,
    phoneA: `9150270${String(10000 + i)}`,
    phoneB: `9150271${String(10000 + i)}`,
    pnsNumberA: '91502211',
    pnsNumberB: i % 2 ? '915022112' : '91502211',
    expireTime: '2023-10-22 09:00:00',
    ...over,
  };
}

/** Serves `all` records in pages of the requested size (or `serveSize` if given). */
export function pagedHandler(all: () => Record<string, unknown>[], opts: { serveSize?: number; total?: (n: number) => unknown } = {}): Handler {
  return (req, res, n) => {
    const body = JSON.parse(req.body) as { current: number; size: number };
    const size = opts.serveSize ?? body.size;
    const list = all();
    const records = list.slice((body.current - 1) * size, body.current * size);
    json(res, envelope({ total: opts.total ? opts.total(n) : list.length, size, current: body.current, pages: Math.ceil(list.length / size), records }));
  };
}
