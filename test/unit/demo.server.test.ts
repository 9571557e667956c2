/**
 * The built-in demo's server (src/demo/server.ts) as the extension runs it: loaded from the
 * built bundle dist/sandbox-host.js (what the .vsix ships), over real HTTP.
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as path from 'node:path';
import { PnsClient } from '../../src/api';
import { DEMO_DATA, startDemoServer, type DemoServer } from '../../src/demo/server';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from './helpers/signedPost';

const BUNDLE = path.resolve(__dirname, '../../../dist/sandbox-host.js');

/** GET with bare node:http; resolves with the status, or the error code (ECONNREFUSED). */
function get(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

describe('Demo server (dist/sandbox-host.js)', () => {
  const started: DemoServer[] = [];
  let seeded: Sandbox | undefined;
  const start = async () => {
    const d = await startDemoServer(BUNDLE);
    started.push(d);
    return d;
  };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((d) => d.close()));
    await seeded?.close();
    seeded = undefined;
  });

  it('listens on 127.0.0.1, a free port, with a key and secret drawn for each start', async () => {
    const a = await start();
    const b = await start();
    for (const d of [a, b]) {
      const u = new URL(d.account.baseUrl);
      assert.equal(u.hostname, '127.0.0.1');
      assert.equal(u.protocol, 'http:');
      assert.ok(Number(u.port) > 0);
      assert.equal(u.pathname, '/v3');
      assert.ok(d.account.apiSecret.length >= 24, 'a long secret');
      assert.notEqual(d.account.apiKey, 'sandbox-key');
      assert.notEqual(d.account.apiSecret, 'sandbox-secret');
    }
    assert.notEqual(a.account.baseUrl, b.account.baseUrl);
    assert.notEqual(a.account.apiKey, b.account.apiKey);
    assert.notEqual(a.account.apiSecret, b.account.apiSecret);
    assert.equal(a.account.name, 'Demo');
    assert.deepEqual(a.account.apps.map((x) => x.label), ['Demo app 1', 'Demo app 2', 'Demo app 3']);
  });

  it('serves the seeded demo data (bindings, numbers, balance) to its own credentials only', async () => {
    const d = await start();
    // The same data the repository's `npm run sandbox` serves: the sandbox module from source, same seed.
    seeded = await startSandbox({ port: 0, seed: DEMO_DATA.seed, apps: DEMO_DATA.apps, bindings: DEMO_DATA.bindings });
    assert.deepEqual(d.account.apps.map((x) => x.appId), seeded.appIds);
    const client = new PnsClient({ baseUrl: d.account.baseUrl, apiKey: d.account.apiKey, apiSecret: d.account.apiSecret });
    try {
      const appId = seeded.appIds[0];
      const page = await client.queryBindPage({ appId, current: 1, size: 20 });
      assert.equal(page.total, seeded.bindingCount(appId));
      assert.deepEqual(page.records.map((r) => [r.bindId, r.phoneA, r.phoneB, r.pnsNumberA]), seeded.bindings(appId, 0, 20).map((b) => [b.bindId, b.phoneA, b.phoneB, b.pnsNumberA]));
      const numbers = await client.queryNumberPage({ current: 1, size: 5 });
      assert.ok(numbers.total > 0, 'middle numbers');
      const balance = await client.getBalance();
      assert.match(balance.balance, /^\d+(\.\d+)?$/, 'a balance');
    } finally {
      client.dispose();
    }
    // The well-known sandbox credentials are refused: status -1.
    const denied = JSON.parse(await signedPost({ url: d.account.baseUrl, apiKey: 'sandbox-key', apiSecret: 'sandbox-secret' }, '/number/pns/queryBindPage', { current: 1, size: 1 })) as { status: string };
    assert.equal(denied.status, '-1');
  });

  it('serves a story worth a health dashboard: numbers due without auto-renew, a month of calls with reasons, costs and a currency', async () => {
    const d = await start();
    const client = new PnsClient({ baseUrl: d.account.baseUrl, apiKey: d.account.apiKey, apiSecret: d.account.apiSecret });
    try {
      const now = Date.now();
      const numbers = await client.queryNumberPage({ current: 1, size: 100 });
      assert.ok(numbers.records.length >= 54, `every app's numbers on one page: ${numbers.records.length}`);
      const atRisk = numbers.records.filter((n) => n.autoRenew === false && n.dueDate !== null && n.dueDate - now <= 30 * 86_400_000);
      assert.ok(atRisk.length >= 2, `numbers due within 30 days without auto-renew: ${atRisk.length}`);
      assert.ok(numbers.records.some((n) => n.autoRenew === true));
      // A day of calls (the last 24 h), then the day a week before it: both have calls, answered and not.
      for (const daysAgo of [0, 7]) {
        const to = now - daysAgo * 86_400_000;
        const page = await client.queryCallRecordPage({ current: 1, size: 100, strTime: to - 86_400_000, endTime: to });
        assert.ok(page.total >= 20, `${page.total} calls in the day ending ${daysAgo} days ago`);
        const reasons = new Set(page.records.map((r) => r.hangupReason));
        assert.ok(reasons.size >= 3, [...reasons].join(', '));
        assert.ok(page.records.some((r) => r.sipCode === '200' && Number(r.cost) > 0 && r.currency === 'USD'), 'an answered call with its cost in USD');
      }
    } finally {
      client.dispose();
    }
  });

  it('does not hand its credentials out: /__sandbox/info is not served', async () => {
    const d = await start();
    const origin = new URL(d.account.baseUrl).origin;
    assert.equal(await get(`${origin}/__sandbox/info`), 404);
  });

  it('close() closes the port (connection refused), and may be called twice', async () => {
    const d = await start();
    const url = `${new URL(d.account.baseUrl).origin}/v3/getBalance`;
    assert.equal(typeof (await get(url)), 'number');
    await d.close();
    await d.close();
    assert.equal(await get(url), 'ECONNREFUSED');
  });

  it('a missing bundle says to reinstall the extension', async () => {
    await assert.rejects(startDemoServer(path.join(path.dirname(BUNDLE), 'no-such-sandbox.js')), /could not be loaded.*Reinstall the extension/);
  });
});
