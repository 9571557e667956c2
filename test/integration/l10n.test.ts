import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
// The extension's languages in a real VS Code. `node scripts/vscode-host.mjs test` runs the
// suite twice: in English (the usual run), and once more in Simplified Chinese with only the
// "zh-cn:" suite below. The Chinese run starts code-server with --locale zh-cn and a stub
// language pack (scripts/lib/languagePack.mjs): --locale alone leaves VS Code in English. VS
// Code's own UI stays English there; the extension's texts come from package.nls.zh-cn.json
// and l10n/bundle.l10n.zh-cn.json. Every expected Chinese text is written out by hand.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AccountNode, AppNode, BindingNode, LoadMoreNode, MessageNode, Node } from '../../src/tree/nodes';
import type { ToWebview } from '../../src/shared/messages';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, EXTENSION_ID, resetSettings, setCredentials, waitFor } from './helpers';

interface Contributes {
  commands: { command: string; title: unknown }[];
  views: Record<string, { id: string; name: unknown }[]>;
}
/** A manifest text as the extension API shows it: a string, or { value, original } when translated. */
const text = (v: unknown): string => (typeof v === 'string' ? v : (v as { value: string }).value);
const contributes = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes as Contributes;
const title = (id: string) => text(contributes().commands.find((c) => c.command === id)?.title);

