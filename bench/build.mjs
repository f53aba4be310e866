// Bundles benchmarks to bench/out/ with the settings of esbuild.mjs (run with plain node; tsx is not installed).
//   node bench/build.mjs jobs|analysis|registry|check|activation|loadTest
import * as esbuild from 'esbuild';
import { common, serverAlias } from '../esbuild.mjs';
import { pathToFileURL } from 'node:url';

/** Bundles benchmark entry points for Node 20 as CommonJS; `options` adds entryPoints/outdir/outfile. */
export function bundle(options) {
  return esbuild.build({ ...common, sourcemap: true, alias: serverAlias, ...options });
}

/** Entry points and output folder of each benchmark. */
const TARGETS = {
  jobs: {
    entryPoints: ['bench/run.ts', 'bench/nodeClient.ts', 'bench/nodeWorker.ts', 'bench/rawNodeClient.ts'],
    outdir: 'bench/out',
  },
  analysis: { entryPoints: ['bench/analysis/run.ts', 'bench/analysis/timedServer.ts'], outdir: 'bench/out/analysis' },
  registry: {
    entryPoints: ['bench/registry/pollBench.ts', 'bench/registry/manyWorkers.ts'],
    outdir: 'bench/out/registry',
  },
  check: { entryPoints: ['bench/check/run.ts'], outdir: 'bench/out/check' },
  loadTest: {
    entryPoints: {
      run: 'bench/loadTest/run.ts',
      historyMemory: 'bench/loadTest/historyMemory.ts',
      nodeClient: 'bench/nodeClient.ts',
      nodeWorker: 'bench/nodeWorker.ts',
    },
    outdir: 'bench/out/loadTest',
  },
  activation: {
    entryPoints: ['bench/activation/run.ts'],
    outdir: 'bench/out/activation',
    external: ['playwright-core'],
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = TARGETS[process.argv[2]];
  if (!target) {
    console.error(`usage: node bench/build.mjs ${Object.keys(TARGETS).join('|')}`);
    process.exit(2);
  }
  await bundle(target);
}
