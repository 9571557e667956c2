// Types of scripts/lib/l10n.mjs for the TypeScript unit tests that import it.
export const LANG: string;
export interface Call {
  key: string;
  file: string;
  line: number;
  /** Arguments after the message; 'object' for a record of named arguments. */
  args: number | 'object';
}
export interface Problem {
  file: string;
  line: number;
  message: string;
}
export function extractCalls(file: string, text: string): { calls: Call[]; problems: Problem[] };
export function placeholders(s: string): string[];
export function codicons(s: string): string[];
export function linkTargets(s: string): string[];
export function codeSpans(s: string): string[];
export function settingLinks(s: string): string[];
export function compareKept(english: string, translated: string): string[];
export function pathText(keys: Array<string | number>): string;
export function packageJsonStrings(pkg: unknown): Array<{ path: string; keys: Array<string | number>; value: unknown }>;
export type TextTable = Readonly<Record<string, { meaning: string; hint: string }>>;
export interface ProjectInput {
  sources: Array<{ file: string; text: string }>;
  packageJson: unknown;
  nls: Record<string, unknown>;
  nlsZh: Record<string, unknown>;
  bundle: Record<string, unknown>;
  tables?: Array<{ name: string; en: TextTable; zh: TextTable }>;
}
export function checkProject(input: ProjectInput): { problems: string[]; keys: number; nlsKeys: number };
export function checkTable(name: string, en: TextTable, zh: TextTable): string[];
export function loadProject(root: string): ProjectInput;
export function nlsKeyFor(pkg: unknown, keys: Array<string | number>): string;
export function extractRaw(
  pkg: unknown,
  nls: Record<string, unknown>,
  nlsZh: Record<string, unknown>,
): { packageJson: unknown; nls: Record<string, unknown>; added: string[]; untranslated: string[] };
