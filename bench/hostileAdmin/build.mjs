// Bundles the hostile-input benchmark of admin replies to bench/out/hostileAdmin/, and the language
// server as it was before the admin-reply bounds (the "before" column) to bench/out/compare/.
import { bundle } from '../bundle.mjs';
import { buildServerAt } from '../buildServerAt.mjs';

/** The last commit before admin replies were capped and the registry sent deltas. */
export const BEFORE = process.env.BEFORE ?? '8fcb29e';

await bundle({ entryPoints: ['bench/hostileAdmin/adminReplies.ts'], outdir: 'bench/out/hostileAdmin' });
console.log(await buildServerAt(BEFORE));
