// The translation checker (scripts/lib/l10n.mjs) on small hand-made inputs: each kind of
// problem it must find, and a clean input it must pass.
import { strict as assert } from 'node:assert';
import { checkProject, checkTable, compareKept, extractCalls, extractRaw, packageJsonStrings, type ProjectInput } from '../../scripts/lib/l10n.mjs';

/** A small project that passes; each test breaks one thing. */
function clean(): ProjectInput {
  return {
    sources: [
      {
        file: 'src/a.ts',
        text: [
          "import * as vscode from 'vscode';",
          "import { l10n } from 'vscode';",
          "export const a = () => vscode.l10n.t('Retry');",
          "export const b = (n: number) => vscode.l10n.t('Loaded {0} of {1}', n, 10);",
          'export const c = () => l10n.t("Can\'t reach {0}", \'host\');',
          "export const d = () => vscode.l10n.t('$(check) Done');",
          "export const e = () => vscode.l10n.t('Hello {name}', { name: 'x' });",
        ].join('\n'),
      },
    ],
    packageJson: {
      description: '%description%',
      contributes: {
        commands: [{ command: 'laafficPns.retry', title: '%command.retry.title%', category: '%category%' }],
        views: { laafficPns: [{ id: 'laafficPns.bindings', name: '%view.bindings.name%' }] },
        viewsWelcome: [{ view: 'laafficPns.bindings', contents: '%welcome.noApps%' }],
        configuration: {
          title: '%config.title%',
          properties: {
            'laafficPns.searchMatch': { type: 'string', enum: ['partial', 'exact'], enumDescriptions: ['%config.searchMatch.partial%', '%config.searchMatch.exact%'], description: '%config.searchMatch.description%' },
            'laafficPns.apps': { type: 'array', items: { type: 'object', properties: { appId: { type: 'string', description: '%config.apps.appId%' } } } },
          },
        },
      },
    },
    nls: {
      description: 'Browse bindings.',
      'command.retry.title': 'Retry',
      category: 'Laaffic PNS',
      'view.bindings.name': 'Bindings',
      'welcome.noApps': 'No apps yet.\n[Add App…](command:laafficPns.addApp)',
      'config.title': 'Laaffic PNS',
      'config.searchMatch.partial': 'Contains the digits.',
      'config.searchMatch.exact': 'Exactly the digits.',
      'config.searchMatch.description': 'How `Find` matches.',
      'config.apps.appId': 'The app id.',
    },
    nlsZh: {
      description: '浏览绑定。',
      'command.retry.title': '重试',
      category: 'Laaffic PNS',
      'view.bindings.name': '绑定',
      'welcome.noApps': '还没有应用。\n[添加应用…](command:laafficPns.addApp)',
      'config.title': 'Laaffic PNS',
      'config.searchMatch.partial': '包含这些数字。',
      'config.searchMatch.exact': '正好是这些数字。',
      'config.searchMatch.description': '`Find` 如何匹配。',
      'config.apps.appId': '应用 ID。',
    },
    bundle: {
      Retry: '重试',
      'Loaded {0} of {1}': '已加载 {0} / {1}',
      "Can't reach {0}": '无法连接 {0}',
      '$(check) Done': '$(check) 完成',
      'Hello {name}': '你好 {name}',
    },
  };
}

const problemsOf = (p: ProjectInput) => checkProject(p).problems;
/** Exactly one problem, matching `re`. */
function onlyProblem(p: ProjectInput, re: RegExp): void {
  const problems = problemsOf(p);
  assert.equal(problems.length, 1, `expected one problem, got:\n${problems.join('\n')}`);
  assert.match(problems[0], re);
}

