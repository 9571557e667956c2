// src/'s import graph: no circles, and the code meant to run without VS Code never reaches
// 'vscode', not even through another file. Every import counts: import, import type,
// export ... from, require(), import() and import('x').T types. ESLint checks the direct
// imports as you type (eslint.config.mjs); this checks whole chains, in `npm test`.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { VSCODE_FREE } from '../../scripts/lib/boundaries.mjs';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The module names a file's text imports, in any of the forms above. */
export function importsOf(fileName: string, text: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) out.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS));
  return out;
}

/** A file's imports: other files (repo-relative paths) and modules (packages, Node built-ins, 'vscode'). */
interface FileImports {
  files: string[];
  modules: string[];
}

/** Reads every .ts file under `dir` and the files they import, wherever those are; a relative import that names no file is an error. */
export function importGraph(root: string, dir: string): Map<string, FileImports> {
  const graph = new Map<string, FileImports>();
  const pending = listTs(root, dir);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const entry: FileImports = { files: [], modules: [] };
    graph.set(file, entry);
    for (const spec of importsOf(file, fs.readFileSync(path.join(root, file), 'utf8'))) {
      if (!spec.startsWith('.')) {
        entry.modules.push(spec);
        continue;
      }
      const base = path.posix.join(path.posix.dirname(file), spec);
      const target = [base, `${base}.ts`, `${base}.d.ts`, `${base}/index.ts`].find((f) => f.endsWith('.ts') && fs.existsSync(path.join(root, f)));
      assert.ok(target, `${file} imports '${spec}', which is no .ts file`);
      entry.files.push(target);
      pending.push(target);
    }
  }
  return graph;
}

function listTs(root: string, dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => path.posix.join(path.relative(root, d.parentPath).split(path.sep).join('/'), d.name));
}

/**
 * Each circle as a chain of files, "a.ts -> b.ts -> a.ts": one per group of files that import
 * each other (a strongly connected component, Tarjan), its shortest circle through its first
 * file, with the group's other files named when the chain does not pass them all.
 */
export function circles(graph: Map<string, { files: string[] }>): string[] {
  const next = (f: string): string[] => graph.get(f)?.files ?? [];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || next(v).includes(v)) groups.push(group.sort());
    }
  };
  for (const f of [...graph.keys()].sort()) if (!index.has(f)) connect(f);

  return groups
    .map((group) => {
      // Breadth-first from start, inside the group, until an import leads back to start.
      const start = group[0];
      const inGroup = new Set(group);
      const parent = new Map<string, string>();
      const queue = [start];
      let last: string | undefined;
      for (let i = 0; i < queue.length && last === undefined; i++) {
        for (const w of next(queue[i])) {
          if (w === start) last = queue[i];
          else if (inGroup.has(w) && !parent.has(w)) {
            parent.set(w, queue[i]);
            queue.push(w);
          }
        }
      }
      const chain = [start];
      for (let f = last!; f !== start; f = parent.get(f)!) chain.unshift(f);
      chain.unshift(start);
      const others = group.filter((f) => !chain.includes(f));
      return chain.join(' -> ') + (others.length ? `  (tangled in it too: ${others.join(', ')})` : '');
    })
    .sort();
}

/** For each of `files` that reaches a module `bad` accepts: the import chain to it. */
export function reaches(graph: Map<string, FileImports>, files: string[], bad: (module: string) => boolean): string[] {
  const problems: string[] = [];
  for (const start of files) {
    const from = new Map<string, string>([[start, '']]);
    const queue = [start];
    let found: string | undefined;
    for (let i = 0; i < queue.length && found === undefined; i++) {
      const f = queue[i];
      const module = graph.get(f)!.modules.find(bad);
      if (module !== undefined) {
        found = `'${module}'`;
        for (let g = f; g !== ''; g = from.get(g)!) found = `${g} -> ${found}`;
      }
      for (const g of graph.get(f)!.files) {
        if (!from.has(g)) {
          from.set(g, f);
          queue.push(g);
        }
      }
    }
    if (found !== undefined) problems.push(found);
  }
  return problems;
}


