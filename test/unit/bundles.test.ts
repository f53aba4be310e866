// The shipped bundles load on their own: everything they require is bundled, except the
// editor API (client) and Node's built-ins. (A dependency whose UMD build requires its parts
// at run time once made the extension fail to activate; only the end-to-end tests saw it.)
import { builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(__dirname, '../../dist');
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function requires(file: string): string[] {
  const path = join(dist, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first (npm test does)`);
  return [...new Set([...readFileSync(path, 'utf8').matchAll(/\brequire\d*\("([^"]+)"\)/g)].map((m) => m[1]))];
}

describe('bundles', () => {
  it('dist/extension.js requires only vscode and Node built-ins', () => {
    expect(requires('extension.js').filter((m) => m !== 'vscode' && !builtins.has(m))).toEqual([]);
  });

  it('dist/server.js requires only Node built-ins', () => {
    expect(requires('server.js').filter((m) => !builtins.has(m))).toEqual([]);
  });
});
