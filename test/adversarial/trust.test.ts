// Jobs, local workers and admin go through the same resolver as polling: a workspace's server
// is not contacted in an untrusted workspace, a readOnly server refuses what would change it,
// and a TLS key passphrase reaches every path (not only polling) without ever crossing LSP
// in the clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import {
  adminRequest,
  getPassphrase,
  jobEvents,
  seal,
  newSealKey,
  SEAL_KEY_ENV,
  setViewVisible,
  type JobResult,
  type LocalWorkerInfo,
} from '../../server/src/protocol';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { startFake, type FakeServer } from '../integration/adminFakes';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { startTlsFront, type TlsFront } from '../support/tlsFront';
import { serversChanged, startLspProcess, type LspProcess } from '../lsp/support/lspClient';

const VSCODE = 'vscode-gearman';
const PASS = 'correct horse battery';
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('one resolver for jobs, workers and admin', () => {
  let gd: GearmandHandle;
  let theirs: FakeServer;
  let worker: GearmanWorker;
  const sessions: LspProcess[] = [];

  beforeAll(async () => {
    gd = await startGearmand();
    theirs = await startFake(() => {
      /* a workspace's server: must never be contacted */
    });
    worker = new GearmanWorker({ host: '127.0.0.1', port: gd.port });
    worker.register('echo', (job) => job.payload);
    await worker.start();
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await worker?.stop(1000);
    await theirs?.close();
    await gd?.stop();
  });

  const exec = <T>(lsp: LspProcess, command: string, arg: unknown) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] }) as Promise<T>;

  it('in an untrusted workspace, refuses jobs and local workers on a workspace server, and shell-command workers anywhere', async () => {
    const user = [{ name: 'mine', host: '127.0.0.1', port: gd.port }];
    const workspace = [{ name: 'theirs', host: '127.0.0.1', port: theirs.port }];
    const lsp = await startLspProcess(
      { servers: workspace },
      { initializationOptions: { client: VSCODE, trust: { trusted: false, user, workspace } } },
    );
    sessions.push(lsp);
    const blocked = /theirs: Not connected: this server is set in the settings of a workspace you have not trusted/;
    await expect(
      exec(lsp, 'gearman.server.submitJob', { jobId: 'u1', serverId: 'theirs', function: 'echo', payload: b64('x') }),
    ).rejects.toThrow(blocked);
    await expect(
      exec(lsp, 'gearman.server.submitJob', {
        jobId: 'u2',
        serverId: `127.0.0.1:${theirs.port}`,
        function: 'echo',
        payload: b64('x'),
      }),
    ).rejects.toThrow(blocked);
    await expect(
      exec(lsp, 'gearman.server.serveLocally', { serverId: 'theirs', function: 'echo2', mode: 'echo' }),
    ).rejects.toThrow(blocked);
    await expect(
      exec(lsp, 'gearman.server.serveLocally', { serverId: 'mine', function: 'wc', mode: { command: 'wc -l' } }),
    ).rejects.toThrow('Gearman will not run shell commands for a local worker: this workspace is not trusted.');
    await expect(
      lsp.conn.sendRequest(adminRequest, { serverId: 'theirs', action: { kind: 'info' } }),
    ).rejects.toMatchObject({ data: { code: 'BLOCKED' } });
    // The user's own server still works, echo workers included.
    const w = await exec<LocalWorkerInfo>(lsp, 'gearman.server.serveLocally', {
      serverId: 'mine',
      function: 'echo_untrusted',
      mode: 'echo',
    });
    expect(w.connected).toBe(true);
    expect(
      await exec<JobResult>(lsp, 'gearman.server.submitJob', {
        jobId: 'u3',
        serverId: 'mine',
        function: 'echo_untrusted',
        payload: b64('ok'),
      }),
    ).toMatchObject({ status: 'complete' });
    expect(theirs.connections).toBe(0);
  });

  it('refuses what would change a readOnly server (local workers, admin changes) and allows jobs and reads', async () => {
    const lsp = await startLspProcess({
      servers: [{ name: 'prod', host: '127.0.0.1', port: gd.port, readOnly: true }],
    });
    sessions.push(lsp);
    const readOnly = /prod \(127\.0\.0\.1:\d+\) is marked readOnly in gearman\.servers/;
    await expect(
      exec(lsp, 'gearman.server.serveLocally', { serverId: 'prod', function: 'steal_jobs', mode: 'echo' }),
    ).rejects.toThrow(readOnly);
    const create = lsp.conn.sendRequest(adminRequest, {
      serverId: 'prod',
      action: { kind: 'createFunction', function: 'made_on_prod' },
    });
    await expect(create).rejects.toMatchObject({
      data: { code: 'READ_ONLY' },
      message: expect.stringMatching(readOnly),
    });
    expect(await lsp.conn.sendRequest(adminRequest, { serverId: 'prod', action: { kind: 'info' } })).toMatchObject({
      ok: true,
    });
    expect(
      await exec<JobResult>(lsp, 'gearman.server.submitJob', {
        jobId: 'r1',
        serverId: 'prod',
        function: 'echo',
        payload: b64('read'),
      }),
    ).toMatchObject({ status: 'complete' });
    const snap = await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.name === 'prod' && s.health === 'up'),
      20_000,
      'prod up',
    );
    expect(snap.changed.find((s) => s.name === 'prod')).toMatchObject({
      readOnly: true,
      actions: ['info', 'jobs', 'uniqueJobs'],
    });
  });
});

