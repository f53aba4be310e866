// A crafted .vscode/settings.json in an untrusted repository: read when the extension starts and on
// every settings change, so it must parse in linear time and be refused past its size bound.
// (The hand-written JSONC stripper before re-scanned its output at every `]`: a 512 KB file of
// nested arrays blocked the extension host for 211 s; this test would time out on it.)
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_BYTES, workspaceServersFromFiles } from '../../client/src/workspaceSettings';

const dir = mkdtempSync(join(tmpdir(), 'gearman-crafted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderWith(name: string, text: string): string {
  const f = join(dir, name);
  mkdirSync(join(f, '.vscode'), { recursive: true });
  writeFileSync(join(f, '.vscode', 'settings.json'), text);
  return f;
}

describe('a crafted workspace settings file', () => {
  it('reads the servers past 900 KB of nested arrays and comments', () => {
    const filler = '[[],[],[]],'.repeat(Math.floor((900 * 1024) / 11));
    const text = `{ /* ${'*/ /*'.repeat(1000)} */ "junk": [${filler}[]], "gearman.servers": [{ "host": "theirs", }], }`;
    expect(text.length).toBeLessThan(MAX_BYTES);
    expect(workspaceServersFromFiles(undefined, [folderWith('nested', text)])).toEqual([{ host: 'theirs' }]);
  });

  it('does not read one over the bound, nor one that is a FIFO or a device', () => {
    const big = `{ "gearman.servers": ["a:1"], "pad": [${'[],'.repeat(MAX_BYTES / 3)}[]] }`;
    expect(workspaceServersFromFiles(undefined, [folderWith('big', big)])).toBeUndefined();
    const dev = join(dir, 'dev');
    mkdirSync(join(dev, '.vscode'), { recursive: true });
    // A symlink to /dev/zero would be read forever by a plain readFileSync.
    symlinkSync('/dev/zero', join(dev, '.vscode', 'settings.json'));
    expect(workspaceServersFromFiles(undefined, [dev])).toBeUndefined();
  });
});
