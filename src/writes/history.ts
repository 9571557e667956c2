/**
 * The history of every write (each Bind and Unbind attempt), in the extension's global storage:
 * one JSON object a line (`write-history.jsonl`), appended, at most HISTORY_CAP entries (the
 * oldest go). Never a secret and never a full phone: phones arrive masked and are masked again
 * here should one not be. No vscode import: the commands hand it the folder.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvCell } from '../api';
import { safeText } from '../api/safe';

export const HISTORY_FILE = 'write-history.jsonl';
/** Entries kept; the file is cut back to this when it has a tenth more. */
export const HISTORY_CAP = 5000;

export type WriteKind = 'bind' | 'unbind';
/**
 * done: the vendor said it was done; already-gone: an unbind the vendor answered "does not exist"
 * (-24); failed: the vendor refused or the request never left (with `status` when the vendor gave
 * one); unknown: sent, and no answer says whether it happened.
 */
export type WriteOutcome = 'done' | 'already-gone' | 'failed' | 'unknown';
export const WRITE_OUTCOMES: readonly WriteOutcome[] = Object.freeze(['done', 'already-gone', 'failed', 'unknown']);

export interface WriteEntry {
  /** ISO time (UTC) the attempt ended. */
  at: string;
  kind: WriteKind;
  accountId: string;
  accountName: string;
  appId: string;
  /** The binding made or removed (a bind whose outcome is not known has none). */
  bindId?: string;
  /** Masked, as "+91 74•••• 3233". */
  phoneA: string;
  phoneB: string;
  outcome: WriteOutcome;
  /** The vendor's status code when it gave one ("0", "-24", …) or the HTTP status. */
  status?: string;
  /** What went wrong, in one safe line (no key, secret or Sign). */
  message?: string;
  /** The run a write belongs to when several were made at once (bulk Unbind). */
  batch?: string;
}

const MAX_FIELD = 200;

/** A phone with at most its last four digits in a row: whatever came in, no full number is written. */
export function maskedForHistory(phone: string): string {
  const text = safeText(phone, { max: 40 });
  const digits = text.replace(/\D/g, '');
  // Masked numbers keep a few digits (calling code, two leading, four last): never 5 or more in a row.
  if (!/\d{5,}/.test(text.replace(/[\s-]/g, ''))) return text;
  return digits.length <= 4 ? digits : `${'•'.repeat(Math.min(digits.length - 4, 12))}${digits.slice(-4)}`;
}

/** The entry as written: every text field one safe line, phones masked. */
export function cleanEntry(e: WriteEntry): WriteEntry {
  const s = (v: string) => safeText(v, { max: MAX_FIELD });
  const out: WriteEntry = {
    at: s(e.at),
    kind: e.kind === 'unbind' ? 'unbind' : 'bind',
    accountId: s(e.accountId),
    accountName: s(e.accountName),
    appId: s(e.appId),
    phoneA: maskedForHistory(e.phoneA),
    phoneB: maskedForHistory(e.phoneB),
    outcome: WRITE_OUTCOMES.includes(e.outcome) ? e.outcome : 'unknown',
  };
  if (e.bindId) out.bindId = s(e.bindId);
  if (e.status !== undefined && e.status !== '') out.status = s(e.status);
  if (e.message) out.message = s(e.message);
  if (e.batch) out.batch = s(e.batch);
  return out;
}

/** One line of the file, or undefined when it is not an entry (a torn or foreign line is skipped). */
export function parseEntry(line: string): WriteEntry | undefined {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!o || typeof o !== 'object') return undefined;
  const r = o as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  const at = str('at');
  const kind = str('kind');
  const outcome = str('outcome');
  if (!at || Number.isNaN(Date.parse(at)) || (kind !== 'bind' && kind !== 'unbind') || !WRITE_OUTCOMES.includes(outcome as WriteOutcome)) return undefined;
  return cleanEntry({
    at,
    kind,
    accountId: str('accountId') ?? '',
    accountName: str('accountName') ?? '',
    appId: str('appId') ?? '',
    bindId: str('bindId'),
    phoneA: str('phoneA') ?? '',
    phoneB: str('phoneB') ?? '',
    outcome: outcome as WriteOutcome,
    status: str('status'),
    message: str('message'),
    batch: str('batch'),
  });
}

/** The history file of one folder (the extension's global storage). Appends are written one after another. */
export class WriteHistory {
  readonly file: string;
  #queue: Promise<unknown> = Promise.resolve();
  /** Lines in the file as far as this window knows (undefined: not counted yet). */
  #lines: number | undefined;

  constructor(
    readonly dir: string,
    readonly cap = HISTORY_CAP,
  ) {
    this.file = join(dir, HISTORY_FILE);
  }

  /** Appends one entry (made safe first); resolves when it is on disk. */
  append(entry: WriteEntry): Promise<void> {
    const line = `${JSON.stringify(cleanEntry(entry))}\n`;
    const run = this.#queue.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(this.file, line, 'utf8');
      this.#lines = this.#lines === undefined ? await this.#count() : this.#lines + 1;
      if (this.#lines > this.cap + Math.ceil(this.cap / 10)) await this.#cut();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Every entry, newest first. */
  async read(): Promise<WriteEntry[]> {
    await this.#queue;
    const text = await this.#text();
    const out: WriteEntry[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const e = parseEntry(line);
      if (e) out.push(e);
    }
    return out.reverse();
  }

  async #text(): Promise<string> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw e;
    }
  }

  async #count(): Promise<number> {
    return (await this.#text()).split('\n').filter((l) => l.trim()).length;
  }

  /** Keeps the newest `cap` lines (written aside, then renamed over the file). */
  async #cut(): Promise<void> {
    const lines = (await this.#text()).split('\n').filter((l) => l.trim());
    const kept = lines.slice(-this.cap);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, kept.map((l) => `${l}\n`).join(''), 'utf8');
    await rename(tmp, this.file);
    this.#lines = kept.length;
  }
}

/** The columns of an exported history, in order. */
export const HISTORY_COLUMNS = ['time', 'kind', 'outcome', 'status', 'account', 'accountId', 'appId', 'bindId', 'phoneA', 'phoneB', 'message', 'batch'] as const;

/** Entries as CSV (RFC 4180, CRLF), each cell through the exports' own csvCell (formulas neutralised). */
export function historyCsv(entries: readonly WriteEntry[]): string {
  const rows = entries.map((e) => [e.at, e.kind, e.outcome, e.status ?? '', e.accountName, e.accountId, e.appId, e.bindId ?? '', e.phoneA, e.phoneB, e.message ?? '', e.batch ?? '']);
  return [[...HISTORY_COLUMNS], ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
