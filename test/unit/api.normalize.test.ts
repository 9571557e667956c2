import { strict as assert } from 'node:assert';
import { parseExpireTime, parseJsonKeepingBigInts, parseZoneOffset, PnsValidationError, describeSkew } from '../../src/api';

describe('parseZoneOffset', () => {
  it('reads offsets and UTC names', () => {
    assert.equal(parseZoneOffset('+08:00'), 480);
    assert.equal(parseZoneOffset('-0530'), -330);
    assert.equal(parseZoneOffset('Z'), 0);
    assert.equal(parseZoneOffset(' utc '), 0);
  });
  it('refuses anything else', () => {
    for (const z of ['8', '+8:00', '+15:00', '+08:60', 'Asia/Kolkata', '']) assert.throws(() => parseZoneOffset(z), PnsValidationError, z);
  });
});

describe('parseExpireTime', () => {
  const zone = 480;
  it('tells seconds from milliseconds', () => {
    assert.equal(parseExpireTime(1_700_000_000, zone), 1_700_000_000_000);
    assert.equal(parseExpireTime('1700000000', zone), 1_700_000_000_000);
    assert.equal(parseExpireTime(1_700_000_000_123, zone), 1_700_000_000_123);
    assert.equal(parseExpireTime('1700000000123', zone), 1_700_000_000_123);
    assert.equal(parseExpireTime('1700000000.5', zone), 1_700_000_000_500);
  });
  it('reads text with and without seconds, fractions and its own zone', () => {
    assert.equal(parseExpireTime('2024-02-29 23:59:59', zone), Date.UTC(2024, 1, 29, 15, 59, 59));
    assert.equal(parseExpireTime('2024-02-29 23:59', zone), Date.UTC(2024, 1, 29, 15, 59, 0));
    assert.equal(parseExpireTime('2024-02-29T23:59:59.250', zone), Date.UTC(2024, 1, 29, 15, 59, 59, 250));
    assert.equal(parseExpireTime('2024-02-29 23:59:59 -01:00', zone), Date.UTC(2024, 2, 1, 0, 59, 59));
    assert.equal(parseExpireTime('2024/03/01 00:00:00', 0), Date.UTC(2024, 2, 1));
  });
  it('rejects impossible dates and junk', () => {
    for (const v of ['2023-02-29 00:00:00', '2024-04-31 00:00', '2024-01-01 24:00', '2024-01-01 10:60', 'tomorrow', '12:00', 0, -1, NaN, Infinity, 1e20, undefined, null, {}, []]) {
      assert.equal(parseExpireTime(v, zone), null, String(v));
    }
  });
});

describe('parseJsonKeepingBigInts', () => {
  it('quotes only unsafe integers outside strings', () => {
    const v = parseJsonKeepingBigInts('{"id":123456789012345678,"s":"x\\"12345678901234567890","n":9007199254740991,"f":1234567890123456789.5,"a":[-12345678901234567890]}') as Record<string, unknown>;
    assert.equal(v.id, '123456789012345678');
    assert.equal(v.s, 'x"12345678901234567890');
    assert.equal(v.n, 9007199254740991);
    assert.equal(typeof v.f, 'number');
    assert.deepEqual(v.a, ['-12345678901234567890']);
  });
  it('still rejects malformed JSON', () => {
    assert.throws(() => parseJsonKeepingBigInts('{"id":12345678901234567890'), SyntaxError);
  });
});

describe('describeSkew', () => {
  it('says which way and how far', () => {
    assert.match(describeSkew(603_000), /10 min 3 s behind/);
    assert.match(describeSkew(-7_200_000), /2 h ahead of/);
    assert.match(describeSkew(400), /0 s behind/);
  });
});
