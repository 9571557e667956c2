// The tooltip's text of a middle number (numberText), in plain Node.
import { strict as assert } from 'node:assert';
import type { MiddleNumber, NumberPool } from '../../src/api';
import { numberRows, poolsByNumber, relativeDue } from '../../src/tree/numberText';

const number = (over: Partial<MiddleNumber> = {}): MiddleNumber => ({
  number: '6281234567',
  ccode: '62',
  country: 'Indonesia',
  state: 'in-use',
  type: 'MOBILE',
  dueDate: Date.UTC(2026, 0, 10, 16),
  dueDateText: '2026-01-11',
  appId: 'abcd1234',
  autoRenew: true,
  remark: '',
  raw: {},
  ...over,
});
const pool = (over: Partial<NumberPool> = {}): NumberPool => ({ poolNumber: '900', customerWhitelist: ['6285', '6286'], maxConcurrency: 7, numberList: ['6281234567'], appId: '', raw: {}, ...over });

describe('numberText', () => {
  const now = Date.UTC(2026, 0, 1);
  it('says the due date relative to now', () => {
    assert.equal(relativeDue(now + 3 * 86_400_000, now), 'due in 3 d');
    assert.equal(relativeDue(now - 2 * 3_600_000, now), 'due 2 h ago');
    assert.equal(relativeDue(null, now), 'no due date');
  });

  it('rows: every field, the due date in the vendor zone, and the pool when the number is in one', () => {
    const rows = new Map(numberRows(number(), { state: 'loaded', byNumber: poolsByNumber([pool()]) }, now, 480));
    assert.equal(rows.get('Country'), 'Indonesia +62');
    assert.equal(rows.get('State'), 'in use');
    assert.equal(rows.get('Type'), 'MOBILE');
    assert.equal(rows.get('Due'), '2026-01-11 00:00:00 +08:00 (due in 9 d 16 h)');
    assert.equal(rows.get('App'), 'abcd1234');
    assert.equal(rows.get('Pool'), '900');
    assert.equal(rows.get('Concurrency limit'), '7');
    assert.equal(rows.get('Whitelist'), '6285, 6286');
  });

  it('rows: the app by its configured label with its id; the id alone without a label', () => {
    assert.equal(new Map(numberRows(number(), { state: 'failed' }, now, 0, 'Rides')).get('App'), 'Rides (abcd1234)');
    assert.equal(new Map(numberRows(number(), { state: 'failed' }, now, 0, 'abcd1234')).get('App'), 'abcd1234');
    assert.equal(new Map(numberRows(number({ appId: '' }), { state: 'failed' }, now, 0, 'Rides')).get('App'), 'none');
  });

  it('rows: no pool, pools not loaded, pools still loading, unreadable due date', () => {
    assert.equal(new Map(numberRows(number(), { state: 'loaded', byNumber: poolsByNumber([pool({ numberList: ['1'] })]) }, now, 0)).get('Pool'), 'none');
    assert.equal(new Map(numberRows(number(), { state: 'failed' }, now, 0)).get('Pool details'), 'not loaded');
    assert.equal(new Map(numberRows(number(), { state: 'loading' }, now, 0)).get('Pool details'), 'loading…');
    assert.equal(new Map(numberRows(number({ dueDate: null, dueDateText: 'soon' }), { state: 'failed' }, now, 0)).get('Due'), 'unreadable (soon)');
    assert.equal(new Map(numberRows(number({ state: 'disabled' }), { state: 'failed' }, now, 0)).get('State'), 'disabled');
  });
});
