// The texts of readable numbers and masking go through the translator the extension sets
// (vscode.l10n at activation): with a hand-made translator, spoken numbers, durations, the
// binding's accessibility label and the panel's masked line come out in that language; without
// one (tests, before activation) they are English with their placeholders filled in.
import { strict as assert } from 'node:assert';
import { spokenNumber } from '../../src/display/phone';
import { DISPLAY_TEXT, english, spokenDuration, type Translator, useTranslator } from '../../src/display/text';

/** A few translations written by hand (as a zh-cn bundle would hold them); anything else stays English. */
const ZH: Record<string, string> = {
  '{0} digits hidden': '隐藏了 {0} 位数字',
  '{0}, {1}': '{0}，{1}',
  '1 day': '1 天',
  '{0} hours': '{0} 小时',
  'active, expires in {0}': '有效，{0}后过期',
  'binding {0}: {1} to {2} via {3}, {4}': '绑定 {0}：{1} 至 {2}，经由 {3}，{4}',
  'Phones A and B are masked. Copy still copies the full number. Show Numbers (in the Laaffic PNS view) reveals them.': '号码 A 和号码 B 已隐藏。',
};
const asked: string[] = [];
const zh: Translator = {
  t: (message, ...args) => {
    asked.push(message);
    return english.t(ZH[message] ?? message, ...args);
  },
};

describe('display: texts through the translator', () => {
  afterEach(() => useTranslator(english));

  it('english fills in the placeholders and leaves unknown ones', () => {
    assert.equal(english.t('binding {0}: {1} to {2}', '409561917', 'a', 'b'), 'binding 409561917: a to b');
    assert.equal(english.t('{0} and {1}', 'x'), 'x and {1}');
  });

  it('without a translator: English', () => {
    assert.equal(spokenNumber('917414913233', true), '91 74, 4 digits hidden, 3233');
    assert.equal(spokenDuration(35 * 3_600_000 + 59_000), '1 day 11 hours');
    assert.equal(DISPLAY_TEXT.spokenStateAndExpiry('expiring', 3 * 3_600_000, 0), 'expiring soon, in 3 hours');
  });

  it('with a translator: every piece in its language, the digits unchanged', () => {
    useTranslator(zh);
    assert.equal(spokenNumber('917414913233', true), '91 74，隐藏了 4 位数字，3233');
    assert.equal(spokenDuration(35 * 3_600_000 + 59_000), '1 天 11 小时');
    const label = DISPLAY_TEXT.spokenBinding({
      bindId: '409561917',
      a: spokenNumber('917414913233', true),
      b: spokenNumber('523360472548', true),
      via: spokenNumber('918000123456'),
      state: DISPLAY_TEXT.spokenStateAndExpiry('active', 35 * 3_600_000 + 59_000, 0),
    });
    assert.equal(label, '绑定 409561917：91 74，隐藏了 4 位数字，3233 至 52 33，隐藏了 4 位数字，2548，经由 91 80001 23456，有效，1 天 11 小时后过期');
    assert.equal(DISPLAY_TEXT.panelMasked, '号码 A 和号码 B 已隐藏。');
  });

  it('the translator is asked at the time of use (a getter text follows a later change)', () => {
    asked.length = 0;
    assert.match(DISPLAY_TEXT.panelMasked, /^Phones A and B are masked\./);
    useTranslator(zh);
    assert.equal(DISPLAY_TEXT.panelMasked, '号码 A 和号码 B 已隐藏。');
    assert.deepEqual(asked, ['Phones A and B are masked. Copy still copies the full number. Show Numbers (in the Laaffic PNS view) reveals them.']);
  });
});
