// The bindings view's title fits a narrow side bar: whatever the context, at most four icons
// (package.json's view/title entries in the `navigation` group); everything else is under "…".
// The `when` clauses are evaluated here by a small evaluator of their own (&&, ||, !, ==, !=),
// over every combination of the context keys they use; only package.json is read.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

const VIEW = 'laafficPns.bindings';
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };
const title = pkg.contributes.menus['view/title'];
const navigation = title.filter((e) => (e.group ?? '').split('@')[0] === 'navigation');

type Value = string | boolean;
type Ctx = Record<string, Value>;

/** One term: `!key`, `key`, `key == value`, `key != value`. Anything else is refused (so a new operator is noticed). */
function term(t: string, ctx: Ctx): boolean {
  const s = t.trim();
  if (s.startsWith('!')) return !term(s.slice(1), ctx);
  const cmp = /^([\w.]+)\s*(==|!=)\s*([\w.]+)$/.exec(s);
  if (cmp) {
    const v = ctx[cmp[1]] ?? false;
    const lit: Value = cmp[3] === 'true' ? true : cmp[3] === 'false' ? false : cmp[3];
    return cmp[2] === '==' ? v === lit : v !== lit;
  }
  if (/^[\w.]+$/.test(s)) return !!(ctx[s] ?? false);
  throw new Error(`the evaluator does not read this term: ${s}`);
}

function evaluate(when: string | undefined, ctx: Ctx): boolean {
  if (!when) return true;
  return when.split('||').some((conj) => conj.split('&&').every((t) => term(t, ctx)));
}

/** Every key a clause uses, with the values worth trying: true, false and each literal compared to. */
function domains(entries: MenuEntry[]): Map<string, Value[]> {
  const out = new Map<string, Value[]>();
  const add = (k: string, v?: Value) => {
    const d = out.get(k) ?? [true, false];
    if (v !== undefined && !d.includes(v)) d.push(v);
    out.set(k, d);
  };
  for (const e of entries) {
    for (const t of (e.when ?? '').split(/&&|\|\|/)) {
      const s = t.trim().replace(/^!+/, '');
      if (!s) continue;
      const cmp = /^([\w.]+)\s*(?:==|!=)\s*([\w.]+)$/.exec(s);
      if (cmp) add(cmp[1], cmp[2]);
      else add(s);
    }
  }
  return out;
}

function* combinations(d: Map<string, Value[]>): Generator<Ctx> {
  const keys = [...d.keys()];
  const idx = keys.map(() => 0);
  for (;;) {
    yield Object.fromEntries(keys.map((k, i) => [k, d.get(k)![idx[i]]]));
    let i = 0;
    while (i < keys.length && ++idx[i] === d.get(keys[i])!.length) idx[i++] = 0;
    if (i === keys.length) return;
  }
}

describe('package.json: the bindings view\'s title icons', () => {
  it('the evaluator reads the clauses as VS Code does (checked on written-out cases)', () => {
    assert.equal(evaluate('view == a.b && !k', { view: 'a.b', k: false }), true);
    assert.equal(evaluate('view == a.b && !k', { view: 'a.b', k: true }), false);
    assert.equal(evaluate('view == a.b && k', { view: 'x', k: true }), false);
    assert.equal(evaluate('a || b && c', { a: false, b: true, c: true }), true);
    assert.equal(evaluate('k != v', { k: 'v' }), false);
    assert.throws(() => evaluate('viewItem =~ /x/', {}));
  });

  it('the view has navigation icons at all (the test looks at the right menu)', () => {
    assert.ok(navigation.length >= 3, JSON.stringify(navigation));
  });

  it('with every combination of the context keys they use, at most four navigation icons show in the view', () => {
    const d = domains(navigation);
    assert.ok(d.has('view'), 'the entries name their view');
    let combos = 0;
    let most = 0;
    for (const ctx of combinations(d)) {
      if (ctx.view !== VIEW) continue;
      combos++;
      const shown = navigation.filter((e) => evaluate(e.when, ctx)).map((e) => e.command);
      most = Math.max(most, shown.length);
      assert.ok(shown.length <= 4, `${shown.length} icons with ${JSON.stringify(ctx)}: ${shown.join(', ')}`);
    }
    assert.ok(combos >= 8, `only ${combos} combinations tried`);
    assert.ok(most >= 3, `at most ${most} icons: the title lost its main actions`);
  });

  it('Find, Filter (or Clear Filter in its place) and Refresh are icons; what left the title is still under "…"', () => {
    const nav = new Set(navigation.map((e) => e.command));
    for (const c of ['laafficPns.findBinding', 'laafficPns.filter', 'laafficPns.clearFilter', 'laafficPns.refresh']) assert.ok(nav.has(c), c);
    const more = new Set(title.filter((e) => !(e.group ?? '').startsWith('navigation')).map((e) => e.command));
    for (const c of ['laafficPns.addApp', 'laafficPns.maskNumbers', 'laafficPns.unmaskNumbers', 'laafficPns.filter']) assert.ok(more.has(c), `${c} is not under "…"`);
  });
});
