// Public surface of the call-site extraction library (no editor or LSP imports).
import { join } from 'node:path';
import type { AnalysisPaths } from './types';

export { CallSiteAnalyzer } from './analyzer';
export { DocumentTrees } from './documents';
export type { AnalysisPaths, CallPattern, CallSite, ContentChange, NameSlot, Position, Range, Role } from './types';

/** Paths as laid out by the bundle: `<dir>/wasm/*.wasm`, `<dir>/wasm/web-tree-sitter.wasm`, `<dir>/queries/`. */
export function bundledAnalysisPaths(distDir: string): AnalysisPaths {
  return {
    grammarDir: join(distDir, 'wasm'),
    runtimeWasm: join(distDir, 'wasm', 'web-tree-sitter.wasm'),
    queriesDir: join(distDir, 'queries'),
  };
}

/** Paths inside a source checkout (tests, benchmarks): node_modules and server/queries. */
export function sourceAnalysisPaths(repoRoot: string): AnalysisPaths {
  return {
    grammarDir: join(repoRoot, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'),
    runtimeWasm: join(repoRoot, 'node_modules', 'web-tree-sitter', 'tree-sitter.wasm'),
    queriesDir: join(repoRoot, 'server', 'queries'),
  };
}