if (vscode.env.language !== 'zh-cn') {
  suite('Languages: English', () => {
    test('package.json texts come from package.nls.json', () => {
      assert.equal(vscode.env.language, 'en');
      assert.equal(title('laafficPns.setCredentials'), 'Set Credentials…');
      assert.equal(title('laafficPns.findBinding'), 'Find Binding by Number…');
      assert.equal(text(contributes().views.laafficPns[0].name), 'Bindings');
    });
  });
} else {
  suite('zh-cn: the extension in Simplified Chinese', () => {
    let sb: Sandbox;
    let ext: TestApi;
    const roots = async () => (await ext.tree.getChildren()).filter((n): n is AppNode => n.kind === 'app');
    const appNode = (id: string) => waitFor(`app node ${id}`, async () => (await roots()).find((a) => a.appId === id));
    const kids = (n: Node) => ext.tree.getChildren(n);
    const messages = (ns: Node[]) => ns.filter((n): n is MessageNode => n.kind === 'message');

    suiteSetup(async () => {
      sb = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [3, 0] });
      ext = await activate();
      await configure(ext, { baseUrl: sb.url, pageSize: 2, apps: [{ appId: sb.appIds[0], label: 'Rides' }, { appId: sb.appIds[1] }] });
      await setCredentials(sb.apiKey, sb.apiSecret);
      await vscode.commands.executeCommand('laafficPns.bindings.focus');
    });

    suiteTeardown(async () => {
      await clearCredentials();
      await resetSettings(['baseUrl', 'pageSize', 'apps', 'maskNumbers']);
      await sb.close();
    });

    test('VS Code runs in zh-cn and the command titles and view name are Chinese', () => {
      assert.equal(vscode.env.language, 'zh-cn');
      assert.equal(title('laafficPns.setCredentials'), '设置凭据…');
      assert.equal(title('laafficPns.findBinding'), '按号码查找绑定…');
      assert.equal(title('laafficPns.showCallRecords'), '显示通话记录…');
      assert.equal(text(contributes().views.laafficPns[0].name), '绑定');
    });

    test('the tree speaks Chinese: counts, Load more and an empty app', async () => {
      const rides = await appNode(sb.appIds[0]);
      const first = await waitFor('page 1', async () => {
        const k = await kids(rides);
        return k.some((n) => n.kind === 'loadMore') ? k : undefined;
      });
      const more = first.find((n): n is LoadMoreNode => n.kind === 'loadMore')!;
      assert.equal(ext.tree.getTreeItem(more).label, '加载更多（已加载 2 / 共 3）');
      assert.equal(ext.tree.getTreeItem(rides).description, '2 / 3');
      const [empty] = messages(await kids(await appNode(sb.appIds[1])));
      assert.equal(empty.label, '此应用中没有绑定');
    });

    test('Mask Numbers in Chinese: its titles, a masked binding\'s spoken label, Copy\'s confirmation, the panel\'s line and country names', async () => {
      assert.equal(title('laafficPns.maskNumbers'), '隐藏号码');
      assert.equal(title('laafficPns.unmaskNumbers'), '显示号码');
      const rides = await appNode(sb.appIds[0]);
      const b = await waitFor('a binding', async () => (await kids(rides)).find((n): n is BindingNode => n.kind === 'binding'));
      const r = b.record;
      await vscode.commands.executeCommand('laafficPns.maskNumbers');
      await waitFor('masking on', () => ext.settings().maskNumbers);
      try {
        // "绑定 409561917：91 74，隐藏了 4 位数字，3233 至 …，经由 …，有效，2 天 3 小时后过期" (the state said once)
        const masked = '\\d+( \\d+)?，隐藏了 \\d+ 位数字(，\\d+)?';
        const label = ext.tree.getTreeItem(b).accessibilityInformation?.label ?? '';
        assert.match(label, new RegExp(`^绑定 ${r.bindId}：${masked} 至 ${masked}，经由 (中间号 )?[\\d ]+( 和 [\\d ]+)?，(有效，[^，]+后过期|即将过期，还剩 [^，]+|[^，]+前已过期|过期时间未知)$`), label);
        assert.equal(label.replace(/\s/g, '').includes(r.phoneA), false, label);
        await vscode.commands.executeCommand('laafficPns.copyPhoneA', b);
        assert.deepEqual(ext.copies.at(-1), { copied: r.phoneA, said: '号码 A：已复制完整号码' });
        await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
        const shown = await waitFor('the masked binding sent to the page', () =>
          [...ext.details.posted].reverse().find((m): m is Extract<ToWebview, { type: 'show' }> => m.type === 'show' && m.binding.bindId === r.bindId && m.binding.masked),
        );
        assert.equal(shown.binding.maskedNote, '号码 A 和号码 B 已隐藏。“复制”仍会复制完整号码。在 Laaffic PNS 视图中点击“显示号码”即可看到完整号码。');
        // The middle number with its country in Chinese ("+91 80000 12345 · 印度").
        assert.match(shown.binding.shown.pnsNumberA, /^\+\d[\d ]+ · \p{Script=Han}+$/u, shown.binding.shown.pnsNumberA);
        await waitFor('the page to render it', () => ext.details.lastRendered?.bindId === r.bindId);
      } finally {
        ext.details.panel?.dispose();
        await vscode.commands.executeCommand('laafficPns.unmaskNumbers');
        await waitFor('masking off', () => !ext.settings().maskNumbers);
      }
    });

    test('a binding\'s tree item in Chinese: description and tooltip', async () => {
      const rides = await appNode(sb.appIds[0]);
      const b = await waitFor('a binding', async () => (await kids(rides)).find((n): n is BindingNode => n.kind === 'binding'));
      const item = ext.tree.getTreeItem(b);
      // "1 天 11 小时后" (or "… 前已过期" / "过期时间未知"): only the expiry, the middle number is in the tooltip.
      assert.match(String(item.description), /^(.+后|.+前已过期|过期时间未知)$/, String(item.description));
      const md = (item.tooltip as vscode.MarkdownString).value;
      assert.match(md, new RegExp(`^\\*\\*绑定 ${b.record.bindId}\\*\\* · (AXB|AXXB) · (有效|即将过期|已过期|过期时间未知)\n`), md);
      for (const row of ['号码 A: ', '号码 B: ', '中间号 A（B 会看到）: ', '中间号 B（A 会看到）: ', '过期时间: ', '原样返回的 expireTime: ', '应用: ']) assert.ok(md.includes(row), `${row} in ${md}`);
      assert.equal(/Phone A|Middle number|Expires|seen by/.test(md), false, md);
    });

    test('the details panel\'s own texts in Chinese: the table sent on ready, and the page draws with it', async () => {
      const rides = await appNode(sb.appIds[0]);
      const b = await waitFor('a binding', async () => (await kids(rides)).find((n): n is BindingNode => n.kind === 'binding'));
      ext.details.posted.length = 0;
      ext.details.lastCallsRendered = undefined;
      await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
      try {
        const strings = await waitFor('the strings sent to the page', () => ext.details.posted.find((m): m is Extract<ToWebview, { type: 'strings' }> => m.type === 'strings'));
        assert.equal(strings.locale, 'zh-CN');
        const s = strings.strings;
        assert.equal(s.refresh, '刷新');
        assert.equal(s.unbind, '解绑…');
        assert.equal(s.copy, '复制');
        assert.equal(s.numbers, '号码');
        assert.equal(s.calls, '通话');
        assert.equal(s.phoneA, '号码 A');
        assert.equal(s.pnsNumberA, '中间号 A');
        assert.equal(s.refreshAria, '从服务器刷新绑定 {0}');
        assert.equal(s.loadCalls, '加载通话');
        assert.equal(s.win7d, '最近 7 天');
        // Sent before the binding, so that the page draws the binding in Chinese.
        const order = ext.details.posted.map((m) => m.type);
        assert.ok(order.indexOf('strings') < order.lastIndexOf('show'), order.join(', '));
        // The page's Calls section reports its status line: written from the Chinese table.
        const calls = await waitFor('the Calls section rendered', () => (ext.details.lastCallsRendered?.scope === b.record.bindId ? ext.details.lastCallsRendered : undefined));
        assert.equal(calls.text, '选择一个时间范围，加载此绑定的号码 A 和号码 B 的通话。');
      } finally {
        ext.details.panel?.dispose();
      }
    });

    test('the calls panel of an app in Chinese: its title and the table sent to its page on ready', async () => {
      const key = `app:${sb.appIds[0]}`;
      ext.calls.posted.length = 0;
      ext.ui.reset();
      ext.ui.answer('最近 7 天');
      await vscode.commands.executeCommand('laafficPns.showCallRecords', await appNode(sb.appIds[0]));
      try {
        assert.equal(ext.ui.prompts[0]?.text, `显示 应用 Rides（${sb.appIds[0]}） 的通话记录`);
        const panel = await waitFor('the calls panel', () => ext.calls.panel(key));
        assert.equal(panel.title, '通话 · 应用 Rides');
        const strings = await waitFor('the strings sent to the calls page', () => ext.calls.posted.find((p) => p.key === key && p.message.type === 'strings')?.message);
        assert.ok(strings.type === 'strings');
        assert.equal(strings.locale, 'zh-CN');
        assert.equal(strings.strings.callsOf, '{0} 的通话');
        assert.equal(strings.strings.everyCallApp, '该应用的所有通话');
        const scope = ext.calls.posted.find((p) => p.key === key && p.message.type === 'scope')?.message;
        assert.ok(scope?.type === 'scope');
        assert.equal(scope.scope.noun, `应用 Rides（${sb.appIds[0]}）`);
        const order = ext.calls.posted.filter((p) => p.key === key).map((p) => p.message.type);
        assert.ok(order.indexOf('strings') < order.indexOf('scope'), order.join(', '));
      } finally {
        for (const k of ext.calls.keys()) ext.calls.panel(k)?.dispose();
      }
    });

    test('Find in Chinese: the question, the results list\'s title and placeholder', async () => {
      const rides = await appNode(sb.appIds[0]);
      const b = await waitFor('a binding', async () => (await kids(rides)).find((n): n is BindingNode => n.kind === 'binding'));
      let qp: vscode.QuickPick<vscode.QuickPickItem> | undefined;
      const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q));
      ext.ui.reset();
      ext.ui.answer(b.record.bindId);
      const done = vscode.commands.executeCommand('laafficPns.findBinding', rides);
      try {
        const pick = await waitFor('the quick pick', () => qp);
        assert.equal(ext.ui.prompts[0]?.text, 'Laaffic PNS: 按号码查找绑定');
        await waitFor('the search to finish', () => !pick.busy);
        assert.match(pick.title ?? '', new RegExp(`^在 Rides 中查找 ${b.record.bindId}：在 3 个绑定中找到 1 个（\\d+ 页，[\\d.]+ 秒）$`), pick.title);
        assert.equal(pick.placeholder, '选择一个结果以打开其详情');
        assert.match(pick.items[0]?.detail ?? '', new RegExp(`^绑定 ID ${b.record.bindId} · 匹配绑定 ID$`), pick.items[0]?.detail);
        pick.hide();
        await done;
      } finally {
        sub.dispose();
      }
    });

    test('a rejected key: the vendor status and its hint in Chinese, and "Set credentials…"', async () => {
      await setCredentials(sb.apiKey, 'not-the-secret');
      try {
        const [error, fix] = await waitFor('the authentication error', async () => {
          const m = messages(await kids(await appNode(sb.appIds[0])));
          return m.length >= 2 ? m : undefined;
        });
        assert.equal(error.label, '认证失败（状态 -1：账号认证失败）');
        assert.equal(error.detail, 'API Key 或 API Secret 不正确。请重新输入两者（在 VS Code 中运行“Laaffic PNS: 设置凭据”）。');
        assert.equal(fix.label, '设置凭据…');
        assert.equal(fix.command?.command, 'laafficPns.setCredentials');
      } finally {
        await setCredentials(sb.apiKey, sb.apiSecret);
      }
    });

    test('a host that cannot be reached: the tree says so in Chinese, with what to do', async () => {
      // A loopback port nothing listens on (connection refused at once), in a window-only account.
      const closed = await new Promise<number>((resolve, reject) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const port = (s.address() as net.AddressInfo).port;
          s.close((err) => (err ? reject(err) : resolve(port)));
        });
      });
      const dead = ext.accounts.addEphemeral({ name: 'Unreachable', baseUrl: `http://127.0.0.1:${closed}/v3`, apiKey: sb.apiKey, apiSecret: sb.apiSecret, apps: [{ appId: sb.appIds[0] }] });
      try {
        const accountNode = await waitFor('the account node', async () => (await ext.tree.getChildren()).find((n): n is AccountNode => n.kind === 'account' && n.account === dead));
        const app = await waitFor('its app', async () => (await ext.tree.getChildren(accountNode)).find((n) => n.kind === 'app'));
        const [error] = await waitFor('the error node', async () => {
          const m = messages(await ext.tree.getChildren(app));
          return m.length ? m : undefined;
        });
        assert.equal(error.label, `无法连接 127.0.0.1:${closed}`);
        assert.equal(error.detail, `无法连接 127.0.0.1:${closed}（ECONNREFUSED）。 请检查 laafficPns.baseUrl 以及网络连接、代理或防火墙，然后重试。`);
      } finally {
        await ext.accounts.remove(dead);
      }
    });

    test('a second account: the account command titles and the account node speak Chinese', async () => {
      assert.equal(title('laafficPns.addAccount'), '添加账号…');
      assert.equal(title('laafficPns.removeAccount'), '移除账号');
      const second = ext.accounts.addEphemeral({ name: 'Second', baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, apps: [{ appId: sb.appIds[0] }] });
      try {
        const node = await waitFor('the account node', async () => (await ext.tree.getChildren()).find((n): n is AccountNode => n.kind === 'account' && n.account === second));
        const item = ext.tree.getTreeItem(node);
        assert.equal(item.accessibilityInformation?.label, `账号 Second，${new URL(sb.url).host}，1 个应用`);
        assert.match(String(item.tooltip), /^账号 Second\n基础 URL：http:\/\/127\.0\.0\.1:\d+\/v3\n1 个应用 · 凭据/);
        assert.match(String(item.tooltip), /\n仅限此窗口：从不保存$/);
      } finally {
        await ext.accounts.remove(second);
      }
    });

    test('an export whose page keeps failing (read in a worker thread): the vendor error and its hint in Chinese, no file', async function () {
      this.timeout(60_000);
      const w = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = w.showErrorMessage;
      const shown: string[] = [];
      w.showErrorMessage = (msg: unknown) => (shown.push(String(msg)), Promise.resolve(undefined));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-zh-export-'));
      sb.setFaults({ rate: 1, kinds: ['status-18'], paths: ['/number/pns/queryBindPage'] });
      try {
        ext.ui.answer('全部绑定', vscode.Uri.file(path.join(dir, 'rides.csv')));
        assert.equal(await vscode.commands.executeCommand('laafficPns.exportBindings', await appNode(sb.appIds[0])), undefined);
        await waitFor('the error message', () => shown.length > 0);
        assert.deepEqual(shown, ['Laaffic API 错误 -18（系统异常）：“System anomalies” Laaffic 端出现了错误。稍后重试也许就能成功。']);
        assert.deepEqual(fs.readdirSync(dir), []);
      } finally {
        sb.setFaults(undefined);
        w.showErrorMessage = original;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
