// The translation check over this repository (docs/l10n.md): every l10n.t message of src/ and
// every localisable text of package.json has its Simplified Chinese translation, nothing in
// the translation files is unused, and the vendor's status table is complete in both
// languages. `node scripts/check-l10n.mjs` prints the same list.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkProject, loadProject } from '../../scripts/lib/l10n.mjs';
import { STATUS_TABLE, STATUS_TABLE_ZH } from '../../src/api';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('l10n: this repository', function () {
  // Parsing every source file with the TypeScript parser: about a second, more on a busy machine.
  this.timeout(60_000);
  const input = loadProject(ROOT);

  it('every message and package.json text has its zh-cn translation, and no translation is stale', () => {
    const r = checkProject({ ...input, tables: [{ name: 'STATUS_TABLE', en: STATUS_TABLE, zh: STATUS_TABLE_ZH }] });
    assert.deepEqual(r.problems, [], `${r.problems.length} translation problem(s):\n${r.problems.join('\n')}`);
    // The check really looked at something (a broken scan would pass with nothing found).
    assert.ok(r.keys >= 100, `only ${r.keys} l10n.t messages found in src/`);
    assert.ok(r.nlsKeys >= 50, `only ${r.nlsKeys} texts in package.nls.json`);
  });

  it('package.json points VS Code at the bundles, and the .vsix ships them', () => {
    const pkg = input.packageJson as { l10n?: string };
    assert.equal(pkg.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json')));
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    for (const f of ['!package.nls.json', '!package.nls.zh-cn.json', '!l10n/bundle.l10n.zh-cn.json']) assert.ok(ignore.includes(f), `.vscodeignore does not ship ${f}`);
  });
});
