// Admin actions, connection tests, workspace trust and polling pauses through the built
// server over stdio, against a real gearmand and node `net` fakes (a server that counts
// connections, one that sends malformed admin replies).
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGearmand, startCliWorker, type GearmandHandle, type CliWorker } from '../support/gearmand';
import { startFake, type FakeServer } from '../integration/adminFakes';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';
import {
  adminRequest,
  getRegistry,
  logMessage,
  registryChanged,
  setTrust,
  setViewVisible,
  testConnection,
  refreshRegistry,
  type ServerSnapshot,
} from '../../server/src/protocol';

const VSCODE = 'vscode-gearman';
const up = (id: string) => (d: { changed: ServerSnapshot[] }) =>
  d.changed.some((s) => s.id === id && s.health === 'up');
/** A fake gearmand that answers every admin command with an empty list. */
const gearmandLike = () => startFake((line, sock) => sock.write(line === 'version' ? 'OK 1.1.20\n' : '.\n'));

/**
 * A clock that counts poll intervals: a second language server (standalone, so always polling)
 * polls its own fake at the same 1 s interval. "Nothing happened for N ticks" is then a count of
 * real polls, not a guess at how long a poll takes.
 */
async function startClock(): Promise<{ ticks(n: number): Promise<void>; close(): Promise<void> }> {
  const fake = await gearmandLike();
  const session = await startLsp({ servers: [{ host: '127.0.0.1', port: fake.port }], refreshInterval: 1 });
  return {
    ticks: (n) => fake.waitForCount('status', fake.count('status') + n),
    async close() {
      await session.close();
      await fake.close();
    },
  };
}

