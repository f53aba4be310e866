// README claims about operating servers, in a real VS Code (code-server + Chromium) with the
// packaged extension: Set Max Queue, Create Function and Drop Function (twice confirmed while
// jobs are queued), each confirmed in a modal dialog; Add / Edit / Remove Server with
// validation, a connection test and the settings written; and a TLS key passphrase kept in
// secret storage, never in settings, and used again after a window reload.
//
// gearmand is reached through a proxy that records the admin lines the extension sends, so
// "nothing was sent" is checked after the poller's next status lines (a countable event).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AdminClient } from '../../server/src/gearman/admin';
import { PacketType } from '../../server/src/gearman/packet';
import { submitBackground } from '../integration/adminFakes';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { startTlsFront, type TlsFront } from '../support/tlsFront';
import { REPO_ROOT, startCodeServer, type CodeServer } from './support/codeServer';
import { openWorkbench, type WorkbenchSession } from './support/browser';
import { answerModal } from './support/dialogs';
import type { Workbench } from './support/workbench';

const VIEW = 'gearman.servers';

/** Every regular file under DIR (recursively) whose bytes contain NEEDLE. */
function filesContaining(dir: string, needle: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...filesContaining(path, needle));
    else if (st.isFile() && readFileSync(path).includes(needle)) out.push(path);
  }
  return out;
}

