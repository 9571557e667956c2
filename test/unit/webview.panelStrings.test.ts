// The details panel's string table (src/shared/panelStrings.ts): the page takes only known ids
// with string values, every id has an English default, and the extension's table
// (src/webview/panelStrings.ts) has one l10n.t per id whose key is that English default.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PANEL_STRING_IDS, PANEL_STRINGS_EN, panelText, parsePanelLocale, parsePanelStrings, type PanelLanguage } from '../../src/shared/panelStrings';
import { formatCallDuration, progressText, scannedText, windowLabel } from '../../src/shared/calls';
import { spanText } from '../../src/shared/callsWindow';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('details panel: string table', () => {
  it('every id has a non-empty English default', () => {
    assert.ok(PANEL_STRING_IDS.length > 50);
    for (const id of PANEL_STRING_IDS) assert.ok(typeof PANEL_STRINGS_EN[id] === 'string' && PANEL_STRINGS_EN[id].trim() !== '', id);
  });

  it('the page keeps only known ids with string values; English for the rest', () => {
    const posted = { refresh: '刷新', copy: 42, calls: null, nope: 'x', __proto__: { apply: 'polluted' }, constructor: 'c', window: 'y'.repeat(1001) } as Record<string, unknown>;
    const s = parsePanelStrings(posted);
    assert.deepEqual(Object.keys(s).sort(), [...PANEL_STRING_IDS].sort());
    assert.equal(s.refresh, '刷新');
    assert.equal(s.copy, 'Copy');
    assert.equal(s.calls, 'Calls');
    assert.equal(s.apply, 'Apply');
    assert.equal(s.window, 'Window');
    assert.equal((s as Record<string, string>).nope, undefined);
    for (const bad of [null, undefined, 'text', 7, ['refresh']]) assert.deepEqual(parsePanelStrings(bad), { ...PANEL_STRINGS_EN });
  });

  it('the locale is en or zh-CN, nothing else', () => {
    assert.equal(parsePanelLocale('zh-CN'), 'zh-CN');
    assert.equal(parsePanelLocale('en'), 'en');
    for (const bad of ['de', '"><script>', 3, null]) assert.equal(parsePanelLocale(bad), 'en');
  });

  it('the extension builds the table with one literal l10n.t per id, its key the English default', () => {
    const src = fs.readFileSync(path.join(ROOT, 'src', 'webview', 'panelStrings.ts'), 'utf8');
    const found = new Map<string, string>();
    for (const m of src.matchAll(/^\s+(\w+): vscode\.l10n\.t\('((?:[^'\\]|\\.)*)'/gm)) found.set(m[1], m[2].replace(/\\'/g, "'"));
    assert.deepEqual([...found.keys()].sort(), [...PANEL_STRING_IDS].sort());
    for (const id of PANEL_STRING_IDS) assert.equal(found.get(id), PANEL_STRINGS_EN[id], id);
  });

  it('fills placeholders; the Calls texts follow the table and the locale', () => {
    assert.equal(panelText(PANEL_STRINGS_EN, 'loadAria', 'Load calls', 'binding 42'), 'Load calls: the calls of binding 42');
    // Chinese from the real translation file; the expected texts written by hand.
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const zh: PanelLanguage = { strings: Object.fromEntries(PANEL_STRING_IDS.map((id) => [id, bundle[PANEL_STRINGS_EN[id]]])) as PanelLanguage['strings'], locale: 'zh-CN' };
    assert.equal(progressText(3, 1200, zh), '已读 3 页，共 1,200 页');
    assert.equal(progressText(0, 0, zh), '正在读取通话记录…');
    assert.equal(scannedText({ scanned: 5, windows: 1, reachesPastRetention: false }, zh), '已扫描 5 条通话记录，共 1 个时间段（每段最多 31 天）。');
    assert.equal(formatCallDuration(185, zh), '3 分 05 秒');
    assert.equal(windowLabel('7d', zh), '最近 7 天');
    // The calls panel's page texts.
    assert.equal(panelText(zh.strings, 'callsOf', '应用 Rides'), '应用 Rides 的通话');
    assert.equal(panelText(zh.strings, 'matchedHere', panelText(zh.strings, 'everyCallApp')), '该应用的所有通话，无论它属于哪个绑定。Laaffic 只按时间筛选通话记录：每个时间段都会完整读取，并在这里匹配。');
    assert.equal(panelText(PANEL_STRINGS_EN, 'matchedHere', PANEL_STRINGS_EN.everyCallNumber), 'Every call through this middle number, whichever binding it belonged to. Laaffic filters call records only by time: each window is read in full and matched here.');
    assert.equal(spanText(9 * 86_400_000 + 19 * 3_600_000, zh), '9 天 19 小时');
    // English unchanged.
    assert.equal(progressText(3, 12), '3 pages of 12');
    assert.equal(spanText(86_400_000 + 30 * 60_000), '1 day 30 min');
    assert.equal(formatCallDuration(3720), '1 h 02 min');
  });
});
