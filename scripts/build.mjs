// Builds everything with esbuild:
//   dist/extension.js  the extension (vscode external)
//   dist/api.js        the core client as a standalone CommonJS module for plain Node
//   dist/sandbox.js    the local Laaffic sandbox (module + CLI)
//   dist/sandbox-host.js  the same sandbox without its CLI, shipped in the .vsix and loaded by the
//                      extension only when "Try the Demo" starts it
//   dist/phoneLib.js   the phone number library, required by the extension on first use
//   dist/exportWorker.js  an export's worker thread (src/export/worker.ts), started by Export
//   dist/complaints.js  Find Calls by Number and Copy Summary for a Ticket, required on first use
//   dist/writes.js      Bind, Unbind, bulk Unbind and the write history, required on first use
//   dist/setup.js       the account set-up commands (credentials, Add Account, base URL, sandbox), on first use
//   dist/health.js     the health dashboard's extension side (src/webview/health/), required by
//                      src/commands/health.ts on the first Show Health
//   out/test/**        unit tests, integration suite, benchmarks and the .vsix test's expected
//                      data (test/vsix/), bundled so that TypeScript needs no loader at
//                      test time.
// --production minifies (one build) and writes the source maps of the three bundles to
// out/maps/*.js.map instead of dist/, so the .vsix ships no maps. Without it: dist/*.js.map.
// LAAFFIC_PNS_TEST_BUILD (src/config/buildFlags.d.ts) is true in the development build and the
// tests' bundles, false in the production one: the test API (test/support/testApi.ts) and the
// pages' reports to the tests' probe are not in the .vsix at all.
// --dist=<dir> writes the extension's and the pages' bundles to <dir> instead of dist/ (maps to
// <dir>/maps), and no test bundles: the unit test that checks what a production build holds
// builds into a temporary folder.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');
const distArg = process.argv.find((a) => a.startsWith('--dist='));
const dist = distArg ? resolve(distArg.slice('--dist='.length)) : join(root, 'dist');

function listTs(dir) {
  const abs = join(root, dir);
  let out = [];
  try {
    for (const name of readdirSync(abs)) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) out = out.concat(listTs(join(dir, name)));
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(join(dir, name));
    }
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  return out;
}

// node-fetch 2 falls back to whatwg-url's URL (and its Unicode tables, ~100 KB) only where
// Node's own url module has no URL class, which never happens on Node >= 10; and it tries
// require('encoding') (an optional peer) only for Response.textConverted(), which nothing here
// calls. Both resolve to a few bytes instead of being bundled.
const nodeFetchExtras = {
  name: 'node-fetch-extras',
  setup(build) {
    build.onResolve({ filter: /^(whatwg-url|encoding)$/ }, (args) => ({ path: args.path, namespace: 'node-fetch-extra' }));
    build.onLoad({ filter: /.*/, namespace: 'node-fetch-extra' }, (args) => ({
      contents:
        args.path === 'whatwg-url'
          ? 'module.exports = { URL: globalThis.URL };'
          : "throw new Error('the encoding package is not bundled: node-fetch uses it only for textConverted()');",
      loader: 'js',
    }));
  },
};

// The phone number library (libphonenumber-js and its metadata, ~120 KB) is loaded only when the
// first number is formatted (src/display/phone.ts require()s './phoneLib'): in the shipped
// bundles that require stays a require of dist/phoneLib.js, a bundle of its own, so that
// dist/extension.js stays small and activation never reads it. (The test bundles include it.)
const phoneLibApart = {
  name: 'phone-lib-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/phoneLib$/ }, (args) =>
      args.importer.endsWith(join('src', 'display', 'phone.ts')) ? { path: './phoneLib.js', external: true } : undefined,
    );
  },
};

