// The translation check: every user-visible string of the extension has its Simplified Chinese
// translation, and no translation is left over. Pure functions over texts (no file access)
// plus loadProject(), which reads them from a checkout; `node scripts/check-l10n.mjs` prints
// the problems, test/unit/l10n.project.test.ts fails on them in `npm test`, and
// test/unit/l10n.checker.test.ts tests these functions on small hand-made inputs.
//
// What is checked (docs/l10n.md):
// - code: every vscode.l10n.t(...) in src/ has a plain string literal as its first argument
//   (template literals, variables, concatenations and the object form are refused: the key
//   must be readable without running the code), its {0} placeholders have arguments, and it
//   has an entry in l10n/bundle.l10n.zh-cn.json; every entry there is used by some call;
// - package.json: every localisable field (titles, categories, descriptions, enum
//   descriptions, view names, welcome contents, walkthroughs) is a %key%; each key is in
//   package.nls.json and package.nls.zh-cn.json; no key there is unused;
// - both: the translation keeps the placeholders ({0}, {name}), the codicons ($(check)), the
//   link targets ((command:…)) and the `code spans` of the English text;
// - tables (the vendor's status table): the same codes in both languages, no empty text, and
//   a client option named in parentheses in English, e.g. "(size)", named in Chinese too.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const LANG = 'zh-cn';

// ---- code: vscode.l10n.t(...) ------------------------------------------------------------

/** True for `l10n.t` and `<anything>.l10n.t`. */
function isL10nT(node) {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 't') return false;
  const target = node.expression;
  return (ts.isIdentifier(target) && target.text === 'l10n') || (ts.isPropertyAccessExpression(target) && target.name.text === 'l10n');
}

/**
 * The l10n.t calls of one source file: { calls: [{ key, file, line, args }], problems: [{ file,
 * line, message }] }. `args` is the number of arguments after the message, or 'object' for a
 * record of named arguments.
 */
