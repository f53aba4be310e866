// Job submission as any LSP editor sees it: the built server over stdio, a real gearmand,
// and real workers (the library's GearmanWorker in this process, and `gearman -w`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExecuteCommandRequest,
  WorkDoneProgress,
  type WorkDoneProgressBegin,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { cancelJob, jobEvents, type JobEvent, type JobResult } from '../../server/src/protocol';
import { deadPort, startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const text = (d: string | undefined) => Buffer.from(d ?? '', 'base64').toString('utf8');

describe('job submission over stdio', () => {
  let gd: GearmandHandle;
  let worker: GearmanWorker;
  let cli: CliWorker;
  let lsp: LspSession;
  let serverId: string;
  let releaseSlow: () => void = () => {};

  beforeAll(async () => {
    gd = await startGearmand();
    serverId = `127.0.0.1:${gd.port}`;
    worker = new GearmanWorker({ host: '127.0.0.1', port: gd.port }, { concurrency: 2 });
    worker.register('steps', async (job) => {
      job.status(1, 4);
      job.data('first ');
      job.warning('careful');
      job.status(3, 4);
      job.data('second');
      return `done:${job.payload.toString()}`;
    });
    worker.register('boom', () => {
      throw new Error('it went boom');
    });
    worker.register('nope', (job) => job.fail());
    worker.register(
      'slow',
      (job) =>
        new Promise<string>((res) => {
          job.status(1, 2);
          releaseSlow = () => res('late');
          job.signal.addEventListener('abort', () => res('aborted'));
        }),
    );
    await worker.start();
    cli = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
    lsp = await startLsp({ servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 });
    // Settings arrive after initialize (workspace/configuration): wait until the server has them.
    await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.name === 'local' && s.health === 'up'),
      20_000,
      'server up',
    );
  });

  afterAll(async () => {
    releaseSlow();
    await lsp?.close();
    await worker?.stop(2000);
    await cli?.stop();
    await gd?.stop();
  });

  const submit = (args: Record<string, unknown>) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.submitJob',
      arguments: [{ serverId, ...args }],
    }) as Promise<JobResult>;
  const eventsOf = (jobId: string) =>
    lsp
      .received(jobEvents)
      .flatMap((b) => b.events)
      .filter((e) => e.jobId === jobId);
  const chunksOf = (events: JobEvent[], kind: 'data' | 'warning') =>
    events
      .filter((e) => e.kind === kind)
      .flatMap((e) => e.chunks ?? [])
      .map((c) => text(c.data));
  const resultOf = (jobId: string) => eventsOf(jobId).at(-1)?.data;
  const eventArrives = (jobId: string, kind: JobEvent['kind'], what: string) =>
    lsp
      .waitFor(jobEvents, (b) => b.events.some((e) => e.jobId === jobId && e.kind === kind), 20_000, what)
      .then((b) => b.events.find((e) => e.jobId === jobId && e.kind === kind)!);

  it('lists its commands at initialize', () => {
    expect(lsp.init.capabilities.executeCommandProvider?.commands).toEqual(
      expect.arrayContaining([
        'gearman.server.submitJob',
        'gearman.server.submitJobBlock',
        'gearman.server.watchJob',
        'gearman.server.serveLocally',
        'gearman.server.stopLocalWorker',
      ]),
    );
  });

  it('submits through executeCommand and streams status, data and warnings in order, with $/progress on the token', async () => {
    const progress: (WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' })[] = [];
    const token = 'tok-steps';
    const sub = lsp.conn.onProgress(WorkDoneProgress.type, token, (v) => {
      progress.push(v);
    });
    const r = await submit({ jobId: 'j1', function: 'steps', payload: b64('abc'), workDoneToken: token });
    sub.dispose();
    expect(r).toMatchObject({ status: 'complete', size: 8 });
    expect(r.handle).toMatch(/^H:/);
    const events = eventsOf('j1');
    // Events come in batches: chunks of one batch share an event, and WORK_STATUS keeps only the latest per batch.
    expect(events.slice(0, 2).map((e) => e.kind)).toEqual(['submitted', 'created']);
    expect(events.at(-1)).toMatchObject({ kind: 'complete', size: 8 });
    expect(text(resultOf('j1'))).toBe('done:abc');
    expect(chunksOf(events, 'data')).toEqual(['first ', 'second']);
    expect(chunksOf(events, 'warning')).toEqual(['careful']);
    const statuses = events.filter((e) => e.kind === 'status').map((e) => `${e.numerator}/${e.denominator}`);
    expect(['1/4,3/4', '3/4']).toContain(statuses.join());
    expect(events.every((e, i) => i === 0 || e.at >= events[i - 1].at)).toBe(true);
    expect(progress[0]).toMatchObject({ kind: 'begin', title: 'Gearman: steps on local' });
    const percentages = progress
      .filter((p) => p.kind === 'report')
      .map((p) => (p as WorkDoneProgressReport).percentage)
      .filter((x) => x !== undefined);
    expect(percentages.every((x) => x === 25 || x === 75)).toBe(true);
    expect(progress.at(-1)?.kind).toBe('end');
  });

  it('reports exceptions and failures', async () => {
    const ex = await submit({ jobId: 'j2', function: 'boom', payload: '' });
    expect(ex.status).toBe('exception');
    expect(text(resultOf('j2'))).toContain('it went boom');
    expect(eventsOf('j2').at(-1)?.kind).toBe('exception');
    const fail = await submit({ jobId: 'j3', function: 'nope', payload: '' });
    expect(fail.status).toBe('fail');
    expect(eventsOf('j3').at(-1)?.kind).toBe('fail');
  });

  it('runs the seed walk-through: count_lines with a gearman -w worker', async () => {
    await submit({ jobId: 'j4', function: 'count_lines', payload: b64('a\nb\nc\n') });
    expect(text(resultOf('j4')).trim()).toBe('3');
  });

  it('stops waiting on gearman/cancelJob and says the job keeps running', async () => {
    const pending = submit({ jobId: 'j5', function: 'slow', payload: '' });
    await eventArrives('j5', 'status', 'slow job status');
    expect(await lsp.conn.sendRequest(cancelJob, { jobId: 'j5' })).toEqual({ cancelled: true });
    const r = await pending;
    expect(r.status).toBe('cancelled');
    const last = eventsOf('j5').at(-1) as JobEvent;
    expect(last.kind).toBe('cancelled');
    expect(last.message).toMatch(/keeps running/);
    expect(await lsp.conn.sendRequest(cancelJob, { jobId: 'j5' })).toEqual({ cancelled: false });
    releaseSlow();
  });

  it('queues a background job, returns its handle, and watches it until the server forgets it', async () => {
    const r = await submit({ jobId: 'j6', function: 'steps', payload: b64('bg'), background: true });
    expect(r.status).toBe('queued');
    expect(r.handle).toMatch(/^H:/);
    await lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.watchJob',
      arguments: [{ jobId: 'w6', serverId: r.server, handle: r.handle, intervalMs: 200 }],
    });
    const gone = await eventArrives('w6', 'gone', 'watched job gone');
    expect(gone.message).toMatch(/no longer knows/);
  });

  it('rejects with a readable error for an unknown server, a bad argument, and an unreachable one', async () => {
    await expect(submit({ jobId: 'e1', function: 'steps', payload: '', serverId: 'nowhere' })).rejects.toThrow(
      /No configured Gearman server is called "nowhere"/,
    );
    await expect(submit({ jobId: 'e2', function: 'steps', payload: '', priority: 'urgent' })).rejects.toMatchObject({
      message: 'gearman.server.submitJob: "priority" must be high, normal or low',
    });
    const dead = await deadPort();
    const id = `127.0.0.1:${dead.port}`;
    try {
      // An address nobody configured is sent to only after the user confirms; an editor that cannot ask declines.
      await expect(submit({ jobId: 'e3', function: 'steps', payload: '', serverId: id })).rejects.toMatchObject({
        message: `Not sent: ${id} is not a configured server and sending to it was not confirmed. Add it to gearman.servers to use it.`,
      });
      expect(eventsOf('e3').at(-1)?.kind).toBe('error');
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
      await expect(submit({ jobId: 'e4', function: 'steps', payload: '', serverId: id })).rejects.toMatchObject({
        message: `gearmand at ${id} refused the connection; is it running and listening on that port?`,
      });
      expect(eventsOf('e4').at(-1)?.kind).toBe('error');
    } finally {
      await lsp.setSettings({ ...lsp.settings, servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }] });
      await dead.close();
    }
  });

  it('shows a result full of <script>, ANSI escapes and NUL bytes byte for byte (the client renders it inert)', async () => {
    const nasty = Buffer.concat([
      Buffer.from('<script>alert(1)</script>\x1b[31mred\x1b[0m'),
      Buffer.from([0, 0xff, 0]),
    ]);
    const w = new GearmanWorker({ host: '127.0.0.1', port: gd.port });
    w.register('nasty', () => nasty);
    await w.start();
    try {
      await submit({ jobId: 'j7', function: 'nasty', payload: '' });
      expect(Buffer.from(resultOf('j7') ?? '', 'base64').equals(nasty)).toBe(true);
    } finally {
      await w.stop(1000);
    }
  });
});
