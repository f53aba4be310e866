// AdminClient against a real gearmand 1.1.x (C) and a real Perl Gearman::Server 1.130,
// plus node `net` fakes for a server that hangs or sends garbage.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../server/src/gearman/admin';
import {
  ConnectionError,
  GearmanError,
  ProtocolError,
  ServerError,
  TimeoutError,
  UnsupportedCommandError,
} from '../../server/src/gearman/errors';
import { decodeName } from '../../server/src/gearman/names';
import { PacketType } from '../../server/src/gearman/packet';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { eventually, rawWorker, startFake, submitBackground, type FakeServer } from './adminFakes';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

/** Submits a background job with the gearman CLI; returns its stderr (libgearman reports errors there). */
/** Bytes sent to 127.0.0.1:PORT that the server has not read yet, from the kernel's table of TCP sockets. */
function unreadBytesAt(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '01') // the server's end of an established connection
    .reduce((n, f) => n + parseInt(f[4].split(':')[1], 16), 0);
}

/** The state letter of a process (R running, S sleeping, T stopped, ...), from /proc. */
function processState(pid: number): string {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
}

function cliSubmit(port: number, fn: string, unique: string, ...flags: string[]): string {
  const r = spawnSync(
    'gearman',
    ['-h', '127.0.0.1', '-p', String(port), '-b', '-f', fn, '-u', unique, ...flags, 'payload'],
    { timeout: 10_000, encoding: 'utf8' },
  );
  return r.stderr;
}

