// The vscode-free account layer (src/accounts/model.ts): the stored layout, the migration from the
// single-account layout, account ids, names, and the changes to the list, with in-memory stores
// that behave like vscode.Memento and vscode.SecretStorage.
import { strict as assert } from 'node:assert';
import * as model from '../../src/accounts/model';

/** A Memento: values are copied in and out (as VS Code stores JSON). */
class MemoryMemento implements model.MementoLike {
  readonly data = new Map<string, string>();
  writes = 0;
  get(key: string): unknown {
    const v = this.data.get(key);
    return v === undefined ? undefined : JSON.parse(v);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }
}

class MemorySecrets implements model.SecretsLike {
  readonly data = new Map<string, string>();
  /** Makes the next store() throw (an interrupted migration). */
  failNextStore = false;
  async get(key: string): Promise<string | undefined> {
    return this.data.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    if (this.failNextStore) {
      this.failNextStore = false;
      throw new Error('disk full');
    }
    this.data.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
}

/** What version 0.1 left behind: one key, secret and origin, and the host approvals. */
function oldLayout(): { memento: MemoryMemento; secrets: MemorySecrets } {
  const memento = new MemoryMemento();
  const secrets = new MemorySecrets();
  void secrets.store('laafficPns.apiKey', 'live-key-123');
  void secrets.store('laafficPns.apiSecret', 'live-secret-456');
  void secrets.store('laafficPns.origin', 'https://api.laaffic.com');
  void memento.update('laafficPns.hostApprovals', { 'https://proxy.example:8443': 'allow', 'https://evil.example': 'deny', 'https://x.example': 'maybe' });
  memento.writes = 0;
  return { memento, secrets };
}

const ids = (...list: string[]) => {
  const q = [...list];
  return () => q.shift() ?? 'zzzzzzzz';
};

describe('accounts: start-up and migration', () => {
  it('the single-account layout becomes one account that keeps the settings, its secret moved under the account id, its approvals kept', async () => {
    const { memento, secrets } = oldLayout();
    assert.equal(model.startupDecision(memento.get(model.ACCOUNTS_KEY)), 'migrate');
    const opened = await model.openAccounts(memento, secrets);
    assert.equal(opened.migrated, true);
    assert.equal(opened.movedSecret, true);
    assert.deepEqual(opened.state, {
      v: 1,
      accounts: [{ id: 'main', name: 'Main', settings: true, approvals: { 'https://proxy.example:8443': 'allow', 'https://evil.example': 'deny' } }],
    });
    // Stored as such (globalState), the old approvals key gone.
    assert.deepEqual(memento.get('laafficPns.accounts'), opened.state);
    assert.equal(memento.get('laafficPns.hostApprovals'), undefined);
    // The secret: one value under the new key, the three old keys deleted.
    assert.deepEqual([...secrets.data.keys()], ['laafficPns.credentials.main']);
    assert.deepEqual(JSON.parse(secrets.data.get('laafficPns.credentials.main')!), { apiKey: 'live-key-123', apiSecret: 'live-secret-456', origin: 'https://api.laaffic.com' });
    assert.deepEqual(model.parseStoredCredentials(secrets.data.get(model.secretKeyOf('main'))), { apiKey: 'live-key-123', apiSecret: 'live-secret-456', origin: 'https://api.laaffic.com' });
  });

  it('the second start loads the list and changes nothing', async () => {
    const { memento, secrets } = oldLayout();
    await model.openAccounts(memento, secrets);
    const before = { m: [...memento.data], s: [...secrets.data] };
    memento.writes = 0;
    assert.equal(model.startupDecision(memento.get(model.ACCOUNTS_KEY)), 'load');
    const again = await model.openAccounts(memento, secrets);
    assert.equal(again.migrated, false);
    assert.equal(again.movedSecret, false);
    assert.equal(again.state.accounts[0].id, 'main');
    assert.equal(memento.writes, 0);
    assert.deepEqual({ m: [...memento.data], s: [...secrets.data] }, before);
  });

  it('a fresh install (nothing stored) gets one empty account using the settings, and no secret', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const opened = await model.openAccounts(memento, secrets);
    assert.deepEqual(opened.state.accounts, [{ id: 'main', name: 'Main', settings: true }]);
    assert.equal(opened.movedSecret, false);
    assert.equal(secrets.data.size, 0);
  });

  it('credentials saved before origins were recorded move without an origin (they stay bound to none)', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    await secrets.store('laafficPns.apiKey', 'k-old');
    await secrets.store('laafficPns.apiSecret', 's-old');
    await model.openAccounts(memento, secrets);
    assert.deepEqual(JSON.parse(secrets.data.get('laafficPns.credentials.main')!), { apiKey: 'k-old', apiSecret: 's-old' });
  });

