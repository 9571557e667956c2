import { strict as assert } from 'node:assert';
import { parseExpireTime, parseJsonKeepingBigInts, parseZoneOffset, PnsValidationError, describeSkew, normaliseRecord } from '../../src/api';

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
  it('reads the usual "yyyy-MM-dd HH:mm:ss" (19 characters) exactly as every other text form', () => {
    // [text, zone, expected] — hand-computed; the 19-character form has its own quick reader.
    const cases: Array<[string, number, number | null]> = [
      ['2026-12-02 03:23:24', 480, Date.UTC(2026, 11, 1, 19, 23, 24)],
      ['2026-12-02 03:23:24', -330, Date.UTC(2026, 11, 2, 8, 53, 24)],
      ['2000-01-01 00:00:00', 0, Date.UTC(2000, 0, 1)],
      ['2024-02-29 12:00:00', 0, Date.UTC(2024, 1, 29, 12)],
      ['2023-02-29 12:00:00', 0, null],
      ['2100-02-29 12:00:00', 0, null],
      ['2024-13-01 00:00:00', 0, null],
      ['2024-00-10 00:00:00', 0, null],
      ['2024-01-00 00:00:00', 0, null],
      ['2024-01-01 24:00:00', 0, null],
      ['2024-01-01 23:60:00', 0, null],
      ['2024-01-01 23:59:60', 0, null],
      ['2024-01-01T10:00:00', 0, Date.UTC(2024, 0, 1, 10)],
      ['2024/01/01 10:00:00', 0, Date.UTC(2024, 0, 1, 10)],
      ['2024-1-01 10:00:00Z', 0, Date.UTC(2024, 0, 1, 10)],
      [' 2024-01-01 10:00:0', 0, null],
      ['2024-01-01 10:00:0 ', 0, null],
      ['2024-01-01 1a:00:00', 0, null],
      ['２０２４-01-01 10:00:00', 0, null],
    ];
    for (const [text, z, want] of cases) assert.equal(parseExpireTime(text, z), want, text);
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
    assert.throws(() => parseJsonKeepingBigInts('{"id":1234'), SyntaxError);
  });
  it('draws the line at 2^53: 9007199254740991 stays a number, 9007199254740992 becomes a string', () => {
    const v = parseJsonKeepingBigInts('{"a":9007199254740991,"b":9007199254740992,"c":-9007199254740991,"d":-9007199254740992,"e":1000000000000000}') as Record<string, unknown>;
    assert.deepEqual(v, { a: 9007199254740991, b: '9007199254740992', c: -9007199254740991, d: '-9007199254740992', e: 1000000000000000 });
  });
  it('finds a big integer however deep it is, and keeps floats and exponents as numbers', () => {
    const v = parseJsonKeepingBigInts('{"data":{"records":[{"bindId":1},{"bindId":[[{"x":99999999999999999999}]]}]},"f":1e20,"g":12345678901234567890.0,"h":1E300}') as { data: { records: Array<{ bindId: unknown }> }; f: number; g: number; h: number };
    assert.deepEqual(v.data.records[1].bindId, [[{ x: '99999999999999999999' }]]);
    assert.equal(v.f, 1e20);
    // eslint-disable-next-line no-loss-of-precision -- on purpose: the parse must agree with JS's own rounding
    assert.equal(v.g, 12345678901234567890);
    assert.equal(v.h, 1e300);
  });
  it('keeps an integer too long even for a double (400 digits) as text', () => {
    const big = '9'.repeat(400);
    assert.deepEqual(parseJsonKeepingBigInts(`{"n":${big},"m":[-${big}]}`), { n: big, m: [`-${big}`] });
  });
  it('copes with very deep nesting (no recursion)', () => {
    const depth = 50_000;
    const v = parseJsonKeepingBigInts(`${'['.repeat(depth)}12345678901234567890${']'.repeat(depth)}`);
    let x: unknown = v;
    for (let i = 0; i < depth; i++) x = (x as unknown[])[0];
    assert.equal(x, '12345678901234567890');
  });
  it('agrees with a hand-made expectation on random literals', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      const expected: Record<string, unknown> = {};
      for (let k = 0; k < 6; k++) {
        const digits = 1 + rnd(25);
        let lit = String(1 + rnd(9));
        while (lit.length < digits) lit += String(rnd(10));
        if (rnd(3) === 0) lit = `-${lit}`;
        const kind = rnd(4);
        const key = `k${k}`;
        if (kind === 0) {
          parts.push(`"${key}":"${lit}"`); // a string stays a string
          expected[key] = lit;
        } else if (kind === 1) {
          parts.push(`"${key}":${lit}.5`); // a float stays a number
          expected[key] = Number(`${lit}.5`);
        } else {
          parts.push(`"${key}": ${kind === 2 ? lit : `[${lit}]`}`);
          const v = Number.isSafeInteger(Number(lit)) ? Number(lit) : lit;
          expected[key] = kind === 2 ? v : [v];
        }
      }
      assert.deepEqual(parseJsonKeepingBigInts(`{${parts.join(',')}}`), expected);
    }
  });
});

describe('describeSkew', () => {
  it('says which way and how far', () => {
    assert.match(describeSkew(603_000), /10 min 3 s behind/);
    assert.match(describeSkew(-7_200_000), /2 h ahead of/);
    assert.match(describeSkew(400), /0 s behind/);
  });
});

describe('normaliseRecord: numbers given as text', () => {
  it('trims white space of every kind around them, and leaves everything else as it is', () => {
    const r = normaliseRecord(
      { bindId: ' 42\t', phoneA: '\u00a0916437777919\u3000', phoneB: '919032078916\n', pnsNumberA: '\ufeff918096031519', pnsNumberB: 'é918096031519ß', expireTime: '' },
      480,
    );
    assert.ok(typeof r !== 'string');
    assert.equal(r.bindId, '42');
    assert.equal(r.phoneA, '916437777919');
    assert.equal(r.phoneB, '919032078916');
    assert.equal(r.pnsNumberA, '918096031519');
    assert.equal(r.pnsNumberB, 'é918096031519ß');
    assert.equal(r.mode, 'AXXB');
  });
  it('skips a record whose bindId is only white space', () => {
    assert.equal(normaliseRecord({ bindId: ' \u2028 ' }, 0), 'a record has no usable bindId');
  });
});
