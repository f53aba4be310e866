// The Gearman explorer in a real VS Code (code-server + headless Chromium) with the packaged
// extension, against a real gearmand with real `gearman -w` workers, as a user sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  adminLine,
  deadPort,
  startCliWorker,
  startGearmand,
  type CliWorker,
  type DeadPort,
  type GearmandHandle,
} from '../support/gearmand';
import { startGate, type Gate } from '../support/gate';
import { REPO_ROOT, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';

const VIEW = 'Servers';

describe('explorer: servers, functions and workers', () => {
  let gd: GearmandHandle;
  const workers: CliWorker[] = [];
  let dead: DeadPort;
  let gate: Gate;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  /** The row of a server once its description satisfies `ok`. */
  const serverRow = (name: string, what: string, ok: (description: string) => boolean) =>
    wb.waitFor(
      `${name} ${what}`,
      async () => {
        const r = (await wb.treeRows(VIEW)).find((x) => x.level === 1 && x.label === name);
        if (!r || !ok(r.description)) throw new Error(`${name} row: ${JSON.stringify(r)}`);
        return r;
      },
      60_000,
    );
  const childLabels = async (name: string) => (await wb.childRows(VIEW, name)).map((r) => r.label);

  beforeAll(async () => {
    gd = await startGearmand();
    workers.push(startCliWorker(gd.port, ['count_lines'], ['wc', '-l']));
    dead = await deadPort();
    gate = await startGate(gd.port); // "late": the same gearmand, reached only once the test opens the gate
    server = await startCodeServer({
      workspace: join(REPO_ROOT, 'test/e2e/workspace'),
      // A long interval: rows change because of the Refresh button, not a timer.
      userSettings: {
        'gearman.servers': [
          { name: 'local', host: '127.0.0.1', port: gd.port },
          { name: 'dead', host: '127.0.0.1', port: dead.port },
          { name: 'late', host: '127.0.0.1', port: gate.port },
        ],
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
    await gate?.close();
    await dead?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await gd?.stop();
  });

  it('shows the Functions and Workers of a server that comes up after it was drawn connecting, without a click', async () => {
    await gate.waitForConnections(1); // the first poll of "late" is held at the gate
    // Drawn while not up: connecting, or down if the held poll already timed out (5 s) on a slow machine.
    await wb.waitFor('late drawn while not up, with its state under it', async () => {
      const row = (await wb.treeRows(VIEW)).find((x) => x.level === 1 && x.label === 'late');
      const under = await childLabels('late');
      const expected =
        row?.description === 'connecting…'
          ? `Connecting to 127.0.0.1:${gate.port}…`
          : row?.description.startsWith('down: ')
            ? `gearmand at 127.0.0.1:${gate.port} did not answer \`version\` within 5000 ms; the connection was closed and will be reopened`
            : undefined;
      if (!expected || under.join('\n') !== expected)
        throw new Error(`late row: ${JSON.stringify(row)}; under it: ${under.join(' | ')}`);
      return true;
    });
    gate.open();
    // The held poll may have timed out meanwhile (5 s): Refresh polls again at once either way.
    await wb.clickViewTitleAction('Refresh', VIEW);
    await serverRow('late', 'up', (d) => / · 1\.1\.\d+/.test(d));
    await wb.waitFor('Functions and Workers under late', async () => {
      const labels = await childLabels('late');
      if (labels.join() !== 'Functions,Workers') throw new Error(`under late: ${labels.join(' | ') || '(nothing)'}`);
      return true;
    });
    await wb.screenshot('explorer-late-server');
  });

  it('keeps a server row collapsed by the user while the server goes down and comes back', async () => {
    await wb.collapseRow(VIEW, 'late');
    gate.shut();
    await wb.clickViewTitleAction('Refresh', VIEW);
    await serverRow('late', 'down', (d) => d.startsWith('down: '));
    expect((await wb.waitForTreeRow(VIEW, 'late')).expanded).toBe(false);
    expect(await childLabels('late')).toEqual([]);
    gate.open();
    await wb.clickViewTitleAction('Refresh', VIEW);
    await serverRow('late', 'up again', (d) => / · 1\.1\.\d+/.test(d));
    expect((await wb.waitForTreeRow(VIEW, 'late')).expanded).toBe(false);
    expect(await childLabels('late')).toEqual([]);
    await wb.expandRow(VIEW, 'late');
    await wb.waitFor(
      'Functions and Workers under late again',
      async () => (await childLabels('late')).join() === 'Functions,Workers',
    );
  });

  it('shows count_lines, registered by `gearman -w -f count_lines -- wc -l`, with 1 worker', async () => {
    await serverRow('local', 'up, with its version', (d) => / · 1\.1\.\d+/.test(d));
    expect(await childLabels('local')).toEqual(['Functions', 'Workers']);
    await wb.expandRow(VIEW, 'Functions');
    const row = await wb.waitFor(
      'count_lines with 1 worker',
      async () => {
        const r = (await wb.treeRows(VIEW)).find((x) => x.label === 'count_lines');
        if (!r || !r.description.endsWith('1 worker')) throw new Error(`count_lines row: ${JSON.stringify(r)}`);
        return r;
      },
      60_000,
    );
    expect(row.description).toBe('1 worker');
    expect(await wb.statusBarItems()).toContain('Gearman: 2/3 servers');
    await wb.screenshot('explorer-count-lines');
  });

  it('shows 2 workers after a second worker starts and the user presses Refresh', async () => {
    workers.push(startCliWorker(gd.port, ['count_lines'], ['wc', '-l']));
    // gearmand itself must list the second worker before Refresh can show it (the timer would take an hour).
    const status = () => adminLine(gd.port, 'status');
    await wb.waitFor('gearmand to list 2 count_lines workers', async () =>
      /^count_lines\t0\t0\t2\r?$/m.test(await status()),
    );
    await wb.clickViewTitleAction('Refresh', VIEW);
    await wb.waitFor(
      'count_lines with 2 workers',
      async () => {
        const r = (await wb.treeRows(VIEW)).find((x) => x.label === 'count_lines');
        if (!r || r.description !== '2 workers') throw new Error(`count_lines row: ${JSON.stringify(r)}`);
        return r;
      },
      60_000,
    );
    await wb.expandRow(VIEW, 'Workers');
    const workerRows = await wb.waitFor('two worker rows under Workers', async () => {
      const rows = (await wb.treeRows(VIEW)).filter((r) => r.label === '127.0.0.1');
      if (rows.length !== 2) throw new Error(`worker rows: ${JSON.stringify(rows)}`);
      return rows;
    });
    expect(workerRows.map((r) => r.description)).toEqual(['count_lines', 'count_lines']);
    await wb.screenshot('explorer-two-workers');
  });

  it('shows a server that is down as down, with a readable error', async () => {
    const refused = `gearmand at 127.0.0.1:${dead.port} refused the connection; is it running and listening on that port?`;
    const row = await serverRow('dead', 'marked down', (d) => d.startsWith('down: '));
    expect(row.description).toBe(`down: ${refused.slice(0, 79)}…`);
    expect(await childLabels('dead')).toEqual([refused]);
    await wb.screenshot('explorer-dead-server');
  });
});
