// Admin in the real VS Code (code-server + Chromium): cancel a queued job through its
// confirmation and watch it leave the queue; hostile names rendered inert in the tree; and an
// untrusted folder that makes no connection to the server its settings name.
//
// What "leave the tree" means on gearmand 1.1.20: `cancel job` does not remove the job; the
// server marks it ignored and keeps listing (and counting) it until a worker for its function
// takes it and throws it away. So the row first turns from "queued" to "cancelled (ignored)";
// once a worker registers, the job is discarded unrun and its row disappears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import type { Workbench } from './support/workbench';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { startFake, type FakeServer } from '../integration/adminFakes';
import { request } from '../../server/src/gearman/codec';
import { PacketType } from '../../server/src/gearman/packet';

const WORKSPACE = join(REPO_ROOT, 'test/e2e/workspace');
const VIEW = 'gearman.servers';

/** A raw worker connection registering byte-exact names (the CLI cannot send raw bytes). */
function rawNames(port: number, names: Buffer[], clientId: Buffer): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(request(PacketType.SET_CLIENT_ID, clientId));
      for (const n of names) s.write(request(PacketType.CAN_DO, n));
      resolve(s);
    });
    s.on('error', reject);
  });
}

describe('admin actions in the real VS Code', () => {
  let gd: GearmandHandle;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;
  let raw: Socket | undefined;
  let worker: CliWorker | undefined;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-admin-'));
    gd = await startGearmand();
    const r = spawnSync(
      'gearman',
      ['-h', '127.0.0.1', '-p', String(gd.port), '-b', '-f', 'e2e_cancel', '-u', 'e2e-u1', 'payload'],
      { timeout: 10_000 },
    );
    if (r.status !== 0) throw new Error('could not queue the job');
    raw = await rawNames(
      gd.port,
      [
        Buffer.from('<img src=x onerror=alert(1)>'),
        Buffer.from('\u001b[31mansi_red'),
        Buffer.from(`long_${'L'.repeat(300)}`),
        Buffer.from('caf\xe9_latin1', 'latin1'),
      ],
      Buffer.from('\u001b[2J<b>bold</b>'),
    );
    server = await startCodeServer({
      workspace: WORKSPACE,
      userSettings: {
        'gearman.servers': [{ name: 'e2e', host: '127.0.0.1', port: gd.port }],
        'gearman.refreshInterval': 1,
      },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
  });

  afterAll(async () => {
    raw?.destroy();
    await worker?.stop();
    await session?.close();
    await server?.stop();
    await gd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows hostile function names and client ids as inert text', async () => {
    await wb.openActivityView('Gearman');
    await wb.waitForTreeRow(VIEW, 'e2e', 60_000);
    await wb.expandRow(VIEW, 'e2e');
    await wb.expandRow(VIEW, 'Functions');
    await wb.waitForTreeRow(VIEW, '<img src=x onerror=alert(1)>');
    const labels = (await wb.treeRows(VIEW)).map((r) => r.label);
    expect(labels).toContain('\\x1B[31mansi_red');
    expect(labels).toContain('caf\\xE9_latin1');
    const long = labels.find((l) => l.startsWith('long_'));
    expect(long?.length).toBe(120);
    expect(long?.endsWith('…')).toBe(true);
    // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
    expect(labels.join('')).not.toMatch(/[\u0000-\u001f]/);
    expect(await wb.viewPane(VIEW).locator('img[src="x"], b').count()).toBe(0);
    await wb.expandRow(VIEW, 'Workers');
    const workerRow = await wb.waitForTreeRow(VIEW, /bold/);
    expect(workerRow.label).toContain('\\x1B[2J<b>bold</b>');
    await wb.screenshot('admin-inert-names');
  });

  it('cancels a queued job through its confirmation, and the job leaves the queue', async () => {
    await wb.expandRow(VIEW, 'e2e_cancel');
    const job = await wb.waitForTreeRow(VIEW, /^H:/);
    expect(job.description).toBe('queued · unique e2e-u1');
    await wb.rowContextMenu(VIEW, job.label, 'Cancel Queued Job…');
    await wb.waitFor(
      'the cancel confirmation',
      async () => (await wb.quickInputState()).title === `Cancel 1 queued job on e2e (127.0.0.1:${gd.port})?`,
    );
    const items = await wb.quickPickItems();
    expect(items.map((i) => [i.label, i.description])).toEqual([
      ['Keep it', 'leave the job queued'],
      ['Cancel 1 queued job', `${job.label} (e2e_cancel)`],
    ]);
    expect(items[1].detail).toBe(
      'It will not run. gearmand 1.1.x keeps a cancelled job listed (ignored) until a worker for its function takes and discards it.',
    );
    await wb.quickPickSelect('Cancel 1 queued job');
    await wb.waitFor('the job row to show it cancelled', async () =>
      (await wb.treeRows(VIEW)).find((r) => r.label === job.label)?.description.startsWith('cancelled (ignored)'),
    );
    await wb.waitForNotification(/Cancelled 1 of 1 jobs/);
    await wb.screenshot('admin-job-cancelled');

    // A worker for the function makes gearmand discard the cancelled job without running it.
    const ran = join(tmp, 'ran');
    worker = startCliWorker(gd.port, ['e2e_cancel'], ['sh', '-c', `echo ran >> ${ran}`]);
    await wb.waitFor(
      'the cancelled job row to disappear',
      async () => !(await wb.treeRows(VIEW)).some((r) => r.label === job.label),
      60_000,
    );
    expect(existsSync(ran)).toBe(false);
  });
});