describe('operating servers as the README says, in code-server', () => {
  let gd: GearmandHandle;
  let gd2: GearmandHandle;
  let proxy: TcpProxy;
  let front: TlsFront;
  let server: CodeServer;
  let session: WorkbenchSession;
  let wb: Workbench;
  let main: string;

  beforeAll(async () => {
    gd = await startGearmand();
    gd2 = await startGearmand();
    proxy = await startTcpProxy(gd.port);
    front = await startTlsFront(gd2.port);
    main = `main (127.0.0.1:${proxy.port})`;
    // Functions with queued jobs and no worker: rows to act on.
    for (const [fn, unique] of [
      ['mq_fn', 'mq-1'],
      ['e2e_busy', 'busy-1'],
    ]) {
      expect((await submitBackground(gd.port, fn, unique, 'x')).type).toBe(PacketType.JOB_CREATED);
    }
    server = await startCodeServer({
      workspace: join(REPO_ROOT, 'test/e2e/workspace'),
      userSettings: {
        'gearman.servers': [{ name: 'main', host: '127.0.0.1', port: proxy.port }],
        'gearman.refreshInterval': 1,
      },
    });
    session = await openWorkbench(server);
    wb = session.workbench;
    await server.waitForActivation();
    await wb.openActivityView('Gearman');
    await wb.waitForTreeRow(VIEW, 'main', 60_000);
    await wb.expandRow(VIEW, 'main');
    await wb.expandRow(VIEW, 'Functions');
    await wb.waitForTreeRow(VIEW, 'e2e_busy');
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await front?.close();
    await proxy?.close();
    await gd2?.stop();
    await gd?.stop();
  });

  const userSettings = () =>
    JSON.parse(readFileSync(join(server.userDataDir, 'User/settings.json'), 'utf8')) as Record<string, unknown>;
  const servers = () => userSettings()['gearman.servers'] as Record<string, unknown>[];
  const sent = (prefix: string) => proxy.lines.filter((l) => l.startsWith(prefix));
  /** Two more polls have reached gearmand: anything sent before them has been sent. */
  const twoPolls = () => proxy.linesAfter('status', 2);

  /** Right-clicks the row LABEL in the Servers view and picks ITEM from its context menu, as the README says. */
  async function onRow(label: string, item: string): Promise<void> {
    await wb.waitForTreeRow(VIEW, label);
    await wb.rowContextMenu(VIEW, label, item);
  }

  /** Types TEXT into the open input box and returns the validation message it shows (without pressing Enter). */
  async function typeAndRead(text: string, expected: string): Promise<string> {
    await wb.waitForQuickInput();
    await wb.page.locator('.quick-input-widget input.input').fill(text);
    return wb.waitFor(`the message "${expected}"`, async () => {
      const m = (await wb.quickInputState()).message;
      return m === expected ? m : '';
    });
  }

  async function gearmandStatus(): Promise<{ name: string; total: number }[]> {
    const admin = new AdminClient({ host: '127.0.0.1', port: gd.port });
    try {
      return await admin.status();
    } finally {
      admin.close();
    }
  }

  it('sets a max queue after checking the number and asking, and gearmand then refuses jobs beyond it', async () => {
    await onRow('mq_fn', 'Set Max Queue…');
    await wb.waitFor(
      'the max queue quick pick',
      async () => (await wb.quickInputState()).title === `Set max queue of mq_fn on ${main}`,
    );
    await wb.quickPickSelect('One limit for all priorities');
    expect(await typeAndRead('lots', 'Enter a whole number from 0 (unlimited) to 2147483647.')).toBeTruthy();
    await wb.quickInputAccept('2');
    const asked = await answerModal(wb, 'Set Max Queue');
    expect(asked.message).toBe(`Set the max queue of "mq_fn" on ${main} to 2?`);
    expect(asked.detail).toBe(
      'Beyond the limit gearmand refuses new jobs of this function (QUEUE_ERROR). Jobs already queued stay.',
    );
    await wb.waitForNotification(/^Gearman: /);
    expect(sent('maxqueue ')).toEqual(['maxqueue mq_fn 2']);
    expect((await submitBackground(gd.port, 'mq_fn', 'mq-2', 'x')).type).toBe(PacketType.JOB_CREATED);
    const refused = await submitBackground(gd.port, 'mq_fn', 'mq-3', 'x');
    expect(refused.type).toBe(PacketType.ERROR);
    expect(refused.payload).toMatch(/^QUEUE_ERROR/);
  });

  it('creates a function only after the name is valid and the dialog is confirmed', async () => {
    await onRow('main', 'Create Function…');
    expect(
      await typeAndRead(
        'has space',
        'The admin protocol splits on spaces: a function name cannot contain spaces, tabs, line breaks or NUL.',
      ),
    ).toBeTruthy();
    await wb.quickInputAccept('e2e_made');
    const cancelled = await answerModal(wb, 'Cancel');
    expect(cancelled.message).toBe(`Create function "e2e_made" on ${main}?`);
    await twoPolls();
    expect(sent('create function')).toEqual([]);

    await onRow('main', 'Create Function…');
    await wb.quickInputAccept('e2e_made');
    await answerModal(wb, 'Create Function');
    await wb.waitForTreeRow(VIEW, 'e2e_made');
    expect(sent('create function')).toEqual(['create function e2e_made']);
    expect((await gearmandStatus()).some((r) => r.name === 'e2e_made')).toBe(true);
  });

  it('drops a function with queued jobs only after a second confirmation', async () => {
    await onRow('e2e_busy', 'Drop Function…');
    const first = await answerModal(wb, 'Cancel');
    expect(first.message).toBe(`"e2e_busy" on ${main} still has 1 queued and 0 running jobs. Drop it anyway?`);
    await twoPolls();
    expect(sent('drop function')).toEqual([]);

    await onRow('e2e_busy', 'Drop Function…');
    await answerModal(wb, 'Continue…');
    const second = await answerModal(wb, 'Cancel');
    expect(second.message).toBe(`Really drop "e2e_busy" and its 1 queued jobs on ${main}?`);
    expect(second.detail).toBe(
      'This is the second confirmation. The jobs cannot be recovered and the server may crash.',
    );
    await twoPolls();
    expect(sent('drop function')).toEqual([]);
    expect((await gearmandStatus()).find((r) => r.name === 'e2e_busy')?.total).toBe(1);

    await onRow('e2e_busy', 'Drop Function…');
    await answerModal(wb, 'Continue…');
    await answerModal(wb, 'Drop Function and Jobs');
    await wb.waitFor(
      'the e2e_busy row to go',
      async () => !(await wb.treeRows(VIEW)).some((r) => r.label === 'e2e_busy'),
    );
    expect(sent('drop function')).toEqual(['drop function e2e_busy']);
    expect((await gearmandStatus()).some((r) => r.name === 'e2e_busy')).toBe(false);
    await wb.screenshot('claims-dropped-function');
  });

  it('adds a server after validating host and port and testing the connection, then edits and removes it', async () => {
    const second = `127.0.0.1:${gd2.port}`;
    await wb.runCommand('Gearman: Add Server');
    expect(
      await typeAndRead('not a host!', 'Enter a host and optional port, like 10.0.0.5:4730 or [::1]:4730.'),
    ).toBeTruthy();
    expect(await typeAndRead('127.0.0.1:70000', 'The port must be from 1 to 65535.')).toBeTruthy();
    await wb.quickInputAccept(second);
    await wb.waitFor('the name step', async () => (await wb.quickInputState()).title === 'Add Gearman server (name)');
    await wb.quickInputAccept('second');
    await wb.quickPickSelect('No TLS');
    const tested = await answerModal(wb, 'Save');
    expect(tested.message).toMatch(
      new RegExp(`^Gearman: ${second.replace(/\./g, '\\.')} answered: gearmand 1\\.1\\.\\d+.*\\. Save it\\?$`),
    );
    await wb.quickPickSelect('User settings');
    await wb.waitFor('the entry in user settings', () => servers().some((e) => e.name === 'second'));
    expect(servers()).toEqual([
      { name: 'main', host: '127.0.0.1', port: proxy.port },
      { host: '127.0.0.1', port: gd2.port, name: 'second' },
    ]);
    await wb.waitForTreeRow(VIEW, 'second');

    await onRow('second', 'Edit Server…');
    await wb.waitFor('the prefilled address', async () => (await wb.quickInputState()).value === second);
    await wb.quickInputAccept();
    await wb.waitFor('the prefilled name', async () => (await wb.quickInputState()).value === 'second');
    await wb.quickInputAccept('renamed');
    await wb.quickPickSelect('No TLS');
    await answerModal(wb, 'Save');
    await wb.waitFor('the renamed entry in user settings', () => servers().some((e) => e.name === 'renamed'));
    expect(servers()).toEqual([
      { name: 'main', host: '127.0.0.1', port: proxy.port },
      { host: '127.0.0.1', port: gd2.port, name: 'renamed' },
    ]);
    await wb.waitForTreeRow(VIEW, 'renamed');

    await onRow('renamed', 'Remove Server…');
    const removed = await answerModal(wb, 'Remove Server');
    expect(removed.message).toBe(`Remove renamed (${second}) from your user settings?`);
    await wb.waitFor('the entry to leave user settings', () => servers().length === 1);
    expect(servers()).toEqual([{ name: 'main', host: '127.0.0.1', port: proxy.port }]);
    await wb.waitFor(
      'the renamed row to go',
      async () => !(await wb.treeRows(VIEW)).some((r) => r.label === 'renamed'),
    );
  });

  it('keeps a TLS key passphrase in secret storage, not in settings, and connects with it again after a reload', async () => {
    const id = `127.0.0.1:${front.port}`;
    await wb.runCommand('Gearman: Add Server');
    await wb.quickInputAccept(id);
    await wb.waitFor('the name step', async () => (await wb.quickInputState()).title === 'Add Gearman server (name)');
    await wb.quickInputAccept('secure');
    await wb.quickPickSelect('TLS with options…');
    expect(await typeAndRead('/nowhere/ca.pem', 'No file at /nowhere/ca.pem; enter an absolute path.')).toBeTruthy();
    await wb.quickInputAccept(front.caFile);
    await wb.waitFor(
      'the client certificate step',
      async () => (await wb.quickInputState()).title === 'Add Gearman server (client certificate)',
    );
    await wb.quickInputAccept(front.certFile);
    await wb.waitFor(
      'the client key step',
      async () => (await wb.quickInputState()).title === 'Add Gearman server (client key)',
    );
    await wb.quickInputAccept(front.keyFile);
    await wb.waitFor(
      'the passphrase step',
      async () => (await wb.quickInputState()).title === 'Add Gearman server (key passphrase)',
    );
    await wb.quickInputAccept(front.passphrase);
    await wb.waitFor(
      'the servername step',
      async () => (await wb.quickInputState()).title === 'Add Gearman server (servername)',
    );
    await wb.quickInputAccept('');
    await wb.quickPickSelect('Verify the server certificate');
    const tested = await answerModal(wb, 'Save');
    expect(tested.message).toMatch(new RegExp(`^Gearman: ${id.replace(/\./g, '\\.')} answered: gearmand`));
    await wb.quickPickSelect('User settings');
    await wb.waitFor('the TLS entry in user settings', () => servers().some((e) => e.name === 'secure'));
    expect(servers()[1]).toEqual({
      host: '127.0.0.1',
      port: front.port,
      name: 'secure',
      tls: { caFile: front.caFile, certFile: front.certFile, keyFile: front.keyFile },
    });
    await wb.waitForTreeRow(VIEW, 'secure');
    await wb.waitFor('the TLS server to connect', async () =>
      (await wb.treeRows(VIEW)).find((r) => r.label === 'secure')?.description.includes(' · 1.1.'),
    );
    expect(filesContaining(server.userDataDir, front.passphrase)).toEqual([]);

    // A new extension host and language server: the passphrase can only come from secret storage.
    const hosts = server.extensionHostsStarted();
    await wb.runCommand('Developer: Reload Window');
    await wb.waitFor('a new extension host', () => server.extensionHostsStarted() > hosts, 120_000);
    await wb.openActivityView('Gearman');
    await wb.waitFor(
      'the TLS server to connect after the reload',
      async () => (await wb.treeRows(VIEW)).find((r) => r.label === 'secure')?.description.includes(' · 1.1.'),
      60_000,
    );
    await wb.screenshot('claims-tls-after-reload');
  });
});
