// The admin feature's actions (server/src/features/admin) against a real gearmand 1.1.x and a
// real Perl Gearman::Server 1.130: what the tree's commands run, checks and log lines included.
import { spawnSync } from 'node:child_process';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../server/src/gearman/admin';
import { runAction, type ActionTarget } from '../../server/src/features/admin/run';
import { testConnection } from '../../server/src/features/admin/testConnection';
import type { AdminAction } from '../../server/src/features/admin/types';
import { deadPort, startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { eventually, rawWorker, submitBackground } from './adminFakes';

function cliSubmit(port: number, fn: string, unique: string): void {
  const r = spawnSync('gearman', ['-h', '127.0.0.1', '-p', String(port), '-b', '-f', fn, '-u', unique, 'payload'], {
    timeout: 10_000,
    encoding: 'utf8',
  });
  if (r.status !== 0 || r.stderr) throw new Error(`gearman -b failed: ${r.stderr}`);
}

function setup(server: () => GearmandHandle) {
  const lines: string[] = [];
  const target = (): ActionTarget => ({
    id: `127.0.0.1:${server().port}`,
    name: 'test',
    endpoint: { host: '127.0.0.1', port: server().port },
  });
  const log = (level: 'info' | 'warn', m: string) => {
    lines.push(`${level}: ${m}`);
  };
  return { lines, target, log };
}

describe('admin actions on gearmand (C)', () => {
  let server: GearmandHandle;
  let slow: CliWorker;
  const { lines, target, log } = setup(() => server);

  beforeAll(async () => {
    server = await startGearmand({ kind: 'gearmand' });
  });
  afterAll(async () => {
    await slow?.stop();
    await server?.stop();
  });

  it('tells version, pid and verbose level', async () => {
    const r = await runAction(target(), { kind: 'info' }, log);
    expect(r.ok).toBe(true);
    expect(r.info).toMatchObject({
      kind: 'gearmand',
      version: expect.stringMatching(/^1\.1\./),
      pid: server.process.pid,
      verbose: expect.stringMatching(/^[A-Z]+$/),
    });
    expect(r.info?.unsupported).toEqual([]);
  });

  it('lists a single queued job with its unique id under its function', async () => {
    cliSubmit(server.port, 'aa_one', 'u-one');
    const r = await runAction(target(), { kind: 'jobs' }, log);
    expect(r.ok).toBe(true);
    expect(r.jobs?.jobs).toEqual([
      expect.objectContaining({
        handle: expect.stringMatching(/^H:/),
        unique: 'u-one',
        function: 'aa_one',
        state: 'queued',
        retries: 0,
      }),
    ]);
  });

  it('lists the unique ids the server holds, tied to their job', async () => {
    const r = await runAction(target(), { kind: 'uniqueJobs' }, log);
    expect(r).toMatchObject({ ok: true, message: '1 unique ids on test (' + target().id + ')' });
    expect(r.jobs?.uniques).toEqual(['u-one']);
    expect(r.jobs?.jobs).toEqual([expect.objectContaining({ unique: 'u-one', function: 'aa_one' })]);
  });

  it('ties a running job to its unique by status, and leaves waiting jobs of two functions uncertain', async () => {
    cliSubmit(server.port, 'aa_two', 'u-two');
    slow = startCliWorker(server.port, ['aa_slow'], ['sleep', '60']);
    cliSubmit(server.port, 'aa_slow', 'u-slow');
    const admin = new AdminClient({ host: '127.0.0.1', port: server.port });
    await eventually(
      async () => (await admin.status()).some((s) => s.name === 'aa_slow' && s.running === 1),
      'the slow job to run',
    );
    admin.close();
    const r = await runAction(target(), { kind: 'jobs' }, log);
    const jobs = r.jobs!.jobs;
    expect(jobs).toHaveLength(3);
    expect(jobs.find((j) => j.state === 'running')).toMatchObject({ unique: 'u-slow', function: 'aa_slow' });
    const waiting = jobs.filter((j) => j.state === 'queued');
    expect(waiting.every((j) => j.function === undefined && j.unique === undefined)).toBe(true);
    expect(waiting[0].candidates?.sort()).toEqual(['aa_one', 'aa_two']);
    expect(r.jobs!.unmatchedUniques.sort()).toEqual(['u-one', 'u-two']);
    expect(r.jobs!.matching).toMatch(/Tied 1 of 3/);
  });

  it('cancels a queued job, says honestly that gearmand keeps listing it, and refuses running and unknown jobs', async () => {
    const before = (await runAction(target(), { kind: 'jobs' }, log)).jobs!.jobs;
    const queued = before.find((j) => j.state === 'queued')!.handle!;
    const running = before.find((j) => j.state === 'running')!.handle!;
    lines.length = 0;
    const r = await runAction(target(), { kind: 'cancelJobs', handles: [queued, running, 'H:nowhere:1'] }, log);
    expect(r.ok).toBe(false);
    expect(r.cancelled).toEqual([
      expect.objectContaining({
        handle: queued,
        ok: true,
        stillListed: true,
        message: expect.stringMatching(/will not run.*until a worker/),
      }),
      expect.objectContaining({
        handle: running,
        ok: false,
        message: expect.stringMatching(/running job cannot be stopped/),
      }),
      expect.objectContaining({
        handle: 'H:nowhere:1',
        ok: false,
        message: expect.stringMatching(/no longer on the server/),
      }),
    ]);
    expect(r.message).toMatch(/Cancelled 1 of 3 jobs on test \(127\.0\.0\.1:\d+\)/);
    expect(lines.filter((l) => l.includes('cancel job'))).toHaveLength(3);
    const after = (await runAction(target(), { kind: 'jobs' }, log)).jobs!.jobs;
    expect(after.find((j) => j.handle === queued)?.state).toBe('cancelled');
    const again = await runAction(target(), { kind: 'cancelJobs', handles: [queued] }, log);
    expect(again.cancelled?.[0].message).toMatch(/already cancelled/);
  });

  it('sets max queue with one or three limits, and refuses a function the server does not have', async () => {
    lines.length = 0;
    expect(await runAction(target(), { kind: 'maxQueue', function: 'aa_one', limit: 1 }, log)).toMatchObject({
      ok: true,
    });
    expect(
      await runAction(target(), { kind: 'maxQueue', function: 'aa_one', limit: { high: 2, normal: 3, low: 0 } }, log),
    ).toMatchObject({ ok: true, message: expect.stringContaining('high 2, normal 3, low 0') });
    await expect(runAction(target(), { kind: 'maxQueue', function: 'aa_never', limit: 1 }, log)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/accept a limit for it and ignore it/),
    });
    expect(lines).toEqual([
      expect.stringMatching(/^info: Admin: Set the max queue of aa_one/),
      expect.stringMatching(/^info: Admin: Set the max queue of aa_one .* high 2/),
    ]);
  });

  it('creates a function, refuses to create it twice, and drops it', async () => {
    expect(await runAction(target(), { kind: 'createFunction', function: 'aa_made' }, log)).toMatchObject({ ok: true });
    await expect(runAction(target(), { kind: 'createFunction', function: 'aa_made' }, log)).rejects.toMatchObject({
      code: 'EXISTS',
    });
    expect(await runAction(target(), { kind: 'dropFunction', function: 'aa_made' }, log)).toMatchObject({ ok: true });
    await expect(runAction(target(), { kind: 'dropFunction', function: 'aa_made' }, log)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(lines.some((l) => /Admin: Created function aa_made on test/.test(l))).toBe(true);
    expect(lines.some((l) => /Admin: Dropped function aa_made on test/.test(l))).toBe(true);
  });

  it('refuses to drop a function that has queued jobs unless forced, and a name gearmand would match without case', async () => {
    await expect(runAction(target(), { kind: 'dropFunction', function: 'aa_two' }, log)).rejects.toMatchObject({
      data: { code: 'HAS_JOBS', queued: 1, running: 0 },
    });
    expect(
      (await new AdminClient({ host: '127.0.0.1', port: server.port }).status()).some((s) => s.name === 'aa_two'),
    ).toBe(true);
    await runAction(target(), { kind: 'createFunction', function: 'AA_CASE' }, log);
    await runAction(target(), { kind: 'createFunction', function: 'aa_case' }, log);
    await expect(runAction(target(), { kind: 'dropFunction', function: 'aa_case' }, log)).rejects.toMatchObject({
      code: 'AMBIGUOUS_NAME',
      message: expect.stringMatching(/also has AA_CASE/),
    });
  });

  it('drops a function with queued jobs when forced (the user confirmed twice)', async () => {
    const own = await startGearmand({ kind: 'gearmand' });
    try {
      cliSubmit(own.port, 'doomed', 'd1');
      const t: ActionTarget = {
        id: `127.0.0.1:${own.port}`,
        name: 'own',
        endpoint: { host: '127.0.0.1', port: own.port },
      };
      const r = await runAction(t, { kind: 'dropFunction', function: 'doomed', force: true }, log);
      expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/with 1 queued jobs \(confirmed twice\)/) });
    } finally {
      await own.stop();
    }
  });

  it('tests a connection: what answered, or why nothing did', async () => {
    expect(await testConnection({ host: '127.0.0.1', port: server.port })).toMatchObject({
      ok: true,
      kind: 'gearmand',
      message: expect.stringMatching(/^gearmand 1\.1\.\S+: \d+ functions, 1 workers$/),
    });
    const dead = await deadPort();
    try {
      expect(await testConnection({ host: '127.0.0.1', port: dead.port })).toMatchObject({
        ok: false,
        message: `gearmand at 127.0.0.1:${dead.port} refused the connection; is it running and listening on that port?`,
      });
    } finally {
      await dead.close();
    }
  });
});

