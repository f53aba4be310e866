// Bundles the analysis benchmark to bench/out/analysis/ (run with plain node; tsx is not installed).
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['bench/analysis/run.ts'],
  outdir: 'bench/out/analysis',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  keepNames: true,
  logLevel: 'warning',
  // As in esbuild.mjs: web-tree-sitter's ESM build needs import.meta.url, which a CJS bundle lacks.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' },
});