  it('two windows migrating at once (both read no list) end with the same account and the secret under its key', async () => {
    const { memento, secrets } = oldLayout();
    const [one, two] = [model.loadOrMigrate(memento), model.loadOrMigrate(memento)];
    await Promise.all([model.commitStartup(memento, secrets, one), model.commitStartup(memento, secrets, two)]);
    assert.deepEqual(one.state, two.state);
    assert.deepEqual(memento.get(model.ACCOUNTS_KEY), one.state);
    assert.deepEqual(model.parseStoredCredentials(secrets.data.get(model.secretKeyOf(one.state.accounts[0].id))), { apiKey: 'live-key-123', apiSecret: 'live-secret-456', origin: 'https://api.laaffic.com' });
    assert.deepEqual([...secrets.data.keys()], [model.secretKeyOf('main')]);
  });

  it('an interrupted move is finished on the next start (nothing asked, nothing lost)', async () => {
    const { memento, secrets } = oldLayout();
    secrets.failNextStore = true;
    await assert.rejects(model.openAccounts(memento, secrets), /disk full/);
    // The list was written, the old secret is still there.
    assert.equal(model.startupDecision(memento.get(model.ACCOUNTS_KEY)), 'load');
    assert.equal(secrets.data.get('laafficPns.apiKey'), 'live-key-123');
    const again = await model.openAccounts(memento, secrets);
    assert.equal(again.movedSecret, true);
    assert.deepEqual([...secrets.data.keys()], ['laafficPns.credentials.main']);
  });

  it('an old key written again by an older version wins (it is the newest)', async () => {
    const { memento, secrets } = oldLayout();
    await model.openAccounts(memento, secrets);
    await secrets.store('laafficPns.apiKey', 'newer-key');
    await secrets.store('laafficPns.apiSecret', 'newer-secret');
    await model.openAccounts(memento, secrets);
    assert.deepEqual(model.parseStoredCredentials(secrets.data.get('laafficPns.credentials.main')), { apiKey: 'newer-key', apiSecret: 'newer-secret' });
    assert.equal(secrets.data.has('laafficPns.apiKey'), false);
  });

  it('old keys are left alone when no account uses the settings any more (never deleted silently)', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    await memento.update(model.ACCOUNTS_KEY, { v: 1, accounts: [{ id: 'test0001', name: 'Test', baseUrl: 'https://api.onbuka.com/v3', apps: [] }] });
    await secrets.store('laafficPns.apiKey', 'k');
    await secrets.store('laafficPns.apiSecret', 's');
    const opened = await model.openAccounts(memento, secrets);
    assert.equal(opened.movedSecret, false);
    assert.equal(secrets.data.get('laafficPns.apiKey'), 'k');
  });

  it('an unreadable stored list is reported and the settings account made again', () => {
    const memento = new MemoryMemento();
    void memento.update(model.ACCOUNTS_KEY, { v: 7, accounts: 'nope' });
    const opened = model.loadOrMigrate(memento);
    assert.equal(opened.migrated, true);
    assert.match(opened.problems.join(' '), /not readable/);
  });
});

