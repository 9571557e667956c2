/**
 * The account list without VS Code (accounts.ts wraps it; unit tests use in-memory stores).
 * Stored per user, nothing a workspace can change: globalState `laafficPns.accounts` holds ids,
 * names, host approvals and the base URL and apps of accounts added with Add Account…; each
 * account's `{ apiKey, apiSecret, origin? }` is one SecretStorage value. The settings account
 * keeps its base URL and apps in the settings laafficPns.baseUrl and laafficPns.apps.
 */
import { randomBytes } from 'node:crypto';
import { parseAppList, type AppEntry } from '../config/parse';

export type HostAnswer = 'allow' | 'deny';

/**
 * How carefully writes (Bind, Unbind) go on an account: 'none'; 'protected' (each write needs the
 * last four digits of phone A typed, a bulk one the count); 'readOnly' (no write is offered).
 */
export type Protection = 'none' | 'protected' | 'readOnly';
export const PROTECTIONS: readonly Protection[] = Object.freeze(['none', 'protected', 'readOnly']);

export interface AccountRecord {
  /** Lower-case letters and digits; the key of its secret. */
  id: string;
  name: string;
  /** Its base URL and apps are the settings (the account migrated from the single-account layout; at most one). */
  settings?: true;
  baseUrl?: string;
  apps?: AppEntry[];
  /** Origins the user allowed or refused to receive this account's credentials. */
  approvals?: Record<string, HostAnswer>;
  /** Absent: 'none'. */
  protection?: Exclude<Protection, 'none'>;
}

export interface AccountsState {
  v: 1;
  accounts: AccountRecord[];
}

/** What an account's secret holds. */
export interface StoredCredentials {
  apiKey: string;
  apiSecret: string;
  /** The origin (scheme://host:port) they were entered for; absent when saved before origins were recorded. */
  origin?: string;
}

export const ACCOUNTS_KEY = 'laafficPns.accounts';
/** The single-account layout's keys, moved into the first account at start-up. */
export const LEGACY_SECRET_KEYS = Object.freeze({ apiKey: 'laafficPns.apiKey', apiSecret: 'laafficPns.apiSecret', origin: 'laafficPns.origin' });
export const LEGACY_APPROVALS_KEY = 'laafficPns.hostApprovals';
/** The name the migrated account gets (Rename Account… changes it). */
export const FIRST_ACCOUNT_NAME = 'Main';
/** Always the same, so that two windows starting at once migrate to the same list and secret key. */
export const FIRST_ACCOUNT_ID = 'main';
export const MAX_ACCOUNT_NAME = 40;

const ID = /^[a-z0-9]{4,32}$/;

/** The SecretStorage key of an account's credentials. */
export function secretKeyOf(id: string): string {
  return `laafficPns.credentials.${id}`;
}

export function isAccountId(v: unknown): v is string {
  return typeof v === 'string' && ID.test(v);
}

/** A fresh id: 10 random base-36 characters, not among `taken`. */
export function newAccountId(taken: Iterable<string>, random: () => string = () => BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(10, '0').slice(-10)): string {
  const used = new Set(taken);
  for (let i = 0; i < 100; i++) {
    const id = random();
    if (ID.test(id) && !used.has(id)) return id;
  }
  throw new Error('Could not find a free account id.');
}

/** Why `name` cannot be an account's name (trimmed), or undefined. `others`: the other accounts' names. */
export function validateAccountName(name: string, others: readonly string[]): string | undefined {
  const n = name.trim();
  if (n === '') return 'Enter a name for the account, e.g. Production.';
  if (n.length > MAX_ACCOUNT_NAME) return `Keep the name to ${MAX_ACCOUNT_NAME} characters.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(n)) return 'The name cannot contain line breaks or control characters.';
  if (/[[\]`<>*_\\]/.test(n)) return 'The name cannot contain [ ] ` < > * _ or \\.';
  if (others.some((o) => o.trim().toLowerCase() === n.toLowerCase())) return `There is already an account named ${n}.`;
  return undefined;
}

function parseApprovals(raw: unknown): Record<string, HostAnswer> {
  const out: Record<string, HostAnswer> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [k, a] of Object.entries(raw as Record<string, unknown>)) if (a === 'allow' || a === 'deny') out[k] = a;
  return out;
}

/**
 * The stored account list, checked: entries without a valid id or name, duplicates and a second
 * settings account are left out and said in `problems`. undefined: nothing usable is stored.
 */
