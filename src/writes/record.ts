import type { CommandContext } from '../commands/context';
import { WriteHistory, type WriteEntry } from './history';

let history: { dir: string; history: WriteHistory } | undefined;

/** The window's write history (in the extension's global storage). */
export function writeHistory(c: CommandContext): WriteHistory {
  const dir = c.extension.globalStorageUri.fsPath;
  if (history?.dir !== dir) history = { dir, history: new WriteHistory(dir) };
  return history.history;
}

/**
 * Appends one write attempt to the history. A history that cannot be written is logged, never
 * allowed to hide the write's own outcome.
 */
export async function recordWrite(c: CommandContext, entry: Omit<WriteEntry, 'at'> & { at?: string }): Promise<void> {
  try {
    await writeHistory(c).append({ ...entry, at: entry.at ?? new Date().toISOString() });
  } catch (e) {
    c.log.warn(`Write history: could not append (${(e as Error).message}).`);
  }
}
