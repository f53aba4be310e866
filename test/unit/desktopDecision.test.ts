// When VS Code desktop cannot run, the @vscode/test-electron suite skips and says why, unless
// REQUIRE_DESKTOP=1 says the machine must run it; and loading its test file fetches nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { desktopDecision } from '../vscode/runTests';

const REPO_ROOT = resolve(__dirname, '../..');

describe('the VS Code desktop suite decision', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gearman-desktop-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs when nothing is missing, skips with the reason otherwise, and fails with REQUIRE_DESKTOP=1', () => {
    expect(desktopDecision(undefined, {})).toEqual({ run: true });
    expect(desktopDecision(undefined, { REQUIRE_DESKTOP: '1' })).toEqual({ run: true });
    expect(desktopDecision('no display', {})).toEqual({ run: false, skip: 'no display' });
    expect(desktopDecision('no display', { REQUIRE_DESKTOP: '0' })).toEqual({ run: false, skip: 'no display' });
    expect(() => desktopDecision('no display', { REQUIRE_DESKTOP: '1' })).toThrow(
      'REQUIRE_DESKTOP=1 is set, but the VS Code desktop suite cannot run here: no display',
    );
  });

  it('collects test/e2e/vscodeDesktop.test.ts without a single fetch', () => {
    // `vitest list` loads the file as a run would, in a process whose fetch writes down each URL.
    const fetched = join(tmp, 'fetched');
    writeFileSync(
      join(tmp, 'trap.mjs'),
      `import { appendFileSync } from 'node:fs';
globalThis.fetch = async (url) => { appendFileSync(${JSON.stringify(fetched)}, String(url) + '\\n'); throw new Error('no fetch while collecting'); };\n`,
    );
    writeFileSync(
      join(tmp, 'vitest.config.mjs'),
      "export default { test: { include: ['test/e2e/vscodeDesktop.test.ts'] } };\n",
    );
    const r = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'),
        'list',
        '--config',
        join(tmp, 'vitest.config.mjs'),
        '--root',
        REPO_ROOT,
      ],
      {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NODE_OPTIONS: `--import ${join(tmp, 'trap.mjs')}` },
      },
    );
    expect(existsSync(fetched) ? readFileSync(fetched, 'utf8') : '').toBe('');
    expect(`${r.stdout}${r.stderr}`).toContain(
      'VS Code desktop (@vscode/test-electron) > registers the Gearman views and activates in VS Code',
    );
  });
});