export function extractCalls(file, text) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const calls = [];
  const problems = [];
  const lineOf = (node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node) => {
    if (isL10nT(node)) {
      const call = node.parent;
      if (!call || !ts.isCallExpression(call) || call.expression !== node) {
        problems.push({ file, line: lineOf(node), message: 'l10n.t is used other than by calling it directly: the checker cannot see its keys' });
      } else {
        const [first, ...rest] = call.arguments;
        const line = lineOf(call);
        if (!first) problems.push({ file, line, message: 'l10n.t() without a message' });
        else if (ts.isStringLiteral(first)) {
          const args = rest.length === 1 && ts.isObjectLiteralExpression(rest[0]) ? 'object' : rest.length;
          calls.push({ key: first.text, file, line, args });
        } else if (ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first)) {
          problems.push({ file, line, message: `l10n.t with a template literal (${first.getText(sf).slice(0, 60)}): use a plain string with {0} placeholders` });
        } else {
          problems.push({ file, line, message: `l10n.t with a key that is not a string literal (${first.getText(sf).slice(0, 60)}): the checker cannot know its text` });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { calls, problems };
}

// ---- placeholders and other things a translation must keep ------------------------------

const uniqSorted = (xs) => [...new Set(xs)].sort();

/** {0}, {name} */
export function placeholders(s) {
  return uniqSorted([...s.matchAll(/\{(\d+|[A-Za-z_]\w*)\}/g)].map((m) => m[0]));
}
/** $(check), $(loading~spin) */
export function codicons(s) {
  return uniqSorted([...s.matchAll(/\$\([\w~-]+\)/g)].map((m) => m[0]));
}
/** Markdown link targets: (command:laafficPns.setCredentials), (https://…) */
export function linkTargets(s) {
  return uniqSorted([...s.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]));
}
/** `code spans` */
export function codeSpans(s) {
  return uniqSorted([...s.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]));
}
/** #laafficPns.apps# setting links of markdown descriptions */
export function settingLinks(s) {
  return uniqSorted([...s.matchAll(/#([A-Za-z][\w.]*\.[\w.]+)#/g)].map((m) => m[1]));
}

const KEPT = [
  ['placeholders', placeholders],
  ['codicons', codicons],
  ['link targets', linkTargets],
  ['code spans', codeSpans],
  ['setting links', settingLinks],
];

/** What a translation lost or added compared with its English text; [] when it keeps all. */
export function compareKept(english, translated) {
  const out = [];
  for (const [what, fn] of KEPT) {
    const a = fn(english);
    const b = fn(translated);
    if (a.join('\u0000') !== b.join('\u0000')) out.push(`${what} differ: English [${a.join(', ')}], ${LANG} [${b.join(', ')}]`);
  }
  return out;
}

// ---- package.json ------------------------------------------------------------------------

const SCHEMA_TEXT = ['title', 'description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage', 'patternErrorMessage'];
const SCHEMA_TEXT_LISTS = ['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels'];

/** A path as text: contributes.commands[3].title, ….properties.laafficPns.baseUrl.description */
export function pathText(keys) {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function schemaStrings(schema, at, add) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  for (const f of SCHEMA_TEXT) if (f in schema) add([...at, f], schema[f]);
  for (const f of SCHEMA_TEXT_LISTS) if (Array.isArray(schema[f])) schema[f].forEach((v, i) => add([...at, f, i], v));
  if (schema.properties && typeof schema.properties === 'object') {
    for (const [k, v] of Object.entries(schema.properties)) schemaStrings(v, [...at, 'properties', k], add);
  }
  if (Array.isArray(schema.items)) schema.items.forEach((v, i) => schemaStrings(v, [...at, 'items', i], add));
  else schemaStrings(schema.items, [...at, 'items'], add);
  schemaStrings(schema.additionalProperties, [...at, 'additionalProperties'], add);
  for (const f of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(schema[f])) schema[f].forEach((v, i) => schemaStrings(v, [...at, f, i], add));
}

const list = (x) => (Array.isArray(x) ? x : []);
const groups = (x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.entries(x) : []);

/**
 * Every localisable field of a package.json, as [{ path, keys, value }] (keys: the path as a
 * list of property names and indexes): the top-level description, command titles, short
 * titles and categories, view containers, views, welcome views, settings (titles,
 * descriptions, enum descriptions, pattern messages, nested schemas), submenus and
 * walkthroughs. (displayName, the product's name, is not translated.)
 */
export function packageJsonStrings(pkg) {
  const out = [];
  const add = (keys, value) => out.push({ path: pathText(keys), keys, value });
  if ('description' in pkg) add(['description'], pkg.description);
  const c = pkg.contributes ?? {};
  const C = 'contributes';
  list(c.commands).forEach((cmd, i) => {
    for (const f of ['title', 'shortTitle', 'category']) if (f in cmd) add([C, 'commands', i, f], cmd[f]);
  });
  for (const [where, items] of groups(c.viewsContainers)) list(items).forEach((v, i) => 'title' in v && add([C, 'viewsContainers', where, i, 'title'], v.title));
  for (const [where, items] of groups(c.views)) {
    list(items).forEach((v, i) => {
      for (const f of ['name', 'contextualTitle']) if (f in v) add([C, 'views', where, i, f], v[f]);
    });
  }
  list(c.viewsWelcome).forEach((w, i) => 'contents' in w && add([C, 'viewsWelcome', i, 'contents'], w.contents));
  if (Array.isArray(c.configuration)) c.configuration.forEach((conf, i) => schemaStrings(conf, [C, 'configuration', i], add));
  else schemaStrings(c.configuration, [C, 'configuration'], add);
  list(c.submenus).forEach((s, i) => 'label' in s && add([C, 'submenus', i, 'label'], s.label));
  list(c.walkthroughs).forEach((w, i) => {
    for (const f of ['title', 'description']) if (f in w) add([C, 'walkthroughs', i, f], w[f]);
    list(w.steps).forEach((s, j) => {
      for (const f of ['title', 'description']) if (f in s) add([C, 'walkthroughs', i, 'steps', j, f], s[f]);
      if (s.media && 'altText' in s.media) add([C, 'walkthroughs', i, 'steps', j, 'media', 'altText'], s.media.altText);
    });
  });
  return out;
}

const NLS_REF = /^%([^%\s]+)%$/;

// ---- the whole check ---------------------------------------------------------------------

/**
 * Checks a project. Input:
 *   sources      [{ file, text }]: the TypeScript files whose l10n.t calls count
 *   packageJson  the parsed package.json
 *   nls          the parsed package.nls.json; nlsZh: package.nls.zh-cn.json
 *   bundle       the parsed l10n/bundle.l10n.zh-cn.json
 *   tables       optional [{ name, en: { code: { meaning, hint } }, zh: { … } }]
 * Returns { problems: string[], keys: number (code keys), nlsKeys: number }.
 */
export function checkProject({ sources, packageJson, nls, nlsZh, bundle, tables = [] }) {
  const problems = [];
  const at = (p) => `${p.file}:${p.line}`;

  // Code.
  const calls = [];
  for (const { file, text } of sources) {
    const r = extractCalls(file, text);
    calls.push(...r.calls);
    for (const p of r.problems) problems.push(`${at(p)}: ${p.message}`);
  }
  const byKey = new Map();
  for (const c of calls) {
    if (!byKey.has(c.key)) byKey.set(c.key, []);
    byKey.get(c.key).push(c);
    const numbered = placeholders(c.key).filter((p) => /^\{\d+\}$/.test(p)).map((p) => Number(p.slice(1, -1)));
    const named = placeholders(c.key).filter((p) => !/^\{\d+\}$/.test(p));
    if (c.args !== 'object') {
      const need = numbered.length ? Math.max(...numbered) + 1 : 0;
      if (need > c.args) problems.push(`${at(c)}: "${c.key}" has {${need - 1}} but only ${c.args} argument(s)`);
      if (named.length) problems.push(`${at(c)}: "${c.key}" has named placeholders ${named.join(' ')} but no record of arguments`);
    }
  }
  const bundleObj = bundle && typeof bundle === 'object' ? bundle : {};
  for (const [key, where] of byKey) {
    if (!Object.prototype.hasOwnProperty.call(bundleObj, key)) {
      problems.push(`${at(where[0])}: no ${LANG} translation in l10n/bundle.l10n.${LANG}.json for "${key}"`);
      continue;
    }
    const zh = bundleObj[key];
    if (typeof zh !== 'string' || zh.trim() === '') {
      problems.push(`l10n/bundle.l10n.${LANG}.json: the translation of "${key}" is empty or not a string`);
      continue;
    }
    for (const d of compareKept(key, zh)) problems.push(`l10n/bundle.l10n.${LANG}.json: "${key}": ${d}`);
  }
  for (const key of Object.keys(bundleObj)) {
    if (!byKey.has(key)) problems.push(`l10n/bundle.l10n.${LANG}.json: "${key}" is not used by any l10n.t call (stale translation)`);
  }

  // package.json.
  const used = new Set();
  for (const { path, value } of packageJsonStrings(packageJson)) {
    if (typeof value !== 'string') {
      problems.push(`package.json ${path}: not a string`);
      continue;
    }
    const m = NLS_REF.exec(value);
    if (!m) {
      if (value.trim() !== '') problems.push(`package.json ${path}: raw text "${value.slice(0, 60)}": use a %key% from package.nls.json (node scripts/check-l10n.mjs --extract moves it)`);
      continue;
    }
    const key = m[1];
    used.add(key);
    if (!Object.prototype.hasOwnProperty.call(nls, key)) problems.push(`package.json ${path}: %${key}% is not in package.nls.json`);
    else if (!Object.prototype.hasOwnProperty.call(nlsZh, key)) problems.push(`package.json ${path}: %${key}% has no ${LANG} translation in package.nls.${LANG}.json`);
  }
  for (const [key, en] of Object.entries(nls)) {
    if (!used.has(key)) problems.push(`package.nls.json: "${key}" is not used in package.json (stale)`);
    if (typeof en !== 'string' || en.trim() === '') problems.push(`package.nls.json: "${key}" is empty or not a string`);
  }
  for (const [key, zh] of Object.entries(nlsZh)) {
    if (!Object.prototype.hasOwnProperty.call(nls, key)) {
      problems.push(`package.nls.${LANG}.json: "${key}" is not in package.nls.json (stale translation)`);
      continue;
    }
    if (typeof zh !== 'string' || zh.trim() === '') {
      problems.push(`package.nls.${LANG}.json: "${key}" is empty or not a string`);
      continue;
    }
    if (typeof nls[key] === 'string') for (const d of compareKept(nls[key], zh)) problems.push(`package.nls.${LANG}.json: "${key}": ${d}`);
  }

  // Tables in both languages.
  for (const { name, en, zh } of tables) problems.push(...checkTable(name, en, zh));

  return { problems, keys: byKey.size, nlsKeys: Object.keys(nls).length };
}

/** A table of { code: { meaning, hint } } in English and Chinese: same codes, nothing empty, options kept. */
export function checkTable(name, en, zh) {
  const problems = [];
  for (const code of Object.keys(en)) {
    if (!Object.prototype.hasOwnProperty.call(zh, code)) {
      problems.push(`${name}: status ${code} has no ${LANG} text`);
      continue;
    }
    for (const f of ['meaning', 'hint']) {
      const e = en[code][f];
      const z = zh[code][f];
      if (typeof z !== 'string' || z.trim() === '') {
        problems.push(`${name}: the ${LANG} ${f} of status ${code} is empty`);
        continue;
      }
      // "(size)", "(baseUrl)": an option name the extension turns into a setting name.
      const opts = (s) => uniqSorted([...s.matchAll(/\(([a-z][A-Za-z]+)\)/g)].map((m) => m[1]));
      const zopts = uniqSorted([...z.matchAll(/[(（]([a-z][A-Za-z]+)[)）]/g)].map((m) => m[1]));
      if (opts(e).join() !== zopts.join()) problems.push(`${name}: the ${LANG} ${f} of status ${code} names options [${zopts}], the English one [${opts(e)}]`);
      for (const d of compareKept(e, z)) problems.push(`${name}: the ${LANG} ${f} of status ${code}: ${d}`);
    }
  }
  for (const code of Object.keys(zh)) if (!Object.prototype.hasOwnProperty.call(en, code)) problems.push(`${name}: status ${code} is only in the ${LANG} table (stale)`);
  return problems;
}

// ---- reading a checkout ------------------------------------------------------------------

function listTs(dir, root) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p, root));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(root, p));
  }
  return out.sort();
}