describe('accounts: secrets of entries left out', () => {
  it('start-up deletes the secrets of stored entries left out as not valid, and only those', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    await memento.update(model.ACCOUNTS_KEY, {
      v: 1,
      accounts: [
        { id: 'main', name: 'Main', settings: true },
        { id: 'prod0001', name: 'main' }, // a duplicate name: left out
        { id: 'prod0002', name: '' }, // no name: left out
        { id: 'main', name: 'Again' }, // a duplicate id: the kept Main's secret is not its own
        { id: 'test0001', name: 'Test', baseUrl: 'http://127.0.0.1:1/v3' },
        { id: 'BAD ID', name: 'Bad' }, // no key can be named for it
        { id: '../x', name: 'Path' },
      ],
    });
    for (const id of ['main', 'prod0001', 'prod0002', 'test0001', 'BAD ID', '../x']) await secrets.store(`laafficPns.credentials.${id}`, `{"apiKey":"k-${id}","apiSecret":"s"}`);
    const opened = model.loadOrMigrate(memento);
    assert.deepEqual(opened.dropped, ['prod0001', 'prod0002']);
    await model.commitStartup(memento, secrets, opened);
    assert.deepEqual([...secrets.data.keys()].sort(), ['laafficPns.credentials.../x', 'laafficPns.credentials.BAD ID', 'laafficPns.credentials.main', 'laafficPns.credentials.test0001']);
  });

  it('a list of only entries left out (the settings account made again) drops their secrets too, but not that of the id it gets', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    await memento.update(model.ACCOUNTS_KEY, { v: 1, accounts: [{ id: 'main', name: '' }, { id: 'gone0001', name: '\n' }] });
    await secrets.store('laafficPns.credentials.main', '{"apiKey":"k","apiSecret":"s"}');
    await secrets.store('laafficPns.credentials.gone0001', '{"apiKey":"k2","apiSecret":"s2"}');
    const opened = model.loadOrMigrate(memento);
    assert.equal(opened.migrated, true);
    await model.commitStartup(memento, secrets, opened);
    assert.deepEqual([...secrets.data.keys()], ['laafficPns.credentials.main']);
  });
});

describe('accounts: the stored list is checked', () => {
  it('keeps valid entries; leaves out bad ids, bad or duplicate names, bad apps and a second settings account', () => {
    const problems: string[] = [];
    const state = model.parseAccountsState(
      {
        v: 1,
        accounts: [
          { id: 'main', name: 'Main', settings: true, approvals: { 'https://a.example': 'allow', 'https://b.example': 'sure' } },
          { id: 'BAD ID', name: 'x' },
          { id: 'prod0001', name: 'main' },
          { id: 'prod0002', name: '[x](command:laafficPns.clearCredentials)' },
          { id: 'test0001', name: ' Test ', settings: true, baseUrl: ' http://127.0.0.1:8787/v3 ', apps: [{ appId: 'app1', label: 'One' }, { appId: 'bad id' }, 'app2'] },
          { id: 'main', name: 'Again' },
        ],
      },
      problems,
    );
    assert.deepEqual(state, {
      v: 1,
      accounts: [
        { id: 'main', name: 'Main', settings: true, approvals: { 'https://a.example': 'allow' } },
        { id: 'test0001', name: 'Test', baseUrl: 'http://127.0.0.1:8787/v3', apps: [{ appId: 'app1', label: 'One' }, { appId: 'app2' }] },
      ],
    });
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.ok(problems.some((p) => /the apps of account Test/.test(p)));
  });

  it('protection: "protected" and "readOnly" are kept, anything else is no protection; setting it round-trips', () => {
    const state = model.parseAccountsState({
      v: 1,
      accounts: [
        { id: 'main', name: 'Main', settings: true, protection: 'readOnly' },
        { id: 'prod0001', name: 'Prod', baseUrl: '', protection: 'protected' },
        { id: 'test0001', name: 'Test', baseUrl: '', protection: 'READONLY' },
      ],
    });
    assert.deepEqual(
      state?.accounts.map((a) => a.protection),
      ['readOnly', 'protected', undefined],
    );
    let s = model.setProtection(state!, 'test0001', 'protected');
    assert.equal(s.accounts[2].protection, 'protected');
    s = model.setProtection(s, 'main', 'none');
    assert.equal('protection' in s.accounts[0], false);
    assert.deepEqual(model.parseAccountsState(JSON.parse(JSON.stringify(s)))?.accounts.map((a) => a.protection), [undefined, 'protected', 'protected']);
    assert.throws(() => model.setProtection(s, 'gone0001', 'readOnly'), /no longer exists/);
  });

  it('stored credentials: only a key and a secret (and an origin) are taken', () => {
    assert.equal(model.parseStoredCredentials(undefined), undefined);
    assert.equal(model.parseStoredCredentials('not json'), undefined);
    assert.equal(model.parseStoredCredentials('{"apiKey":"k"}'), undefined);
    assert.equal(model.parseStoredCredentials('{"apiKey":"","apiSecret":"s"}'), undefined);
    assert.deepEqual(model.parseStoredCredentials('{"apiKey":"k","apiSecret":"s","origin":"","extra":1}'), { apiKey: 'k', apiSecret: 's' });
    const c = { apiKey: 'k', apiSecret: 's', origin: 'https://api.laaffic.com' };
    assert.deepEqual(model.parseStoredCredentials(model.serializeCredentials(c)), c);
  });
});