describe('gearmand (C)', () => {
  let server: GearmandHandle;
  let worker: CliWorker;
  let admin: AdminClient;

  beforeAll(async () => {
    server = await startGearmand({ kind: 'gearmand', extraArgs: ['--verbose', 'INFO'] });
    worker = startCliWorker(server.port, ['adm_rev'], ['cat']);
    admin = new AdminClient({ host: server.host, port: server.port });
    await eventually(
      async () => (await admin.status()).some((r) => r.name === 'adm_rev' && r.workers === 1),
      'the CLI worker',
    );
  });
  afterAll(async () => {
    admin?.close();
    await worker?.stop();
    await server?.stop();
  });

  it('identifies the server and what it supports', async () => {
    const v = await admin.version();
    expect(v.kind).toBe('gearmand');
    expect(v.version).toMatch(/^1\.1\.\d+/);
    expect(admin.supports('prioritystatus')).toBe(true);
    expect(admin.supports('cancel job')).toBe(true);
    expect(admin.supports('gladiator')).toBe(false);
    expect(await admin.getPid()).toBe(server.process.pid);
    expect(await admin.verbose()).toBe('INFO');
  });

  it('lists workers, including its own admin connection', async () => {
    const rows = await admin.workers();
    expect(rows.some((r) => r.functions.includes('adm_rev') && r.clientId === '-' && r.address === '127.0.0.1')).toBe(
      true,
    );
    expect(rows.some((r) => r.functions.length === 0)).toBe(true);
  });

  it('shows, cancels and counts queued jobs', async () => {
    expect(cliSubmit(server.port, 'adm_queue', 'adm-u1')).toBe('');
    expect(cliSubmit(server.port, 'adm_queue', 'adm-u2', '-I')).toBe('');
    expect((await admin.status()).find((r) => r.name === 'adm_queue')).toEqual({
      name: 'adm_queue',
      total: 2,
      running: 0,
      workers: 0,
      queued: 2,
    });
    expect((await admin.priorityStatus()).find((r) => r.name === 'adm_queue')).toEqual({
      name: 'adm_queue',
      high: 1,
      normal: 1,
      low: 0,
      workers: 0,
    });
    expect(await admin.showUniqueJobs()).toEqual(expect.arrayContaining(['adm-u1', 'adm-u2']));
    const jobs = await admin.showJobs();
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.queued && !j.ignore)).toBe(true);

    await admin.cancelJob(jobs[0].handle);
    // gearmand 1.1.20 marks a cancelled job ignored instead of removing it.
    expect((await admin.showJobs()).find((j) => j.handle === jobs[0].handle)).toMatchObject({
      ignore: true,
      queued: false,
    });
    const e = await rejection(admin.cancelJob('H:nowhere:999'));
    expect(e).toBeInstanceOf(ServerError);
    expect((e as ServerError).code).toBe('UNKNOWN_JOB');
    expect(e.message).toMatch(/gearmand 1\.1\.\d+.* at 127\.0\.0\.1:\d+/);
  });

  it('applies maxqueue with one and three limits', async () => {
    await admin.createFunction('adm_limited');
    await admin.maxQueue('adm_limited', 1);
    expect(cliSubmit(server.port, 'adm_limited', 'l1')).toBe('');
    expect(cliSubmit(server.port, 'adm_limited', 'l2')).toMatch(/QUEUE_ERROR/);
    expect((await admin.status()).find((r) => r.name === 'adm_limited')?.total).toBe(1);
    // gearmand holds each priority's limit against the whole queue of the function.
    await admin.maxQueue('adm_limited', { high: 5, normal: 3, low: 1 });
    expect(cliSubmit(server.port, 'adm_limited', 'l3')).toBe('');
    expect(cliSubmit(server.port, 'adm_limited', 'l4')).toBe('');
    expect(cliSubmit(server.port, 'adm_limited', 'l5')).toMatch(/QUEUE_ERROR/);
    expect(cliSubmit(server.port, 'adm_limited', 'h1', '-I')).toBe('');
    expect(cliSubmit(server.port, 'adm_limited', 'low1', '-L')).toMatch(/QUEUE_ERROR/);
    await admin.maxQueue('adm_limited', 0);
    expect(cliSubmit(server.port, 'adm_limited', 'l6')).toBe(''); // 0 lifts the limit
    expect((await admin.priorityStatus()).find((r) => r.name === 'adm_limited')).toEqual({
      name: 'adm_limited',
      high: 1,
      normal: 4,
      low: 0,
      workers: 0,
    });
  });

  it('creates and drops functions, with the error replies', async () => {
    await admin.createFunction('adm_created');
    expect((await admin.status()).find((r) => r.name === 'adm_created')).toMatchObject({ total: 0, workers: 0 });
    await admin.dropFunction('adm_created');
    expect((await admin.status()).some((r) => r.name === 'adm_created')).toBe(false);

    const busy = await rejection(admin.dropFunction('adm_rev'));
    expect(busy).toBeInstanceOf(ServerError);
    expect((busy as ServerError).code).toBe('FUNCTION_IN_USE');
    const missing = await rejection(admin.dropFunction('adm_never_existed'));
    expect((missing as ServerError).code).toBe('FUNCTION_NOT_FOUND');
  });

  it('round-trips a non-UTF-8 function name from status back to the server', async () => {
    const latin1 = decodeName(Buffer.from('adm_caf\xe9', 'latin1'));
    await admin.createFunction(latin1);
    const row = (await admin.status()).find((r) => r.name === latin1);
    expect(row).toBeDefined();
    await admin.dropFunction(row!.name);
    expect((await admin.status()).some((r) => r.name === latin1)).toBe(false);
  });

  it('refuses names that would inject or split commands, before sending', async () => {
    for (const bad of ['x\r\nshutdown', 'x\nstatus', 'x\0y', 'has space', '']) {
      const e = await rejection(admin.createFunction(bad));
      expect(e).toBeInstanceOf(GearmanError);
      expect((e as GearmanError).code).toBe('BAD_ARGUMENT');
    }
    expect((await rejection(admin.maxQueue('a b', 1))).message).toMatch(/spaces cannot be administered/);
    expect((await rejection(admin.maxQueue('ok', -1))).message).toMatch(/whole number/);
    expect((await admin.status()).some((r) => r.name === 'x' || r.name === 'has')).toBe(false);
  });

  it('passes raw lines through, returning ERR text', async () => {
    expect(await admin.raw('frobnicate', 'line')).toMatch(/^ERR UNKNOWN_COMMAND/);
    expect(await admin.raw('status', 'list')).toMatch(/adm_rev\t/);
  });

  it('serializes concurrent commands on one connection, each getting its own reply', async () => {
    const alone = { status: await admin.status(), workers: await admin.workers(), jobs: await admin.showJobs() };
    const [a, b, c, d] = await Promise.all([admin.status(), admin.workers(), admin.getPid(), admin.showJobs()]);
    expect(a).toEqual(alone.status);
    expect(b).toEqual(alone.workers);
    expect(c).toBe(server.process.pid);
    expect(d).toEqual(alone.jobs);
    expect(a.find((r) => r.name === 'adm_rev')).toEqual({
      name: 'adm_rev',
      total: 0,
      running: 0,
      workers: 1,
      queued: 0,
    });
  });
});

