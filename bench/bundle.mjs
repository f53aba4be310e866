// Shared esbuild settings of the benchmark bundles (run with plain node; tsx is not installed).
import * as esbuild from 'esbuild';

/** Bundles benchmark entry points for Node 20 as CommonJS; `options` adds entryPoints/outdir/outfile. */
export function bundle(options) {
  return esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    keepNames: true,
    logLevel: 'warning',
    // As in esbuild.mjs: web-tree-sitter's ESM build needs import.meta.url, which a CJS bundle lacks.
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
    ...options,
  });
}
