// Builds the language server as it was at a git revision, for before/after benchmarks:
//   node bench/buildServerAt.mjs <rev>   ->   bench/out/compare/<rev>/server.js
// Reads the revision with `git ls-tree` / `git show` only; the working tree is not touched.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundle } from './build.mjs';

/** Bundles server/src/server.ts of `rev`; returns the path of the bundle. */
export async function buildServerAt(rev) {
  const dir = join('bench', 'out', 'compare', rev.replace(/[^\w.-]/g, '_'));
  const files = execFileSync('git', ['ls-tree', '-r', '--name-only', rev, 'server/src/', 'server/queries/'])
    .toString()
    .trim()
    .split('\n');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), execFileSync('git', ['show', `${rev}:${f}`], { maxBuffer: 64 * 1024 * 1024 }));
  }
  const outfile = join(dir, 'server.js');
  await bundle({ entryPoints: [join(dir, 'server/src/server.ts')], outfile, sourcemap: false });
  // As esbuild.mjs lays out dist/: the queries and the tree-sitter wasm files next to the bundle.
  cpSync(join(dir, 'server/queries'), join(dir, 'queries'), { recursive: true });
  cpSync('node_modules/@vscode/tree-sitter-wasm/wasm', join(dir, 'wasm'), {
    recursive: true,
    filter: (f) => !f.endsWith('.d.ts'),
  });
  cpSync('node_modules/web-tree-sitter/tree-sitter.wasm', join(dir, 'wasm/web-tree-sitter.wasm'));
  return outfile;
}

if (process.argv[1]?.endsWith('buildServerAt.mjs')) {
  if (!process.argv[2]) {
    console.error('usage: node bench/buildServerAt.mjs <git revision>');
    process.exit(2);
  }
  console.log(await buildServerAt(process.argv[2]));
}
