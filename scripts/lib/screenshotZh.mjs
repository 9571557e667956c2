// The last picture of `npm run screenshot`: the extension in Simplified Chinese. A second demo
// (sandbox + code-server) starts with --locale zh-cn and the stub language pack
// (scripts/lib/languagePack.mjs, as the zh-cn integration run does): VS Code's own menus stay
// English, the extension's texts are Chinese. The same browser page opens it, "试用本地沙盒"
// (Try the Local Sandbox) fills the tree, a binding opens its details panel, and
// media/screenshots/zh-cn.png shows the tree and the panel. Every Chinese text waited for is
// written here by hand. Skipped (with the reason) when the machine has no font with Chinese
// glyphs: Chromium would draw boxes.
import { execFileSync } from 'node:child_process';
import { startDemo } from '../demo.mjs';
import { dragSidebarTo } from './workbench.mjs';

/** True when fontconfig knows a font with Chinese glyphs (without one Chromium draws boxes). */
function hasChineseFont() {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 }).trim() !== '';
  } catch {
    return false;
  }
}

/**
 * `page`: the screenshot run's page; `step(what, fn)`: its step runner; `shoot(page, out, name,
 * boxes)`; `sidebarWidth`: the side bar's width in the pictures; `settings`: the demo's settings.
 */
export async function shootChinese({ page, step, shoot, out, say, settings, sidebarWidth, viewport }) {
  if (!hasChineseFont()) {
    // A picture of empty boxes would only mislead: say why there is none, and how to get it.
    say('zh-cn.png skipped: no font with Chinese glyphs on this machine (`fc-list :lang=zh` lists none), so Chromium would draw boxes. Install one (e.g. `apt-get install fonts-noto-cjk` or `fonts-wqy-microhei`) and run again.');
    return false;
  }
  let demo = null;
  try {
    await step('start VS Code again in Simplified Chinese (--locale zh-cn, stub language pack)', async () => {
      demo = await startDemo({ build: false, browser: true, locale: 'zh-cn', settings, log: (l) => say(`  zh-cn: ${l}`) });
    });
    const sidebar = page.locator('.part.sidebar');
    const activityItem = page.locator('.part.activitybar a.action-label[aria-label^="Laaffic PNS"]');
    const rows = sidebar.locator('.monaco-list-row[role="treeitem"]');
    // A binding row's accessible name in Chinese: "绑定 409561917：…".
    const bindingRows = sidebar.locator('.monaco-list-row[role="treeitem"][aria-label^="绑定 "]');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');

    await step('zh-cn: open the workbench and the Laaffic PNS view, click "试用本地沙盒"', async () => {
      await page.goto(demo.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await activityItem.waitFor({ state: 'visible', timeout: 90_000 });
      await activityItem.click();
      const tryIt = sidebar.getByRole('button', { name: '试用本地沙盒' });
      await tryIt.waitFor({ state: 'visible' });
      await dragSidebarTo(page, sidebar, sidebarWidth); // without a sash the picture keeps the default width
      await tryIt.click();
    });

    await step('zh-cn: expand the first app, open a binding\'s details panel', async () => {
      await rows.first().waitFor({ state: 'visible' });
      await rows.first().click();
      await bindingRows.nth(3).waitFor({ state: 'visible' });
      const aria = (await bindingRows.nth(3).getAttribute('aria-label')) ?? '';
      const m = /^绑定 ([^：]+)：/.exec(aria);
      if (!m) throw new Error(`unexpected Chinese tree row label ${JSON.stringify(aria)}`);
      await bindingRows.nth(3).locator('.label-name').click();
      await webview.getByRole('heading', { name: `绑定 ${m[1]}`, exact: true }).waitFor({ state: 'visible' });
      await webview.getByRole('button', { name: `从服务器刷新绑定 ${m[1]}`, exact: true }).waitFor({ state: 'visible' });
      await webview.getByRole('heading', { name: '号码', exact: true }).waitFor({ state: 'visible' });
      await page.mouse.move(viewport.width - 200, viewport.height / 2);
      await page.waitForTimeout(500);
      say(`  zh-cn: the details panel of binding ${m[1]} in Chinese`);
    });

    await step('zh-cn: screenshot the tree and the details panel in Chinese', async () => {
      await shoot(page, out, 'zh-cn.png', [{ x: 0, y: 0, width: viewport.width, height: viewport.height }]);
    });
  } finally {
    await demo?.stop().catch(() => {});
  }
  return true;
}
