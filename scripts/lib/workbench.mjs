// Small helpers to drive VS Code's web workbench (code-server in Chromium, playwright-core) the
// way a person does: the Command Palette, quick picks, the colour theme. Used by ui-check.mjs
// and screenshot.mjs.

/** The helpers bound to one page. `fail(msg)` throws the caller's kind of error. */
export function workbench(page, { fail = (msg) => { throw new Error(msg); } } = {}) {
  const quickInput = page.locator('.quick-input-widget');
  const quickRows = quickInput.locator('.quick-input-list .monaco-list-row');
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  /** The quick pick row whose label is exactly `label` (a string) or matches it (a RegExp). */
  const quickItem = (label) =>
    quickRows.filter({ has: page.locator('.label-name', { hasText: typeof label === 'string' ? new RegExp(`^\\s*${escapeRe(label)}\\s*$`) : label }) }).first();

  /** F1, type the command's name, click the first entry whose label contains `name`. */
  const runCommand = async (name) => {
    const input = quickInput.locator('.quick-input-box input');
    const item = quickRows.filter({ has: page.locator('.label-name', { hasText: name }) }).first();
    // An editor that finishes opening meanwhile (the walkthrough after Get Started) can take the
    // keys typed into the palette. Then the name is put into the palette's box again if it is
    // still open, or the palette is opened again (no Escape: it would also close the walkthrough).
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && (await input.isVisible())) await input.fill(`>${name}`);
      else {
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible' });
        await page.keyboard.type(name, { delay: 5 });
      }
      const found = await item.waitFor({ state: 'visible', timeout: attempt < 3 ? 5_000 : 10_000 }).then(
        () => true,
        () => false,
      );
      if (found) break;
      if (attempt === 3) {
        const shown = await quickRows.allInnerTexts().catch(() => []);
        fail(`the Command Palette has no "${name}" (it lists: ${shown.map((s) => s.split('\n')[0]).join(' | ') || 'nothing'})`);
        return;
      }
    }
    await item.click();
  };

  /** F1 > Preferences: Color Theme > `theme`; waits until the workbench has `workbenchClass`. */
  const switchTheme = async (theme, workbenchClass) => {
    await runCommand('Preferences: Color Theme');
    await quickInput.locator('input[placeholder^="Select Color Theme"]').waitFor({ state: 'visible' });
    await page.keyboard.type(theme, { delay: 5 });
    const item = quickItem(theme);
    await item.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => fail(`no theme "${theme}" in the picker`));
    await item.click();
    await quickInput.waitFor({ state: 'hidden' });
    await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ state: 'attached' });
  };

  return { quickInput, quickRows, quickItem, runCommand, switchTheme };
}

/** The three themes every check and screenshot of the details panel covers: [name, workbench class, webview body class]. */
export const THEMES = [
  ['Dark Modern', 'vs-dark', 'vscode-dark'],
  ['Light Modern', 'vs', 'vscode-light'],
  ['Dark High Contrast', 'hc-black', 'vscode-high-contrast'],
];

/**
 * Drags the primary side bar's sash until `sidebar` (its locator) is `width` px wide. False when
 * the sash or the side bar is not on the page (nothing dragged).
 */
export async function dragSidebarTo(page, sidebar, width) {
  const box = await page.locator('.monaco-sash.vertical.primary-sidebar-sash').boundingBox();
  const sb = await sidebar.boundingBox();
  if (!box || !sb) return false;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(sb.x + width, y, { steps: 8 });
  await page.mouse.up();
  return true;
}
