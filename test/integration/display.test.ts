// Readable numbers, Mask Numbers / Show Numbers, the copy format and the tree's accessibility
// labels in a real VS Code, against the sandbox. "Leaks" are looked for in every form a number
// can take on screen: plain digits, E.164, international format, grouped for a screen reader.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import { activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';
import type { AppNode, BindingNode, LoadMoreNode, MessageNode, Node } from '../../src/tree/nodes';
import type { NumberNode } from '../../src/tree/numberNodes';
import type { ToWebview } from '../../src/shared/messages';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** The phones (digits) found in `text` in any form: spaces, NBSP, dashes and '+' are ignored. */
function leaks(text: string, phones: readonly string[]): string[] {
  const squeezed = text.replace(/[\s\u00a0+-]/g, '');
  return phones.filter((p) => p !== '' && squeezed.includes(p));
}

/** Everything a tree item shows: label, description, tooltip (as its markdown), accessibility label. */
function itemText(item: vscode.TreeItem): string {
  const tip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1') : String(item.tooltip ?? '');
  return [String(typeof item.label === 'string' ? item.label : item.label?.label), String(item.description ?? ''), tip, item.accessibilityInformation?.label ?? ''].join('\n');
}

/**
 * A number as a screen reader should get it: the groups of its international format, without
 * the '+' (worked out here with the phone number library itself, not taken from the extension).
 */
const spokenAs = (d: string) => parsePhoneNumberFromString(`+${d}`)!.formatInternational().slice(1);

