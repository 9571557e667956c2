// safeText() at its edges: what the mutation pass (scripts/mutate.mjs) changed without any test
// noticing. Every expected string is written out by hand.
import { strict as assert } from 'node:assert';
import { safeText } from '../../src/api';

describe('safeText(): the edges', () => {
  it('DEL and the C1 controls (U+0080-U+009F) become spaces, like the C0 ones', () => {
    assert.equal(safeText('a\u007fb\u0080c\u009bd\u009fe'), 'a b c d e');
  });

  it('a Sign written in upper-case hex is removed too', () => {
    assert.equal(safeText('sign 05D7A50893E22A5C4BB3216AE3396C7C ok'), 'sign *** ok');
    assert.equal(safeText('Sign=05d7A50893e22A5c4bb3216ae3396C7c.'), 'Sign=***.');
  });

  it('a secret of 3 characters is removed; shorter ones are ignored (they would blank out ordinary words)', () => {
    assert.equal(safeText('the key k9z was refused', { secrets: ['k9z'] }), 'the key *** was refused');
    assert.equal(safeText('ab is short', { secrets: ['ab', ' '] }), 'ab is short');
  });

  it('leading and trailing blanks and line breaks are trimmed', () => {
    assert.equal(safeText('  \r\n\t reason  \u2028 '), 'reason');
  });

  it('a secret is removed even where neutralising the markup makes it appear (a backtick becomes a quote)', () => {
    // checkCredential allows ' in a key or secret; safeText turns ` into '
    assert.equal(safeText("echo ab`cd9f", { secrets: ["ab'cd9f"] }), 'echo ***');
    assert.equal(safeText("echo ab`cd9f", { secrets: ["ab'cd9f"], markup: 'links' }), 'echo ***');
  });

  it("markup 'links' still turns backticks into quotes (no code span)", () => {
    assert.equal(safeText('run `rm -rf` (now)', { markup: 'links' }), "run 'rm -rf' (now)");
  });

  it('the cut: exactly max characters stay whole; one more is cut to max, the ellipsis included', () => {
    assert.equal(safeText('abcdefghij', { max: 10 }), 'abcdefghij');
    assert.equal(safeText('abcdefghijk', { max: 10 }), 'abcdefghi…');
  });

  it('the default length is 300 characters', () => {
    assert.equal(safeText('x'.repeat(300)), 'x'.repeat(300));
    assert.equal(safeText('x'.repeat(1000)), `${'x'.repeat(299)}…`);
  });

  it('an Error is shown by its message, made safe', () => {
    assert.equal(safeText(new Error('boom [x](command:y)')), 'boom ［x］（command:y）');
  });
});
