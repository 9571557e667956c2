// What package.json contributes, checked against the rest of the repository: the welcome view
// names only commands a newcomer can run (the README's quick start), and the bindings view's
// copy key binding. The expected values are written here, not read from the code under test.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  contributes: { viewsWelcome: Array<{ contents: string }>; keybindings?: Array<{ command: string; key: string; mac?: string; when?: string; args?: unknown }> };
};

/** The `npm run X` names in a text. */
const npmRuns = (text: string) => [...text.matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1]);

describe('package.json contributions', () => {
  it('the welcome views name only `npm run` scripts that exist and that the README\'s quick start uses', () => {
    const readme = read('README.md');
    const start = readme.indexOf('## Quick start');
    assert.ok(start >= 0, 'the README has no "## Quick start" section');
    const end = readme.indexOf('\n## ', start + 1);
    const quickStart = npmRuns(readme.slice(start, end < 0 ? undefined : end));
    assert.ok(quickStart.includes('demo'), `the quick start runs ${quickStart.join(', ')}`);
    let seen = 0;
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = JSON.parse(read(file)) as Record<string, string>;
      for (const view of pkg.contributes.viewsWelcome) {
        const key = /^%(.+)%$/.exec(view.contents)?.[1];
        assert.ok(key && typeof nls[key] === 'string', `${file} has no ${view.contents}`);
        for (const script of npmRuns(nls[key])) {
          seen++;
          assert.ok(pkg.scripts[script], `${file} ${key}: "npm run ${script}" is not a script of package.json`);
          assert.ok(quickStart.includes(script), `${file} ${key}: "npm run ${script}", but the README's quick start says ${quickStart.map((s) => `"npm run ${s}"`).join(', ')}`);
        }
      }
    }
    assert.ok(seen >= 2, 'the welcome text names no npm script in either language');
  });

  it('Ctrl+C / Cmd+C on a row of the bindings view runs laafficPns.copySelected, never while typing in an input', () => {
    const keys = (pkg.contributes.keybindings ?? []).filter((k) => k.command === 'laafficPns.copySelected');
    assert.equal(keys.length, 1, JSON.stringify(pkg.contributes.keybindings));
    const [k] = keys;
    assert.equal(k.key, 'ctrl+c');
    assert.equal(k.mac, 'cmd+c');
    const when = (k.when ?? '').split('&&').map((c) => c.trim()).sort();
    assert.deepEqual(when, ['!inputFocus', 'focusedView == laafficPns.bindings', 'listFocus']);
    // VS Code passes a key binding's command no row; these args are what it turns into the focused one.
    assert.deepEqual(k.args, { $treeViewId: 'laafficPns.bindings', $focusedTreeItem: true });
  });
});
