// Keyboard checks of a webview page (a Playwright Frame of the page itself, see axe.mjs): what
// Tab reaches, in which order, and whether the focus can be seen.
/* global document, getComputedStyle, HTMLElement -- used inside frame.evaluate(), which runs in the page */

/**
 * What the focused element of the page is ({ key, name, tag, ring } or null when the focus is not
 * in the page). `ring` is the focus indicator: { style, width, ratio } with `ratio` the contrast
 * of the outline colour against the background behind the element (WCAG 2.2 asks 3:1).
 */
export function focused(frame) {
  return frame.evaluate(() => {
    const e = document.activeElement;
    if (!document.hasFocus() || !(e instanceof HTMLElement) || e === document.body) return null;
    const rgba = (c) => {
      const n = (c.match(/[\d.]+/g) ?? []).map(Number);
      return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n.length > 3 ? n[3] : 1];
    };
    const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
    const background = (x) => {
      const layers = [];
      for (; x; x = x.parentElement) {
        const c = rgba(getComputedStyle(x).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      return layers.reverse().reduce((acc, l) => over(l, acc), [255, 255, 255, 1]);
    };
    const lum = (c) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    };
    const cs = getComputedStyle(e);
    const behind = background(e.parentElement);
    const ring = over(rgba(cs.outlineColor), behind);
    const [a, b] = [lum(ring), lum(behind)];
    return {
      key: e.dataset.focus ?? `${e.tagName.toLowerCase()}#${e.id}`,
      name: (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' '),
      tag: e.tagName.toLowerCase(),
      ring: { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) },
    };
  });
}

/** Every control of the page a keyboard user should reach, in document order: [{ key, name }]. */
export function controls(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('button, summary, select, input, textarea, a[href], [tabindex]')]
      .filter((e) => e instanceof HTMLElement && !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0)
      .map((e) => ({ key: e.dataset.focus ?? `${e.tagName.toLowerCase()}#${e.id}`, name: (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' ') })),
  );
}

/** Puts the focus into the page before its first control: a click on `start` (not focusable itself). */
export async function focusStart(frame, start) {
  await frame.locator(start).click();
}

/**
 * Presses Tab from `start` until the focus leaves the page (or comes back to a control seen);
 * returns the controls reached, in order, each with its focus ring.
 */
export async function tabWalk(page, frame, start, max = 120) {
  await focusStart(frame, start);
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(frame);
    if (!f || seen.some((s) => s.key === f.key)) break;
    seen.push(f);
  }
  return seen;
}

/** Tabs from `start` to the control whose focus key is `key`; throws when Tab never reaches it. */
export async function tabTo(page, frame, start, key, max = 120) {
  await focusStart(frame, start);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(frame);
    if (!f) break;
    if (f.key === key) return f;
  }
  throw new Error(`Tab never reached the control "${key}"`);
}

/** A focus ring that can be seen: an outline of at least 1 px with 3:1 against what is behind it. */
export function ringVisible(ring) {
  return ring.style !== 'none' && ring.width >= 1 && ring.ratio >= 3;
}