describe('Perl Gearman::Server', () => {
  let server: GearmandHandle;
  let admin: AdminClient;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startGearmand({ kind: 'perl' });
    // Raw workers: the libgearman CLI worker sends packets Perl does not know and loops on the errors.
    sockets.push(await rawWorker(server.port, ['perl_rev', 'perl_upper'], 'perl-worker-1'));
    admin = new AdminClient({ host: server.host, port: server.port });
  });
  afterAll(async () => {
    admin?.close();
    sockets.forEach((s) => s.destroy());
    await server?.stop();
  });

  it('identifies the server', async () => {
    expect(await admin.version()).toEqual({
      kind: 'perl',
      version: expect.stringMatching(/^1\.130/),
      raw: expect.stringMatching(/^v1\.130/),
    });
    expect(admin.supports('status')).toBe(true);
    expect(admin.supports('cancel job')).toBe(false);
    expect(admin.supports('maxqueue priorities')).toBe(false);
  });

  it('reads status and workers', async () => {
    expect((await submitBackground(server.port, 'perl_queue', 'pu1', 'x')).type).toBe(PacketType.JOB_CREATED);
    await eventually(
      async () => (await admin.status()).some((r) => r.name === 'perl_rev' && r.workers === 1),
      'the raw worker',
    );
    const status = await admin.status();
    expect(status.find((r) => r.name === 'perl_queue')).toEqual({
      name: 'perl_queue',
      total: 1,
      running: 0,
      workers: 0,
      queued: 1,
    });
    const workers = await admin.workers();
    const mine = workers.find((r) => r.clientId === 'perl-worker-1');
    expect(mine?.address).toBe('127.0.0.1');
    expect(mine?.functions.sort()).toEqual(['perl_rev', 'perl_upper']);
    expect(workers.some((r) => r.clientId === '-' && r.functions.length === 0)).toBe(true);
  });

  it('applies a single maxqueue limit, and 0 as unlimited', async () => {
    await admin.maxQueue('perl_queue', 1); // it holds one job already
    // Perl makes room by failing the newest queued job, so the queue never grows past the limit.
    expect((await submitBackground(server.port, 'perl_queue', 'over', 'x')).type).toBe(PacketType.JOB_CREATED);
    expect((await admin.status()).find((r) => r.name === 'perl_queue')?.total).toBe(1);
    await admin.maxQueue('perl_queue', 0);
    for (let i = 0; i < 3; i++)
      expect((await submitBackground(server.port, 'perl_queue', `more${i}`, 'x')).type).toBe(PacketType.JOB_CREATED);
    expect((await admin.status()).find((r) => r.name === 'perl_queue')?.total).toBe(4);
  });

  it.each([
    ['show jobs', (a: AdminClient) => a.showJobs()],
    ['show unique jobs', (a: AdminClient) => a.showUniqueJobs()],
    ['prioritystatus', (a: AdminClient) => a.priorityStatus()],
    ['getpid', (a: AdminClient) => a.getPid()],
    ['verbose', (a: AdminClient) => a.verbose()],
    ['cancel job', (a: AdminClient) => a.cancelJob('H:x:1')],
    ['create function', (a: AdminClient) => a.createFunction('f')],
    ['drop function', (a: AdminClient) => a.dropFunction('f')],
    ['maxqueue FUNC HIGH NORMAL LOW', (a: AdminClient) => a.maxQueue('f', { high: 1, normal: 1, low: 1 })],
  ])('refuses `%s` naming the server', async (command, call) => {
    const e = await rejection(call(admin));
    expect(e).toBeInstanceOf(UnsupportedCommandError);
    expect(e.message).toContain(`Perl Gearman::Server v1.130`);
    expect(e.message).toContain(`at 127.0.0.1:${server.port} does not support \`${command}\``);
  });

  it('returns the raw ERR of an unknown command', async () => {
    expect(await admin.raw('frobnicate', 'list')).toBe('ERR unknown_command \r\n');
    // The connection is still in step: the next command gets its own reply.
    expect((await admin.status()).find((r) => r.name === 'perl_rev')).toEqual({
      name: 'perl_rev',
      total: 0,
      running: 0,
      workers: 1,
      queued: 0,
    });
  });
});

