// Builds everything with esbuild:
//   dist/extension.js  the extension (vscode external)
//   dist/api.js        the core client as a standalone CommonJS module for plain Node
//   dist/sandbox.js    the local Laaffic sandbox (module + CLI)
//   out/test/**        unit tests, integration suite and benchmarks, bundled so that
//                      node-fetch (ESM only) and TypeScript need no loader at test time.
// --production minifies and keeps source maps out of dist/ (they go to out/maps/).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const production = process.argv.includes('--production');

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

// fetch-blob (under node-fetch) falls back to web-streams-polyfill only where
// globalThis.ReadableStream is missing, which never happens on Node >= 18; leaving it out
// saves ~60 KB of the extension bundle.
const noStreamsPolyfill = {
  name: 'no-web-streams-polyfill',
  setup(build) {
    build.onResolve({ filter: /^web-streams-polyfill(\/|$)/ }, (args) => ({ path: args.path, namespace: 'no-polyfill' }));
    build.onLoad({ filter: /.*/, namespace: 'no-polyfill' }, () => ({
      contents: "throw new Error('web-streams-polyfill is not bundled: Node >= 18 has ReadableStream built in');",
      loader: 'js',
    }));
  },
};

const common = {
  plugins: [noStreamsPolyfill],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  absWorkingDir: root,
};

// Outputs are overwritten in place, not wiped first, so that a build never pulls files from
// under a test run that is reading them. `npm run clean` removes them.
if (process.argv.includes('--clean')) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'out'), { recursive: true, force: true });
}
mkdirSync(join(root, 'dist'), { recursive: true });

const products = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/api/index.ts', out: 'api' },
  { in: 'src/sandbox/bin.ts', out: 'sandbox' },
];

await esbuild.build({
  ...common,
  entryPoints: products.map((p) => ({ in: p.in, out: p.out })),
  outdir: join(root, production ? 'out/maps' : 'dist'),
  external: ['vscode'],
  minify: production,
  sourcemap: production ? false : 'linked',
  write: true,
});
if (production) {
  // Minified code in dist/, its maps in out/maps/ (never packaged).
  await esbuild.build({
    ...common,
    entryPoints: products.map((p) => ({ in: p.in, out: p.out })),
    outdir: join(root, 'dist'),
    external: ['vscode'],
    minify: true,
    sourcemap: false,
  });
}

// The details panel's browser code: its own bundle, for the browser, no Node built-ins.
await esbuild.build({
  entryPoints: [{ in: 'src/webview-ui/details.ts', out: 'details' }],
  outdir: join(root, 'dist/webview'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: production,
  sourcemap: false,
  logLevel: 'warning',
  absWorkingDir: root,
});

const testEntries = [...listTs('test/unit'), ...listTs('test/integration'), ...listTs('test/bench')];
if (testEntries.length) {
  await esbuild.build({
    ...common,
    entryPoints: testEntries.map((f) => ({ in: f, out: relative('test', f).replace(/\.ts$/, '') })),
    outdir: join(root, 'out/test'),
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
  });
}