describe('admin actions on Perl Gearman::Server', () => {
  let server: GearmandHandle;
  let sock: Socket | undefined;
  const { lines, target, log } = setup(() => server);

  beforeAll(async () => {
    server = await startGearmand({ kind: 'perl' });
    sock = await rawWorker(server.port, ['perl_work'], 'perl-w');
    await submitBackground(server.port, 'perl_q', 'pq-1', 'x');
    await submitBackground(server.port, 'perl_q', 'pq-2', 'y');
  });
  afterAll(async () => {
    sock?.destroy();
    await server?.stop();
  });

  it('tells the version and which commands it lacks', async () => {
    const r = await runAction(target(), { kind: 'info' }, log);
    expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/^Perl Gearman::Server v1\.130/) });
    expect(r.info?.pid).toBeUndefined();
    expect(r.info?.unsupported).toEqual(
      expect.arrayContaining([
        'show jobs',
        'cancel job',
        'create function',
        'drop function',
        'maxqueue priorities',
        'getpid',
        'verbose',
      ]),
    );
  });

  it('lists jobs with their function and unique id (from `jobs`)', async () => {
    const r = await runAction(target(), { kind: 'jobs' }, log);
    expect(r.ok).toBe(true);
    expect(r.jobs?.jobs.map((j) => [j.function, j.unique, j.state, j.handle]).sort()).toEqual([
      ['perl_q', 'pq-1', 'queued', undefined],
      ['perl_q', 'pq-2', 'queued', undefined],
    ]);
  });

  it('refuses what Perl cannot do, without sending it', async () => {
    for (const action of [
      { kind: 'uniqueJobs' },
      { kind: 'cancelJobs', handles: ['H:x:1'] },
      { kind: 'createFunction', function: 'x' },
      { kind: 'dropFunction', function: 'perl_q' },
      { kind: 'maxQueue', function: 'perl_q', limit: { high: 1, normal: 1, low: 1 } },
    ] satisfies AdminAction[]) {
      await expect(runAction(target(), action, log)).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/^Perl Gearman::Server v1\.130\S* at 127\.0\.0\.1:\d+ does not support/),
      });
    }
  });

  it('sets a single max queue', async () => {
    lines.length = 0;
    expect(await runAction(target(), { kind: 'maxQueue', function: 'perl_q', limit: 10 }, log)).toMatchObject({
      ok: true,
    });
    expect(await runAction(target(), { kind: 'maxQueue', function: 'perl_q', limit: 0 }, log)).toMatchObject({
      ok: true,
      message: expect.stringMatching(/unlimited/),
    });
    expect(lines).toHaveLength(2);
  });

  it('answers a connection test', async () => {
    expect(await testConnection({ host: '127.0.0.1', port: server.port })).toMatchObject({
      ok: true,
      kind: 'perl',
      message: expect.stringMatching(/^Perl Gearman::Server v1\.130\S*: 2 functions, 1 workers$/),
    });
  });
});