const readJson = (p, fallback) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : fallback);

/** The inputs of checkProject() from a checkout at `root` (src/**\/*.ts, package.json, the nls files, the bundle). */
export function loadProject(root) {
  return {
    sources: listTs(join(root, 'src'), root).map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') })),
    packageJson: readJson(join(root, 'package.json'), {}),
    nls: readJson(join(root, 'package.nls.json'), {}),
    nlsZh: readJson(join(root, `package.nls.${LANG}.json`), {}),
    bundle: readJson(join(root, 'l10n', `bundle.l10n.${LANG}.json`), {}),
  };
}

// ---- moving raw package.json text into package.nls.json ----------------------------------

const getAt = (obj, keys) => keys.reduce((o, k) => (o == null ? undefined : o[k]), obj);
function setAt(obj, keys, value) {
  getAt(obj, keys.slice(0, -1))[keys[keys.length - 1]] = value;
}

/** A readable nls key for a field ("command.setCredentials.title", "config.baseUrl.markdownDescription"). */
export function nlsKeyFor(pkg, keys) {
  const strip = (id) => String(id).replace(/^laafficPns\./, '');
  const [c, kind, ...rest] = keys;
  const field = keys[keys.length - 1];
  if (c !== 'contributes') return keys.join('.');
  if (kind === 'commands') return field === 'category' ? 'category' : `command.${strip(getAt(pkg, keys.slice(0, 3)).command)}.${field}`;
  if (kind === 'views') return `view.${strip(getAt(pkg, keys.slice(0, 4)).id)}.${field}`;
  if (kind === 'viewsContainers') return `viewsContainer.${strip(getAt(pkg, keys.slice(0, 4)).id)}.${field}`;
  if (kind === 'viewsWelcome') return `welcome.${strip(getAt(pkg, keys.slice(0, 3)).view)}.${rest[0]}`;
  if (kind === 'walkthroughs') {
    const w = getAt(pkg, keys.slice(0, 3));
    if (rest[1] !== 'steps') return `walkthrough.${strip(w.id)}.${field}`;
    const step = w.steps[rest[2]];
    return `walkthrough.${strip(w.id)}.${step.id ?? rest[2]}.${rest.slice(3).join('.')}`;
  }
  if (kind === 'configuration') {
    const parts = [];
    for (let i = 2; i < keys.length; i++) {
      const k = keys[i];
      if (typeof k === 'number' && i === 2) continue; // configuration[i]
      if (k === 'properties') continue;
      if (typeof k === 'number' && /^(enumDescriptions|markdownEnumDescriptions|enumItemLabels)$/.test(String(keys[i - 1]))) {
        const values = getAt(pkg, [...keys.slice(0, i - 1), 'enum']);
        parts.push(Array.isArray(values) && values[k] !== undefined ? String(values[k]) : String(k));
        continue;
      }
      parts.push(strip(k));
    }
    return `config.${parts.join('.')}`;
  }
  return keys.slice(1).join('.');
}

/**
 * Moves every raw localisable string of package.json into package.nls.json (English) as a
 * %key% (an existing key with the same English text and kind is reused); returns the changed
 * objects and the keys that still need a Chinese translation. Pure: the caller writes the files.
 */
export function extractRaw(pkg, nls, nlsZh) {
  const outPkg = structuredClone(pkg);
  const outNls = { ...nls };
  const added = [];
  for (const { keys, value } of packageJsonStrings(outPkg)) {
    if (typeof value !== 'string' || value.trim() === '' || NLS_REF.test(value)) continue;
    const base = nlsKeyFor(outPkg, keys);
    let key = base;
    for (let n = 2; Object.prototype.hasOwnProperty.call(outNls, key) && outNls[key] !== value; n++) key = `${base}.${n}`;
    if (!Object.prototype.hasOwnProperty.call(outNls, key)) {
      outNls[key] = value;
      added.push(key);
    }
    setAt(outPkg, keys, `%${key}%`);
  }
  const untranslated = Object.keys(outNls).filter((k) => !Object.prototype.hasOwnProperty.call(nlsZh, k));
  return { packageJson: outPkg, nls: outNls, added, untranslated };
}
