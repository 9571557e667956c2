// The calls panel's parts without vscode: the targets (an app's, a middle number's, a
// binding's), what the page may persist and send, the section's first sentence when only the
// newest calls are shown, and a typed middle number.
import { strict as assert } from 'node:assert';
import { bindingScopeView, matchedText, MAX_CALL_ROWS } from '../../src/shared/calls';
import { appTarget, bindingTarget, numberInputProblem, numberTarget } from '../../src/webview/callsScope';
import { parsePersistedCalls } from '../../src/shared/messages';

/** The only account (no name in keys or titles), and one of several. */
const ONE = { id: 'main', name: 'Main', several: false };
const acc = { id: 'test0001', name: 'Test', several: true };

describe('calls panel: targets, messages, persisted state', () => {
  it('an app: key app:<id>, named by its label and id, persisted by id, label and its account id only', () => {
    const t = appTarget('rides-01', 'Rides', ONE);
    assert.deepEqual(t.view, { key: 'app:rides-01', kind: 'app', noun: 'app Rides (rides-01)', about: t.view.about });
    assert.match(t.view.about, /app id is rides-01/);
    assert.deepEqual(t.scope, { kind: 'app', appId: 'rides-01' });
    assert.equal(t.title, 'Calls · app Rides');
    assert.deepEqual(t.persist, { v: 1, kind: 'app', appId: 'rides-01', label: 'Rides', account: 'main' });
    assert.equal(t.account, 'main', 'its account is recorded with one account too');
    const bare = appTarget('rides-01', '', ONE);
    assert.equal(bare.view.noun, 'app rides-01');
    assert.equal(bare.title, 'Calls · app rides-01');
    assert.deepEqual(bare.persist, { v: 1, kind: 'app', appId: 'rides-01', account: 'main' });
    // A label with control characters is drawn on one line.
    assert.equal(appTarget('x1', 'Ri\ndes\u0007', ONE).title, 'Calls · app Ri des');
  });

  it('a middle number: key number:<digits>; never persisted, only that it was one', () => {
    const t = numberTarget('+44 7700-900123', ONE)!;
    assert.equal(t.view.key, 'number:447700900123');
    assert.equal(t.view.kind, 'number');
    assert.equal(t.title, 'Calls · 447700900123');
    assert.deepEqual(t.scope, { kind: 'number', number: '447700900123' });
    assert.deepEqual(t.persist, { v: 1, kind: 'number' });
    assert.equal(JSON.stringify(t.persist).includes('447700900123'), false);
    for (const bad of ['', 'ab', '12', '1'.repeat(21), 'x'.repeat(65), 447700900123 as unknown as string]) assert.equal(numberTarget(bad, ONE), undefined, String(bad));
  });

  it('with several accounts: the key starts with the account (two accounts may share an app or number), the title names it, an app persists its account id', () => {
    const t = appTarget('rides-01', 'Rides', acc);
    assert.equal(t.view.key, 'a:test0001/app:rides-01');
    assert.equal(t.view.noun, 'app Rides (rides-01)');
    assert.equal(t.title, 'Calls · Test / app Rides');
    assert.equal(t.account, 'test0001');
    assert.deepEqual(t.persist, { v: 1, kind: 'app', appId: 'rides-01', label: 'Rides', account: 'test0001' });
    assert.notEqual(t.view.key, appTarget('rides-01', 'Rides', { id: 'prod0001', name: 'Prod', several: true }).view.key);
    const n = numberTarget('447700900123', acc)!;
    assert.equal(n.view.key, 'a:test0001/number:447700900123');
    assert.equal(n.title, 'Calls · Test / 447700900123');
    assert.deepEqual(n.persist, { v: 1, kind: 'number' });
    // An account name is made safe for the title like a label.
    assert.equal(appTarget('x1', '', { id: 'test0001', name: 'Te\nst', several: true }).title, 'Calls · Te st / app x1');
    // With one account: keys and titles as before accounts, the account still recorded.
    assert.equal(appTarget('rides-01', 'Rides', ONE).account, 'main');
    assert.equal(numberTarget('447700900123', ONE)!.account, 'main');
    // What the page persists: an account id that is one, or nothing.
    assert.deepEqual(parsePersistedCalls({ v: 1, kind: 'app', appId: 'rides-01', account: 'test0001' }), { v: 1, kind: 'app', appId: 'rides-01', account: 'test0001' });
    for (const account of ['', 'TEST0001', 'a b', 'x'.repeat(33), 7, null]) assert.equal(parsePersistedCalls({ v: 1, kind: 'app', appId: 'rides-01', account }), null, String(account));
    assert.equal(parsePersistedCalls({ v: 1, kind: 'number', account: 'test0001' }), null);
  });

  it('a binding: its key is its bind id (the details panel\'s section), its scope its phones', () => {
    const t = bindingTarget({ bindId: '123', phoneA: '911', phoneB: '922', app: { account: 'test0001' } });
    assert.deepEqual(t.view, bindingScopeView({ bindId: '123' }));
    assert.equal(t.view.key, '123');
    assert.deepEqual(t.scope, { kind: 'binding', numbers: ['911', '922'] });
    assert.equal(t.persist, null);
    assert.equal(t.account, 'test0001');
  });

  it('a typed middle number', () => {
    assert.equal(numberInputProblem('447700900123'), undefined);
    assert.equal(numberInputProblem('+44 (7700) 900-123'), undefined);
    assert.match(numberInputProblem('12')!, /3 to 20 digits/);
    assert.match(numberInputProblem('')!, /3 to 20 digits/);
    for (const bad of ['4477a', '44;77', '<script>', '1'.repeat(41)]) assert.match(numberInputProblem(bad)!, /^Only digits/, bad);
  });

  it('what a page may persist: exactly an app id (and label), or that it was a number', () => {
    assert.deepEqual(parsePersistedCalls({ v: 1, kind: 'app', appId: 'rides-01', label: 'Rides' }), { v: 1, kind: 'app', appId: 'rides-01', label: 'Rides' });
    assert.deepEqual(parsePersistedCalls({ v: 1, kind: 'app', appId: 'rides-01' }), { v: 1, kind: 'app', appId: 'rides-01' });
    assert.deepEqual(parsePersistedCalls({ v: 1, kind: 'number' }), { v: 1, kind: 'number' });
    const bad: unknown[] = [
      null,
      'x',
      [],
      { v: 2, kind: 'app', appId: 'a' },
      { v: 1, kind: 'number', number: '447700900123' },
      { v: 1, kind: 'app', appId: 'a', calls: [] },
      { v: 1, kind: 'app', appId: ' a' },
      { v: 1, kind: 'app', appId: 'a b' },
      { v: 1, kind: 'app', appId: 5 },
      { v: 1, kind: 'app', appId: 'a', label: 'x'.repeat(101) },
      { v: 1, kind: 'app', appId: 'a', label: 'a\nb' },
      { v: 1, kind: 'binding', bindId: '1' },
    ];
    for (const s of bad) assert.equal(parsePersistedCalls(s), null, JSON.stringify(s));
  });

  it('the first sentence says how many matched and, when capped, how many are shown', () => {
    assert.equal(matchedText(0, 0, 'in the last 7 days'), 'No calls in the last 7 days.');
    assert.equal(matchedText(1, 1, 'in the last 7 days'), '1 call in the last 7 days, newest first.');
    assert.equal(matchedText(42, 42, 'in the last 7 days'), '42 calls in the last 7 days, newest first.');
    assert.equal(matchedText(12345, MAX_CALL_ROWS, 'in the last 30 days'), '12,345 calls in the last 30 days matched: showing the newest 500 of 12,345.');
  });
});
