// Runs the TextMate grammar tests of the `.gearman` language with vscode-tmgrammar-test,
// which loads syntaxes/gearman.tmLanguage.json through package.json's contributes.grammars.
// JSON payloads embed source.json, which only VS Code ships, so a small stand-in is passed with -g.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const tool = (script: string, ...args: string[]) => {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vscode-tmgrammar-test/dist', script),
      '-g',
      'test/grammar/json.tmLanguage.json',
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
};

describe('gearman TextMate grammar', () => {
  it('passes the scope assertions in test/grammar/*.gearman', () => {
    const r = tool('unit.js', '--compact', 'test/grammar/*.gearman');
    expect(r.output, r.output).toContain('blocks.gearman');
    expect(r.status, r.output).toBe(0);
  });

  it('matches the snapshots in test/grammar/snap', () => {
    const r = tool('snapshot.js', 'test/grammar/snap/*.gearman');
    expect(r.output, r.output).not.toContain('Generating snapshot');
    expect(r.status, r.output).toBe(0);
  });
});
