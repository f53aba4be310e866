// Bundles the registry benchmark to bench/out/registry/ (run with plain node).
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['bench/registry/pollBench.ts', 'bench/registry/manyWorkers.ts'],
  outdir: 'bench/out/registry',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  keepNames: true,
  logLevel: 'warning',
});
