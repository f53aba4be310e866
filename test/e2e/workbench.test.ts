// The page-object helpers (support/workbench.ts) against a real workbench: built-in views
// plus the test-only probe extension's notification, hover and diagnostic, so these
// helpers are known to work before feature tests rely on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, ensureVsix, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import { waitUntil } from './support/processes';
import type { Workbench } from './support/workbench';
import { buildProbeVsix } from '../vscode/build';
import { PROBE_DIAGNOSTIC, PROBE_HOVER, PROBE_NOTIFICATION } from '../vscode/probe/fixtures';

describe('workbench page-object helpers', () => {
  let tmp: string;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-wb-'));
    const probeDone = join(tmp, 'probe.json');
    server = await startCodeServer({
      workspace: join(REPO_ROOT, 'test/e2e/workspace'),
      extensions: [ensureVsix(), await buildProbeVsix(join(tmp, 'build'))],
      env: { GEARMAN_PROBE_OUT: probeDone },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
    await waitUntil('the probe extension to activate', 90_000, () => existsSync(probeDone));
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('reads and expands tree rows, and clicks a view title action', async () => {
    await wb.openActivityView('Explorer');
    const rows = (await wb.waitForTreeRow('workspace', 'workers')) && (await wb.treeRows('workspace'));
    expect(rows.map((r) => r.label)).toEqual(expect.arrayContaining(['workers', 'client.py', 'README.md']));
    expect(rows.find((r) => r.label === 'workers')?.expanded).toBe(false);
    await wb.expandRow('workspace', 'workers');
    expect(await wb.waitForTreeRow('workspace', 'worker.js')).toMatchObject({ level: 2, expanded: undefined });
    await wb.clickViewTitleAction('Collapse Folders in Explorer', 'workspace');
    await wb.waitFor(
      'workers to collapse',
      async () => (await wb.treeRows('workspace')).find((r) => r.label === 'workers')?.expanded === false,
    );
  });

  it('runs a command from the palette and reads its quick pick', async () => {
    await wb.runCommand('Preferences: Color Theme');
    const items = await wb.waitFor('theme items', async () =>
      (await wb.quickPickItems()).map((i) => i.label).filter((l) => l.includes('Modern')),
    );
    expect(items).toEqual(expect.arrayContaining(['Dark Modern', 'Light Modern']));
    await session.page.keyboard.press('Escape');
    await wb.waitFor('the quick pick to close', async () => !(await wb.quickInputVisible()));
  });

  it('reads a notification with its severity and buttons', async () => {
    await wb.runCommand('Gearman Probe: Show Test Notification');
    const n = await wb.waitForNotification(PROBE_NOTIFICATION);
    expect(n).toMatchObject({ severity: 'warning', buttons: ['Retry', 'Dismiss'] });
  });

  it('opens a file through quick open and reads a hover', async () => {
    await wb.openFile('client.py');
    expect(await wb.hoverText(4, 2)).toContain(`${PROBE_HOVER} client`);
  });

  it('reads the Problems panel', async () => {
    const rows = await wb.waitFor('the probe diagnostic in Problems', async () => {
      const all = await wb.problems();
      return all.some((r) => r.text.includes(PROBE_DIAGNOSTIC)) && all;
    });
    expect(rows.map((r) => r.text).join('\n')).toContain('client.py');
    await wb.screenshot('workbench-helpers');
  });
});
