import { strict as assert } from 'node:assert';
import { parseFromWebview, parsePersistedDetails, toPersistedDetails, type BindingView } from '../../src/shared/messages';

describe('details panel: persisted state', () => {
  const ok = { v: 1, bindId: '490405856', appId: 'b4QIF06O', page: 3 };

  const valid: Array<[string, unknown]> = [
    ['ids of a configured app', ok],
    ['with the app label', { ...ok, label: 'Rides' }],
    ['all apps (appId null)', { ...ok, appId: null, label: 'All apps' }],
    ['page 1', { ...ok, page: 1 }],
    ['page 1,000,000', { ...ok, page: 1_000_000 }],
    ['a one-digit bind id', { ...ok, bindId: '7' }],
    ['a 40-digit bind id', { ...ok, bindId: '1'.repeat(40) }],
    // normalize.ts keeps any non-empty string id, so letters, _ and - are allowed (up to 64).
    ['a non-numeric bind id', { ...ok, bindId: 'ab_C-9' }],
    ['a 64-character bind id', { ...ok, bindId: 'a'.repeat(64) }],
    ['an app id of 64 printable characters', { ...ok, appId: '!'.repeat(32) + '~'.repeat(32) }],
    ['an empty label', { ...ok, label: '' }],
    ['a 100-character label', { ...ok, label: 'é'.repeat(100) }],
    ['how the sections were left', { ...ok, ui: { raw: true, calls: { open: true, window: '30d', from: '', to: '' } } }],
    ['a custom window as typed', { ...ok, ui: { raw: false, calls: { open: true, window: 'custom', from: '2026-11-01T08:00', to: '2026-11-20T17:30' } } }],
  ];
  for (const [name, input] of valid) {
    it(`accepts ${name}`, () => {
      const got = parsePersistedDetails(input);
      assert.deepEqual(got, input);
      // A copy with exactly the known keys, not the object it was given.
      assert.notEqual(got, input);
    });
  }

  const longDigits = '1'.repeat(65);
  const invalid: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'a string'],
    ['a JSON string of a valid state', JSON.stringify(ok)],
    ['a number', 42],
    ['an array', [ok]],
    ['an empty object', {}],
    ['the old shape with the whole binding', { binding: { bindId: '490405856', phoneA: '917445993619', phoneB: '916070813227', app: { appId: 'b4QIF06O', label: 'Rides' }, page: 1 } }],
    ['the ids without a version', { bindId: '490405856', appId: 'b4QIF06O', page: 3 }],
    ['version 2', { ...ok, v: 2 }],
    ['version "1"', { ...ok, v: '1' }],
    ['an extra key (a phone number)', { ...ok, phoneA: '917445993619' }],
    ['an extra __proto__ key', JSON.parse('{"v":1,"bindId":"1","appId":null,"page":1,"__proto__":{"x":1}}')],
    ['bindId with a shell command', { ...ok, bindId: '1; rm' }],
    ['bindId with a path', { ...ok, bindId: '../../v3/unbind' }],
    ['bindId with a space', { ...ok, bindId: '123 ' }],
    ['bindId with a newline', { ...ok, bindId: '123\n' }],
    ['bindId with a non-ASCII digit', { ...ok, bindId: '١٢٣' }],
    ['an empty bindId', { ...ok, bindId: '' }],
    ['a 65-character bindId', { ...ok, bindId: longDigits }],
    ['bindId as a number', { ...ok, bindId: 490405856 }],
    ['bindId missing', { v: 1, appId: 'b4QIF06O', page: 3 }],
    ['appId missing (must be null for all apps)', { v: 1, bindId: '1', page: 3 }],
    ['appId undefined', { ...ok, appId: undefined }],
    ['appId empty', { ...ok, appId: '' }],
    ['appId with a space', { ...ok, appId: 'x y' }],
    ['appId with surrounding spaces', { ...ok, appId: ' b4QIF06O ' }],
    ['appId of 65 characters', { ...ok, appId: 'a'.repeat(65) }],
    ['appId with a control character', { ...ok, appId: 'a\u0000b' }],
    ['appId as a number', { ...ok, appId: 5 }],
    ['appId as an object', { ...ok, appId: { toString: 'x' } }],
    ['page -1', { ...ok, page: -1 }],
    ['page 0', { ...ok, page: 0 }],
    ['page 1.5', { ...ok, page: 1.5 }],
    ['page 1,000,001', { ...ok, page: 1_000_001 }],
    ['page NaN', { ...ok, page: NaN }],
    ['page Infinity', { ...ok, page: Infinity }],
    ['page as a string', { ...ok, page: '3' }],
    ['page missing', { v: 1, bindId: '1', appId: null }],
    ['a label of 101 characters', { ...ok, label: 'x'.repeat(101) }],
    ['a label that is not a string', { ...ok, label: ['Rides'] }],
    ['a label with a control character', { ...ok, label: 'Rides\u0007' }],
  ];
  for (const [name, input] of invalid) {
    it(`rejects ${name}`, () => assert.equal(parsePersistedDetails(input), null));
  }

  const view = (over: Partial<BindingView> = {}): BindingView => ({
    bindId: '490405856',
    phoneA: '917445993619',
    phoneB: '916070813227',
    pnsNumberA: '918151817452',
    pnsNumberB: '916602628021',
    mode: 'AXXB',
    expireTime: '2030-01-01 00:00:00',
    expiresAt: 1_893_427_200_000,
    expiresInVendorZone: '2030-01-01 00:00:00 +08:00',
    vendorZone: '+08:00',
    expiringSoonHours: 24,
    app: { appId: 'b4QIF06O', label: 'Rides', account: 'main' },
    page: 3,
    rawJson: '{"phoneA":"917445993619"}',
    fetchedAt: 1,
    ...over,
  });

  it('toPersistedDetails keeps only the ids (the account\'s always), the page and the label, and they pass the check', () => {
    const s = toPersistedDetails(view());
    assert.deepEqual(s, { v: 1, bindId: '490405856', appId: 'b4QIF06O', page: 3, label: 'Rides', account: 'main' });
    assert.deepEqual(parsePersistedDetails(JSON.parse(JSON.stringify(s))), s);
    for (const n of ['917445993619', '916070813227', '918151817452', '916602628021']) assert.ok(!JSON.stringify(s).includes(n));
  });

  it('toPersistedDetails leaves out a label the check would refuse, and refuses ids it would refuse', () => {
    assert.deepEqual(toPersistedDetails(view({ app: { appId: 'b4QIF06O', label: 'x'.repeat(101), account: 'main' } })), { v: 1, bindId: '490405856', appId: 'b4QIF06O', page: 3, account: 'main' });
    assert.deepEqual(toPersistedDetails(view({ app: { appId: null, label: 'All apps', account: 'main' } })), { v: 1, bindId: '490405856', appId: null, page: 3, label: 'All apps', account: 'main' });
    assert.equal(toPersistedDetails(view({ bindId: 'id with spaces' })), null);
    assert.equal(toPersistedDetails(view({ page: 0 })), null);
  });

  it('with several accounts the account id is persisted too, and only an account id passes', () => {
    const s = toPersistedDetails(view({ app: { appId: 'b4QIF06O', label: 'Rides', account: 'k3v9x0aa7q' } }));
    assert.deepEqual(s, { v: 1, bindId: '490405856', appId: 'b4QIF06O', page: 3, label: 'Rides', account: 'k3v9x0aa7q' });
    assert.deepEqual(parsePersistedDetails(JSON.parse(JSON.stringify(s))), s);
    for (const bad of ['', 'UPPER123', 'a b c d', '../x', 7, null]) assert.equal(parsePersistedDetails({ ...s, account: bad }), null, JSON.stringify(bad));
  });

  it('how the sections were left: only exactly its fields, a known window and datetime-local inputs', () => {
    const ui = { raw: true, calls: { open: true, window: '7d', from: '', to: '' } };
    const bad: unknown[] = [
      null,
      'open',
      { raw: 'yes', calls: ui.calls },
      { raw: true },
      { ...ui, extra: 1 },
      { raw: true, calls: { ...ui.calls, window: '1y' } },
      { raw: true, calls: { ...ui.calls, open: 1 } },
      { raw: true, calls: { ...ui.calls, from: '917445993619' } },
      { raw: true, calls: { ...ui.calls, to: '2026-11-01T08:00<script>' } },
      { raw: true, calls: { ...ui.calls, calls: ['c1'] } },
    ];
    for (const u of bad) assert.equal(parsePersistedDetails({ ...ok, ui: u }), null, JSON.stringify(u));
    assert.deepEqual(toPersistedDetails(view(), ui as never), { v: 1, bindId: '490405856', appId: 'b4QIF06O', page: 3, label: 'Rides', account: 'main', ui });
  });

  it("the page's reports to the tests' probe (PageReport) are nothing the extension reads", () => {
    for (const m of [
      { type: 'rendered', bindId: ok.bindId, state: 'binding', saved: ok },
      { type: 'callsRendered', scope: '12', state: 'calls', callIds: ['a'], text: '1 call', open: true, window: '7d', ended: [''] },
      { type: 'scopeRendered', scope: 'app:rides-01', saved: null },
    ]) {
      assert.equal(parseFromWebview(m), undefined, m.type);
    }
  });
});
