import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_BYTES, serversInSettingsFile, workspaceServersFromFiles } from '../../../client/src/workspaceSettings';

describe('workspace settings files (untrusted workspaces)', () => {
  it('reads JSONC with comments and trailing commas, leaving strings alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-ws-'));
    try {
      const file = join(dir, 'settings.json');
      writeFileSync(
        file,
        '{\n // comment\n "x": "http://x//y", /* block */ "gearman.servers": ["say \\"hi\\" // not a comment", 2,],\n}',
      );
      expect(serversInSettingsFile(file)).toEqual(['say "hi" // not a comment', 2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not read a settings file over the size bound, nor one that is not a regular file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-ws-'));
    try {
      const file = join(dir, 'settings.json');
      writeFileSync(file, `{ "gearman.servers": ["a:1"], "pad": "${'x'.repeat(MAX_BYTES)}" }`);
      expect(serversInSettingsFile(file)).toBeUndefined();
      writeFileSync(file, '{ "gearman.servers": ["a:1"] }');
      expect(serversInSettingsFile(file)).toEqual(['a:1']);
      expect(serversInSettingsFile(dir)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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
