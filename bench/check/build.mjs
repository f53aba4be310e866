// Bundles the cold index and gearman-check benchmark to bench/out/check/.
import { bundle } from '../bundle.mjs';

await bundle({ entryPoints: ['bench/check/run.ts'], outdir: 'bench/out/check' });
