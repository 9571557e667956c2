// The Numbers root and Discover Apps… in the real VS Code, against the sandbox over real HTTP;
// what the sandbox serves is read with bare signed HTTP (test/unit/helpers/signedPost.ts), not
// through the client under test. Hostile and failed replies come from a raw loopback server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { LoadMoreNode, MessageNode, Node } from '../../src/tree/nodes';
import type { NumberNode, NumbersNode } from '../../src/tree/numberNodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { envelope, json, startRawServer, type RawServer } from '../unit/helpers/rawServer';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

interface RawNumber {
  number: string;
  state: number;
  appId: string;
}
interface RawPage {
  total: number;
  pages: number;
  records: RawNumber[];
}

const PAGE = 10;

suite('Numbers', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let raw: RawServer;
  const served = async (current: number, size = PAGE): Promise<RawPage> => {
    const reply = JSON.parse(await signedPost(sb, '/number/queryPage', { current, size, params: {} })) as { status: string; data: RawPage };
    assert.equal(String(reply.status), '0');
    return reply.data;
  };
  const everyServed = async (): Promise<RawNumber[]> => {
    const out: RawNumber[] = [];
    for (let current = 1; ; current++) {
      const p = await served(current, 100);
      out.push(...p.records);
      if (current >= p.pages) return out;
    }
  };
  const numbersRoot = () => waitFor('the Numbers root', async () => (await ext.tree.getChildren()).find((n): n is NumbersNode => n.kind === 'numbers'));
  const kids = async (): Promise<Node[]> => ext.tree.getChildren(await numbersRoot());
  const numberNodes = (ns: Node[]) => ns.filter((n): n is NumberNode => n.kind === 'number');
  const poolRequests = () => sb.requests.filter((r) => r.path === '/v3/number/queryNumberPool');
  const tooltip = (n: Node) => (ext.tree.getTreeItem(n).tooltip as vscode.MarkdownString).value;
  const icon = (n: Node) => (ext.tree.getTreeItem(n).iconPath as vscode.ThemeIcon).id;

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 31, bindingsPerApp: [5, 5, 5] });
    raw = await startRawServer();
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: PAGE, apps: [{ appId: sb.appIds[0], label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await raw.close();
    await sb.close();
  });

  setup(async () => {
    sb.setFaults(undefined);
    ext.ui.reset();
    await configure(ext, { baseUrl: sb.url, apps: [{ appId: sb.appIds[0], label: 'Rides' }] });
    ext.tree.refresh();
  });

  test('Numbers names each app by its configured label, its id in the tooltip', async () => {
    const root = await numbersRoot();
    let all = numberNodes(await kids());
    // Load more until the numbers of another app than Rides are in too.
    for (let i = 0; i < 20 && all.every((n) => n.number.appId === sb.appIds[0]) && root.list.hasMore; i++) {
      await root.list.loadMore();
      all = numberNodes(await kids());
    }
    const ofRides = all.find((n) => n.number.appId === sb.appIds[0]);
    const ofOther = all.find((n) => n.number.appId && n.number.appId !== sb.appIds[0]);
    assert.ok(ofRides && ofOther, `page 1 holds numbers of Rides and of another app: ${all.map((n) => n.number.appId).join(', ')}`);
    assert.match(String(ext.tree.getTreeItem(ofRides).description), / · app Rides$/);
    assert.ok(tooltip(ofRides).replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1').includes(`App: Rides (${sb.appIds[0]})`), tooltip(ofRides));
    assert.match(String(ext.tree.getTreeItem(ofOther).description), new RegExp(` · app ${ofOther.number.appId}$`));
  });

  test('"Numbers" comes after the apps and "All apps", and lists the sandbox\'s numbers page by page with their states', async () => {
    const roots = await ext.tree.getChildren();
    assert.deepEqual(roots.map((n) => String(ext.tree.getTreeItem(n).label)), ['Rides', 'All apps', 'Numbers']);
    const page1 = await served(1);
    const before = poolRequests().length;
    let shown = await kids();
    assert.deepEqual(numberNodes(shown).map((n) => n.number.number), page1.records.map((r) => r.number));
    assert.deepEqual(numberNodes(shown).map((n) => n.number.appId), page1.records.map((r) => r.appId));
    // Each number's icon follows the state the sandbox served: 3 in use, 4 expired, 5 disabled.
    const ICONS: Record<number, string> = { 3: 'pass', 4: 'circle-slash', 5: 'debug-pause' };
    assert.deepEqual(numberNodes(shown).map(icon), page1.records.map((r) => ICONS[r.state]));
    const first = ext.tree.getTreeItem(numberNodes(shown)[0]);
    assert.equal(first.contextValue, 'laafficPns.number');
    assert.match(String(first.description), /in use · mobile · due in \d+ (d|mo)/);
    // The app by its label when the account has it configured (Rides), else by its id; the id in the tooltip.
    const appShown = page1.records[0].appId === sb.appIds[0] ? 'Rides' : page1.records[0].appId;
    assert.match(String(first.description), new RegExp(`app ${appShown}$`));

    const more = shown.at(-1) as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');
    assert.equal(ext.tree.getTreeItem(more).label, `Load more (${PAGE} of ${page1.total})`);
    assert.equal(ext.tree.getTreeItem(await numbersRoot()).description, `${PAGE} of ${page1.total}`);

    // The pools: one request for the list, the tooltip names the pool's limit once it is in.
    await waitFor('the pool details', () => /Concurrency limit: 10/.test(tooltip(numberNodes(shown)[0])));
    assert.equal(poolRequests().length - before, 1, 'one pool request per list load');
    assert.match(tooltip(numberNodes(shown)[0]), /Whitelist: none/);

    await vscode.commands.executeCommand(ext.tree.getTreeItem(more).command!.command, ...(ext.tree.getTreeItem(more).command!.arguments ?? []));
    shown = await kids();
    const page2 = await served(2);
    assert.deepEqual(numberNodes(shown).map((n) => n.number.number), [...page1.records, ...page2.records].map((r) => r.number));
    assert.equal(poolRequests().length - before, 1, 'Load more does not ask for the pools again');

    // Load everything: the Load more item goes away at the end.
    for (let i = 0; i < 20 && shown.at(-1)?.kind === 'loadMore'; i++) {
      await vscode.commands.executeCommand('laafficPns.loadMore', await numbersRoot());
      shown = await kids();
    }
    const everything = await everyServed();
    assert.deepEqual(numberNodes(shown).map((n) => n.number.number), everything.map((r) => r.number));
    assert.deepEqual(numberNodes(shown).map(icon), everything.map((r) => ICONS[r.state]), 'in use, expired and disabled numbers get their icons');
    assert.ok([4, 5].every((s) => everything.some((r) => r.state === s)), 'the sandbox lists expired and disabled numbers too');
    assert.equal(shown.at(-1)?.kind, 'number');
  });

  test('Discover Apps offers exactly the sandbox\'s app ids not configured yet, and adds the picked ones', async () => {
    const all = await everyServed();
    const counts = new Map<string, number>();
    for (const r of all) counts.set(r.appId, (counts.get(r.appId) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), [...sb.appIds].sort());

    let offered: readonly vscode.QuickPickItem[] = [];
    ext.ui.answer((p: { items?: readonly vscode.QuickPickItem[] }) => {
      offered = p.items ?? [];
      return [sb.appIds[2]];
    });
    await vscode.commands.executeCommand('laafficPns.discoverApps');
    // The list, then the offer of a name (not answered: Escape keeps the app id).
    assert.deepEqual(ext.ui.prompts.map((p) => p.kind), ['quickPickMany', 'inputBox']);
    assert.deepEqual(offered.map((i) => i.label).sort(), sb.appIds.slice(1).sort());
    for (const i of offered) assert.equal(i.description, `${counts.get(i.label)} numbers`);
    await waitFor('the picked app in the settings', () => ext.settings().apps.length === 2);
    assert.deepEqual(ext.settings().apps.map((a) => a.appId), [sb.appIds[0], sb.appIds[2]]);
    assert.equal(ext.settings().apps[0].label, 'Rides', 'the configured app is kept as it was');

    // Every app configured: nothing to offer, and it says so.
    await configure(ext, { apps: sb.appIds.map((appId) => ({ appId })) });
    ext.ui.reset();
    await vscode.commands.executeCommand('laafficPns.discoverApps');
    assert.deepEqual(ext.ui.prompts.map((p) => p.kind), ['info']);
    assert.match(ext.ui.prompts[0].text, /No new apps: the 3 apps found in the middle numbers are already in the list\./);
  });

  test('Discover Apps: Enter with nothing ticked brings the list back saying how to tick; the added apps are offered a name each', async () => {
    // Enter with nothing ticked ([]), then the list again: tick two apps.
    ext.ui.answer([], [sb.appIds[1], sb.appIds[2]], 'Payments', undefined);
    await vscode.commands.executeCommand('laafficPns.discoverApps');
    const picks = ext.ui.prompts.filter((p) => p.kind === 'quickPickMany');
    assert.equal(picks.length, 2, `the picker was not shown again after Enter with nothing ticked: ${JSON.stringify(ext.ui.prompts.map((p) => p.kind))}`);
    assert.equal(picks[1].placeHolder, 'Nothing ticked: tick the apps to add (Space), then press Enter. Escape adds none.');
    assert.deepEqual(picks[1].items?.map((i) => i.label).sort(), sb.appIds.slice(1).sort(), 'the same apps offered again');
    // One name box per app added: the first named, Escape on the second keeps its id.
    const names = ext.ui.prompts.filter((p) => p.kind === 'inputBox');
    assert.deepEqual(names.map((p) => p.text), [`Laaffic PNS: Name App ${sb.appIds[1]} (1/2)`, `Laaffic PNS: Name App ${sb.appIds[2]} (2/2)`]);
    await waitFor('the named app in the settings', () => ext.settings().apps.some((a) => a.label === 'Payments'));
    assert.deepEqual(ext.settings().apps, [{ appId: sb.appIds[0], label: 'Rides' }, { appId: sb.appIds[1], label: 'Payments' }, { appId: sb.appIds[2] }]);
    const roots = await waitFor('the named app in the tree', async () => {
      const labels = (await ext.tree.getChildren()).map((n) => String(ext.tree.getTreeItem(n).label));
      return labels.includes('Payments') ? labels : undefined;
    });
    assert.deepEqual(roots, ['Rides', 'Payments', sb.appIds[2], 'All apps', 'Numbers']);

    // Escape on the list (after Enter with nothing ticked) adds nothing.
    await configure(ext, { apps: [{ appId: sb.appIds[0], label: 'Rides' }] });
    ext.ui.reset();
    ext.ui.answer([], undefined);
    await vscode.commands.executeCommand('laafficPns.discoverApps');
    assert.deepEqual(ext.ui.prompts.map((p) => p.kind), ['quickPickMany', 'quickPickMany']);
    assert.deepEqual(ext.settings().apps, [{ appId: sb.appIds[0], label: 'Rides' }]);
  });

  test('a failed reply shows an error node; Retry loads the page', async () => {
    sb.setFaults({ rate: 1, kinds: ['status-18'], paths: ['/number/queryPage'] });
    const shown = await kids();
    const err = shown.find((n): n is MessageNode => n.kind === 'message' && n.severity === 'error');
    assert.ok(err, `no error node: ${shown.map((n) => n.kind).join()}`);
    assert.equal(numberNodes(shown).length, 0);
    const retry = ext.tree.getTreeItem(err).command!;
    sb.setFaults(undefined);
    await vscode.commands.executeCommand(retry.command, ...(retry.arguments ?? []));
    assert.equal(numberNodes(await kids()).length, PAGE);
  });

  test('a hostile reply: states 4 and 5 get their icons, foreign text stays text, pools not loaded, a malformed page is an error node', async () => {
    const hostile = (state: number, i: number) => ({
      number: `62800000${i}`,
      ccode: '62',
      country: '[x](command:laafficPns.clearCredentials) <img src="https://evil.example/x.png">',
      state,
      type: '**bold**\n# heading',
      dueDate: '2020-01-01',
      appId: 'abcd1234',
    });
    raw.handle((r, res) => {
      if (r.url.endsWith('/number/queryNumberPool')) return json(res, '{"status":"0","data":');
      return json(res, envelope({ total: 3, size: PAGE, current: 1, pages: 1, records: [hostile(3, 1), hostile(4, 2), hostile(5, 3)] }));
    });
    await configure(ext, { baseUrl: raw.url });
    // (The settings change reloads the list: read the children until the raw server's are in.)
    const shown = await waitFor('the raw server\'s numbers', async () => {
      const ns = numberNodes(await kids());
      return ns.length === 3 && ns[0].number.number === '628000001' ? ns : undefined;
    });
    assert.deepEqual(shown.map(icon), ['pass', 'circle-slash', 'debug-pause']);
    assert.deepEqual(shown.map((n) => n.number.state), ['in-use', 'expired', 'disabled']);
    let tip = '';
    await waitFor('"pool details: not loaded"', async () => /Pool details: not(&nbsp;| )loaded/.test((tip = tooltip(numberNodes(await kids())[0])))).catch((e: Error) => {
      throw new Error(`${e.message}: ${tip} ${JSON.stringify(raw.requests.map((r) => r.url))}`);
    });
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', tooltip(shown[1]));
    for (const tag of ['<img', '<a ', '<h1', '<script', '<em']) assert.ok(!html.includes(tag), `${tag} in ${html}`);
    assert.ok(!html.includes('href="command:'), html);
    assert.equal(html.match(/<strong>/g)?.length, 1, `only "Number …" is bold: ${html}`);
    assert.ok(html.includes('laafficPns.clearCredentials'), 'the text is still shown');
    assert.ok(!/[\r\n]/.test(String(ext.tree.getTreeItem(shown[1]).description)));

    raw.handle((_r, res) => json(res, '{"status":"0","data":{"records":'));
    ext.tree.refresh();
    const after = await kids();
    assert.ok(after.some((n) => n.kind === 'message' && (n as MessageNode).severity === 'error'), after.map((n) => n.kind).join());
  });

  test('Copy Number puts the middle number on the clipboard', async () => {
    const [n] = numberNodes(await kids());
    await vscode.commands.executeCommand('laafficPns.copyMiddleNumber', n);
    assert.equal(await vscode.env.clipboard.readText(), n.number.number);
  });
});
