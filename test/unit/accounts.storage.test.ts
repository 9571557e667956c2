// The stored account list at the edges the mutation pass (scripts/mutate.mjs) found untested:
// what an account id may be (it names the account's secret), a list of another version, a
// list whose every entry is invalid, and a name holding a line separator.
import { strict as assert } from 'node:assert';
import * as model from '../../src/accounts/model';

/** A Memento holding one stored account list (values copied as VS Code stores JSON). */
function memento(stored: unknown): model.MementoLike {
  const data = new Map<string, string>();
  if (stored !== undefined) data.set(model.ACCOUNTS_KEY, JSON.stringify(stored));
  return {
    get: (key) => (data.has(key) ? JSON.parse(data.get(key)!) : undefined),
    update: async (key, value) => void (value === undefined ? data.delete(key) : data.set(key, JSON.stringify(value))),
  };
}

describe('accounts: what is stored, read back at the edges', () => {
  const ids: Array<[string, boolean]> = [
    ['abcd', true],
    ['a1b2c3d4e5', true],
    ['z'.repeat(32), true],
    ['abc', false],
    ['a', false],
    ['z'.repeat(33), false],
    ['abcd efgh', false],
    ['abcd/../x', false],
    ['abcd\n', false],
    ['ab.cd', false],
    ['ab_cd', false],
    ['ab-cd', false],
    ['ABCD', false],
  ];
  for (const [id, valid] of ids) {
    it(`account id ${JSON.stringify(id)}: ${valid ? 'valid' : 'refused'}`, () => assert.equal(model.isAccountId(id), valid));
  }

  it('a stored entry with a short id is left out, and said', () => {
    const problems: string[] = [];
    const state = model.parseAccountsState({ v: 1, accounts: [{ id: 'abc', name: 'Short' }, { id: 'good0001', name: 'Good', baseUrl: 'https://api.laaffic.com/v3', apps: [] }] }, problems);
    assert.deepEqual(state, { v: 1, accounts: [{ id: 'good0001', name: 'Good', baseUrl: 'https://api.laaffic.com/v3', apps: [] }] });
    assert.deepEqual(problems, ['Left out a stored account that is not valid (no id).']);
  });

  it('every stored entry invalid: the settings account is made again (not an empty list)', () => {
    const opened = model.loadOrMigrate(memento({ v: 1, accounts: [{ id: 'BAD ID', name: 'X' }] }));
    assert.equal(opened.migrated, true);
    assert.deepEqual(opened.state, { v: 1, accounts: [{ id: 'main', name: 'Main', settings: true }] });
  });

  it('a list of another version is not read (the settings account is made again, and said)', () => {
    const opened = model.loadOrMigrate(memento({ v: 2, accounts: [{ id: 'good0001', name: 'Good', baseUrl: 'https://x.example/v3', apps: [] }] }));
    assert.equal(opened.migrated, true);
    assert.deepEqual(opened.state, { v: 1, accounts: [{ id: 'main', name: 'Main', settings: true }] });
    assert.match(opened.problems.join(' '), /not readable/);
    assert.equal(model.startupDecision({ v: '1', accounts: [{ id: 'good0001', name: 'Good' }] }), 'migrate');
  });

  it('a name with a line or paragraph separator is refused', () => {
    assert.match(model.validateAccountName('Prod\u2028uction', []) ?? '', /line breaks or control characters/);
    assert.match(model.validateAccountName('Prod\u2029uction', []) ?? '', /line breaks or control characters/);
  });

  it('an old key without its secret is not moved into the account (no half credentials are stored)', async () => {
    const secrets = new Map<string, string>([['laafficPns.apiKey', 'lonely-key-1']]);
    const store: model.SecretsLike = {
      get: async (k) => secrets.get(k),
      store: async (k, v) => void secrets.set(k, v),
      delete: async (k) => void secrets.delete(k),
    };
    const opened = await model.openAccounts(memento(undefined), store);
    assert.equal(opened.movedSecret, false);
    assert.equal(secrets.has('laafficPns.credentials.main'), false);
  });
});
