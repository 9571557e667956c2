// The code that runs without VS Code, as folders ('src/api/') and files: the core client, the
// texts, the sandbox and the demo (plain Node, unit-tested without VS Code), the export's worker
// thread, the panels' browser code and what it shares, the settings' parsing, and the tree's
// paged-list model and what its items say.
// eslint.config.mjs forbids their direct imports of 'vscode'; test/unit/imports.test.ts fails on
// any chain of imports from them to 'vscode'.
export const VSCODE_FREE = [
  'src/api/',
  'src/display/',
  'src/sandbox/',
  'src/demo/',
  'src/export/',
  'src/shared/',
  'src/webview-ui/',
  'src/accounts/model.ts',
  'src/accounts/requestLog.ts',
  'src/config/appId.ts',
  'src/config/ids.ts',
  'src/config/parse.ts',
  'src/config/settingNames.ts',
  'src/tree/pagedList.ts',
  'src/tree/bindingText.ts',
  'src/tree/numberText.ts',
  'src/tree/walks.ts',
  'src/tree/filterMatch.ts',
  'src/filterAll/stream.ts',
  'src/writes/history.ts',
];
