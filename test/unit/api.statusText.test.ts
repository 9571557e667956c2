// The vendor's status texts in English and Simplified Chinese (src/api/statusTable.ts) and
// PnsApiError.describe(language). Every expected text is written out by hand here.
import { strict as assert } from 'node:assert';
import { coreLanguage, describeDuration, describeSkew, PnsApiError, PnsClient, statusText, STATUS_TABLE_ZH } from '../../src/api';
import { forUser } from '../../src/config/settingNames';
import { envelope, json, startRawServer } from './helpers/rawServer';

describe('coreLanguage: VS Code display language -> core language', () => {
  it('Simplified Chinese tags give zh-cn', () => {
    for (const tag of ['zh-cn', 'zh-CN', 'zh_CN', 'zh', 'zh-hans', 'zh-Hans-CN', 'zh-sg']) assert.equal(coreLanguage(tag), 'zh-cn', tag);
  });
  it('everything else, Traditional Chinese included, gives English', () => {
    for (const tag of ['en', 'en-us', 'de', 'zh-tw', 'zh-hk', 'zh-hant', 'zhx', '', undefined]) assert.equal(coreLanguage(tag), 'en', String(tag));
  });
});

describe('statusText: the vendor table in both languages', () => {
  // [status, English meaning, Chinese meaning, Chinese hint]
  const CASES: ReadonlyArray<readonly [string, string, string, string]> = [
    ['-1', 'account authentication failed', '账号认证失败', 'API Key 或 API Secret 不正确。请重新输入两者（在 VS Code 中运行“Laaffic PNS: 设置凭据”）。'],
    ['-15', 'queried too frequently', '查询过于频繁', 'Laaffic 正在对此 Key 限流。请等待几秒后重试。'],
    ['-22', 'parameter exception', '参数异常', 'Laaffic 拒绝了某个请求字段（页码、每页条数或应用 ID）。请检查应用 ID 和每页条数 (size)。'],
    ['-24', 'data does not exist', '数据不存在', '该绑定已不存在：可能已过期或已被解绑。请刷新列表。'],
    ['-32', 'API key may not access this application', 'API Key 无权访问此应用', '此 API Key 不属于该应用。请检查应用 ID，或设置拥有该应用的 Key 的凭据。'],
    ['-35', 'A or B already has an AXB binding', 'A 或 B 已有 AXB 绑定', '请先解绑号码 A 或 B 现有的 AXB 绑定：按号码找到它，然后再绑定一次。'],
    ['-41', 'no free middle number', '没有空闲的中间号', '号码池中没有空闲的中间号。请向号码池添加号码，或等待绑定过期。'],
  ];
  for (const [status, en, zh, zhHint] of CASES) {
    it(`status ${status}: "${en}" / "${zh}"`, () => {
      assert.equal(statusText(status)?.meaning, en);
      assert.equal(statusText(status, 'en')?.meaning, en);
      assert.deepEqual(statusText(status, 'zh-cn'), { meaning: zh, hint: zhHint });
    });
  }
  it('an unknown status has no text in either language', () => {
    assert.equal(statusText('-99'), undefined);
    assert.equal(statusText('-99', 'zh-cn'), undefined);
    assert.equal(statusText('toString', 'zh-cn'), undefined);
  });
  it('the Chinese table has the 16 documented statuses', () => {
    assert.deepEqual(Object.keys(STATUS_TABLE_ZH).sort(), ['-1', '-13', '-15', '-16', '-18', '-2', '-20', '-22', '-24', '-25', '-29', '-30', '-31', '-32', '-35', '-41']);
  });
});

