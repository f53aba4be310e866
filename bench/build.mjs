// Bundles the benchmark scripts to bench/out/ (run with plain node; tsx is not installed).
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['bench/run.ts', 'bench/nodeClient.ts', 'bench/nodeWorker.ts', 'bench/rawNodeClient.ts'],
  outdir: 'bench/out',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  keepNames: true,
  logLevel: 'warning',
});
