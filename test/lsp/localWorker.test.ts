// Local test workers run by the language server: echo, a shell command (like the seed's
// `gearman -w -f count_lines -- wc -l`), a failing command, and stopping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { AdminClient } from '../../server/src/gearman/admin';
import { jobEvents, localWorkersChanged, type JobResult, type LocalWorkerInfo } from '../../server/src/protocol';
import { deadPort, startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const text = (d: string | undefined) => Buffer.from(d ?? '', 'base64').toString('utf8');

describe('local workers over stdio', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let serverId: string;

  beforeAll(async () => {
    gd = await startGearmand();
    serverId = `127.0.0.1:${gd.port}`;
    lsp = await startLsp({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 });
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
  });

  const exec = <T>(command: string, arg: unknown) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] }) as Promise<T>;
  const submit = (jobId: string, fn: string, payload: string) =>
    exec<JobResult>('gearman.server.submitJob', {
      jobId,
      serverId,
      function: fn,
      payload: b64(payload),
      timeoutSec: 20,
    });
  /** The result bytes: they travel in the job's last event, once. */
  const resultOf = (jobId: string) =>
    lsp
      .received(jobEvents)
      .flatMap((b) => b.events)
      .filter((e) => e.jobId === jobId)
      .at(-1)?.data;

  it('echoes the payload and lists the worker', async () => {
    const w = await exec<LocalWorkerInfo>('gearman.server.serveLocally', {
      serverId,
      function: 'echo_here',
      mode: 'echo',
    });
    expect(w).toMatchObject({ function: 'echo_here', mode: 'echo', connected: true });
    await submit('l1', 'echo_here', 'ping');
    expect(text(resultOf('l1'))).toBe('ping');
    const listed = await lsp.waitFor(localWorkersChanged, (p) => p.workers.some((x) => x.id === w.id && x.jobs === 1));
    expect(listed.workers.map((x) => x.function)).toEqual(['echo_here']);
  });

  it('runs a shell command with the payload on stdin: wc -l', async () => {
    await exec('gearman.server.serveLocally', { serverId, function: 'count_lines_here', mode: { command: 'wc -l' } });
    const r = await submit('l2', 'count_lines_here', 'a\nb\nc\n');
    expect(r.status).toBe('complete');
    expect(text(resultOf('l2')).trim()).toBe('3');
  });

  it('turns a failing command into an exception carrying its exit code and stderr', async () => {
    await exec('gearman.server.serveLocally', {
      serverId,
      function: 'fails_here',
      mode: { command: 'echo broken >&2; exit 3' },
    });
    const r = await submit('l3', 'fails_here', 'x');
    expect(r.status).toBe('exception');
    expect(text(resultOf('l3'))).toMatch(/exited with code 3: broken/);
  });

  it('stops a worker: gearmand no longer lists it', async () => {
    const before = await exec<LocalWorkerInfo[]>('gearman.server.listLocalWorkers', {});
    const echo = before.find((w) => w.function === 'echo_here')!;
    expect(await exec('gearman.server.stopLocalWorker', { id: echo.id })).toEqual({ stopped: true });
    const after = await exec<LocalWorkerInfo[]>('gearman.server.listLocalWorkers', {});
    expect(after.map((w) => w.function).sort()).toEqual(['count_lines_here', 'fails_here']);
    const admin = new AdminClient({ host: '127.0.0.1', port: gd.port });
    try {
      const status = await admin.status();
      expect(status.find((f) => f.name === 'echo_here')?.workers ?? 0).toBe(0);
    } finally {
      admin.close();
    }
  });

  it('refuses a server that does not answer, with its address', async () => {
    const dead = await deadPort();
    const id = `127.0.0.1:${dead.port}`;
    try {
      await expect(
        exec('gearman.server.serveLocally', { serverId: id, function: 'x', mode: 'echo' }),
      ).rejects.toMatchObject({
        message: `${id} is not a configured Gearman server; add it to gearman.servers to use it.`,
      });
      const configured = lsp.mark();
      await lsp.setSettings({
        ...lsp.settings,
        servers: [
          { name: 'local', host: '127.0.0.1', port: gd.port },
          { name: 'dead', host: '127.0.0.1', port: dead.port },
        ],
      });
      await configured.waitFor(
        serversChanged,
        (d) => d.changed.some((s) => s.id === id),
        20_000,
        'the dead server configured',
      );
      await expect(
        exec('gearman.server.serveLocally', { serverId: id, function: 'x', mode: 'echo' }),
      ).rejects.toMatchObject({
        message: `Cannot serve x on dead: gearmand at ${id} refused the connection; is it running and listening on that port?`,
      });
    } finally {
      await lsp.setSettings({ ...lsp.settings, servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }] });
      await dead.close();
    }
  });
});