describe('l10n checker: code', () => {
  it('reads the keys of l10n.t calls: quotes, escapes, argument counts, named arguments', () => {
    const { calls, problems } = extractCalls('src/a.ts', clean().sources[0].text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      calls.map((c) => [c.key, c.line, c.args]),
      [
        ['Retry', 3, 0],
        ['Loaded {0} of {1}', 4, 2],
        ["Can't reach {0}", 5, 1],
        ['$(check) Done', 6, 0],
        ['Hello {name}', 7, 'object'],
      ],
    );
  });

  it('refuses template literals, variables, concatenations and a detached l10n.t', () => {
    const text = [
      'const n = 1; const key = "x";',
      'vscode.l10n.t(`Loaded ${n}`);', // 2
      'vscode.l10n.t(`plain backticks`);', // 3
      'vscode.l10n.t(key);', // 4
      "vscode.l10n.t('a' + 'b');", // 5
      'const t = vscode.l10n.t;', // 6
      "vscode.l10n.t({ message: 'Hi', args: [] });", // 7
      'vscode.l10n.t();', // 8
    ].join('\n');
    const { calls, problems } = extractCalls('src/b.ts', text);
    assert.deepEqual(calls, []);
    assert.deepEqual(
      problems.map((p) => p.line),
      [2, 3, 4, 5, 6, 7, 8],
    );
    assert.match(problems[0].message, /template literal/);
    assert.match(problems[1].message, /template literal/);
    assert.match(problems[2].message, /not a string literal/);
    assert.match(problems[4].message, /other than by calling it/);
  });

  it('passes a clean project', () => {
    assert.deepEqual(problemsOf(clean()), []);
  });

  it('fails a message without a translation, naming the file and line', () => {
    const p = clean();
    delete p.bundle['Loaded {0} of {1}'];
    onlyProblem(p, /^src\/a\.ts:4: no zh-cn translation .* for "Loaded \{0\} of \{1\}"$/);
  });

  it('fails a translation no code uses (stale)', () => {
    const p = clean();
    p.bundle['Gone'] = '没了';
    onlyProblem(p, /"Gone" is not used by any l10n\.t call/);
  });

  it('fails a translation that lost or renamed a placeholder', () => {
    const p = clean();
    p.bundle['Loaded {0} of {1}'] = '已加载 {0}';
    onlyProblem(p, /placeholders differ: English \[\{0\}, \{1\}\], zh-cn \[\{0\}\]/);
    p.bundle['Loaded {0} of {1}'] = '已加载 {0} / {2}';
    onlyProblem(p, /placeholders differ/);
    p.bundle['Loaded {0} of {1}'] = '已加载 {1} / {0}'; // reordered: fine
    assert.deepEqual(problemsOf(p), []);
  });

  it('fails a translation that lost a codicon', () => {
    const p = clean();
    p.bundle['$(check) Done'] = '完成';
    onlyProblem(p, /codicons differ/);
  });

  it('fails a call with fewer arguments than its placeholders, and named placeholders without a record', () => {
    const p = clean();
    p.sources.push({ file: 'src/c.ts', text: "vscode.l10n.t('Loaded {0} of {1}', 3);\nvscode.l10n.t('Hello {name}');" });
    const problems = problemsOf(p);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /^src\/c\.ts:1: .* has \{1\} but only 1 argument/);
    assert.match(problems[1], /^src\/c\.ts:2: .* named placeholders \{name\}/);
  });

  it('fails an empty translation', () => {
    const p = clean();
    p.bundle['Retry'] = ' ';
    onlyProblem(p, /"Retry" is empty/);
  });
});

describe('l10n checker: package.json', () => {
  it('lists the localisable fields, nested setting schemas and enum descriptions included', () => {
    const paths = packageJsonStrings(clean().packageJson).map((s) => s.path);
    assert.deepEqual(paths, [
      'description',
      'contributes.commands[0].title',
      'contributes.commands[0].category',
      'contributes.views.laafficPns[0].name',
      'contributes.viewsWelcome[0].contents',
      'contributes.configuration.title',
      'contributes.configuration.properties.laafficPns.searchMatch.description',
      'contributes.configuration.properties.laafficPns.searchMatch.enumDescriptions[0]',
      'contributes.configuration.properties.laafficPns.searchMatch.enumDescriptions[1]',
      'contributes.configuration.properties.laafficPns.apps.items.properties.appId.description',
    ]);
  });

  it('fails raw English in a command title, a nested description and an enum description', () => {
    const p = clean();
    const pkg = p.packageJson as { contributes: { commands: Array<{ title: string }>; configuration: { properties: Record<string, { enumDescriptions?: string[]; items?: { properties: { appId: { description: string } } } }> } } };
    pkg.contributes.commands[0].title = 'Retry';
    // the raw text, and its key that is now unused
    assert.deepEqual(problemsOf(p), [
      'package.json contributes.commands[0].title: raw text "Retry": use a %key% from package.nls.json (node scripts/check-l10n.mjs --extract moves it)',
      'package.nls.json: "command.retry.title" is not used in package.json (stale)',
    ]);
    pkg.contributes.commands[0].title = '%command.retry.title%';
    pkg.contributes.configuration.properties['laafficPns.apps'].items!.properties.appId.description = 'The app id.';
    let problems = problemsOf(p);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /apps\.items\.properties\.appId\.description: raw text "The app id\."/);
    pkg.contributes.configuration.properties['laafficPns.apps'].items!.properties.appId.description = '%config.apps.appId%';
    pkg.contributes.configuration.properties['laafficPns.searchMatch'].enumDescriptions![1] = 'Exactly.';
    problems = problemsOf(p);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /enumDescriptions\[1\]: raw text "Exactly\."/);
    assert.match(problems[1], /"config\.searchMatch\.exact" is not used in package\.json \(stale\)/);
  });

  it('fails a %key% missing from package.nls.json, and one without a Chinese text', () => {
    const p = clean();
    delete p.nls['view.bindings.name'];
    const problems = problemsOf(p);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /%view\.bindings\.name% is not in package\.nls\.json/);
    assert.match(problems[1], /package\.nls\.zh-cn\.json: "view\.bindings\.name" is not in package\.nls\.json \(stale translation\)/);
    const q = clean();
    delete q.nlsZh['view.bindings.name'];
    onlyProblem(q, /%view\.bindings\.name% has no zh-cn translation/);
  });

  it('fails a welcome text whose translation lost a command link, and a description that lost a code span', () => {
    const p = clean();
    p.nlsZh['welcome.noApps'] = '还没有应用。\n[添加应用…](command:laafficPns.removeApp)';
    onlyProblem(p, /"welcome\.noApps": link targets differ/);
    const q = clean();
    q.nlsZh['config.searchMatch.description'] = '查找如何匹配。';
    onlyProblem(q, /code spans differ/);
  });
});