describe('accounts: ids and names', () => {
  it('ids are lower-case letters and digits, distinct from the taken ones', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = model.newAccountId(seen);
      assert.match(id, /^[a-z0-9]{10}$/);
      assert.ok(!seen.has(id));
      seen.add(id);
    }
    assert.equal(model.newAccountId(['aaaa1111'], ids('aaaa1111', 'NOPE', 'bbbb2222')), 'bbbb2222');
    assert.throws(() => model.newAccountId(['aaaa1111'], () => 'aaaa1111'), /free account id/);
  });

  it('names: 1 to 40 characters, one line, no markup, unique regardless of case', () => {
    const ok = ['Production', 'Test (EU)', '生产环境', 'a', 'x'.repeat(40), 'Ops-2 / India'];
    for (const n of ok) assert.equal(model.validateAccountName(n, []), undefined, n);
    const bad: Array<[string, RegExp]> = [
      ['', /Enter a name/],
      ['   ', /Enter a name/],
      ['x'.repeat(41), /40 characters/],
      ['two\nlines', /line breaks/],
      ['tab\there', /control/],
      ['[x](command:evil)', /cannot contain/],
      ['`code`', /cannot contain/],
      ['<img>', /cannot contain/],
    ];
    for (const [n, why] of bad) assert.match(model.validateAccountName(n, []) ?? '', why, JSON.stringify(n));
    assert.match(model.validateAccountName(' production ', ['Production']) ?? '', /already an account named production/);
  });
});

describe('accounts: changes to the list', () => {
  const start: model.AccountsState = { v: 1, accounts: [{ id: 'main', name: 'Main', settings: true }] };

  it('add, rename, update, approvals and remove; each returns a new state', () => {
    let s = model.addAccount(start, 'test0001', { name: ' Test ', baseUrl: ' http://127.0.0.1:1/v3 ' });
    assert.deepEqual(s.accounts[1], { id: 'test0001', name: 'Test', baseUrl: 'http://127.0.0.1:1/v3', apps: [] });
    assert.equal(start.accounts.length, 1, 'the old state is not changed');
    assert.throws(() => model.addAccount(s, 'test0002', { name: 'main', baseUrl: 'x' }), /already an account/);
    assert.throws(() => model.addAccount(s, 'test0001', { name: 'Other', baseUrl: 'x' }), /not free/);
    s = model.renameAccount(s, 'test0001', 'Staging');
    assert.equal(s.accounts[1].name, 'Staging');
    assert.throws(() => model.renameAccount(s, 'test0001', 'MAIN'), /already an account/);
    assert.equal(model.renameAccount(s, 'main', 'main').accounts[0].name, 'main', 'a new case of its own name is fine');
    s = model.updateAccount(s, 'test0001', { apps: [{ appId: 'app1' }], baseUrl: 'https://api.onbuka.com/v3' });
    assert.deepEqual(s.accounts[1], { id: 'test0001', name: 'Staging', baseUrl: 'https://api.onbuka.com/v3', apps: [{ appId: 'app1' }] });
    assert.throws(() => model.updateAccount(s, 'main', { apps: [] }), /in the settings/);
    s = model.setApproval(s, 'test0001', 'https://p.example', 'allow');
    s = model.setApproval(s, 'test0001', 'https://q.example', 'deny');
    assert.deepEqual(s.accounts[1].approvals, { 'https://p.example': 'allow', 'https://q.example': 'deny' });
    assert.equal(s.accounts[0].approvals, undefined, 'approvals are per account');
    s = model.setApproval(s, 'test0001', 'https://p.example', undefined);
    assert.deepEqual(s.accounts[1].approvals, { 'https://q.example': 'deny' });
    s = model.setApproval(s, 'test0001', undefined, undefined);
    assert.equal('approvals' in s.accounts[1], false);
    s = model.removeAccount(s, 'main');
    assert.deepEqual(s.accounts.map((a) => a.id), ['test0001']);
    assert.throws(() => model.removeAccount(s, 'test0001'), /only account cannot be removed/);
    assert.throws(() => model.renameAccount(s, 'gone0001', 'X'), /no longer exists/);
    // What is stored reads back the same.
    assert.deepEqual(model.parseAccountsState(JSON.parse(JSON.stringify(s))), s);
  });
});
