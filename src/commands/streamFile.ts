import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Runs `produce` with a stream into `uri` and resolves with its result once everything is on
 * disk. For a file: a temporary file beside the target, renamed into place only on success,
 * so a cancelled or failed export never leaves a half-written file where the user asked for
 * one (and never replaces an existing file with a partial one). Other URI schemes (a remote
 * file system) get the text collected and written through vscode.workspace.fs.
 */
export async function writeStreamed<T>(uri: vscode.Uri, produce: (out: NodeJS.WritableStream | ((chunk: string) => void)) => Promise<T>): Promise<T> {
  if (uri.scheme !== 'file') {
    const chunks: string[] = [];
    const result = await produce((chunk) => void chunks.push(chunk));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(chunks.join(''), 'utf8'));
    return result;
  }
  const target = uri.fsPath;
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const out = fs.createWriteStream(tmp, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  try {
    await opened;
    const result = await produce(out);
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    await fs.promises.rename(tmp, target);
    return result;
  } catch (e) {
    out.destroy();
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