// The health core's calling codes (src/api/health/codes.ts imports libphonenumber-js/min, whose
// metadata is ~90 KB): in dist/health.js they come from dist/phoneLib.js's metadata instead of a
// second copy (the library's core functions are small).
const healthCodesShared = {
  name: 'health-codes-shared',
  setup(build) {
    build.onResolve({ filter: /^libphonenumber-js\/min$/ }, (args) =>
      args.importer.endsWith(join('src', 'api', 'health', 'codes.ts')) ? { path: 'codes', namespace: 'health-codes' } : undefined,
    );
    build.onResolve({ filter: /^\.\/phoneLib\.js$/, namespace: 'health-codes' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'health-codes' }, () => ({
      contents: [
        "import { getCountries as countries, getCountryCallingCode as code } from 'libphonenumber-js/core';",
        "const metadata = () => require('./phoneLib.js').phoneMetadata;",
        'export const getCountries = () => countries(metadata());',
        'export const getCountryCallingCode = (c) => code(c, metadata());',
      ].join('\n'),
      loader: 'js',
      resolveDir: root,
    }));
  },
};

// Rarely used features, each a bundle of its own that the extension require()s on first use (so
// that dist/extension.js stays small and activation never reads them). A lazy bundle holds only its
// OWN files; any other module of src/ it imports is the extension's own instance, handed over in
// SHARED of its loader (src/commands/lazy.ts loadLazy): one translator, one set of phones to mask,
// the same error classes for instanceof and retries. A module or a name missing in SHARED fails
// the build. The test bundles include the features as ordinary imports.
//   entry   the bundle's source; out: dist/<out>.js
//   request what the loader require()s (kept a require of dist/<out>.js)
//   loader  the file that require()s it and holds its SHARED
//   own     its files, or folders (ending in /)
//   plugins more plugins of its build
const LAZY = [
  {
    // Find Calls by Number and Copy Summary for a Ticket.
    entry: 'src/commands/complaints.ts',
    out: 'complaints',
    request: './complaints',
    loader: 'src/commands/complaintsLazy.ts',
    own: ['src/commands/complaints.ts', 'src/commands/callsByNumber.ts', 'src/commands/ticket.ts', 'src/webview/callsByPhone.ts', 'src/display/ticket.ts'],
  },
  {
    // The health dashboard (Show Health, Export Figures): its panel, readHealth and the sets
    // behind its figures.
    entry: 'src/webview/health/index.ts',
    out: 'health',
    request: './healthBundle',
    loader: 'src/commands/health.ts',
    own: ['src/webview/health/', 'src/api/health/', 'src/shared/healthMessages.ts', 'src/shared/healthStrings.ts'],
    // Only it takes the calling codes from dist/phoneLib.js (dist/api.js stays a module that
    // needs nothing beside it).
    plugins: [healthCodesShared],
  },
  {
    // Bind, Unbind (one and many), what guards them (review, protection) and the write history.
    entry: 'src/writes/index.ts',
    out: 'writes',
    request: '../writes',
    loader: 'src/commands/writes.ts',
    own: ['src/writes/', 'src/shared/lifetime.ts'],
  },
  {
    // Filter All Pages: every page of an app through the tree filter, and what the app shows of it.
    entry: 'src/filterAll/index.ts',
    out: 'filterAll',
    request: '../filterAll',
    loader: 'src/commands/filter.ts',
    own: ['src/filterAll/'],
  },
  {
    // Go to Binding (the command, the tree's reveal of a binding found) and the results of a
    // search over one app or several (Find's quick pick).
    entry: 'src/goto/index.ts',
    out: 'goto',
    request: '../goto',
    loader: 'src/commands/goto.ts',
    own: ['src/goto/', 'src/tree/reveal.ts', 'src/api/searchAll.ts'],
  },
  {
    // Setting accounts up: credentials, Add/Rename/Remove Account, base URL, sandbox, protection.
    entry: 'src/setup/index.ts',
    out: 'setup',
    request: '../setup',
    loader: 'src/commands/setup.ts',
    own: ['src/setup/'],
  },
  {
    // Pinned bindings read again, Pin Binding and Unpin Binding.
    entry: 'src/pins/index.ts',
    out: 'pins',
    request: '../pins',
    loader: 'src/tree/pinsLazy.ts',
    own: ['src/pins/'],
  },
];
const isOwn = (lazy, rel) => lazy.own.some((o) => (o.endsWith('/') ? rel.startsWith(o) : rel === o));
const fileOf = (dir, spec) => {
  const abs = resolve(dir, spec);
  const file = [`${abs}.ts`, join(abs, 'index.ts'), abs].find((f) => existsSync(f) && statSync(f).isFile());
  return file && relative(root, file).split(sep).join('/');
};

