// Bundles the load test and queue history benchmarks (and the library's benchmark client and
// echo worker they compare with) to bench/out/loadTest/, side by side.
import { bundle } from '../bundle.mjs';

await bundle({
  entryPoints: { run: 'bench/loadTest/run.ts', historyMemory: 'bench/loadTest/historyMemory.ts', nodeClient: 'bench/nodeClient.ts', nodeWorker: 'bench/nodeWorker.ts' },
  outdir: 'bench/out/loadTest',
});