suite('Readable numbers, masking and accessibility labels', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appId: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-display-'));
  const appNode = async () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appId));
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const shownBindings = async () => bindings(await ext.tree.getChildren(await appNode()));
  // The probe keeps the last 50 messages: "since" is the set of those there before, not an index.
  const since = (earlier: ReadonlySet<ToWebview>) => ext.details.posted.filter((m) => !earlier.has(m));
  const showMessages = (earlier: ReadonlySet<ToWebview>) => since(earlier).filter((m): m is Extract<ToWebview, { type: 'show' }> => m.type === 'show');
  const setMasked = async (masked: boolean) => {
    await vscode.commands.executeCommand(masked ? 'laafficPns.maskNumbers' : 'laafficPns.unmaskNumbers');
    await waitFor(`maskNumbers ${masked}`, () => ext.settings().maskNumbers === masked);
  };

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 9, bindingsPerApp: [120] });
    appId = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    await waitFor('50 bindings', async () => (await shownBindings()).length === 50);
  });

  suiteTeardown(async () => {
    ext.details.panel?.dispose();
    await resetSettings(['maskNumbers', 'copyFormat']);
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the phone number library is loaded on first use, not at activation', async () => {
    assert.equal(ext.phoneLib().loadedAtActivation, false, 'activate() loaded the phone number library');
    const [b] = await shownBindings();
    assert.match(String(ext.tree.getTreeItem(b).label), /^\+\d/);
    const lib = ext.phoneLib();
    assert.equal(lib.loaded, true, 'the tree drew numbers without the library');
    console.log(`phone number library loaded on first use in ${lib.ms} ms`);
  });

  test('every kind of tree item has an accessibility label that reads naturally', async () => {
    assert.equal(ext.settings().maskNumbers, false, 'masking is off by default');
    const app = await appNode();
    const kids = await ext.tree.getChildren(app);
    assert.equal(ext.tree.getTreeItem(app).accessibilityInformation?.label, `app Rides, app id ${appId}, 50 of 120 loaded`);

    for (const b of bindings(kids).slice(0, 10)) {
      const r = b.record;
      const label = ext.tree.getTreeItem(b).accessibilityInformation?.label ?? '';
      const via = r.mode === 'AXB' ? spokenAs(r.pnsNumberA) : `middle numbers ${spokenAs(r.pnsNumberA)} and ${spokenAs(r.pnsNumberB)}`;
      const head = `binding ${r.bindId}: ${spokenAs(r.phoneA)} to ${spokenAs(r.phoneB)} via ${via}, `;
      assert.ok(label.startsWith(head), `${label}\n  does not start with\n${head}`);
      // The state said once: "active, expires in …", "expiring soon, in …", "expired … ago".
      const d = '\\d+ (days?|hours?|minutes?|seconds?)( \\d+ (hours?|minutes?|seconds?))?';
      assert.match(label.slice(head.length), new RegExp(`^(active, expires in ${d}|expiring soon, in ${d}|expired ${d} ago)$`));
      assert.equal(label.slice(head.length).match(/\b(active|expiring soon|expired|expiry unknown)\b/g)?.length, 1, `the state said more than once: ${label}`);
    }

    const more = kids.find((k): k is LoadMoreNode => k.kind === 'loadMore')!;
    assert.equal(ext.tree.getTreeItem(more).accessibilityInformation?.label, 'Load more bindings: 50 of 120 loaded');
    const all = ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.kind === 'app' && a.appId === undefined)!;
    assert.equal(ext.tree.getTreeItem(all).accessibilityInformation?.label, 'All apps: every app of this API key');

    const numbers = await ext.tree.getChildren(ext.tree.numbers);
    const n = numbers.find((k): k is NumberNode => k.kind === 'number')!;
    assert.match(ext.tree.getTreeItem(n).accessibilityInformation?.label ?? '', new RegExp(`^middle number ${spokenAs(n.number.number)}, (.+, )?in use, due in \\d+ \\w+`));
    assert.match(ext.tree.getTreeItem(ext.tree.numbers).accessibilityInformation?.label ?? '', /^Numbers: the middle numbers of this API key, \d+ of \d+ loaded$/);
    // The label of the middle number is in international format too.
    assert.equal(String(ext.tree.getTreeItem(n).label).replace(/[ +]/g, ''), n.number.number);

    // An error node says it is one, with its detail.
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    try {
      ext.tree.refreshApp(app);
      const err = await waitFor('an error node', async () => (await ext.tree.getChildren(app)).find((k): k is MessageNode => k.kind === 'message' && k.severity === 'error'));
      assert.equal(ext.tree.getTreeItem(err).accessibilityInformation?.label, `Error: ${err.label}. ${err.detail}`);
    } finally {
      sb.setFaults(undefined);
      ext.tree.refreshApp(app);
      await waitFor('50 bindings again', async () => (await shownBindings()).length === 50);
    }
  });

  test('Mask Numbers: no phone A or B in the tree, Copy Number… or the details page (HTML and messages); nothing is fetched again', async () => {
    const nodes = await shownBindings();
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', nodes[0]);
    await waitFor('the panel', () => ext.details.lastRendered?.bindId === nodes[0].record.bindId);
    const mark = new Set(ext.details.posted);
    // What opening the panel set off (a read still in flight on a busy machine) lands before the
    // count starts: the count is of what masking sends, which must be nothing.
    for (let last = -1, t = Date.now(); sb.requestCount !== last && Date.now() - t < 10_000; ) {
      last = sb.requestCount;
      await new Promise((r) => setTimeout(r, 500));
    }
    const before = sb.requestCount;
    await setMasked(true);

    // The panel is sent its binding again, masked, without a request.
    const resent = await waitFor('the masked binding sent to the page', () => showMessages(mark).find((m) => m.binding.masked));
    assert.match(resent.binding.shown.phoneA, /^\+\d{1,3} \d\d•+ \d{1,4} · \S/);
    assert.ok(resent.binding.shown.pnsNumberA.replace(/ /g, '').startsWith(`+${nodes[0].record.pnsNumberA}`), 'the middle number stays visible');

    // The tree: every binding of the page, all four strings.
    const masked = await shownBindings();
    assert.equal(masked.length, 50);
    for (const b of masked) {
      const text = itemText(ext.tree.getTreeItem(b));
      assert.deepEqual(leaks(text, [b.record.phoneA, b.record.phoneB]), [], text);
      assert.match(String(ext.tree.getTreeItem(b).label), /•.* ↔ .*•/);
    }

    // Another binding opened while masked.
    const other = nodes[3];
    const mark2 = new Set(ext.details.posted);
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', other);
    await waitFor('the other binding', () => ext.details.lastRendered?.bindId === other.record.bindId);
    const sent = JSON.stringify(since(mark));
    for (const b of [nodes[0], other]) assert.deepEqual(leaks(sent, [b.record.phoneA, b.record.phoneB]), [], 'a phone reached the page');
    assert.equal(showMessages(mark2).length, 1);
    assert.deepEqual(leaks(ext.details.panel!.webview.html, [other.record.phoneA, other.record.phoneB]), []);
    // The page reports what it rendered: the masked binding.
    assert.equal(ext.details.lastRendered?.state, 'binding');

    // Copy from the page: the real number, and the status bar says so without showing it.
    await vscode.env.clipboard.writeText('sentinel');
    await ext.details.receive({ type: 'copy', field: 'phoneA' });
    assert.equal(await vscode.env.clipboard.readText(), other.record.phoneA);
    assert.deepEqual(ext.copies.at(-1), { copied: other.record.phoneA, said: 'Copied full number of phone A' });

    // Copy Number… from the tree: the choices are masked, the copy is not.
    let offered: readonly vscode.QuickPickItem[] = [];
    ext.ui.answer((p: Prompt) => {
      offered = p.items!;
      return p.items!.find((i) => i.description === 'Phone B');
    });
    await vscode.commands.executeCommand('laafficPns.copyNumber', other);
    assert.equal(await vscode.env.clipboard.readText(), other.record.phoneB);
    assert.deepEqual(leaks(offered.map((i) => `${i.label} ${i.description}`).join('\n'), [other.record.phoneA, other.record.phoneB]), []);
    assert.equal(ext.copies.at(-1)?.said, 'Copied full number of phone B');

    assert.equal(sb.requestCount - before, 0, 'masking fetched something again');
  });

  test('Find results are masked while masking is on; the search still works on the digits', async () => {
    const target = (await shownBindings())[5].record;
    let qp: vscode.QuickPick<vscode.QuickPickItem> | undefined;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q));
    ext.ui.answer(target.phoneA);
    const done = vscode.commands.executeCommand('laafficPns.findBinding', await appNode());
    try {
      await waitFor('the search to finish', () => qp && !qp.busy && qp.items.length > 0 && qp.title?.includes('found in'));
      const items = qp!.items;
      assert.ok(items.length >= 1);
      const text = items.map((i) => `${i.label}\n${i.description ?? ''}\n${i.detail ?? ''}`).join('\n');
      assert.deepEqual(leaks(text, [target.phoneA, target.phoneB]), [], text);
      assert.ok(items.some((i) => i.detail?.startsWith(`bind id ${target.bindId} `)), 'the binding was found by its phone\'s digits');
      assert.deepEqual(leaks(qp!.title ?? '', [target.phoneA]), [], `the title repeats the typed phone: ${qp!.title}`);
    } finally {
      sub.dispose();
      qp?.hide();
      await done;
    }
  });

  test('while masked, the notification and log lines of a new binding hold no phone A or B', async () => {
    const phones = ['917000300001', '917000300002'];
    ext.ui.reset();
    ext.ui.answer(`+${phones[0]}`, phones[1], 'AXB', 'Let Laaffic choose', '1 day', 'Bind');
    const result = (await vscode.commands.executeCommand('laafficPns.bind', await appNode())) as { bindId: string } | undefined;
    assert.ok(result?.bindId, 'no binding was made');
    const log = await waitFor('the bind in the log', () => {
      const text = extensionLog(ext);
      return new RegExp(`binding ${result.bindId} via`).test(text) ? text : undefined;
    });
    assert.match(log, /Bound \+91 70•+ 0001 ↔ \+91 70•+ 0002 in app/);
    assert.deepEqual(leaks(log, phones), [], 'a phone in the log');
    assert.deepEqual(leaks(JSON.stringify(ext.ui.prompts.map((p) => [p.text, p.detail])), phones), []);
  });

  test('Export while masked warns once that the file holds the full numbers, and writes them', async () => {
    const loaded = await shownBindings();
    const warnings = () => ext.ui.prompts.filter((p) => p.kind === 'warning' && /exported file holds the full phone numbers/.test(p.text));
    ext.ui.reset();
    for (const name of ['one.json', 'two.json']) {
      const file = vscode.Uri.file(path.join(tmp, name));
      ext.ui.answer('Loaded bindings only', file);
      const res = (await vscode.commands.executeCommand('laafficPns.exportBindings', await appNode())) as { count: number };
      assert.equal(res.count, loaded.length);
      const data = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as Array<{ phoneA: string }>;
      assert.deepEqual(data.map((d) => d.phoneA), loaded.map((b) => b.record.phoneA), 'the file holds the full numbers');
    }
    assert.equal(warnings().length, 1, JSON.stringify(ext.ui.prompts.map((p) => p.text)));
  });

  test('Show Numbers brings the full numbers back in the tree and the panel, without fetching', async () => {
    const before = sb.requestCount;
    const mark = new Set(ext.details.posted);
    await setMasked(false);
    const resent = await waitFor('the full binding sent to the page', () => showMessages(mark).find((m) => !m.binding.masked));
    const shownId = resent.binding.bindId;
    const rec = (await shownBindings()).find((b) => b.record.bindId === shownId)?.record ?? ext.details.binding!;
    assert.equal(resent.binding.shown.phoneA.split(' · ')[0].replace(/ /g, ''), `+${rec.phoneA}`);
    assert.match(resent.binding.shown.phoneA, / · [A-Z][a-z]+/, 'with its country');
    for (const b of (await shownBindings()).slice(0, 10)) {
      assert.deepEqual(leaks(String(ext.tree.getTreeItem(b).label), [b.record.phoneA, b.record.phoneB]), [b.record.phoneA, b.record.phoneB]);
    }
    assert.equal(sb.requestCount - before, 0);
  });

  test('laafficPns.copyFormat "e164" copies + and the digits (bind ids as they are); the filter still takes digits', async () => {
    await configure(ext, { copyFormat: 'e164' });
    try {
      const [b] = await shownBindings();
      await vscode.commands.executeCommand('laafficPns.copyPhoneB', b);
      assert.equal(await vscode.env.clipboard.readText(), `+${b.record.phoneB}`);
      assert.equal(ext.copies.at(-1)?.said, `Copied +${b.record.phoneB}`);
      await vscode.commands.executeCommand('laafficPns.copyPnsNumberA', b);
      assert.equal(await vscode.env.clipboard.readText(), `+${b.record.pnsNumberA}`);
      await vscode.commands.executeCommand('laafficPns.copyBindId', b);
      assert.equal(await vscode.env.clipboard.readText(), b.record.bindId);
      ext.ui.answer(b.record.phoneB.slice(-7), []);
      await vscode.commands.executeCommand('laafficPns.filter');
      const kept = await shownBindings();
      assert.ok(kept.some((k) => k.record.bindId === b.record.bindId));
      assert.ok(kept.every((k) => [k.record.phoneA, k.record.phoneB, k.record.pnsNumberA, k.record.pnsNumberB, k.record.bindId].some((v) => v.includes(b.record.phoneB.slice(-7)))));
    } finally {
      await vscode.commands.executeCommand('laafficPns.clearFilter');
      await resetSettings(['copyFormat']);
    }
  });

  test('Ctrl+C in the view (laafficPns.copySelected) copies the focused or selected binding\'s bind id, a middle number row\'s number; other rows nothing', async () => {
    const [b, b2] = await shownBindings();
    // What the key binding passes: its args from package.json (VS Code makes them the focused row).
    const keyArgs = (vscode.extensions.getExtension('laaffic-pns-tools.laaffic-pns-explorer')!.packageJSON as { contributes: { keybindings: Array<{ command: string; args?: unknown }> } }).contributes.keybindings.find(
      (k) => k.command === 'laafficPns.copySelected',
    )!.args;
    await ext.treeView.reveal(b, { select: true, focus: true });
    await waitFor('the binding selected', () => ext.treeView.selection[0] === b);
    await vscode.env.clipboard.writeText('before');
    const asked = ext.ui.prompts.length;
    // Run from here the args stay a plain object (only a key press has VS Code turn them into the
    // focused row; scripts/ui-check.mjs presses Ctrl+C): the selected row then.
    await vscode.commands.executeCommand('laafficPns.copySelected', keyArgs);
    assert.equal(await vscode.env.clipboard.readText(), b.record.bindId);
    assert.deepEqual(ext.copies.at(-1), { copied: b.record.bindId, said: `Copied ${b.record.bindId}` });
    // The row VS Code passes wins over the selection.
    await vscode.commands.executeCommand('laafficPns.copySelected', b2);
    assert.equal(await vscode.env.clipboard.readText(), b2.record.bindId);
    // A middle number row: the number, as Copy Number does.
    const n = (await ext.tree.getChildren(ext.tree.numbers)).find((k): k is NumberNode => k.kind === 'number')!;
    await vscode.commands.executeCommand('laafficPns.copySelected', n);
    assert.equal(await vscode.env.clipboard.readText(), n.number.number);
    // An app row: nothing copied, nothing asked.
    const app = await appNode();
    await ext.treeView.reveal(app, { select: true, focus: true });
    await waitFor('the app selected', () => ext.treeView.selection[0] === app);
    await vscode.env.clipboard.writeText('before');
    await vscode.commands.executeCommand('laafficPns.copySelected', keyArgs);
    assert.equal(await vscode.env.clipboard.readText(), 'before');
    assert.equal(ext.ui.prompts.length, asked, 'Ctrl+C asked something');
  });
});