describe('failures', () => {
  let fake: FakeServer | undefined;
  let admin: AdminClient | undefined;
  afterEach(async () => {
    admin?.close();
    await fake?.close();
    fake = undefined;
  });

  it('times out on a server that never answers, and starts clean after', async () => {
    fake = await startFake(() => undefined);
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port }, { commandTimeoutMs: 300 });
    const e = await rejection(admin.status());
    expect(e).toBeInstanceOf(TimeoutError);
    expect(e.message).toContain(`127.0.0.1:${fake.port}`);
    expect(await rejection(admin.status())).toBeInstanceOf(TimeoutError);
    expect(fake.connections).toBe(2);
  });

  it('rejects malformed and oversized replies with ProtocolError and reconnects', async () => {
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status') sock.write('no tabs here\n.\n');
      else if (line === 'workers') sock.write(Buffer.alloc(200_000, 0x41));
      else if (line === 'getpid') sock.write('OK 42\r\nOK 43\r\n');
      else if (line === 'verbose') sock.write('OK INFO\n');
    });
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port }, { maxReplyBytes: 64 * 1024 });
    expect(await rejection(admin.status())).toBeInstanceOf(ProtocolError);
    const big = await rejection(admin.workers());
    expect(big).toBeInstanceOf(ProtocolError);
    expect((big as ProtocolError).code).toBe('REPLY_TOO_LARGE');
    // Two replies to one command: the second must not be read as the answer to the next.
    expect(await admin.getPid()).toBe(42);
    expect(await admin.verbose()).toBe('INFO');
    expect(fake.connections).toBe(4);
  });

  it('turns a server "unknown command" into UnsupportedCommandError naming kind and version', async () => {
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.99\n');
      else sock.write(`ERR UNKNOWN_COMMAND Unknown+server+command${line.split(' ')[0]}\r\n`);
    });
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port });
    const e = await rejection(admin.priorityStatus());
    expect(e).toBeInstanceOf(UnsupportedCommandError);
    expect(e.message).toBe(`gearmand 1.1.99 at 127.0.0.1:${fake.port} does not support \`prioritystatus\``);
  });

  it('sends nothing for a command the server kind lacks', async () => {
    fake = await startFake((line, sock) => sock.write(line === 'version' ? 'v1.130.1\n' : 'ERR unknown_command \r\n'));
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port });
    expect(await rejection(admin.cancelJob('H:x:1'))).toBeInstanceOf(UnsupportedCommandError);
    expect(fake.lines).toEqual(['version']);
  });

  it('treats an unknown server kind as unknown support', async () => {
    fake = await startFake((line, sock) => sock.write(line === 'version' ? 'ERR unknown_command \r\n' : '.\n'));
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port });
    expect(await admin.status()).toEqual([]);
    expect(admin.server?.kind).toBe('unknown');
    expect(admin.supports('cancel job')).toBeUndefined();
  });

  it('reports a server killed mid-command as ConnectionError, then reconnects to a new one', async () => {
    const server = await startGearmand({ kind: 'gearmand' });
    try {
      admin = new AdminClient({ host: server.host, port: server.port }, { commandTimeoutMs: 20_000 });
      await admin.version();
      server.process.kill('SIGSTOP'); // the command is surely in flight when the server dies
      await eventually(async () => processState(server.process.pid!) === 'T', 'gearmand to stop');
      const pending = rejection(admin.status());
      await eventually(async () => unreadBytesAt(server.port) > 0, '`status` to reach the stopped server');
      await server.kill();
      const e = await pending;
      expect(e).toBeInstanceOf(ConnectionError);
      expect(e.message).toContain(`127.0.0.1:${server.port}`);
      expect(await rejection(admin.status())).toBeInstanceOf(ConnectionError); // refused
      const again = await startGearmand({ kind: 'gearmand', port: server.port });
      try {
        expect(await admin.status()).toEqual([]);
      } finally {
        await again.stop();
      }
    } finally {
      await server.kill();
    }
  });

  it('fails pending and later commands once closed', async () => {
    fake = await startFake(() => undefined);
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port }, { commandTimeoutMs: 10_000 });
    const pending = rejection(admin.status());
    await eventually(async () => fake!.lines.length > 0, 'the version line');
    admin.close();
    expect((await pending).name).toBe('AbortedError');
    expect((await rejection(admin.workers())).name).toBe('AbortedError');
  });
});
