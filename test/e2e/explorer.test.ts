// The Gearman explorer in a real VS Code (code-server + headless Chromium) with the packaged
// extension, against a real gearmand with real `gearman -w` workers, as a user sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { freePort, startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { REPO_ROOT, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';

describe('explorer: servers, functions and workers', () => {
  let gd: GearmandHandle;
  const workers: CliWorker[] = [];
  let deadPort: number;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    gd = await startGearmand();
    workers.push(startCliWorker(gd.port, ['count_lines'], ['wc', '-l']));
    deadPort = await freePort();
    server = await startCodeServer({
      workspace: join(REPO_ROOT, 'test/e2e/workspace'),
      // A long interval: the second worker must show because of the Refresh button, not a timer.
      userSettings: {
        'gearman.servers': [{ name: 'local', host: '127.0.0.1', port: gd.port }, { name: 'dead', host: '127.0.0.1', port: deadPort }],
        'gearman.refreshInterval': 3600,
      },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
    await server.waitForActivation();
    await wb.openActivityView('Gearman');
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await Promise.all(workers.map((w) => w.stop()));
    await gd?.stop();
  });

  it('shows count_lines, registered by `gearman -w -f count_lines -- wc -l`, with 1 worker', async () => {
    const local = await wb.waitFor('the local server up, with its version', async () => {
      const r = (await wb.treeRows('Servers')).find((x) => x.label === 'local');
      if (!r || !/^1\.1\.\d+/.test(r.description)) throw new Error(`local row: ${JSON.stringify(r)}`);
      return r;
    }, 60_000);
    expect(local.description).toMatch(/^1\.1\.\d+/);
    await wb.expandRow('Servers', 'Functions');
    const row = await wb.waitFor('count_lines with 1 worker', async () => {
      const r = (await wb.treeRows('Servers')).find((x) => x.label === 'count_lines');
      if (!r || !r.description.endsWith('1 worker')) throw new Error(`count_lines row: ${JSON.stringify(r)}`);
      return r;
    }, 60_000);
    expect(row.description).toBe('0 queued · 0 running · 1 worker');
    const status = await wb.statusBarItems();
    expect(status.some((s) => s.includes('Gearman: 1/2 servers'))).toBe(true);
    await wb.screenshot('explorer-count-lines');
  });

  it('shows 2 workers after a second worker starts and the user presses Refresh', async () => {
    workers.push(startCliWorker(gd.port, ['count_lines'], ['wc', '-l']));
    // Give the worker time to register, then ask for a refresh (the timer would take an hour).
    await new Promise((r) => setTimeout(r, 1500));
    await wb.waitFor('count_lines with 2 workers', async () => {
      await wb.clickViewTitleAction('Refresh', 'Servers');
      const r = (await wb.treeRows('Servers')).find((x) => x.label === 'count_lines');
      if (!r || r.description !== '0 queued · 0 running · 2 workers') throw new Error(`count_lines row: ${JSON.stringify(r)}`);
      return r;
    }, 60_000);
    await wb.expandRow('Servers', 'Workers');
    const workerRows = await wb.waitFor('two worker rows under Workers', async () => {
      const rows = (await wb.treeRows('Servers')).filter((r) => r.label === '127.0.0.1');
      if (rows.length !== 2) throw new Error(`worker rows: ${JSON.stringify(rows)}`);
      return rows;
    });
    expect(workerRows.every((r) => /^fd \d+ · 1 function$/.test(r.description))).toBe(true);
    await wb.screenshot('explorer-two-workers');
  });

  it('shows a server that is down as down, with a readable error', async () => {
    const dead = await wb.waitFor('the dead server marked down', async () => {
      const r = (await wb.treeRows('Servers')).find((x) => x.label === 'dead');
      if (!r || !r.description.startsWith('down')) throw new Error(`dead row: ${JSON.stringify(r)}`);
      return r;
    }, 60_000);
    expect(dead.description).toContain(`127.0.0.1:${deadPort} refused the connection`);
    await wb.screenshot('explorer-dead-server');
  });
});