describe('l10n checker: tables', () => {
  const en = { '-1': { meaning: 'auth failed', hint: 'Enter the key again.' }, '-22': { meaning: 'bad field', hint: 'Check the page size (size).' } };
  const zh = { '-1': { meaning: '认证失败', hint: '请重新输入 Key。' }, '-22': { meaning: '参数异常', hint: '请检查每页条数 (size)。' } };
  it('passes a complete table', () => {
    assert.deepEqual(checkTable('T', en, zh), []);
  });
  it('fails a missing code, an extra code, an empty text and a lost option name', () => {
    assert.deepEqual(checkTable('T', en, { '-1': zh['-1'] }), ['T: status -22 has no zh-cn text']);
    assert.deepEqual(checkTable('T', en, { ...zh, '-99': { meaning: '?', hint: '?' } }), ['T: status -99 is only in the zh-cn table (stale)']);
    assert.deepEqual(checkTable('T', en, { ...zh, '-1': { meaning: '', hint: '请重新输入 Key。' } }), ['T: the zh-cn meaning of status -1 is empty']);
    assert.deepEqual(checkTable('T', en, { ...zh, '-22': { meaning: '参数异常', hint: '请检查每页条数。' } }), ['T: the zh-cn hint of status -22 names options [], the English one [size]']);
  });
});

describe('l10n checker: compareKept and extractRaw', () => {
  it('compares what a translation must keep', () => {
    assert.deepEqual(compareKept('Open #laafficPns.apps# and `x`', '打开 #laafficPns.apps# 和 `x`'), []);
    assert.equal(compareKept('Open #laafficPns.apps#', '打开 apps').length, 1);
  });

  it('moves raw package.json text into package.nls.json as %key%s, reusing the category', () => {
    const pkg = {
      description: 'An explorer.',
      contributes: {
        commands: [
          { command: 'laafficPns.addAccount', title: 'Add Account…', category: 'Laaffic PNS' },
          { command: 'laafficPns.retry', title: '%command.retry.title%', category: '%category%' },
        ],
        configuration: { properties: { 'laafficPns.copyFormat': { enum: ['vendor', 'e164'], enumDescriptions: ['As Laaffic has it.', 'E.164.'], description: 'How numbers are copied.' } } },
        walkthroughs: [{ id: 'laafficPns.start', title: 'Get started', steps: [{ id: 'demo', title: 'Try the demo', description: 'Start it.' }] }],
      },
    };
    const r = extractRaw(pkg, { 'command.retry.title': 'Retry', category: 'Laaffic PNS' }, { 'command.retry.title': '重试', category: 'Laaffic PNS' });
    const out = r.packageJson as typeof pkg;
    assert.equal(out.description, '%description%');
    assert.equal(out.contributes.commands[0].title, '%command.addAccount.title%');
    assert.equal(out.contributes.commands[0].category, '%category%');
    assert.deepEqual(out.contributes.configuration.properties['laafficPns.copyFormat'].enumDescriptions, ['%config.copyFormat.enumDescriptions.vendor%', '%config.copyFormat.enumDescriptions.e164%']);
    assert.equal(out.contributes.walkthroughs[0].steps[0].description, '%walkthrough.start.demo.description%');
    assert.equal(r.nls['command.addAccount.title'], 'Add Account…');
    assert.equal(r.nls['config.copyFormat.description'], 'How numbers are copied.');
    assert.deepEqual(r.added.sort(), [
      'command.addAccount.title',
      'config.copyFormat.description',
      'config.copyFormat.enumDescriptions.e164',
      'config.copyFormat.enumDescriptions.vendor',
      'description',
      'walkthrough.start.demo.description',
      'walkthrough.start.demo.title',
      'walkthrough.start.title',
    ]);
    assert.deepEqual(r.untranslated.sort(), [...r.added].sort());
    // the input is left alone, and the result now passes the package.json part of the check
    assert.equal(pkg.contributes.commands[0].title, 'Add Account…');
    const zh = Object.fromEntries(Object.keys(r.nls).map((k) => [k, '译文']));
    assert.deepEqual(checkProject({ sources: [], packageJson: r.packageJson, nls: r.nls, nlsZh: zh, bundle: {} }).problems, []);
  });
});
