#!/usr/bin/env node
// The translation check from the command line (npm test runs the same check as the unit test
// test/unit/l10n.project.test.ts). See docs/l10n.md.
//
//   node scripts/check-l10n.mjs            list every problem; exit 1 when there is one
//   node scripts/check-l10n.mjs --extract  move raw text of package.json's localisable fields
//                                          into package.nls.json as %key%s, then list the keys
//                                          that still need a translation in package.nls.zh-cn.json
//
// The vendor's status table is checked too when dist/api.js is built (node scripts/build.mjs).
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkProject, extractRaw, LANG, loadProject } from './lib/l10n.mjs';
import { isMainModule, REPO_ROOT } from './lib/util.mjs';

function main(argv) {
  const root = REPO_ROOT;
  if (argv.includes('--extract')) {
    const p = loadProject(root);
    const r = extractRaw(p.packageJson, p.nls, p.nlsZh);
    // Keep package.json's own formatting (2 spaces, final newline).
    writeFileSync(join(root, 'package.json'), `${JSON.stringify(r.packageJson, null, 2)}\n`);
    writeFileSync(join(root, 'package.nls.json'), `${JSON.stringify(r.nls, null, 2)}\n`);
    process.stdout.write(`moved ${r.added.length} text(s) into package.nls.json${r.added.length ? `: ${r.added.join(', ')}` : ''}\n`);
    if (r.untranslated.length) {
      process.stdout.write(`\nstill to translate in package.nls.${LANG}.json:\n`);
      for (const k of r.untranslated) process.stdout.write(`  ${JSON.stringify(k)}: ${JSON.stringify(r.nls[k])}\n`);
    }
    return 0;
  }
  const input = loadProject(root);
  const tables = [];
  const api = join(root, 'dist', 'api.js');
  if (existsSync(api)) {
    const core = createRequire(import.meta.url)(api);
    if (core.STATUS_TABLE && core.STATUS_TABLE_ZH) tables.push({ name: 'STATUS_TABLE', en: core.STATUS_TABLE, zh: core.STATUS_TABLE_ZH });
  } else {
    process.stdout.write('dist/api.js is not built: the status table is not checked (node scripts/build.mjs)\n');
  }
  const r = checkProject({ ...input, tables });
  for (const p of r.problems) process.stdout.write(`${p}\n`);
  process.stdout.write(
    `l10n: ${r.keys} message(s) in code, ${Object.keys(input.bundle).length} in the ${LANG} bundle, ${r.nlsKeys} package.json text(s); ${r.problems.length} problem(s)\n`,
  );
  return r.problems.length ? 1 : 0;
}

if (isMainModule(import.meta.url)) process.exit(main(process.argv.slice(2)));
