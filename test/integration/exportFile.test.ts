// Export to a file on every kind of file system, in a real VS Code (code-server), against a
// sandbox in a child process: streamed to a path here (a `vscode-remote` URI of this window is
// one), or through a temporary file and workspace.fs.copy for any other file system; never the
// whole file in the extension host's memory, never a partial file where the user asked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { PnsAbortError, PnsClient, exportBindings } from '../../src/api';
import { pathHere, writeThroughFile } from '../../src/commands/streamFile';
import { streamInto } from '../../src/export/streamInto';
import type { AppNode } from '../../src/tree/nodes';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';
import { csvSummary, peakRssDuring, startSandboxProcess, type SandboxProcess } from './exportProbe';

/** Bindings in the sandbox: enough that holding the file (~25 MB of CSV) shows in the host's memory. */
const N = 150_000;
/**
 * The bound on the extension host's peak resident memory growth while exporting N bindings.
 * The export runs in a worker thread whose heap has fixed limits (EXPORT_WORKER_LIMITS), so the
 * growth hardly depends on N. Measured in code-server on 2 cores (shared): 63-77 MB at 150,000
 * bindings, 86-123 MB at 1,000,000 (npm run bench); streamed in the extension host's own thread (before the worker),
 * 137-151 MB at 150,000 (the garbage of node-fetch and of the parsed pages, which V8 lets the
 * host's young generation grow for); the whole file held in memory, about 450 MB.
 */
const MAX_GROWTH_MB = 110;

/** An in-memory file system under a scheme of its own: what the extension host cannot reach as a path. */
class MemFs implements vscode.FileSystemProvider {
  readonly files = new Map<string, Uint8Array>();
  /** Per writeFile: the size written and the export temp files in the OS temp folder at that moment. */
  readonly writes: Array<{ path: string; size: number; tempFiles: Array<{ name: string; size: number; mode: number }> }> = [];
  failWrites = false;
  readonly #changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.#changed.event;
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: f.byteLength };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [...this.files.keys()].map((p) => [p.slice(1), vscode.FileType.File]);
  }
  createDirectory(): void {}
  readFile(uri: vscode.Uri): Uint8Array {
    const f = this.files.get(uri.path);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.writes.push({ path: uri.path, size: content.byteLength, tempFiles: exportTempFiles() });
    if (this.failWrites) throw vscode.FileSystemError.NoPermissions(uri);
    this.files.set(uri.path, content);
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(from: vscode.Uri, to: vscode.Uri): void {
    const f = this.readFile(from);
    this.files.delete(from.path);
    this.files.set(to.path, f);
  }
}

/** The export's temporary files in the OS temp folder. */
function exportTempFiles(): Array<{ name: string; size: number; mode: number }> {
  return fs
    .readdirSync(os.tmpdir())
    .filter((f) => /^laaffic-pns-export-.*\.part$/.test(f))
    .map((name) => {
      const st = fs.statSync(path.join(os.tmpdir(), name));
      return { name, size: st.size, mode: st.mode & 0o777 };
    });
}