// In the extension's bundle: each loader's require of its lazy bundle stays a require of dist/<out>.js.
const lazyApart = {
  name: 'lazy-apart',
  setup(build) {
    for (const lazy of LAZY) {
      const filter = new RegExp(`^${lazy.request.replace(/[.]/g, '\\.')}$`);
      build.onResolve({ filter }, (args) => (args.importer.endsWith(join(...lazy.loader.split('/'))) ? { path: `./${lazy.out}.js`, external: true } : undefined));
    }
  },
};

// In a lazy bundle: its own files are bundled, every other module of src/ is the extension's
// instance from SHARED.
function lazyShared(lazy) {
  return {
    name: `lazy-shared-${lazy.out}`,
    setup(build) {
      const registry = readFileSync(join(root, lazy.loader), 'utf8');
      const ownFiles = listTs('src').map((f) => f.split(sep).join('/')).filter((f) => isOwn(lazy, f));
      // Every name an own file imports (not as a type) from a shared module must be in its SHARED entry.
      const problems = [];
      for (const own of ownFiles) {
        const src = readFileSync(join(root, own), 'utf8');
        for (const m of src.matchAll(/^import \{([^}]*)\} from '(\.[^']*)';/gm)) {
          const rel = fileOf(dirname(join(root, own)), m[2]);
          if (!rel || isOwn(lazy, rel)) continue;
          const entry = new RegExp(`'${rel.replace(/[.]/g, '\\.')}': \\{([^}]*)\\}`).exec(registry)?.[1] ?? '';
          for (const spec of m[1].split(',').map((x) => x.trim()).filter((x) => x && !x.startsWith('type '))) {
            const name = spec.split(/\s+as\s+/)[0];
            if (!new RegExp(`\\b${name}\\b`).test(entry)) problems.push(`${own} imports ${name} from ${rel}: add it to SHARED in ${lazy.loader}`);
          }
        }
      }
      build.onStart(() => (problems.length ? { errors: problems.map((text) => ({ text })) } : undefined));
      build.onResolve({ filter: /^\./ }, (args) => {
        if (args.namespace !== 'file') return undefined;
        const rel = fileOf(args.resolveDir, args.path);
        if (!rel || !rel.startsWith('src/') || isOwn(lazy, rel)) return undefined;
        if (!registry.includes(`'${rel}':`)) return { errors: [{ text: `dist/${lazy.out}.js imports ${rel}: add it to SHARED in ${lazy.loader} (or to its own files in LAZY, scripts/build.mjs)` }] };
        return { path: rel, namespace: 'extension-module' };
      });
      build.onLoad({ filter: /.*/, namespace: 'extension-module' }, (args) => ({
        contents: `const m = globalThis[Symbol.for('laafficPns.shared.${lazy.out}')]?.[${JSON.stringify(args.path)}];\nif (!m) throw new Error(${JSON.stringify(`dist/${lazy.out}.js: the extension did not hand over ${args.path}`)});\nmodule.exports = m;\n`,
        loader: 'js',
      }));
    },
  };
}

const common = {
  // Non-ASCII text (the vendor's status table in Chinese) as UTF-8, not as \uXXXX escapes (6
  // bytes a character): Node and VS Code read the bundles as UTF-8.
  charset: 'utf8',
  plugins: [nodeFetchExtras],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { LAAFFIC_PNS_TEST_BUILD: 'true' },
};

// Outputs are overwritten in place, not wiped first, so that a build never pulls files from
// under a test run that is reading them. `npm run clean` removes them.
if (process.argv.includes('--clean')) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'out'), { recursive: true, force: true });
}
mkdirSync(dist, { recursive: true });

const products = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/api/index.ts', out: 'api' },
  { in: 'src/sandbox/bin.ts', out: 'sandbox' },
  { in: 'src/sandbox/embedded.ts', out: 'sandbox-host' },
  { in: 'src/display/phoneLib.ts', out: 'phoneLib' },
  { in: 'src/export/worker.ts', out: 'exportWorker' },
];

