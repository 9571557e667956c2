import { PnsOutcomeUnknownError } from '../api';
import { maskKnownPhones } from '../display/phone';
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
    // A vendor's text may quote a number: every phone A or B seen is masked in it (the store masks the phone fields).
    const message = entry.message === undefined ? undefined : maskKnownPhones(entry.message);
    await writeHistory(c).append({ ...entry, message, at: entry.at ?? new Date().toISOString() });
  } catch (e) {
    c.log.warn(`Write history: could not append (${(e as Error).message}).`);
  }
}

/**
 * How a write that threw is recorded: unknown when it was sent and not answered, else failed with
 * the vendor's (or HTTP) status; undefined when the client refused to build the request (bad
 * settings or input: PnsValidationError), which never left and is no write.
 */
export function failureOf(e: unknown): Pick<WriteEntry, 'outcome' | 'status' | 'message'> | undefined {
  const err = e as { name?: string; status?: unknown; httpStatus?: unknown; message?: unknown };
  if (err?.name === 'PnsValidationError') return undefined;
  const status = typeof err?.status === 'string' ? err.status : typeof err?.httpStatus === 'number' ? String(err.httpStatus) : undefined;
  return { outcome: e instanceof PnsOutcomeUnknownError ? 'unknown' : 'failed', status, message: typeof err?.message === 'string' ? err.message : String(e) };
}
