// Bundles the hostile-files benchmark to bench/out/hostileFiles/, and the workspace settings
// reader as it was before jsonc-parser (BEFORE_REV), read with `git show` (the working tree is
// not touched), so the crafted settings file can be timed against the old reader in one run.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from '../build.mjs';

const BEFORE_REV = 'c53658f';
const out = 'bench/out/hostileFiles';
const before = join(out, 'before');
mkdirSync(before, { recursive: true });
writeFileSync(
  join(before, 'workspaceSettings.ts'),
  execFileSync('git', ['show', `${BEFORE_REV}:client/src/workspaceSettings.ts`]),
);
writeFileSync(join(before, 'rev.json'), JSON.stringify({ rev: BEFORE_REV }));
await bundle({ entryPoints: ['bench/hostileFiles/run.ts'], outdir: out });
await bundle({
  entryPoints: { workspaceSettings: join(before, 'workspaceSettings.ts') },
  outdir: before,
  sourcemap: false,
});
