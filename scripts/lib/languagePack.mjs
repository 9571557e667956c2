// A stub VS Code language pack, so that code-server runs in another display language (e.g.
// zh-cn) without the real language pack, which only the marketplace has.
//
// Why a stub is needed: `code-server --locale zh-cn` alone leaves vscode.env.language at 'en'.
// code-server's page server resolves the locale through <user-data>/languagepacks.json (VS Code's
// list of installed language packs); with no pack for the locale it resolves to 'en', serves no
// NLS script, the workbench's platform.language stays 'en', and that is what the (remote)
// extension host gets as its language and what the server uses to pick package.nls.*.json.
//
// The stub is an extension that contributes `localizations` for the locale with an empty
// translation of VS Code's own strings (the workbench stays English), installed with
// --install-extension, plus the languagepacks.json entry VS Code would write for it. Then
// vscode.env.language is the locale, and every extension's package.nls.<locale>.json and
// l10n/bundle.l10n.<locale>.json are used: exactly what the extension's own translation needs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { REPO_ROOT } from './util.mjs';

const PUBLISHER = 'laaffic-pns-test';
const VERSION = '0.0.1';

/** Builds the stub pack for `locale` in `workDir`, installs it and registers it; returns its id. */
export async function installStubLanguagePack({ locale, node, codeServerEntry, commonArgs, env, workDir, userDataDir, extensionsDir }) {
  const lang = locale.toLowerCase();
  const name = `language-pack-stub-${lang}`;
  const src = join(workDir, name);
  mkdirSync(join(src, 'translations'), { recursive: true });
  writeFileSync(
    join(src, 'package.json'),
    JSON.stringify(
      {
        name,
        displayName: `Stub language pack (${lang}) for tests`,
        description: `Runs VS Code in ${lang} without translating VS Code itself.`,
        publisher: PUBLISHER,
        version: VERSION,
        license: 'MIT',
        engines: { vscode: '^1.100.0' },
        categories: ['Language Packs'],
        contributes: {
          localizations: [{ languageId: lang, languageName: lang, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(src, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(join(src, 'README.md'), `# Stub language pack (${lang})\n\nFor tests only.\n`);
  const vsix = join(workDir, `${name}.vsix`);
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  await run(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: src, env });
  await run(node, [codeServerEntry, ...commonArgs, '--install-extension', vsix], { env });
  const id = `${PUBLISHER}.${name}`;
  // What VS Code's language pack cache writes for an installed pack (it rewrites the same entry
  // when it rescans the installed extensions).
  writeFileSync(
    join(userDataDir, 'languagepacks.json'),
    JSON.stringify({
      [lang]: {
        hash: `stub${VERSION.replace(/\./g, '')}`,
        label: lang,
        extensions: [{ extensionIdentifier: { id }, version: VERSION }],
        translations: { vscode: join(extensionsDir, `${id}-${VERSION}`, 'translations', 'main.i18n.json') },
      },
    }),
  );
  return id;
}
