// axe-core (the accessibility engine, a devDependency) run inside a webview of the workbench.
//
// A webview is two nested iframes: the workbench's `iframe.webview` and, inside it, the page
// itself in `#active-frame`, under the page's own CSP (`script-src 'nonce-…'`). A <script> tag
// added from outside (Playwright's addScriptTag) is refused by that CSP, as it should be; an
// evaluation through the DevTools protocol (frame.evaluate with a string) is not subject to the
// page's CSP, so axe is injected that way, for the check only: the page itself is not changed.
/* global window, document -- used inside frame.evaluate(), which runs in the page */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let source = null;
/** axe-core's browser bundle (read once). */
export function axeSource() {
  if (!source) {
    const require = createRequire(import.meta.url);
    source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return source;
}

/** The installed axe-core version. */
export function axeVersion() {
  const require = createRequire(import.meta.url);
  return require('axe-core/package.json').version;
}

/**
 * The page of the visible webview whose inner document matches `ready` (a CSS selector), as a
 * Playwright Frame: `iframe.webview.ready` > `#active-frame`. Waits up to `timeout` ms.
 */
export async function webviewFrame(page, { ready = 'body', timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const outer of await page.locator('iframe.webview.ready').elementHandles()) {
      if (!(await outer.isVisible().catch(() => false))) continue;
      const outerFrame = await outer.contentFrame();
      const innerEl = outerFrame && (await outerFrame.$('#active-frame').catch(() => null));
      const inner = innerEl && (await innerEl.contentFrame());
      if (inner && (await inner.$(ready).catch(() => null))) return inner;
    }
    if (Date.now() > deadline) throw new Error(`no visible webview with ${ready} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Runs axe on the whole document of `frame` with its default rule set (WCAG 2.0/2.1/2.2 A and
 * AA, and best practices), plus the experimental rules when `experimental`. Returns
 * { rulesRun, rulesApplied, violations, incomplete, ms } where each violation is
 * { id, impact, help, nodes: [{ target, summary }] }.
 */
export async function runAxe(frame, { experimental = true } = {}) {
  const t = Date.now();
  if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(axeSource());
  const r = await frame.evaluate(async (experimental) => {
    const axe = window.axe;
    const options = { resultTypes: ['violations', 'incomplete'] };
    if (experimental) options.rules = Object.fromEntries(axe.getRules(['experimental']).map((x) => [x.ruleId, { enabled: true }]));
    const res = await axe.run(document, options);
    const brief = (v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim() })),
    });
    return {
      rulesRun: res.passes.length + res.violations.length + res.incomplete.length + res.inapplicable.length,
      rulesApplied: res.passes.length + res.violations.length + res.incomplete.length,
      violations: res.violations.map(brief),
      incomplete: res.incomplete.map(brief),
    };
  }, experimental);
  return { ...r, ms: Date.now() - t };
}

/** One line for a result, then one per violating element. */
export function describeAxe(label, r) {
  const lines = [`${label}: ${r.violations.length} violation(s), ${r.rulesApplied} of ${r.rulesRun} rules applied (${r.incomplete.length} need review) in ${(r.ms / 1000).toFixed(1)} s`];
  for (const v of r.violations) {
    lines.push(`  ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 6)) lines.push(`    ${n.target}: ${n.summary}`);
  }
  for (const v of r.incomplete) lines.push(`  needs review: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).slice(0, 4).join(', ')})`);
  return lines;
}
