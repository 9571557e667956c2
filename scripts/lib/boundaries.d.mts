// Types of scripts/lib/boundaries.mjs for test/unit/imports.test.ts.
export const VSCODE_FREE: string[];
