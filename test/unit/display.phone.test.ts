// Readable numbers in plain Node: international format with the country, the masking rule, the
// spoken form and the copy format. Every expected string is written out by hand here (never
// produced by the library in the test).
import { strict as assert } from 'node:assert';
import { copyText, formatNumber, maskDigits, maskKnownPhones, rememberPhone, spokenNumber } from '../../src/display/phone';
import { spokenDuration } from '../../src/display/text';

describe('display: numbers in international format', () => {
  // [digits as the vendor sends them, with the country, masked]
  const CASES: Array<[string, string, string]> = [
    // The sandbox's countries (src/sandbox/countries.ts), with numbers of the shapes it draws.
    ['917414913233', '+91 74149 13233 · India', '+91 74•••• 3233'],
    ['6281512345678', '+62 815 1234 5678 · Indonesia', '+62 81••••• 5678'],
    ['639171234567', '+63 917 123 4567 · Philippines', '+63 91•••• 4567'],
    ['5511912345678', '+55 11 91234 5678 · Brazil', '+55 11••••• 5678'],
    ['525512345678', '+52 55 1234 5678 · Mexico', '+52 55•••• 5678'],
    ['2348012345678', '+234 801 234 5678 · Nigeria', '+234 80•••• 5678'],
    ['8801712345678', '+880 1712 345678 · Bangladesh', '+880 17•••• 5678'],
    ['84912345678', '+84 912 345 678 · Vietnam', '+84 91•••• 678'],
    // More countries the vendor serves.
    ['12125550100', '+1 212 555 0100 · United States', '+1 21•••• 0100'],
    ['447400123456', '+44 7400 123456 · United Kingdom', '+44 74•••• 3456'],
    ['8613800138000', '+86 138 0013 8000 · China', '+86 13••••• 8000'],
    ['6581234567', '+65 8123 4567 · Singapore', '+65 81•••• 67'],
    ['66812345678', '+66 81 234 5678 · Thailand', '+66 81•••• 678'],
    ['4915112345678', '+49 1511 2345678 · Germany', '+49 15••••• 5678'],
  ];

  for (const [digits, withCountry, masked] of CASES) {
    it(`${digits} → ${withCountry}`, () => {
      assert.equal(formatNumber(digits, { country: true }), withCountry);
      assert.equal(formatNumber(digits), withCountry.split(' · ')[0]);
      assert.equal(formatNumber(digits, { masked: true }), masked);
      assert.equal(formatNumber(digits, { masked: true, country: true }), `${masked} · ${withCountry.split(' · ')[1]}`);
    });
  }

  it('shows what the library cannot read as it came', () => {
    for (const v of ['12345', '999123456', '0091741491323', '', 'abc', '+91 74149 13233', '9'.repeat(25)]) assert.equal(formatNumber(v, { country: true }), v, v);
  });

  it('masks what the library cannot read by the same rule, without a country code', () => {
    assert.equal(formatNumber('999123456', { masked: true }), '99•••• 456');
    assert.equal(formatNumber('12345', { masked: true }), '1••••');
    assert.equal(formatNumber('1234', { masked: true }), '••••');
    assert.equal(formatNumber('abc', { masked: true }), '••••');
    assert.equal(formatNumber('', { masked: true }), '');
  });

  it('the masking rule: at least 4 hidden, then the first two and up to the last four shown', () => {
    assert.equal(maskDigits('7414913233'), '74•••• 3233');
    assert.equal(maskDigits('74149132331'), '74••••• 2331');
    assert.equal(maskDigits('741491323'), '74•••• 323');
    assert.equal(maskDigits('74149132'), '74•••• 32');
    assert.equal(maskDigits('7414913'), '74•••• 3');
    assert.equal(maskDigits('741491'), '74••••');
    assert.equal(maskDigits('74149'), '7••••');
    assert.equal(maskDigits('7414'), '••••');
    assert.equal(maskDigits(''), '');
  });

  it('spoken: the country code, then the groups shown; unreadable digits in even groups; masked, the digits shown and how many are hidden', () => {
    // As shown: +52 33 6047 2548, +91 74149 13233, +880 1712 345678, +234 801 234 5678.
    assert.equal(spokenNumber('523360472548'), '52 33 6047 2548');
    assert.equal(spokenNumber('917414913233'), '91 74149 13233');
    assert.equal(spokenNumber('8801712345678'), '880 1712 345678');
    assert.equal(spokenNumber('2348012345678'), '234 801 234 5678');
    // Digits the library cannot read (+999 is no calling code): never a digit alone.
    assert.equal(spokenNumber('9991234567890'), '9991 234 567 890');
    assert.equal(spokenNumber('99912345'), '9991 2345');
    assert.equal(spokenNumber('12345'), '123 45');
    assert.equal(spokenNumber('12-34'), '12-34');
    assert.equal(spokenNumber('917414913233', true), '91 74, 4 digits hidden, 3233');
    assert.equal(spokenNumber('2348012345678', true), '234 80, 4 digits hidden, 5678');
    assert.equal(spokenNumber('74149', true), '7, 4 digits hidden');
    assert.equal(spokenNumber(''), '');
  });

  it('copy: the vendor\'s digits, or E.164; anything else as it is', () => {
    assert.equal(copyText('917414913233', 'digits'), '917414913233');
    assert.equal(copyText('917414913233', 'e164'), '+917414913233');
    assert.equal(copyText('', 'e164'), '');
    assert.equal(copyText('+917414913233', 'e164'), '+917414913233');
    assert.equal(copyText('91 741', 'e164'), '91 741');
  });

  it('spoken durations', () => {
    assert.equal(spokenDuration(35 * 3_600_000 + 59_000), '1 day 11 hours');
    assert.equal(spokenDuration(-2 * 86_400_000), '2 days');
    assert.equal(spokenDuration(60_000), '1 minute');
    assert.equal(spokenDuration(400), '0 seconds');
  });
});

describe('display: the safety net for notifications and the log', () => {
  it('masks remembered phones however they are written, and leaves other numbers alone', () => {
    rememberPhone('917414913233');
    rememberPhone('2348012345678');
    const text = 'Bound 917414913233 ↔ +234 801 234 5678 in app x: binding 409561917 via 918000012345; again +917414913233 and binding 409561917 917414913233 at 2023-10-22 09:00:00.';
    const out = maskKnownPhones(text);
    assert.equal(out, 'Bound +91 74•••• 3233 ↔ +234 80•••• 5678 in app x: binding 409561917 via 918000012345; again +91 74•••• 3233 and binding 409561917 +91 74•••• 3233 at 2023-10-22 09:00:00.');
    const plain = 'Expires 2023-10-22 09:00:00 +08:00, binding 409561917 918000012345 (12 345 678).';
    assert.equal(maskKnownPhones(plain), plain);
  });
});