describe('admin over LSP', () => {
  let gd: GearmandHandle;
  let worker: CliWorker;
  let lsp: LspSession | undefined;
  const fakes: FakeServer[] = [];
  const id = () => `127.0.0.1:${gd.port}`;

  beforeAll(async () => {
    gd = await startGearmand();
    worker = startCliWorker(gd.port, ['lsp_echo'], ['cat']);
  });
  afterEach(async () => {
    await lsp?.close();
    lsp = undefined;
    await Promise.all(fakes.splice(0).map((f) => f.close()));
  });
  afterAll(async () => {
    await worker?.stop();
    await gd?.stop();
  });

  it('runs admin actions on a configured server and writes changes to the log', async () => {
    lsp = await startLsp({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 });
    await lsp.waitFor(serversChanged, up(id()));
    const r = spawnSync(
      'gearman',
      ['-h', '127.0.0.1', '-p', String(gd.port), '-b', '-f', 'lsp_queue', '-u', 'lsp-u1', 'x'],
      { timeout: 10_000 },
    );
    expect(r.status).toBe(0);
    const info = await lsp.conn.sendRequest(adminRequest, { serverId: id(), action: { kind: 'info' } });
    expect(info.info).toMatchObject({ kind: 'gearmand', pid: gd.process.pid });
    const jobs = await lsp.conn.sendRequest(adminRequest, { serverId: id(), action: { kind: 'jobs' } });
    const job = jobs.jobs!.jobs[0];
    expect(job).toMatchObject({ unique: 'lsp-u1', function: 'lsp_queue', state: 'queued' });
    const cancel = await lsp.conn.sendRequest(adminRequest, {
      serverId: id(),
      action: { kind: 'cancelJobs', handles: [job.handle!] },
    });
    expect(cancel.ok).toBe(true);
    await lsp.waitFor(
      logMessage,
      (m) => m.level === 'info' && m.message.includes(`Admin: cancel job ${job.handle} on local (${id()})`),
    );
    // The same action for editors without the custom request: workspace/executeCommand.
    const viaCommand = await lsp.conn.sendRequest('workspace/executeCommand', {
      command: 'gearman.server.admin',
      arguments: [{ serverId: id(), action: { kind: 'createFunction', function: 'lsp_made' } }],
    });
    expect(viaCommand).toMatchObject({ ok: true });
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.functions.some((f) => f.name === 'lsp_made')));
    // Refusals are ResponseErrors in the server's own words, with the code in data.
    await expect(
      lsp.conn.sendRequest(adminRequest, { serverId: 'nowhere', action: { kind: 'info' } }),
    ).rejects.toMatchObject({ data: { code: 'UNKNOWN_SERVER' } });
    // Admin never goes to an address nobody configured, not even after asking.
    await expect(
      lsp.conn.sendRequest(adminRequest, { serverId: 'nowhere:1', action: { kind: 'info' } }),
    ).rejects.toMatchObject({
      data: { code: 'NOT_CONFIGURED' },
      message: 'nowhere:1 is not a configured Gearman server; add it to gearman.servers to use it.',
    });
    await expect(
      lsp.conn.sendRequest(adminRequest, { serverId: id(), action: { kind: 'shutdown' } as never }),
    ).rejects.toMatchObject({ data: { code: 'BAD_ARGUMENT' }, message: 'Unknown admin action "shutdown"' });
    const viaCommandRefused = lsp.conn.sendRequest('workspace/executeCommand', {
      command: 'gearman.server.admin',
      arguments: [{ serverId: id(), action: { kind: 'createFunction', function: 'lsp_made' } }],
    });
    await expect(viaCommandRefused).rejects.toMatchObject({ data: { code: 'EXISTS' } });
    expect(await lsp.conn.sendRequest(testConnection, { host: '127.0.0.1', port: gd.port })).toMatchObject({
      ok: true,
      kind: 'gearmand',
    });
    expect(await lsp.conn.sendRequest(testConnection, { host: ' ', port: 0 })).toEqual({
      ok: false,
      message: 'Give a host and a port from 1 to 65535.',
    });
  });

  it('in an untrusted workspace never connects to workspace servers, keeps user servers, and connects once trusted', async () => {
    const fake = await gearmandLike();
    const mine = await gearmandLike(); // the user's server, polled all along: it counts the poll intervals
    fakes.push(fake, mine);
    const user = [{ name: 'mine', host: '127.0.0.1', port: mine.port }];
    const workspace = [{ name: 'theirs', host: '127.0.0.1', port: fake.port }];
    lsp = await startLsp(
      { servers: workspace, refreshInterval: 1 },
      { initializationOptions: { client: VSCODE, trust: { trusted: false, user, workspace } } },
    );
    await lsp.conn.sendNotification(setViewVisible, { visible: true });
    await lsp.waitFor(serversChanged, up(`127.0.0.1:${mine.port}`));
    const all = await lsp.conn.sendRequest(getRegistry);
    const theirs = all.servers.find((s) => s.port === fake.port)!;
    expect(theirs).toMatchObject({
      health: 'blocked',
      source: 'workspace',
      error: expect.stringMatching(/workspace you have not trusted/),
    });
    await lsp.conn.sendRequest(refreshRegistry, {});
    await expect(
      lsp.conn.sendRequest(adminRequest, { serverId: theirs.id, action: { kind: 'info' } }),
    ).rejects.toMatchObject({ data: { code: 'BLOCKED' } });
    await mine.waitForCount('status', mine.count('status') + 3); // three more polls of the user's server
    expect(fake.connections).toBe(0);

    await lsp.conn.sendNotification(setTrust, { trusted: true, user, workspace });
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.port === fake.port && s.health === 'up'));
    expect(fake.connections).toBeGreaterThan(0);
  });

  it('stops polling while the view is hidden and resumes when it shows', async () => {
    const fake = await gearmandLike();
    fakes.push(fake);
    const clock = await startClock();
    try {
      lsp = await startLsp(
        { servers: [{ host: '127.0.0.1', port: fake.port }], refreshInterval: 1 },
        { initializationOptions: { client: VSCODE } },
      );
      await clock.ticks(3);
      expect(fake.connections).toBe(0);
      // The client is told, so its status bar says "paused" rather than "connecting".
      expect((await lsp.conn.sendRequest(getRegistry)).polling).toBe(false);
      await lsp.conn.sendNotification(setViewVisible, { visible: true });
      await lsp.waitFor(registryChanged, (d) => d.polling);
      await lsp.waitFor(serversChanged, up(`127.0.0.1:${fake.port}`));
      await lsp.conn.sendNotification(setViewVisible, { visible: false });
      // answered after the notification was handled
      expect((await lsp.conn.sendRequest(getRegistry)).polling).toBe(false);
      // A poll that started before the pause ends with prioritystatus: wait until every started poll has.
      await fake.waitForCount('prioritystatus', fake.count('status'));
      const paused = fake.count('status');
      await clock.ticks(3);
      expect(fake.count('status')).toBe(paused);
      await lsp.conn.sendNotification(setViewVisible, { visible: true });
      await fake.waitForCount('status', paused + 1);
    } finally {
      await clock.close();
    }
  });

  it('reports malformed admin replies as a readable error on that server only', async () => {
    const fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status') sock.write('\u001b[31m<b>not a status row</b>\n.\n');
      else sock.write('.\n');
    });
    fakes.push(fake);
    lsp = await startLsp({
      servers: [
        { name: 'garbage', host: '127.0.0.1', port: fake.port },
        { name: 'local', host: '127.0.0.1', port: gd.port },
      ],
      refreshInterval: 1,
    });
    const d = await lsp.waitFor(serversChanged, (x) =>
      x.changed.some((s) => s.name === 'garbage' && s.health === 'down'),
    );
    const bad = d.changed.find((s) => s.name === 'garbage')!;
    expect(bad.error).toBe(
      'Malformed `status` reply line "\\u001b[31m<b>not a status row</b>": expected 4 TAB-separated fields, found 1',
    );
    await lsp.waitFor(serversChanged, up(id()));
    const all = await lsp.conn.sendRequest(getRegistry);
    expect(all.servers.find((s) => s.name === 'local')?.health).toBe('up');
  });
});
