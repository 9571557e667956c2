// getBalance over real HTTP: the sandbox's balance as it serves it, and a hostile or broken
// server's amounts (only decimals are accepted; anything else is an invalid reply, said plainly);
// the currency when the reply names one. And noIcons(), the one escape of `$(` for the status bar.
import { strict as assert } from 'node:assert';
import { noIcons, PnsClient, PnsTransportError } from '../../src/api';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { json, startRawServer, type RawServer } from './helpers/rawServer';
import { signedPost } from './helpers/signedPost';

describe('getBalance', () => {
  it('reads the sandbox\'s balance, gift and credit as it serves them (no currency: it names none)', async () => {
    const sb: Sandbox = await startSandbox({ port: 0, seed: 17, bindingsPerApp: [3] });
    const c = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret });
    try {
      const truth = JSON.parse(await signedPost(sb, '/getBalance')) as Record<string, string>;
      assert.deepEqual(await c.getBalance(), { balance: truth.balance, gift: truth.gift, credit: truth.credit, currency: '' });
    } finally {
      c.dispose();
      await sb.close();
    }
  });

  describe('a server\'s amounts', () => {
    let server: RawServer;
    let client: PnsClient;
    beforeEach(async () => {
      server = await startRawServer();
      client = new PnsClient({ baseUrl: server.url, apiKey: 'key-1234', apiSecret: 'secret-5678', retry: { retries: 0 } });
    });
    afterEach(async () => {
      client.dispose();
      await server.close();
    });
    const answer = (top: Record<string, unknown>) => server.handle((_req, res) => json(res, { status: '0', reason: 'success', ...top }));

    it('decimals as strings or numbers, negative too; absent gift and credit are empty; a three-letter currency is kept', async () => {
      answer({ balance: '-1.002000', gift: 12.5, credit: null, currency: 'EUR' });
      assert.deepEqual(await client.getBalance(), { balance: '-1.002000', gift: '12.5', credit: '', currency: 'EUR' });
      answer({ balance: 7 });
      assert.deepEqual(await client.getBalance(), { balance: '7', gift: '', credit: '', currency: '' });
    });

    it('a currency that is not a three-letter code is left out', async () => {
      for (const currency of ['$(warning)', 'usd', 'EURO', 42, { code: 'USD' }, 'US D']) {
        answer({ balance: '1.00', currency });
        assert.equal((await client.getBalance()).currency, '', JSON.stringify(currency));
      }
    });

    for (const [what, top, field] of [
      ['an icon in the balance', { balance: '$(warning) 12.00' }, 'balance'],
      ['text', { balance: 'plenty' }, 'balance'],
      ['no balance', { gift: '1.00' }, 'balance'],
      ['an empty balance', { balance: '' }, 'balance'],
      ['an exponent', { balance: 1e21 }, 'balance'],
      ['a list', { balance: ['1'] }, 'balance'],
      ['a decimal with a label', { balance: '12.00 USD' }, 'balance'],
      ['an icon in the gift', { balance: '1.00', gift: '$(check)' }, 'gift'],
      ['text in the credit', { balance: '1.00', credit: 'n/a' }, 'credit'],
    ] as const) {
      it(`${what} is an invalid reply that says which amount`, async () => {
        answer(top);
        await assert.rejects(client.getBalance(), (e: unknown) => {
          assert.ok(e instanceof PnsTransportError, String(e));
          assert.equal(e.kind, 'invalid-response');
          assert.match(e.message, new RegExp(`reply to getBalance is not usable: its ${field} is (missing|not a decimal number)`));
          return true;
        });
        assert.equal(server.requests.length, 1, 'asked once');
      });
    }
  });
});

describe('noIcons: text for the status bar', () => {
  it('escapes every $( so that VS Code shows it as written', () => {
    assert.equal(noIcons('$(warning) 12'), '\\$(warning) 12');
    assert.equal(noIcons('a$(x)b$(y~spin)'), 'a\\$(x)b\\$(y~spin)');
    assert.equal(noIcons('already \\$(x)'), 'already \\\\$(x)');
  });
  it('leaves everything else alone', () => {
    for (const t of ['', 'Rides (main)', '$ 12', '$', '(x)', '1234567890']) assert.equal(noIcons(t), t);
  });
});