describe('imports: the checker', () => {
  it('finds every form of import, type-only ones too, and nothing in comments or strings', () => {
    const text = [
      "import a from './a';",
      "import type { B } from './b';",
      "import { type C } from './c';",
      "export * from './d';",
      "export type { E } from './e';",
      "import f = require('./f');",
      "const g = require('./g');",
      "const h = () => import('./h');",
      "let i: import('./i').I;",
      "import './j';",
      "// import k from './k';",
      "const l = \"import m from './m'\";",
      'export const n = 1;',
    ].join('\n');
    assert.deepEqual(importsOf('x.ts', text).sort(), ['./a', './b', './c', './d', './e', './f', './g', './h', './i', './j']);
  });

  it('reports a circle as its chain of files, and a chain without one as nothing', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([f, files]) => [f, { files }]));
    assert.deepEqual(circles(g({ a: ['b'], b: ['c'], c: [] })), []);
    assert.deepEqual(circles(g({ a: ['b', 'c'], b: ['c'], c: ['d'], d: [] })), []);
    assert.deepEqual(circles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] })), ['a -> b -> c -> a']);
    assert.deepEqual(circles(g({ a: ['a'] })), ['a -> a']);
    assert.deepEqual(circles(g({ a: ['b'], b: ['a'], c: ['d'], d: ['c'] })), ['a -> b -> a', 'c -> d -> c']);
    // Two circles through a: the shortest is shown, the group's other file named.
    assert.deepEqual(circles(g({ a: ['b', 'c'], b: ['d'], d: ['a'], c: ['a'] })), ['a -> c -> a  (tangled in it too: b, d)']);
  });

  it('reads a small tree of files from disk and shows the chain to a forbidden module', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'imports-'));
    try {
      fs.mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src', 'a.ts'), "import type { B } from './lib';\nexport const a = 1;\n");
      fs.writeFileSync(path.join(dir, 'src', 'lib', 'index.ts'), "export { c } from '../c';\n");
      fs.writeFileSync(path.join(dir, 'src', 'c.ts'), "import * as vscode from 'vscode';\nexport const c = vscode;\n");
      fs.writeFileSync(path.join(dir, 'src', 'd.ts'), "import * as fs from 'node:fs';\nexport const d = fs;\n");
      let graph = importGraph(dir, 'src');
      assert.deepEqual(circles(graph), []);
      assert.deepEqual(reaches(graph, ['src/a.ts', 'src/d.ts'], (m) => m === 'vscode'), ["src/a.ts -> src/lib/index.ts -> src/c.ts -> 'vscode'"]);
      fs.writeFileSync(path.join(dir, 'src', 'c.ts'), "import { a } from './a';\nexport const c = a;\n");
      graph = importGraph(dir, 'src');
      assert.deepEqual(circles(graph), ['src/a.ts -> src/lib/index.ts -> src/c.ts -> src/a.ts']);
      assert.deepEqual(reaches(graph, ['src/a.ts'], (m) => m === 'vscode'), []);
      fs.writeFileSync(path.join(dir, 'src', 'c.ts'), "import { gone } from './gone';\n");
      assert.throws(() => importGraph(dir, 'src'), /src\/c\.ts imports '\.\/gone', which is no \.ts file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('imports: src/', function () {
  this.timeout(60_000);
  const graph = importGraph(ROOT, 'src');
  const srcFiles = [...graph.keys()].filter((f) => f.startsWith('src/'));

  it('has no import circle', () => {
    assert.ok(srcFiles.length >= 100, `only ${srcFiles.length} files read under src/`);
    const found = circles(graph);
    if (found.length) assert.fail(`${found.length} import circle(s):\n${found.join('\n')}`);
  });

  it('the code that runs without VS Code never reaches vscode, and the panels\' browser code no module at all', () => {
    const vscodeFree = srcFiles.filter((f) => VSCODE_FREE.some((p) => f === p || (p.endsWith('/') && f.startsWith(p))));
    for (const p of VSCODE_FREE) assert.ok(vscodeFree.some((f) => f.startsWith(p)), `${p} names no file`);
    const problems = reaches(graph, vscodeFree, (m) => m === 'vscode');
    // The page is bundled for the browser on its own: no Node built-in, no package, nothing outside src/.
    const page = srcFiles.filter((f) => f.startsWith('src/webview-ui/'));
    // Except Chart.js, which the health dashboard's page bundles: imported by src/webview-ui/healthCharts.ts only.
    problems.push(...reaches(graph, page, (m) => m !== 'chart.js'));
    for (const f of page) if (f !== 'src/webview-ui/healthCharts.ts' && graph.get(f)!.modules.includes('chart.js')) problems.push(`${f} imports 'chart.js' (only src/webview-ui/healthCharts.ts may)`);
    for (const f of page) for (const g of graph.get(f)!.files) if (!g.startsWith('src/')) problems.push(`${f} -> ${g}, outside src/`);
    if (problems.length) assert.fail(problems.join('\n'));
  });
});
