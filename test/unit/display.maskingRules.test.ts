// Masking at the edges the mutation pass (scripts/mutate.mjs) found untested: a library reading
// that would show other digits, the shortest phone the log's safety net remembers, phones
// written with dashes or split into many groups next to other digits. Expected text by hand.
import { strict as assert } from 'node:assert';
import { formatNumber, maskKnownPhones, rememberPhone } from '../../src/display/phone';
import { DISPLAY_TEXT } from '../../src/display/text';

describe('masking: the edges', () => {
  it('a number whose reading would drop a digit (a national prefix 0 after +44) is shown as it came, masked by the plain rule', () => {
    assert.equal(formatNumber('4407400123456'), '4407400123456');
    assert.equal(formatNumber('4407400123456', { country: true }), '4407400123456');
    assert.equal(formatNumber('4407400123456', { masked: true }), '44••••••• 3456');
  });

  it('the log safety net masks a remembered 5-digit phone, and leaves a 4-digit code alone', () => {
    rememberPhone('50123');
    rememberPhone('7788');
    assert.equal(maskKnownPhones('called 50123 now'), 'called 5•••• now');
    assert.equal(maskKnownPhones('code 7788 ok'), 'code 7788 ok');
  });

  it('a remembered phone written with dashes is masked', () => {
    rememberPhone('2348012345678');
    assert.equal(maskKnownPhones('phone 234-801-234-5678.'), 'phone +234 80•••• 5678.');
  });

  it('a remembered phone split into four groups right after a bind id is masked, the bind id kept', () => {
    rememberPhone('2348012345678');
    assert.equal(maskKnownPhones('binding 409561917 234 801 234 5678'), 'binding 409561917 +234 80•••• 5678');
  });

  it('"digits hidden" counts: 0, 1 and more', () => {
    assert.equal(DISPLAY_TEXT.digitsHidden(0), '0 digits hidden');
    assert.equal(DISPLAY_TEXT.digitsHidden(1), '1 digit hidden');
    assert.equal(DISPLAY_TEXT.digitsHidden(4), '4 digits hidden');
  });
});