export function parseAccountsState(raw: unknown, problems: string[] = []): AccountsState | undefined {
  if (!raw || typeof raw !== 'object' || (raw as { v?: unknown }).v !== 1 || !Array.isArray((raw as { accounts?: unknown }).accounts)) {
    if (raw !== undefined) problems.push('The stored account list was not readable; starting again from the settings.');
    return undefined;
  }
  const accounts: AccountRecord[] = [];
  for (const a of (raw as { accounts: unknown[] }).accounts) {
    const o = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    if (!isAccountId(o.id) || accounts.some((x) => x.id === o.id) || validateAccountName(name, accounts.map((x) => x.name))) {
      problems.push(`Left out a stored account that is not valid (${isAccountId(o.id) ? o.id : 'no id'}).`);
      continue;
    }
    const rec: AccountRecord = { id: o.id, name };
    if (o.settings === true && !accounts.some((x) => x.settings)) rec.settings = true;
    else {
      rec.baseUrl = typeof o.baseUrl === 'string' ? o.baseUrl.trim() : '';
      rec.apps = parseAppList(o.apps, problems, `the apps of account ${name}`);
    }
    const approvals = parseApprovals(o.approvals);
    if (Object.keys(approvals).length) rec.approvals = approvals;
    if (o.protection === 'protected' || o.protection === 'readOnly') rec.protection = o.protection;
    accounts.push(rec);
  }
  return accounts.length ? { v: 1, accounts } : undefined;
}

/**
 * The ids of stored entries that `state` left out and no account of it has: their secrets belong
 * to no account. Only ids that pass isAccountId, so that only keys secretKeyOf() names are touched.
 */
export function droppedAccountIds(raw: unknown, state: AccountsState): string[] {
  const list = raw && typeof raw === 'object' ? (raw as { accounts?: unknown }).accounts : undefined;
  if (!Array.isArray(list)) return [];
  const kept = new Set(state.accounts.map((a) => a.id));
  const out = new Set<string>();
  for (const a of list) {
    const id = a && typeof a === 'object' ? (a as { id?: unknown }).id : undefined;
    if (isAccountId(id) && !kept.has(id)) out.add(id);
  }
  return [...out];
}

/** An account's secret as stored, or undefined when it is missing or not usable. */
export function parseStoredCredentials(text: string | undefined): StoredCredentials | undefined {
  if (!text) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { apiKey, apiSecret, origin } = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>;
  if (typeof apiKey !== 'string' || typeof apiSecret !== 'string' || !apiKey || !apiSecret) return undefined;
  return typeof origin === 'string' && origin ? { apiKey, apiSecret, origin } : { apiKey, apiSecret };
}

export function serializeCredentials(c: StoredCredentials): string {
  return JSON.stringify(c.origin ? { apiKey: c.apiKey, apiSecret: c.apiSecret, origin: c.origin } : { apiKey: c.apiKey, apiSecret: c.apiSecret });
}

// ---- changes to the list (each returns a new state, or throws an Error that says why) ----

export interface NewAccount {
  name: string;
  baseUrl: string;
  apps?: AppEntry[];
}

export function addAccount(state: AccountsState, id: string, a: NewAccount): AccountsState {
  if (!isAccountId(id) || state.accounts.some((x) => x.id === id)) throw new Error(`Account id ${id} is not free.`);
  const problem = validateAccountName(a.name, state.accounts.map((x) => x.name));
  if (problem) throw new Error(problem);
  return { v: 1, accounts: [...state.accounts, { id, name: a.name.trim(), baseUrl: a.baseUrl.trim(), apps: a.apps ?? [] }] };
}

function change(state: AccountsState, id: string, f: (a: AccountRecord) => AccountRecord): AccountsState {
  if (!state.accounts.some((a) => a.id === id)) throw new Error('That account no longer exists.');
  return { v: 1, accounts: state.accounts.map((a) => (a.id === id ? f(a) : a)) };
}

export function renameAccount(state: AccountsState, id: string, name: string): AccountsState {
  const problem = validateAccountName(name, state.accounts.filter((a) => a.id !== id).map((a) => a.name));
  if (problem) throw new Error(problem);
  return change(state, id, (a) => ({ ...a, name: name.trim() }));
}

/** The last account stays: the tree needs one to show the welcome steps. */
export function removeAccount(state: AccountsState, id: string): AccountsState {
  if (!state.accounts.some((a) => a.id === id)) throw new Error('That account no longer exists.');
  if (state.accounts.length === 1) throw new Error('The only account cannot be removed. Clear its credentials instead.');
  return { v: 1, accounts: state.accounts.filter((a) => a.id !== id) };
}

/** Base URL or apps of an account kept here (not of the settings account: those are settings). */
export function updateAccount(state: AccountsState, id: string, patch: { baseUrl?: string; apps?: AppEntry[] }): AccountsState {
  return change(state, id, (a) => {
    if (a.settings) throw new Error('This account keeps its base URL and apps in the settings.');
    return { ...a, ...(patch.baseUrl !== undefined ? { baseUrl: patch.baseUrl.trim() } : {}), ...(patch.apps ? { apps: patch.apps } : {}) };
  });
}