suite('Export to a file: streamed on every file system', () => {
  let sb: SandboxProcess;
  let ext: TestApi;
  let client: PnsClient;
  const memFs = new MemFs();
  const scheme = 'laaffic-test-mem';
  let registration: vscode.Disposable | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-export-file-'));
  const tempsBefore = new Set(exportTempFiles().map((f) => f.name));
  const newTemps = () => exportTempFiles().filter((f) => !tempsBefore.has(f.name));
  const partsBeside = () => fs.readdirSync(dir).filter((f) => f.endsWith('.part'));
  const app = async () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appId));

  async function exportTo(file: vscode.Uri): Promise<{ count: number } | undefined> {
    const node = await app();
    ext.ui.answer('All bindings', file);
    return vscode.commands.executeCommand('laafficPns.exportBindings', node);
  }

  suiteSetup(async function () {
    this.timeout(120_000);
    sb = await startSandboxProcess(N);
    client = new PnsClient({ baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, timeoutMs: 30_000 });
    registration = vscode.workspace.registerFileSystemProvider(scheme, memFs);
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: sb.appId, label: 'Big' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    client?.dispose();
    registration?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a vscode-remote URI of this window is streamed to the file: every binding once, the file never held in the host\'s memory', async function () {
    this.timeout(300_000);
    const authority = (vscode.env as { remoteAuthority?: string }).remoteAuthority;
    const file = path.join(dir, 'big.csv');
    // code-server (and every remote window) has a remote authority; desktop VS Code without a
    // remote (npm run test:electron) has none: there the dialog's kind of URI, file:.
    const target = authority ? vscode.Uri.from({ scheme: 'vscode-remote', authority, path: file }) : vscode.Uri.file(file);
    if (authority) {
      // This window's remote is this machine (the extension runs there); another remote is not.
      assert.equal(pathHere(target, true), file);
      assert.equal(pathHere(target.with({ authority: `other-${authority}` }), true), undefined);
      assert.equal(pathHere(target, false), undefined, 'an extension running in the UI host read a remote path as its own');
    }
    const m = await peakRssDuring(() => exportTo(target));
    console.log(`      export of ${N.toLocaleString('en')} bindings to ${target.scheme}://…: extension host rss ${m.beforeMb.toFixed(0)} MB before, peak +${m.growthMb.toFixed(1)} MB (${m.how})`);
    assert.equal(m.result?.count, sb.count);
    const csv = await csvSummary(file);
    assert.deepEqual(csv, { rows: sb.count, distinct: sb.count, checksum: sb.checksum });
    assert.deepEqual(partsBeside(), [], 'a temporary file was left beside the target');
    assert.deepEqual(newTemps(), [], 'a temporary file was left in the temp folder');
    assert.ok(m.growthMb <= MAX_GROWTH_MB, `the extension host's resident memory grew by ${m.growthMb.toFixed(1)} MB during the export (bound ${MAX_GROWTH_MB} MB): the export's garbage grew the host's own heap, or the file was held in memory`);
  });

  test('another file system gets the file through a temporary file and workspace.fs.copy', async function () {
    this.timeout(300_000);
    const target = vscode.Uri.from({ scheme, path: '/big.csv' });
    const res = await exportTo(target);
    assert.equal(res?.count, sb.count);
    const content = memFs.files.get('/big.csv');
    assert.ok(content, 'nothing was written to the file system');
    const copy = path.join(dir, 'copy.csv');
    fs.writeFileSync(copy, content);
    assert.deepEqual(await csvSummary(copy), { rows: sb.count, distinct: sb.count, checksum: sb.checksum });
    // While VS Code wrote the target, the whole text was in a temporary file of the export.
    const write = memFs.writes.find((w) => w.path === '/big.csv')!;
    const temp = write.tempFiles.find((t) => t.size === content.byteLength);
    assert.ok(temp, `no temporary file of ${content.byteLength} bytes while the target was written: ${JSON.stringify(write.tempFiles)}`);
    assert.equal(temp.mode, 0o600, 'the temporary file (full phone numbers, in a shared folder) is readable by others');
    assert.deepEqual(newTemps(), [], 'the temporary file was left behind');
  });

  /** writeThroughFile with the file written in this thread (the Export command writes it in its worker). */
  const writeStreamed = <T>(target: vscode.Uri, produce: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> =>
    writeThroughFile(target, true, (file, mode) => streamInto(file, mode, produce));

  /** An export through the engine into a file that is cancelled after its first pages. */
  function cancelledExport(target: vscode.Uri): Promise<unknown> {
    const ac = new AbortController();
    return writeStreamed(target, (out) => exportBindings(client, { appId: sb.appId, format: 'csv', out, signal: ac.signal, onProgress: (p) => void (p.pages >= 3 && ac.abort()) }));
  }

  test('a cancelled export leaves no file, no temporary file, and an existing file untouched', async function () {
    this.timeout(120_000);
    const existing = path.join(dir, 'existing.csv');
    fs.writeFileSync(existing, 'keep me\n');
    for (const target of [vscode.Uri.file(existing), vscode.Uri.file(path.join(dir, 'new.csv')), vscode.Uri.from({ scheme, path: '/cancelled.csv' })]) {
      await assert.rejects(cancelledExport(target), PnsAbortError, target.toString());
      assert.deepEqual(partsBeside(), [], `a temporary file was left beside ${target.toString()}`);
      assert.deepEqual(newTemps(), [], `a temporary file was left for ${target.toString()}`);
    }
    assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me\n');
    assert.equal(fs.existsSync(path.join(dir, 'new.csv')), false);
    assert.equal(memFs.files.has('/cancelled.csv'), false);
  });

  test('a failed copy to another file system leaves no temporary file and says why', async function () {
    this.timeout(120_000);
    memFs.failWrites = true;
    try {
      const target = vscode.Uri.from({ scheme, path: '/refused.csv' });
      await assert.rejects(
        writeStreamed(target, async (out) => void out.write('bindId\r\n1\r\n')),
        (e: Error) => /NoPermissions|permission/i.test(`${e.name} ${e.message}`),
      );
      assert.ok(memFs.writes.some((w) => w.path === '/refused.csv'), 'the copy was never tried');
      assert.equal(memFs.files.has('/refused.csv'), false);
      assert.deepEqual(newTemps(), [], 'the temporary file was left behind');
    } finally {
      memFs.failWrites = false;
    }
  });
});
