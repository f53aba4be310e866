// Builds the test-only pieces that run inside an extension host: the probe extension
// (.vsix, for code-server) and the @vscode/test-electron suite (one CommonJS file).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const HERE = resolve(__dirname);
const REPO_ROOT = resolve(HERE, '../..');

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'error',
  });
}

/** Bundles suite/index.ts into OUTDIR/suite.js and returns its path (for extensionTestsPath). */
export async function buildSuite(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, 'suite.js');
  await bundle(join(HERE, 'suite/index.ts'), out);
  return out;
}

/** Builds the probe extension and packages it as OUTDIR/gearman-e2e-probe.vsix; returns the .vsix path. */
export async function buildProbeVsix(outDir: string): Promise<string> {
  const folder = join(outDir, 'probe');
  mkdirSync(folder, { recursive: true });
  copyFileSync(join(HERE, 'probe/package.json'), join(folder, 'package.json'));
  await bundle(join(HERE, 'probe/extension.ts'), join(folder, 'extension.js'));
  const vsix = join(outDir, 'gearman-e2e-probe.vsix');
  const vsce = join(REPO_ROOT, 'node_modules/.bin/vsce');
  const r = spawnSync(
    vsce,
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: folder, encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0 || !existsSync(vsix))
    throw new Error(
      `vsce could not package the probe extension (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`,
    );
  return vsix;
}