describe('an untrusted folder', () => {
  let fake: FakeServer;
  let mine: FakeServer;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;

  beforeAll(async () => {
    const gearmandLike = () => startFake((line, sock) => sock.write(line === 'version' ? 'OK 1.1.20\n' : '.\n'));
    fake = await gearmandLike();
    mine = await gearmandLike(); // the user's own server: polled, so its polls count the intervals
    server = await startCodeServer({
      workspace: WORKSPACE,
      workspaceTrust: true,
      userSettings: {
        'gearman.refreshInterval': 1,
        'gearman.servers': [{ name: 'mine', host: '127.0.0.1', port: mine.port }],
      },
      workspaceSettings: { 'gearman.servers': [{ name: 'from-workspace', host: '127.0.0.1', port: fake.port }] },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await fake?.close();
    await mine?.close();
  });

  it('makes no connection to the server its settings name, and says why', async () => {
    // A fresh profile asks whether to trust the folder: say no.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await wb.waitFor('the workspace trust dialog', () => dialog.isVisible(), 60_000);
    await dialog
      .locator('.dialog-buttons .monaco-button', { hasText: /No|Don't Trust/ })
      .first()
      .click();
    await server.waitForActivation();
    await wb.openActivityView('Gearman');
    const message = wb.viewPane(VIEW).locator('.message');
    const text = await wb.waitFor('the untrusted message above the tree', async () => {
      const t = (await message.count()) ? (await message.first().innerText()).trim() : '';
      return t.includes('not trusted') ? t : '';
    });
    expect(text).toBe(
      'This workspace is not trusted: Gearman does not connect to servers set in its workspace settings and runs no local worker commands. Servers from your user settings still work.',
    );
    // With the view open, the user's server is polled every second: three more polls of it are
    // three intervals in which the workspace's server would have been polled too.
    await mine.waitForCount('status', 1);
    await mine.waitForCount('status', mine.count('status') + 3);
    await wb.screenshot('admin-untrusted');
    expect(fake.connections).toBe(0);
    // VS Code hides the workspace value from the extension too; the row comes from reading the settings file.
    const blocked = await wb.waitForTreeRow(VIEW, 'from-workspace');
    expect(blocked.description).toBe('not connected: workspace not trusted');
    expect((await wb.treeRows(VIEW)).filter((r) => r.level === 1).map((r) => r.label)).toEqual([
      'mine',
      'from-workspace',
    ]);
  });
});
