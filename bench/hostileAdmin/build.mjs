// Bundles the hostile-input benchmark of admin replies to bench/out/hostileAdmin/, and the
// language server as it was before the admin-reply bounds (the "before" column) to
// bench/out/compare/; bench/out/hostileAdmin/before.json says which revision that was.
import { mkdirSync, writeFileSync } from 'node:fs';
import { bundle } from '../build.mjs';
import { buildServerAt } from '../buildServerAt.mjs';

// main just before admin replies were capped and the registry sent deltas; BEFORE=<rev> picks another.
const rev = process.env.BEFORE ?? 'b945f97';

await bundle({ entryPoints: ['bench/hostileAdmin/adminReplies.ts'], outdir: 'bench/out/hostileAdmin' });
const serverJs = await buildServerAt(rev);
mkdirSync('bench/out/hostileAdmin', { recursive: true });
writeFileSync('bench/out/hostileAdmin/before.json', JSON.stringify({ rev, serverJs }));
console.log(serverJs);
