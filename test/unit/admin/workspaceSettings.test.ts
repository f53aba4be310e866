import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripJsonc, workspaceServersFromFiles } from '../../../client/src/workspaceSettings';

describe('workspace settings files (untrusted workspaces)', () => {
  it('reads JSONC with comments and trailing commas, leaving strings alone', () => {
    const text = '{\n // comment\n "a": "http://x//y", /* block */ "b": [1, 2,],\n}';
    expect(JSON.parse(stripJsonc(text))).toEqual({ a: 'http://x//y', b: [1, 2] });
    expect(JSON.parse(stripJsonc('{"q": "say \\"hi\\" // not a comment"}'))).toEqual({ q: 'say "hi" // not a comment' });
  });

  it('finds gearman.servers in .vscode/settings.json or a .code-workspace file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-ws-'));
    try {
      mkdirSync(join(dir, 'f', '.vscode'), { recursive: true });
      writeFileSync(join(dir, 'f', '.vscode', 'settings.json'), '{ "gearman.servers": [{ "host": "h", }], // x\n }');
      expect(workspaceServersFromFiles(undefined, [join(dir, 'f')])).toEqual([{ host: 'h' }]);
      writeFileSync(join(dir, 'w.code-workspace'), '{ "folders": [], "settings": { "gearman.servers": ["a:1"] } }');
      expect(workspaceServersFromFiles(join(dir, 'w.code-workspace'), [join(dir, 'f')])).toEqual(['a:1']);
      expect(workspaceServersFromFiles(undefined, [join(dir, 'missing')])).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
