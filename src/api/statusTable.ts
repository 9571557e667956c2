/**
 * The vendor's documented statuses: what each means and what a user should do about it, in
 * English (STATUS_TABLE, also the text of PnsApiError's message and hint) and in Simplified
 * Chinese (STATUS_TABLE_ZH). No vscode import: the extension picks the language
 * (vscode.env.language) and asks PnsApiError.describe(language) for the text.
 * The translation check (scripts/lib/l10n.mjs, run by test/unit/l10n.project.test.ts) fails
 * when the two tables differ in their codes, a text is empty, or a `name (option)` of the
 * English text is missing from the Chinese one.
 */

/** The languages the core can speak: English and Simplified Chinese. */
export type CoreLanguage = 'en' | 'zh-cn';

/**
 * The core language for a BCP 47 tag as VS Code gives it (vscode.env.language): 'zh-cn' for
 * Simplified Chinese (zh-cn, zh-hans, zh-sg, zh-my, bare zh), 'en' for everything else
 * (Traditional Chinese, zh-tw / zh-hk / zh-hant, included: it gets English, not Simplified).
 */
export function coreLanguage(tag: string | undefined): CoreLanguage {
  const t = (tag ?? '').toLowerCase().replace(/_/g, '-');
  if (t === 'zh' || /^zh-(cn|sg|my|hans)(-|$)/.test(t)) return 'zh-cn';
  return 'en';
}

export interface StatusInfo {
  meaning: string;
  hint: string;
  retryable?: boolean;
}

export const STATUS_TABLE: Readonly<Record<string, StatusInfo>> = {
  '-1': {
    meaning: 'account authentication failed',
    hint: 'The API key or API secret is wrong. Enter both again (in VS Code: "Laaffic PNS: Set Credentials").',
  },
  '-2': {
    meaning: 'IP restricted',
    hint: "This machine's IP address may not call the Laaffic API. Allow it in the Laaffic console.",
  },
  '-13': { meaning: 'user locked', hint: 'The Laaffic account is locked. Contact Laaffic support.' },
  '-15': {
    meaning: 'queried too frequently',
    hint: 'Laaffic is rate-limiting this key. Wait a few seconds, then try again.',
    retryable: true,
  },
  '-16': {
    meaning: 'timestamp expired',
    hint: "Laaffic rejected the request time: this computer's clock is probably off. Synchronise the system clock, then try again.",
  },
  '-18': {
    meaning: 'system anomaly',
    hint: 'Laaffic reported an error on its side. Retrying in a moment may help.',
    retryable: true,
  },
  '-20': { meaning: 'data already exists', hint: 'The item already exists on the Laaffic side.' },
  '-22': {
    meaning: 'parameter exception',
    hint: 'Laaffic rejected a request field (page number, page size or app id). Check the app id and the page size (size).',
  },
  '-24': {
    meaning: 'data does not exist',
    hint: 'The binding does not exist any more: it may have expired or been unbound. Refresh the list.',
  },
  '-25': { meaning: 'outside the allowed time range', hint: 'The requested time range is not allowed by Laaffic.' },
  '-29': { meaning: 'workspace disabled', hint: 'The Laaffic workspace is disabled. Check the account in the Laaffic console.' },
  '-30': {
    meaning: 'API key disabled',
    hint: 'This API key is disabled. Enable it (or create a new one) in the Laaffic console, then set credentials again.',
  },
  '-31': {
    meaning: 'IP not in whitelist',
    hint: "This machine's IP address is not in the API key's whitelist. Add it in the Laaffic console.",
  },
  '-32': {
    meaning: 'API key may not access this application',
    hint: 'This API key does not belong to that app. Check the app id, or set the credentials of the key that owns the app.',
  },
  '-35': {
    meaning: 'A or B already has an AXB binding',
    hint: 'Unbind the existing AXB binding of phone A or B first. Find it by the phone number, then try the bind again.',
  },
  '-41': { meaning: 'no free middle number', hint: 'The number pool has no free middle number. Add numbers to the pool or wait for bindings to expire.' },
};

/**
 * The same table in Simplified Chinese (retryable is STATUS_TABLE's). Terms as in docs/l10n.md:
 * 绑定 binding, 中间号 middle number, 应用 app, 凭据 credentials, API Key / API Secret kept as is.
 * A client option named in an English hint keeps its name in parentheses: forUser()
 * (src/config/settingNames.ts) turns it into the setting's name in both languages.
 */
export const STATUS_TABLE_ZH: Readonly<Record<string, { meaning: string; hint: string }>> = {
  '-1': {
    meaning: '账号认证失败',
    hint: 'API Key 或 API Secret 不正确。请重新输入两者（在 VS Code 中运行“Laaffic PNS: 设置凭据”）。',
  },
  '-2': { meaning: 'IP 受限', hint: '此计算机的 IP 地址不允许调用 Laaffic API。请在 Laaffic 控制台中放行该地址。' },
  '-13': { meaning: '用户已锁定', hint: 'Laaffic 账号已被锁定。请联系 Laaffic 客服。' },
  '-15': { meaning: '查询过于频繁', hint: 'Laaffic 正在对此 Key 限流。请等待几秒后重试。' },
  '-16': { meaning: '时间戳已过期', hint: 'Laaffic 拒绝了请求时间：此计算机的时钟可能不准。请同步系统时钟后重试。' },
  '-18': { meaning: '系统异常', hint: 'Laaffic 端出现了错误。稍后重试也许就能成功。' },
  '-20': { meaning: '数据已存在', hint: '该项在 Laaffic 端已经存在。' },
  '-22': {
    meaning: '参数异常',
    hint: 'Laaffic 拒绝了某个请求字段（页码、每页条数或应用 ID）。请检查应用 ID 和每页条数 (size)。',
  },
  '-24': { meaning: '数据不存在', hint: '该绑定已不存在：可能已过期或已被解绑。请刷新列表。' },
  '-25': { meaning: '超出允许的时间范围', hint: 'Laaffic 不允许所请求的时间范围。' },
  '-29': { meaning: '工作区已停用', hint: 'Laaffic 工作区已停用。请在 Laaffic 控制台中检查该账号。' },
  '-30': { meaning: 'API Key 已停用', hint: '此 API Key 已停用。请在 Laaffic 控制台中启用它（或新建一个），然后重新设置凭据。' },
  '-31': { meaning: 'IP 不在白名单中', hint: '此计算机的 IP 地址不在该 API Key 的白名单中。请在 Laaffic 控制台中添加。' },
  '-32': { meaning: 'API Key 无权访问此应用', hint: '此 API Key 不属于该应用。请检查应用 ID，或设置拥有该应用的 Key 的凭据。' },
  '-35': { meaning: 'A 或 B 已有 AXB 绑定', hint: '请先解绑号码 A 或 B 现有的 AXB 绑定：按号码找到它，然后再绑定一次。' },
  '-41': { meaning: '没有空闲的中间号', hint: '号码池中没有空闲的中间号。请向号码池添加号码，或等待绑定过期。' },
};

/** The meaning and hint of a documented status in a language; undefined for unknown statuses. */
export function statusText(status: string, language: CoreLanguage = 'en'): { meaning: string; hint: string } | undefined {
  if (!Object.prototype.hasOwnProperty.call(STATUS_TABLE, status)) return undefined;
  const t = language === 'zh-cn' ? STATUS_TABLE_ZH[status] : undefined;
  return t ?? { meaning: STATUS_TABLE[status].meaning, hint: STATUS_TABLE[status].hint };
}
