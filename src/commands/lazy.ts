/**
 * A rarely used feature's bundle (dist/<name>.js), loaded on first use: scripts/build.mjs (LAZY)
 * bundles only the feature's own files and resolves each other module of src/ it imports to the
 * extension's own instance, handed over here in `shared` (by module path from the repository's
 * root), so that there is one translator, one set of phones to mask, the same error classes.
 * `load` is the loader's own `require('./<request>')`, which the build keeps a require of the bundle.
 */
export function loadLazy<T>(name: string, shared: Record<string, Record<string, unknown>>, load: () => unknown): T {
  (globalThis as Record<symbol, unknown>)[Symbol.for(`laafficPns.shared.${name}`)] = shared;
  return load() as T;
}