describe('a TLS key passphrase', () => {
  let gd: GearmandHandle;
  let proxy: TlsFront;
  let lsp: LspProcess | undefined;
  const key = newSealKey();

  beforeAll(async () => {
    gd = await startGearmand();
    proxy = await startTlsFront(gd.port, PASS);
  });
  afterAll(async () => {
    await lsp?.close();
    await proxy?.close();
    await gd?.stop();
  });

  it('is asked for sealed, works for polling, jobs and local workers, and never crosses LSP in the clear', async () => {
    process.env[SEAL_KEY_ENV] = key;
    try {
      lsp = await startLspProcess(
        { servers: [{ name: 'tls', host: '127.0.0.1', port: proxy.port, tls: proxy.tls }] },
        { initializationOptions: { client: VSCODE } },
      );
    } finally {
      delete process.env[SEAL_KEY_ENV];
    }
    const wire: Buffer[] = [];
    lsp.proc.stdout!.on('data', (d: Buffer) => wire.push(d));
    const write = lsp.proc.stdin!.write.bind(lsp.proc.stdin!) as (chunk: unknown, ...rest: unknown[]) => boolean;
    lsp.proc.stdin!.write = ((chunk: unknown, ...rest: unknown[]) => {
      wire.push(Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as NodeJS.WritableStream['write'];
    const asked: string[] = [];
    lsp.conn.onRequest(getPassphrase, (p) => {
      asked.push(p.serverId);
      return { sealed: seal(PASS, key) };
    });
    await lsp.conn.sendNotification(setViewVisible, { visible: true });
    const id = `127.0.0.1:${proxy.port}`;
    await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.id === id && s.health === 'up'),
      20_000,
      'TLS server up',
    );
    const w = (await lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.serveLocally',
      arguments: [{ serverId: 'tls', function: 'over_tls', mode: 'echo' }],
    })) as LocalWorkerInfo;
    expect(w.connected).toBe(true);
    const r = (await lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.submitJob',
      arguments: [{ jobId: 't1', serverId: 'tls', function: 'over_tls', payload: b64('through TLS') }],
    })) as JobResult;
    expect(r.status).toBe('complete');
    const result = lsp
      .received(jobEvents)
      .flatMap((b) => b.events)
      .filter((e) => e.jobId === 't1')
      .at(-1)?.data;
    expect(Buffer.from(result ?? '', 'base64').toString()).toBe('through TLS');
    expect(asked).toEqual([id]);
    expect(Buffer.concat(wire).includes(Buffer.from(PASS))).toBe(false);
  });
});
