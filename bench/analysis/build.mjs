// Bundles the analysis benchmark to bench/out/analysis/.
import { bundle } from '../bundle.mjs';

await bundle({ entryPoints: ['bench/analysis/run.ts'], outdir: 'bench/out/analysis' });