// Each lazy bundle is built on its own, with its own files only (see LAZY).
const groups = [
  { list: products, plugins: [...common.plugins, phoneLibApart, lazyApart] },
  ...LAZY.map((lazy) => ({
    list: [{ in: lazy.entry, out: lazy.out }],
    plugins: [...common.plugins, lazyShared(lazy), ...(lazy.plugins ?? [])],
    lazy,
  })),
];

// With --dist, each lazy bundle's esbuild metafile goes to <dir>/meta/<out>.json: the unit test
// checks from it which modules of src/ the bundle holds.
const writeMeta = (lazy, result) => {
  if (!lazy || !distArg) return;
  mkdirSync(join(dist, 'meta'), { recursive: true });
  writeFileSync(join(dist, 'meta', `${lazy.out}.json`), JSON.stringify(result.metafile));
};

for (const { list, plugins, lazy } of groups) {
  const group = { ...common, entryPoints: list.map((p) => ({ in: p.in, out: p.out })), outdir: dist, external: ['vscode'], plugins, metafile: true };
  if (!production) {
    const result = await esbuild.build({ ...group, sourcemap: 'linked' });
    writeMeta(lazy, result);
    continue;
  }
  // One minified build: the code goes to dist/ without a sourceMappingURL comment, its maps to
  // out/maps/*.js.map (outside the .vsix: .vscodeignore ships only the bundles, the lazy ones of
  // LAZY included, and dist/webview/*.js), with their `sources` rewritten to be relative to out/maps/.
  const result = await esbuild.build({ ...group, define: { LAAFFIC_PNS_TEST_BUILD: 'false' }, minify: true, sourcemap: 'external', write: false });
  writeMeta(lazy, result);
  const mapsDir = distArg ? join(dist, 'maps') : join(root, 'out/maps');
  mkdirSync(mapsDir, { recursive: true });
  for (const file of result.outputFiles) {
    if (file.path.endsWith('.map')) {
      const map = JSON.parse(file.text);
      map.sources = map.sources.map((s) => relative(mapsDir, resolve(dirname(file.path), s)));
      writeFileSync(join(mapsDir, basename(file.path)), JSON.stringify(map));
    } else {
      writeFileSync(file.path, file.contents);
    }
  }
  // Maps of an earlier development build would no longer match the minified code.
  // Copies of the code that earlier versions of this script wrote to out/maps/ go too.
  for (const p of list) {
    rmSync(join(dist, `${p.out}.js.map`), { force: true });
    rmSync(join(mapsDir, `${p.out}.js`), { force: true });
  }
}

// The panels' browser code (details: a binding; calls: an app's or a middle number's calls):
// their own bundles, for the browser, no Node built-ins. Only the development build's pages tell
// the tests' probe what they drew (LAAFFIC_PNS_TEST_BUILD).
await esbuild.build({
  entryPoints: [
    { in: 'src/webview-ui/details.ts', out: 'details' },
    { in: 'src/webview-ui/calls.ts', out: 'calls' },
    // The health dashboard, with the parts of Chart.js it registers (src/webview-ui/healthCharts.ts).
    { in: 'src/webview-ui/health.ts', out: 'health' },
  ],
  outdir: join(dist, 'webview'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: production,
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
  define: { LAAFFIC_PNS_TEST_BUILD: String(!production) },
});

const testEntries = [...listTs('test/unit'), ...listTs('test/integration'), ...listTs('test/bench'), ...listTs('test/vsix')];
if (testEntries.length && !distArg) {
  await esbuild.build({
    ...common,
    entryPoints: testEntries.map((f) => ({ in: f, out: relative('test', f).replace(/\.ts$/, '') })),
    outdir: join(root, 'out/test'),
    external: ['vscode', 'mocha', 'typescript'],
    sourcemap: 'inline',
  });
  // A test whose source was deleted must not keep running from an old bundle.
  const built = new Set(testEntries.map((f) => join(root, 'out', f.replace(/\.ts$/, '.js'))));
  const stale = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? stale(join(dir, e.name)) : e.name.endsWith('.js') && !built.has(join(dir, e.name)) ? [join(dir, e.name)] : []));
  for (const f of stale(join(root, 'out/test'))) rmSync(f, { force: true });
}
