// Bundles the registry benchmark to bench/out/registry/.
import { bundle } from '../bundle.mjs';

await bundle({ entryPoints: ['bench/registry/pollBench.ts', 'bench/registry/manyWorkers.ts'], outdir: 'bench/out/registry' });
