// The "Get started" walkthrough as VS Code reads it from package.json: every button is a command
// this host has, every completion event names a context key the extension sets (src/config/ids.ts Ctx)
// or one of its commands, every picture is a local SVG in the extension, and Get Started opens it.
// That a step is really checked after its action is seen in the real UI by scripts/ui-check.mjs
// (an extension cannot read a context key back; the walkthrough's check marks can be seen).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Cmd, Ctx, WALKTHROUGH_ID, WALKTHROUGH_STEP_OF } from '../../src/config/ids';
import { activate, EXTENSION_ID, waitFor } from './helpers';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { svg?: string; image?: string; markdown?: string; altText?: string };
  completionEvents?: string[];
}
interface Walkthrough {
  id: string;
  title: string;
  description: string;
  steps: Step[];
}

suite('Walkthrough', () => {
  let ext: vscode.Extension<unknown>;
  let walkthrough: Walkthrough;

  suiteSetup(async () => {
    await activate();
    ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const list = (ext.packageJSON.contributes as { walkthroughs?: Walkthrough[] }).walkthroughs ?? [];
    assert.equal(list.length, 1, 'one walkthrough');
    walkthrough = list[0];
  });

  test('its id is the one Get Started opens, with the four steps in order', () => {
    assert.equal(`${EXTENSION_ID}#${walkthrough.id}`, WALKTHROUGH_ID);
    assert.equal(walkthrough.title, 'Get started with Laaffic PNS Explorer');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['connect', 'apps', 'find', 'details']);
  });

  test('every button runs a command this VS Code has, and the first three steps offer the actions they name', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const links = (s: Step) => [...s.description.matchAll(/\]\(command:([^)?\s]+)/g)].map((m) => m[1]);
    for (const s of walkthrough.steps) {
      for (const id of links(s)) assert.ok(registered.has(id), `step ${s.id}: command ${id} is not registered`);
    }
    const [connect, apps, find] = walkthrough.steps;
    assert.deepEqual(links(connect), [Cmd.tryDemo, Cmd.setCredentials]);
    assert.deepEqual(links(apps), [Cmd.discoverApps, Cmd.addApp]);
    assert.deepEqual(links(find), [Cmd.findBinding]);
  });

  test('every step completes on a context key the extension sets or on one of its commands', () => {
    const keys = new Set<string>(Object.values(Ctx));
    const commands = new Set<string>(Object.values(Cmd));
    for (const s of walkthrough.steps) {
      assert.ok(s.completionEvents?.length, `step ${s.id} has no completionEvents (it would complete when merely opened)`);
      for (const e of s.completionEvents!) {
        const [kind, value] = e.split(/:(.*)/s, 2);
        if (kind === 'onContext') assert.ok(keys.has(value), `step ${s.id}: ${value} is not a context key of src/config/ids.ts`);
        else if (kind === 'onCommand') assert.ok(commands.has(value), `step ${s.id}: ${value} is not a command of the extension`);
        else assert.fail(`step ${s.id}: unexpected completion event ${e}`);
      }
    }
    // The keys that also mark their step done directly (src/tree/viewState.ts) are the same.
    const fromIds = Object.entries(WALKTHROUGH_STEP_OF).map(([key, step]) => `${step} onContext:${key}`).sort();
    const fromPackage = walkthrough.steps.flatMap((s) => s.completionEvents!.filter((e) => e.startsWith('onContext:')).map((e) => `${s.id} ${e}`)).sort();
    assert.deepEqual(fromPackage, fromIds);
  });

  test('the welcome view without credentials offers Get Started', () => {
    const welcome = (ext.packageJSON.contributes as { viewsWelcome: { when: string; contents: string }[] }).viewsWelcome;
    const first = welcome.find((w) => w.when === `!${Ctx.hasCredentials}`);
    assert.ok(first, 'no welcome for the view without credentials');
    assert.match(first.contents, new RegExp(`^\\[Get Started\\]\\(command:${Cmd.getStarted.replace('.', '\\.')}\\)$`, 'm'));
  });

  test('every picture is a local SVG with alternative text, and loads nothing from the network', async () => {
    for (const s of walkthrough.steps) {
      assert.ok(s.media.svg, `step ${s.id} has no svg`);
      assert.ok((s.media.altText ?? '').length > 20, `step ${s.id}: no alternative text`);
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext.extensionUri, s.media.svg!));
      const text = Buffer.from(bytes).toString('utf8');
      assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>[\s\S]*<title>[^<]+<\/title>[\s\S]*<\/svg>\s*$/, `${s.media.svg} is not a titled SVG`);
      const urls = [...text.matchAll(/(?:href|src)\s*=\s*"([^"]*)"|url\(([^)]*)\)/g)].map((m) => m[1] ?? m[2]);
      assert.deepEqual(urls, [], `${s.media.svg} refers to ${urls.join(', ')}`);
    }
  });

  test('Get Started opens the walkthrough in an editor tab', async () => {
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const before = tabs().filter((t) => t.label === 'Welcome').length;
    await vscode.commands.executeCommand(Cmd.getStarted);
    const tab = await waitFor('the walkthrough tab', () => (tabs().filter((t) => t.label === 'Welcome').length > before ? tabs().find((t) => t.label === 'Welcome') : undefined));
    await vscode.window.tabGroups.close(tab);
  });
});
