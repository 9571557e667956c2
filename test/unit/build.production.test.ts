// What the .vsix's bundles hold: the production build (scripts/build.mjs --production, what
// `npm run package` runs) has none of the test API (test/support/testApi.ts: the doubles that answer the
// extension's modals and the exports that hand out every account's secret), and its pages tell the
// tests' probe nothing (PageReport), while the development build the integration suite runs has
// both. Both are built here into a temporary folder.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
/** Texts of test/support/testApi.ts that no other source file has (checked below), so each marks its code. */
const MARKERS = ['is rejected by the input box', 'onDidCreateQuickPick', 'lastScopeRendered'];
/** Property names of the test API that activate() builds (src/extension.ts): minifying keeps them. */
const PARTS = ['globalStorageUri:', 'loadedAtActivation:', 'copies:'];
/** A page's report to the tests' probe (src/shared/messages.ts PageReport), as posted. */
const REPORT = /type:\s*["'](rendered|callsRendered|scopeRendered|healthRendered)["']/g;
/** What a page reads back of itself only for a report (src/webview-ui/detailsParts.ts pageFacts, callsSection.ts). */
const READ_BACK = [':scope > p.banner', 'td.ended'];
/** The extension's side of the probe: what a panel hands it (src/webview/panelPage.ts). */
const PROBE_CALL = 'probe?.';
/**
 * The files of the bundles loaded on first use (dist/<name>.js); any other module of src/ they use
 * must be the extension's own instance, not a copy of it (scripts/build.mjs LAZY).
 */
const LAZY_OWN: Record<string, string[]> = {
  complaints: ['src/commands/complaints.ts', 'src/commands/callsByNumber.ts', 'src/commands/ticket.ts', 'src/webview/callsByPhone.ts', 'src/display/ticket.ts'],
  health: ['src/webview/health/', 'src/api/health/', 'src/shared/healthMessages.ts', 'src/shared/healthStrings.ts'],
  writes: ['src/writes/', 'src/shared/lifetime.ts'],
  filterAll: ['src/filterAll/'],
  goto: ['src/goto/', 'src/tree/reveal.ts', 'src/api/searchAll.ts'],
  setup: ['src/setup/'],
  pins: ['src/pins/'],
};
/** What src/api/errors.ts's PnsApiError is named at run time (kept by minifying): it marks a copy of the error classes. */
const ERROR_CLASS_NAME = "name = 'PnsApiError'";
/** dist/extension.js of the .vsix stays under this. */
const MAX_BYTES = 250_000;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('build: the production bundle has no test API', function () {
  // Two builds of the extension: a few seconds each, more on a busy machine.
  this.timeout(180_000);
  let tmp: string;
  let prod: string;
  let dev: string;
  /** dist/webview/<page>.js of each build. */
  const pages = { prod: new Map<string, string>(), dev: new Map<string, string>() };
  /** Each build's folder. */
  const dirs: Record<'prod' | 'dev', string> = { prod: '', dev: '' };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-build-'));
    const build = (dir: string, into: Map<string, string>, ...args: string[]) => {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), ...args, `--dist=${dir}`], { cwd: ROOT, stdio: 'pipe', timeout: 150_000 });
      for (const page of ['details', 'calls', 'health']) into.set(page, fs.readFileSync(path.join(dir, 'webview', `${page}.js`), 'utf8'));
      // The health dashboard's extension side, a bundle of its own (dist/health.js).
      into.set('health-extension', fs.readFileSync(path.join(dir, 'health.js'), 'utf8'));
      return fs.readFileSync(path.join(dir, 'extension.js'), 'utf8');
    };
    dirs.prod = path.join(tmp, 'prod');
    dirs.dev = path.join(tmp, 'dev');
    prod = build(dirs.prod, pages.prod, '--production');
    dev = build(dirs.dev, pages.dev);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the markers are texts of test/support/testApi.ts, and of no file in src/', () => {
    const testApi = fs.readFileSync(path.join(ROOT, 'test', 'support', 'testApi.ts'), 'utf8');
    for (const m of MARKERS) assert.ok(testApi.includes(m), `${m} is in test/support/testApi.ts`);
    for (const file of sources(path.join(ROOT, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of MARKERS) assert.ok(!text.includes(m), `${m} is not in ${path.relative(ROOT, file)}`);
    }
  });

  it('the development build (the integration suite) has the test API', () => {
    for (const m of [...MARKERS, ...PARTS]) assert.ok(dev.includes(m), `${m} in the development build`);
    assert.ok(dev.includes("process.env.LAAFFIC_PNS_TEST !== '1'") || dev.includes('process.env.LAAFFIC_PNS_TEST !== "1"'), 'the switch that turns it on');
  });

  it('the production build (the .vsix) has none of it, not even the switch, and stays small', () => {
    for (const m of [...MARKERS, ...PARTS]) assert.ok(!prod.includes(m), `${m} is not in the production build`);
    assert.ok(!prod.includes('LAAFFIC_PNS_TEST'), 'no LAAFFIC_PNS_TEST switch');
    const bytes = Buffer.byteLength(prod);
    assert.ok(bytes < MAX_BYTES, `dist/extension.js is ${bytes} bytes (at most ${MAX_BYTES})`);
  });

  it("the development build's pages report to the tests' probe, and its extension hands the reports on", () => {
    const reports = (js: string) => new Set([...js.matchAll(REPORT)].map((m) => m[1]));
    assert.deepEqual([...reports(pages.dev.get('details')!)].sort(), ['callsRendered', 'rendered']);
    assert.deepEqual([...reports(pages.dev.get('calls')!)].sort(), ['callsRendered', 'scopeRendered']);
    assert.deepEqual([...reports(pages.dev.get('health')!)].sort(), ['healthRendered']);
    assert.ok(pages.dev.get('health-extension')!.includes(PROBE_CALL), 'the dashboards call their probe');
    for (const m of READ_BACK) assert.ok(pages.dev.get('details')!.includes(m), `${m} in the development details.js`);
    assert.ok(dev.includes(PROBE_CALL), 'the panels call their probe');
  });

  it("the production build's pages report nothing, and its extension has no probe calls", () => {
    for (const [page, js] of pages.prod) {
      assert.deepEqual([...js.matchAll(REPORT)].map((m) => m[0]), [], `reports in the production ${page}.js`);
      for (const m of READ_BACK) assert.ok(!js.includes(m), `${m} in the production ${page}.js`);
      assert.ok(!js.includes('LAAFFIC_PNS_TEST_BUILD'), `${page}.js: the constant is defined`);
    }
    assert.ok(!prod.includes(PROBE_CALL), 'a probe call in the production extension');
    assert.ok(!pages.prod.get('health-extension')!.includes(PROBE_CALL), 'a probe call in the production dist/health.js');
    for (const r of ['rendered', 'callsRendered', 'scopeRendered']) assert.ok(!prod.includes(`"${r}"`), `"${r}" in the production extension`);
  });

  it('no lazy bundle (dist/health.js, dist/writes.js, …) has a copy of the error classes: the errors of the extension\'s client are theirs', () => {
    const errors = fs.readFileSync(path.join(ROOT, 'src', 'api', 'errors.ts'), 'utf8');
    assert.ok(errors.includes(ERROR_CLASS_NAME), `src/api/errors.ts has ${ERROR_CLASS_NAME}`);
    const named = /name\s*=\s*["']PnsApiError["']/;
    assert.ok(named.test(prod), 'the extension has the error classes');
    for (const [kind, dir] of Object.entries(dirs)) {
      for (const name of Object.keys(LAZY_OWN)) {
        const js = fs.readFileSync(path.join(dir, `${name}.js`), 'utf8');
        assert.ok(!named.test(js), `the ${kind} dist/${name}.js defines its own PnsApiError`);
      }
    }
  });

  it('every lazy bundle holds only its own files of src/ and no copy of node-fetch (the rest is the extension\'s instance)', () => {
    const own = (name: string, file: string) => LAZY_OWN[name].some((o) => (o.endsWith('/') ? file.startsWith(o) : file === o));
    for (const [kind, dir] of Object.entries(dirs)) {
      for (const name of Object.keys(LAZY_OWN)) {
        // The bundle's esbuild metafile (written with --dist): the files it holds, by path from the root.
        const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta', `${name}.json`), 'utf8')) as { inputs: Record<string, unknown> };
        const files = Object.keys(meta.inputs).filter((f) => f.startsWith('src/'));
        assert.ok(files.some((f) => own(name, f)), `the ${kind} dist/${name}.js holds its own files`);
        assert.deepEqual(files.filter((f) => !own(name, f)), [], `copies of the extension's modules in the ${kind} dist/${name}.js`);
        // The HTTP client is the extension's too (src/api/nodeFetch.ts), never a second copy.
        assert.deepEqual(Object.keys(meta.inputs).filter((f) => f.includes('node_modules/node-fetch')), [], `a copy of node-fetch in the ${kind} dist/${name}.js`);
      }
    }
  });
});