describe('PnsApiError.describe', () => {
  it('English is the error itself', () => {
    const e = new PnsApiError('-1', 'auth');
    assert.deepEqual(e.describe('en'), { message: 'Laaffic API error -1 (account authentication failed): "auth"', hint: e.hint, meaning: 'account authentication failed' });
    assert.equal(e.describe('en').message, e.message);
  });
  it('zh-cn: the message, meaning and hint in Chinese, the vendor reason quoted as it came', () => {
    const e = new PnsApiError('-1', 'auth failed');
    assert.deepEqual(e.describe('zh-cn'), {
      message: 'Laaffic API 错误 -1（账号认证失败）：“auth failed”',
      hint: 'API Key 或 API Secret 不正确。请重新输入两者（在 VS Code 中运行“Laaffic PNS: 设置凭据”）。',
      meaning: '账号认证失败',
    });
    // The error itself stays English (logs, the core's callers).
    assert.equal(e.message, 'Laaffic API error -1 (account authentication failed): "auth failed"');
    assert.equal(e.meaning, 'account authentication failed');
  });
  it('zh-cn: an unknown status', () => {
    const d = new PnsApiError('-99', 'Something odd').describe('zh-cn');
    assert.equal(d.message, 'Laaffic API 返回了状态 -99：“Something odd”');
    assert.equal(d.meaning, '未知');
    assert.equal(d.hint, 'Laaffic 返回的状态 -99 不在其文档列出的状态表中。上面引用了 Laaffic 给出的原因。');
    assert.equal(new PnsApiError('-41', '').describe('zh-cn').message, 'Laaffic API 错误 -41（没有空闲的中间号）');
  });
  it('zh-cn: -16 with the measured clock skew, within and beyond the correction limit', () => {
    const within = new PnsApiError('-16', 'timestamp expired', { clockSkewMs: 603_000, maxClockCorrectionMs: 900_000 });
    assert.equal(within.describe('zh-cn').hint, '此计算机的时钟似乎比服务器慢 10 分 3 秒。Laaffic 拒绝了请求时间：此计算机的时钟可能不准。请同步系统时钟后重试。');
    const beyond = new PnsApiError('-16', 'timestamp expired', { clockSkewMs: -7_200_000, maxClockCorrectionMs: 900_000 });
    assert.equal(
      beyond.describe('zh-cn').hint,
      '此计算机的时钟似乎比服务器快 2 小时。这超过了本客户端可自行校正的 15 分，因此它没有调整时间戳：请把此计算机的时钟（日期、时间和时区）调准，然后重试。',
    );
    assert.match(beyond.hint, /^This computer's clock seems to be 2 h ahead of the server's\. That is more than the 15 min/);
  });
  it('durations and skews in Chinese', () => {
    assert.equal(describeDuration(30 * 86_400_000 + 2 * 3_600_000, 'zh-cn'), '30 天 2 小时');
    assert.equal(describeDuration(400, 'zh-cn'), '0 秒');
    assert.equal(describeDuration(86_400_000, 'en'), '1 day');
    assert.equal(describeSkew(-61_000, 'zh-cn'), '此计算机的时钟似乎比服务器快 1 分 1 秒。');
  });
  it('forUser() names the setting in the Chinese -22 hint too', () => {
    assert.equal(forUser(new PnsApiError('-22', 'bad size').describe('zh-cn').hint), 'Laaffic 拒绝了某个请求字段（页码、每页条数或应用 ID）。请检查应用 ID 和每页条数 (laafficPns.pageSize)。');
  });

  it('an error from a real reply over HTTP describes itself in Chinese', async () => {
    const server = await startRawServer((_r, res) => json(res, envelope(null, '-24', 'data not exist')));
    try {
      const client = new PnsClient({ baseUrl: server.url, apiKey: 'bDqJFiq9', apiSecret: '7bz1lzh9-test-secret', timeoutMs: 2000 });
      const e = await client.queryBindPage({ current: 1, size: 10 }, { retries: 0 }).then(
        () => assert.fail('expected a PnsApiError'),
        (err: unknown) => err,
      );
      assert.ok(e instanceof PnsApiError);
      assert.deepEqual(e.describe('zh-cn'), {
        message: 'Laaffic API 错误 -24（数据不存在）：“data not exist”',
        hint: '该绑定已不存在：可能已过期或已被解绑。请刷新列表。',
        meaning: '数据不存在',
      });
    } finally {
      await server.close();
    }
  });
});
