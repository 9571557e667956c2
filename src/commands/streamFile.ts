import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Creates the new file `file` (flags 'wx') with `mode` and resolves once it is written and closed. */
export type FileProducer<T> = (file: string, mode: number) => Promise<T>;

/**
 * The path on this machine of `uri`, or undefined when only VS Code can reach it. A
 * `vscode-remote` URI of this window's remote is a path here when the extension runs on that
 * remote (`remote`: in the remote extension host, as a workspace extension does).
 */
export function pathHere(uri: vscode.Uri, remote: boolean): string | undefined {
  if (uri.scheme === 'file') return uri.fsPath;
  if (uri.scheme === 'vscode-remote' && remote && uri.authority === remoteAuthority()) return uri.fsPath;
  return undefined;
}

/**
 * The window's remote authority. `env.remoteAuthority` is not in the stable API's types and VS
 * Code may refuse it (proposed API): then undefined, and such a URI takes the copy path.
 */
function remoteAuthority(): string | undefined {
  try {
    return (vscode.env as { remoteAuthority?: string }).remoteAuthority;
  } catch {
    return undefined;
  }
}

/**
 * Has `produce` create and write a new file at the path it is given, with the mode it is given
 * (in this thread or another), then puts that file at `uri`. A path here: the file is a
 * temporary one beside the target, renamed into place only on success. Any other file system:
 * a temporary file in the OS's temp folder, then copied to the target through VS Code
 * (workspace.fs.copy, which never hands the file to this code whole). Either way a cancelled or
 * failed export never leaves a half-written file where the user asked for one, nor replaces an
 * existing file with a partial one, and the temporary file is removed.
 */
export async function writeThroughFile<T>(uri: vscode.Uri, remote: boolean, produce: FileProducer<T>): Promise<T> {
  const target = pathHere(uri, remote);
  if (target !== undefined) return intoFile(path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.part`), 0o666, produce, (tmp) => fs.promises.rename(tmp, target));
  // In a shared temp folder: readable by this user only (the file holds full phone numbers).
  const tmp = path.join(os.tmpdir(), `laaffic-pns-export-${randomBytes(6).toString('hex')}.part`);
  try {
    return await intoFile(tmp, 0o600, produce, () => vscode.workspace.fs.copy(vscode.Uri.file(tmp), uri, { overwrite: true }));
  } finally {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Has `produce` write the new file `tmp`, then `finish`es it; on any failure `tmp` is removed. */
async function intoFile<T>(tmp: string, mode: number, produce: FileProducer<T>, finish: (tmp: string) => Thenable<void>): Promise<T> {
  try {
    const result = await produce(tmp, mode);
    await finish(tmp);
    return result;
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
