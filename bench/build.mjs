// Bundles the libgearman comparison benchmark to bench/out/.
import { bundle } from './bundle.mjs';

await bundle({ entryPoints: ['bench/run.ts', 'bench/nodeClient.ts', 'bench/nodeWorker.ts', 'bench/rawNodeClient.ts'], outdir: 'bench/out' });