/** Sets one answer, or forgets one origin (`answer` undefined) or all (`origin` undefined too). */
export function setApproval(state: AccountsState, id: string, origin: string | undefined, answer: HostAnswer | undefined): AccountsState {
  return change(state, id, (a) => {
    const next = origin === undefined ? {} : { ...(a.approvals ?? {}) };
    if (origin !== undefined) {
      if (answer) next[origin] = answer;
      else delete next[origin];
    }
    const out: AccountRecord = { ...a };
    delete out.approvals;
    if (Object.keys(next).length) out.approvals = next;
    return out;
  });
}

/** Sets how carefully writes go on an account ('none' removes the mark). */
export function setProtection(state: AccountsState, id: string, protection: Protection): AccountsState {
  return change(state, id, (a) => {
    const out: AccountRecord = { ...a };
    delete out.protection;
    if (protection !== 'none') out.protection = protection;
    return out;
  });
}

// ---- start-up: load, or migrate the single-account layout ----------------------------------

/** The parts of vscode.Memento and vscode.SecretStorage the start-up uses. */
export interface MementoLike {
  get(key: string): unknown;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}
export interface SecretsLike {
  get(key: string): Thenable<string | undefined> | Promise<string | undefined>;
  store(key: string, value: string): Thenable<void> | Promise<void>;
  delete(key: string): Thenable<void> | Promise<void>;
}

/** 'migrate' when nothing usable is stored: the single-account layout becomes the first account. */
export function startupDecision(raw: unknown): 'load' | 'migrate' {
  return parseAccountsState(raw) ? 'load' : 'migrate';
}

export interface Opened {
  state: AccountsState;
  /** Made now from the single-account layout, not yet written. */
  migrated: boolean;
  problems: string[];
  /** Ids of stored entries left out (droppedAccountIds): commitStartup deletes their secrets. */
  dropped: string[];
}

/** Start-up without waiting: the stored list, or one settings account with the old host approvals. */
export function loadOrMigrate(memento: MementoLike): Opened {
  const problems: string[] = [];
  const raw = memento.get(ACCOUNTS_KEY);
  const state = parseAccountsState(raw, problems);
  if (state) return { state, migrated: false, problems, dropped: droppedAccountIds(raw, state) };
  const approvals = parseApprovals(memento.get(LEGACY_APPROVALS_KEY));
  const first: AccountRecord = { id: FIRST_ACCOUNT_ID, name: FIRST_ACCOUNT_NAME, settings: true };
  if (Object.keys(approvals).length) first.approvals = approvals;
  const made: AccountsState = { v: 1, accounts: [first] };
  return { state: made, migrated: true, problems, dropped: droppedAccountIds(raw, made) };
}

/**
 * Start-up's writes: deletes the secrets of dropped entries, saves a migrated list, and moves
 * the old key, secret and origin into the settings account's secret (true when moved). Safe to
 * repeat: an interrupted move finishes on the next start; an old key written again by an older
 * version of the extension wins, being the newest.
 */
export async function commitStartup(memento: MementoLike, secrets: SecretsLike, opened: Opened): Promise<boolean> {
  for (const id of opened.dropped) await secrets.delete(secretKeyOf(id));
  if (opened.migrated) {
    await memento.update(ACCOUNTS_KEY, opened.state);
    await memento.update(LEGACY_APPROVALS_KEY, undefined);
  }
  return moveLegacySecret(secrets, opened.state.accounts.find((a) => a.settings)?.id);
}

/** Both parts of start-up, one after the other. */
export async function openAccounts(memento: MementoLike, secrets: SecretsLike): Promise<Opened & { movedSecret: boolean }> {
  const opened = loadOrMigrate(memento);
  const movedSecret = await commitStartup(memento, secrets, opened);
  return { ...opened, movedSecret };
}

async function moveLegacySecret(secrets: SecretsLike, to: string | undefined): Promise<boolean> {
  const K = LEGACY_SECRET_KEYS;
  const [apiKey, apiSecret, origin] = await Promise.all([secrets.get(K.apiKey), secrets.get(K.apiSecret), secrets.get(K.origin)]);
  // Nothing to move, or no account for it (kept as it is: never delete credentials silently).
  if ((!apiKey && !apiSecret && !origin) || to === undefined) return false;
  let moved = false;
  if (apiKey && apiSecret) {
    await secrets.store(secretKeyOf(to), serializeCredentials({ apiKey, apiSecret, origin: origin || undefined }));
    moved = true;
  }
  await secrets.delete(K.apiKey);
  await secrets.delete(K.apiSecret);
  await secrets.delete(K.origin);
  return moved;
}
