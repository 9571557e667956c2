// What a binding row says to a screen reader (src/tree/bindingText.ts, vscode-free): the state
// said once, the numbers in the groups they are shown in. Every expected label is written out
// by hand here.
import { strict as assert } from 'node:assert';
import type { BindingRecord } from '../../src/api';
import { bindingText } from '../../src/tree/bindingText';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const HOUR = 3_600_000;

function record(over: Partial<BindingRecord>): BindingRecord {
  return {
    bindId: '409561917',
    phoneA: '917414913233',
    phoneB: '523360472548',
    pnsNumberA: '918000123456',
    pnsNumberB: '',
    expireTime: 'x',
    expiresAt: NOW + 35 * HOUR + 59_000,
    mode: 'AXB',
    raw: {},
    ...over,
  };
}

const spoken = (r: BindingRecord, masked = false) => bindingText(r, { now: NOW, soonHours: 24, zoneOffsetMinutes: 480, masked, app: { appId: 'x', label: 'Rides' } }).spoken;

describe('tree: a binding row\'s spoken label', () => {
  it('active: the state once, then when it expires; the numbers as shown, without the +', () => {
    assert.equal(spoken(record({})), 'binding 409561917: 91 74149 13233 to 52 33 6047 2548 via 91 80001 23456, active, expires in 1 day 11 hours');
  });

  it('expiring soon, expired and unreadable expiry: each state said once', () => {
    assert.equal(spoken(record({ expiresAt: NOW + 3 * HOUR })), 'binding 409561917: 91 74149 13233 to 52 33 6047 2548 via 91 80001 23456, expiring soon, in 3 hours');
    assert.equal(spoken(record({ expiresAt: NOW - 2 * 24 * HOUR })), 'binding 409561917: 91 74149 13233 to 52 33 6047 2548 via 91 80001 23456, expired 2 days ago');
    assert.equal(spoken(record({ expiresAt: null })), 'binding 409561917: 91 74149 13233 to 52 33 6047 2548 via 91 80001 23456, expiry unknown');
  });

  it('AXXB names both middle numbers; masked phones say how many digits are hidden', () => {
    assert.equal(
      spoken(record({ mode: 'AXXB', pnsNumberB: '8801712345678', phoneB: '2348012345678' }), true),
      'binding 409561917: 91 74, 4 digits hidden, 3233 to 234 80, 4 digits hidden, 5678 via middle numbers 91 80001 23456 and 880 1712 345678, active, expires in 1 day 11 hours',
    );
  });
});

describe('tree: a binding row\'s description fits a narrow side bar', () => {
  const text = (r: BindingRecord) => bindingText(r, { now: NOW, soonHours: 24, zoneOffsetMinutes: 480, masked: false, app: { appId: 'x', label: 'Rides' } });
  it('only the expiry beside phones A and B; the middle numbers stay in the tooltip', () => {
    const t = text(record({}));
    assert.equal(`${t.phoneA} ↔ ${t.phoneB}`, '+91 74149 13233 ↔ +52 33 6047 2548');
    assert.equal(t.description, 'in 1 d');
    assert.equal(new Map(t.rows).get('Middle number A (seen by B)'), '+91 80001 23456 · India');
    assert.equal(text(record({ expiresAt: NOW - 2 * 24 * HOUR - 5 * HOUR })).description, 'expired 2 d ago');
    assert.equal(text(record({ expiresAt: NOW + 3 * HOUR + 20 * 60_000 })).description, 'in 3 h');
  });
});
