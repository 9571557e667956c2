/** The sandbox's HTTP server: start, a clean close(), its clock and latency, the request log, the Sandbox handle. */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SandboxData, type StoredBinding } from './data';
import type { EndpointContext } from './endpoints';
import { FAULT_KINDS, FaultInjector } from './faults';
import { checkClockSkew, checkLatency, resolveOptions } from './options';
import { PREFIX, createHandler, type Send } from './routes';
import { servedWindow } from './records';
import { expireFormatter } from './time';
import type { FaultKind, FaultOptions, Sandbox, SandboxBinding, SandboxOptions, SandboxRequest } from './types';

export { BODY_LIMIT } from './body';
export { INFO_PATH } from './routes';

export const LOG_CAP = 20_000;

function publicBinding(b: StoredBinding): SandboxBinding {
  return {
    appId: b.appId,
    bindId: b.bindId,
    phoneA: b.phoneA,
    phoneB: b.phoneB,
    pnsNumberA: b.pnsNumberA,
    pnsNumberB: b.pnsNumberB,
    expiresAt: b.expiresAt,
  };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSandbox(options?: SandboxOptions): Promise<Sandbox> {
  const cfg = resolveOptions(options);
  let skewMs = cfg.clockSkewSeconds * 1000;
  let latencyMs = cfg.latencyMs;
  /** The sandbox's clock: real time plus the configured skew. */
  const clock = (): number => Date.now() + skewMs;

  const anchorMs = Math.floor((cfg.startTime ?? clock()) / 1000) * 1000;
  const data = new SandboxData({
    seed: cfg.seed,
    bindingsPerApp: cfg.bindingsPerApp,
    anchorMs,
    heavyCaller: cfg.heavyCaller,
    callsPerBinding: cfg.callsPerBinding,
    zoneOffsetMinutes: cfg.expireOffsetMinutes,
  });
  const faults = new FaultInjector(cfg.seed, cfg.faults);
  const ctx: EndpointContext = {
    data,
    now: clock,
    formatTime: expireFormatter(cfg.expireFormat, cfg.expireOffsetMinutes),
    echoSize: cfg.echoSize,
  };

  const requests: SandboxRequest[] = [];
  let requestCount = 0;
  const faultCounts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;

  let closed = false;
  const sockets = new Set<Socket>();
  /** Pending latency waits; close() releases them so no timer outlives the server. */
  const waits = new Map<NodeJS.Timeout, () => void>();

  function pause(): Promise<void> {
    if (latencyMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        waits.delete(t);
        resolve();
      }, latencyMs);
      waits.set(t, resolve);
    });
  }

  function record(entry: SandboxRequest, summary: string): void {
    requestCount++;
    requests.push(entry);
    if (requests.length > LOG_CAP) requests.shift();
    if (entry.fault) faultCounts[entry.fault]++;
    if (cfg.log) {
      const status = typeof entry.status === 'string' ? `status ${entry.status}` : entry.status === 0 ? 'no answer' : `HTTP ${entry.status}`;
      const line = [
        new Date(entry.at).toISOString(),
        entry.method.slice(0, 10),
        entry.path.slice(0, 200),
        summary,
        '->',
        status,
        entry.fault ? `[fault ${entry.fault}]` : '',
      ].filter(Boolean).join(' ');
      try {
        cfg.log(line);
      } catch {
        // a failing log sink must not break the sandbox
      }
    }
  }

  /** Writes one answer after the configured latency; 'drop' sends half the body and cuts the socket. */
  const send: Send = async (res, code, body, headers, how = 'full') => {
    await pause();
    if (closed || res.destroyed) return;
    const buf = Buffer.from(body, 'utf8');
    res.sendDate = false; // our own Date, from the (possibly skewed) sandbox clock
    res.writeHead(code, { Date: new Date(clock()).toUTCString(), 'Content-Length': String(buf.length), ...headers });
    if (how === 'drop') {
      res.write(buf.subarray(0, Math.max(1, Math.floor(buf.length / 2))), () => res.destroy());
    } else {
      res.end(buf);
    }
  };

  const handle = createHandler({ cfg, ctx, faults, record, send });
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Last resort: never let one request take the sandbox down.
      try {
        cfg.log?.(`sandbox internal error: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('Internal Server Error');
        } else {
          res.destroy();
        }
      } catch {
        res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => cfg.log?.(`sandbox server error: ${err.message}`));
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      closed = true;
      for (const [t, release] of waits) {
        clearTimeout(t);
        release();
      }
      waits.clear();
      server.close(() => resolve());
      // Keep-alive and hung requests would otherwise hold server.close() open.
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `http://${urlHost(cfg.host)}:${port}${PREFIX}`,
    host: cfg.host,
    port,
    apiKey: cfg.apiKey,
    apiSecret: cfg.apiSecret,
    appIds: data.apps.map((a) => a.appId),
    requests,
    get requestCount() {
      return requestCount;
    },
    get faultCounts() {
      return { ...faultCounts };
    },
    bindings: (appId?: string, start?: number, end?: number) => data.list(appId).slice(start, end).map(publicBinding),
    bindingCount: (appId?: string) => data.list(appId).length,
    callRecords: (fromMs: number, toMs: number, start = 0, end = Infinity) => servedWindow(data.calls, clock(), fromMs, toMs).slice(start, end),
    callRecordCount: (fromMs: number, toMs: number) => servedWindow(data.calls, clock(), fromMs, toMs).length,
    unbind: (bindId: string) => data.unbind(String(bindId)),
    setFaults: (f: FaultOptions | undefined) => faults.set(f),
    setLatency: (ms: number) => {
      latencyMs = checkLatency(ms);
    },
    setClockSkew: (seconds: number) => {
      skewMs = checkClockSkew(seconds) * 1000;
    },
    close,
  };
}
