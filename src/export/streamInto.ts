/**
 * Writing a new file as a stream (no vscode import: the export's worker uses it too).
 */
import * as fs from 'node:fs';

/**
 * Creates `file` (it must not exist) with `mode`, runs `produce` with a stream into it and
 * resolves with its result once everything is written and the file closed. On any failure the
 * stream is destroyed (the caller removes the file).
 */
export async function streamInto<T>(file: string, mode: number, produce: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> {
  const out = fs.createWriteStream(file, { encoding: 'utf8', flags: 'wx', mode });
  try {
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    const result = await produce(out);
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    return result;
  } catch (e) {
    await new Promise<void>((resolve) => {
      if (out.closed) resolve();
      else out.destroy().once('close', () => resolve());
    });
    throw e;
  }
}
