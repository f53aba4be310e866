// Bundles the hostile-input benchmark to bench/out/hostile/, and the language server and the
// client's jobState as they were before job events were bounded (BEFORE_REV, the commit before
// the trust-boundary work), read with `git archive` (the working tree is not touched).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from '../build.mjs';

const BEFORE_REV = 'c53658f';
const out = 'bench/out/hostile';
const before = join(out, 'before');

await bundle({
  entryPoints: ['bench/hostile/run.ts', 'bench/hostile/worker.ts', 'bench/hostile/floor.ts', 'bench/hostile/fold.ts'],
  outdir: out,
});

rmSync(before, { recursive: true, force: true });
mkdirSync(before, { recursive: true });
const tar = execFileSync(
  'git',
  ['archive', BEFORE_REV, 'server/src', 'server/queries', 'client/src/jobs/jobState.ts'],
  { maxBuffer: 256 * 1024 * 1024 },
);
execFileSync('tar', ['-x', '-C', before], { input: tar });
// The server loads its queries and tree-sitter grammars from next to its bundle (as dist/ has them; npm run build makes dist/wasm).
cpSync(join(before, 'server/queries'), join(before, 'queries'), { recursive: true });
cpSync('dist/wasm', join(before, 'wasm'), { recursive: true });
mkdirSync(join(before, 'bench', 'hostile'), { recursive: true });
for (const f of ['fold.ts', 'proc.ts']) copyFileSync(join('bench/hostile', f), join(before, 'bench', 'hostile', f));
await bundle({
  entryPoints: { server: join(before, 'server/src/server.ts'), fold: join(before, 'bench/hostile/fold.ts') },
  outdir: before,
  sourcemap: false,
});
writeFileSync(join(before, 'rev.json'), JSON.stringify({ rev: BEFORE_REV }));
