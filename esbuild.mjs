// Builds the bundles: dist/extension.js (client, runs in the extension host), dist/server.js
// (language server, runs standalone over stdio or IPC) and dist/check.js (gearman-check).
// The benchmarks' bundles (bench/build.mjs) import the settings from here.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Settings every bundle shares: the extension's, the server's and the benchmarks'. */
export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Error classes are told apart by name (err.name) in messages and checks.
  keepNames: true,
  // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot follow: bundle its ESM build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

/**
 * Aliases of every bundle with server code in it (the server's, the benchmarks'): web-tree-sitter's
 * ESM build needs a real import.meta.url, which a CJS bundle lacks, so its CJS build is bundled.
 */
export const serverAlias = { ...common.alias, 'web-tree-sitter': './node_modules/web-tree-sitter/tree-sitter.cjs' };

// Tree-sitter runtime and grammars are loaded from disk at run time, next to the server bundle.
function copyWasm() {
  mkdirSync('dist/wasm', { recursive: true });
  const src = 'node_modules/@vscode/tree-sitter-wasm/wasm';
  if (existsSync(src)) cpSync(src, 'dist/wasm', { recursive: true, filter: (f) => !f.endsWith('.d.ts') });
  if (existsSync('node_modules/web-tree-sitter/tree-sitter.wasm'))
    cpSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/wasm/web-tree-sitter.wasm');
  if (existsSync('server/queries')) cpSync('server/queries', 'dist/queries', { recursive: true });
}

// The chart webviews load uPlot's stylesheet from the extension (no CDN).
function copyWebviewAssets() {
  mkdirSync('dist/webview', { recursive: true });
  cpSync('node_modules/uplot/dist/uPlot.min.css', 'dist/webview/uPlot.min.css');
}

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', alias: serverAlias },
  // gearman-check, the same analysis for CI (a bin of the package); its wasm and queries are the server's.
  {
    ...common,
    entryPoints: ['server/src/check/main.ts'],
    outfile: 'dist/check.js',
    banner: { js: '#!/usr/bin/env node' },
    alias: serverAlias,
  },
  // Not shipped in the .vsix: the demo's and the tests' sample workers.
  { ...common, entryPoints: ['examples/workers/sampleWorkers.ts'], outfile: 'dist/sample-workers.js' },
  // The chart webviews' scripts, uPlot bundled in: loaded by <script nonce src>, never inline.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['client/webview/loadTest.ts', 'client/webview/dashboard.ts'],
    outdir: 'dist/webview',
  },
];

// Build only when run (`node esbuild.mjs`), not when imported for its settings.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  copyWasm();
  copyWebviewAssets();
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
    chmodSync('dist/check.js', 0o755);
  }
}
