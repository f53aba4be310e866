// Builds bench/nodeClient.ts against the library as it was at a git revision, for
// `npm run bench -- --compare bench/out/compare/<rev>/nodeClient.js` (before/after runs).
//   node bench/buildCompare.mjs <rev>
// Reads the revision with `git ls-tree` / `git show` only; the working tree is not touched.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundle } from './build.mjs';

const rev = process.argv[2];
if (!rev) {
  console.error('usage: node bench/buildCompare.mjs <git revision>');
  process.exit(2);
}
const dir = join('bench', 'out', 'compare', rev.replace(/[^\w.-]/g, '_'));
const files = execFileSync('git', ['ls-tree', '-r', '--name-only', rev, 'server/src/gearman/'])
  .toString()
  .trim()
  .split('\n');
for (const f of files) {
  mkdirSync(dirname(join(dir, f)), { recursive: true });
  writeFileSync(join(dir, f), execFileSync('git', ['show', `${rev}:${f}`], { maxBuffer: 64 * 1024 * 1024 }));
}
mkdirSync(join(dir, 'bench'), { recursive: true });
copyFileSync('bench/nodeClient.ts', join(dir, 'bench', 'nodeClient.ts'));
await bundle({
  entryPoints: [join(dir, 'bench', 'nodeClient.ts')],
  outfile: join(dir, 'nodeClient.js'),
  sourcemap: false,
});
console.log(join(dir, 'nodeClient.js'));
