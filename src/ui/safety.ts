/**
 * Where text leaves the extension for a person's eyes: notifications and the log. Everything
 * passes through the core's safeText() here, whoever composed it, so that a piece of foreign
 * text that slipped through unescaped still cannot become a `command:` link, forge a log line or
 * show the API key, the secret or a Sign.
 */
import * as vscode from 'vscode';
import { safeText } from '../api';
import { maskKnownPhones } from '../display/phone';
import { forUser } from '../config/settingNames';

/** Longest notification text (VS Code cuts long ones anyway). */
const MAX_NOTICE = 600;
/** Longest log line (stack traces are folded into one line too). */
const MAX_LOG_LINE = 4000;

const known = new Set<string>();

/** The credentials in use (memory only), removed from every message and log line; the credential stores call it. */
export function rememberSecrets(...values: (string | undefined)[]): void {
  for (const v of values) if (v && v.trim().length >= 3) known.add(v);
}

export function knownSecrets(): string[] {
  return [...known];
}

let maskPhones = false;

/** laafficPns.maskNumbers: every phone A or B shown so far is masked in every notification and log line, however composed. */
export function setPhoneMasking(on: boolean): void {
  maskPhones = on;
}

function masked(text: string): string {
  return maskPhones ? maskKnownPhones(text) : text;
}

/** A whole message composed by this extension: one line, no links, no secrets; its own parentheses kept. */
export function safeMessage(text: unknown, max = MAX_NOTICE): string {
  return safeText(typeof text === 'string' ? masked(forUser(text)) : text, { max, markup: 'links', secrets: knownSecrets() });
}

/** A piece of foreign text (settings, server) to embed in a message: no markup at all. */
export function safeValue(text: unknown, max = 120): string {
  return safeText(typeof text === 'string' ? masked(text) : text, { max, secrets: knownSecrets() });
}

type Show = (message: string, ...rest: unknown[]) => Thenable<unknown>;

function show<T extends string>(fn: 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', message: string, rest: unknown[]): Thenable<T | undefined> {
  // Looked up at call time (not bound once), so the window function in force is used.
  const f = vscode.window[fn] as unknown as Show;
  const opts = rest[0] && typeof rest[0] === 'object' && !Array.isArray(rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
  if (opts?.detail !== undefined) rest[0] = { ...opts, detail: safeMessage(opts.detail, 2000) };
  return f.call(vscode.window, safeMessage(message), ...rest) as Thenable<T | undefined>;
}

/** vscode.window's messages, made safe. */
export function showError<T extends string>(message: string, ...rest: (T | vscode.MessageOptions)[]): Thenable<T | undefined> {
  return show<T>('showErrorMessage', message, rest);
}
export function showWarning<T extends string>(message: string, ...rest: (T | vscode.MessageOptions)[]): Thenable<T | undefined> {
  return show<T>('showWarningMessage', message, rest);
}
export function showInfo<T extends string>(message: string, ...rest: (T | vscode.MessageOptions)[]): Thenable<T | undefined> {
  return show<T>('showInformationMessage', message, rest);
}

const LOG_METHODS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine']);

function logText(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message}${v.stack ? ` ${v.stack}` : ''}`;
  return typeof v === 'string' ? v : safeValue(v, MAX_LOG_LINE);
}

/**
 * The log channel with every line made safe: one line per call (a server cannot forge the
 * next one), no key, secret or Sign. Markup is left alone: the log shows text, not markdown.
 */
export function safeLogChannel(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (!LOG_METHODS.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const line = masked(forUser(args.map(logText).join(' ')));
        return (value as (m: string) => void).call(target, safeText(line, { max: MAX_LOG_LINE, markup: 'links', secrets: knownSecrets() }));
      };
    },
  });
}
