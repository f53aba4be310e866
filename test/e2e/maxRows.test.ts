// A server with more functions than gearman.explorer.maxRows, in a real VS Code: the tree draws
// the kept rows and one "N more functions" row, and filtering through that row brings the
// functions the user looks for into the kept rows (the language server keeps matches first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { AdminClient } from '../../server/src/gearman/admin';
import { REPO_ROOT, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';

const MAX_ROWS = 12;
const IDLE = 30;
const name = (i: number) => `mr_fn_${String(i).padStart(2, '0')}`;

describe('explorer: more functions than maxRows', () => {
  let gd: GearmandHandle;
  let worker: CliWorker;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    gd = await startGearmand();
    const admin = new AdminClient({ host: gd.host, port: gd.port });
    try {
      for (let i = 0; i < IDLE; i++) await admin.createFunction(name(i));
    } finally {
      admin.close();
    }
    // Sorts last by name, but has a worker: kept first.
    worker = startCliWorker(gd.port, ['zz_busy'], ['wc', '-l']);
    server = await startCodeServer({
      workspace: join(REPO_ROOT, 'test/e2e/workspace'),
      userSettings: {
        'gearman.servers': [{ name: 'local', host: '127.0.0.1', port: gd.port }],
        'gearman.refreshInterval': 1,
        'gearman.explorer.maxRows': MAX_ROWS,
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
    await worker?.stop();
    await gd?.stop();
  });

  it('draws maxRows functions, those with workers first, and one "N more functions" row', async () => {
    await wb.waitForTreeRow('Servers', 'local', 60_000);
    // Expanded by hand: a row first drawn while connecting can stay collapsed (a race of its own).
    await wb.expandRow('Servers', 'local');
    await wb.expandRow('Servers', 'Functions');
    const more = await wb.waitForTreeRow('Servers', `${IDLE + 1 - MAX_ROWS} more functions`, 60_000);
    expect(more.description).toBe('Filter…');
    const rows = await wb.treeRows('Servers');
    const functions = rows.filter((r) => /^(mr_fn_|zz_)/.test(r.label)).map((r) => r.label);
    expect(functions).toEqual([...Array.from({ length: MAX_ROWS - 1 }, (_, i) => name(i)), 'zz_busy']);
    expect(rows.find((r) => r.label === 'Functions')?.description).toBe(`${MAX_ROWS} of ${IDLE + 1}`);
    await wb.screenshot('explorer-more-functions');
  });

  it('filters through the "more" row, and the server keeps the functions that match', async () => {
    await wb.waitFor('the filter input after clicking the "more" row', async () => {
      await wb.clickTreeRow('Servers', `${IDLE + 1 - MAX_ROWS} more functions`);
      return (await wb.quickInputState()).title === 'Filter Gearman functions';
    });
    await wb.quickInputAccept('mr_fn_2');
    const shown = await wb.waitFor(
      'the ten functions matching mr_fn_2',
      async () => {
        const labels = (await wb.treeRows('Servers')).map((r) => r.label).filter((l) => l.startsWith('mr_fn_'));
        if (labels.length !== 10) throw new Error(`function rows: ${labels.join(' | ')}`);
        return labels;
      },
      60_000,
    );
    expect(shown).toEqual(Array.from({ length: 10 }, (_, i) => name(20 + i)));
    await wb.screenshot('explorer-more-functions-filtered');
  });
});
