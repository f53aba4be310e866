// The job client against a real gearmand, with the library's own worker and the gearman CLI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGearmand, startCliWorker, type GearmandHandle, type CliWorker } from '../support/gearmand';
import { GearmanClient } from '../../server/src/gearman/client';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { AbortedError, GearmanError, ServerError, TimeoutError } from '../../server/src/gearman/errors';
import type { WorkerJob } from '../../server/src/gearman/workerJob';
import { adminLine, deferred, until } from './gearmanHelpers';

let gd: GearmandHandle;
let worker: GearmanWorker;
let client: GearmanClient;
let cli: CliWorker | undefined;
const seen: { fn: string; unique: string; payload: string }[] = [];
let release = deferred();
let holding = deferred<WorkerJob>();

beforeAll(async () => {
  gd = await startGearmand();
  worker = new GearmanWorker({ host: gd.host, port: gd.port }, { concurrency: 4 });
  const record = (j: WorkerJob) => {
    seen.push({ fn: j.fn, unique: j.unique, payload: j.payload.toString() });
    return j.payload;
  };
  worker
    .register('echo_back', record)
    .register('progress', (j) => {
      j.data('part1');
      j.warning('careful');
      j.status(1, 2);
      j.data(Buffer.from([0, 1, 2]));
      j.status(2, 2);
      return 'all done';
    })
    .register('boom', () => {
      throw new Error('kaput: the input was bad');
    })
    .register('nope', (j) => j.fail())
    .register('hold', async (j) => {
      j.status(1, 4);
      holding.resolve(j);
      await release.promise;
      return 'released';
    });
  await worker.start();
  client = new GearmanClient({ host: gd.host, port: gd.port });
});

afterAll(async () => {
  client?.close();
  release.resolve();
  await cli?.stop();
  await worker?.stop(1000);
  await gd?.stop();
});

describe('submit variants', () => {
  for (const priority of ['normal', 'high', 'low'] as const) {
    it(`${priority} priority, foreground, returns the worker's bytes`, async () => {
      const job = client.submit('echo_back', `fg-${priority}`, { priority, timeoutMs: 10_000 });
      const handle = await job.created;
      expect(handle).toMatch(/^H:/);
      const out = await job.result;
      expect(out).toMatchObject({ status: 'complete', handle, server: `${gd.host}:${gd.port}` });
      expect(out.status === 'complete' && out.data.toString()).toBe(`fg-${priority}`);
    });

    it(`${priority} priority, background, is done once queued and then runs`, async () => {
      const job = client.submit('echo_back', `bg-${priority}`, { priority, background: true, timeoutMs: 10_000 });
      const out = await job.result;
      expect(out.status).toBe('queued');
      expect(out.handle).toMatch(/^H:/);
      await until(() => seen.some((s) => s.payload === `bg-${priority}`), 10_000, 'the background job to run');
    });
  }

  it('passes the unique id to the worker', async () => {
    const out = await client.submit('echo_back', 'with-unique', { unique: 'order-42', timeoutMs: 10_000 }).result;
    expect(out.status).toBe('complete');
    expect(seen.find((s) => s.payload === 'with-unique')?.unique).toBe('order-42');
  });

  it('submits an epoch job (SUBMIT_JOB_EPOCH) as a background job the server accepts', async () => {
    const epoch = Math.floor(Date.now() / 1000) + 3600;
    const job = client.submit('epoch_fn', 'later', { epoch, unique: 'epoch-1', timeoutMs: 10_000 });
    const out = await job.result;
    expect(job.background).toBe(true);
    expect(out).toMatchObject({ status: 'queued' });
    expect(out.handle).toMatch(/^H:/);
  });

  it('refuses locally what cannot be sent', () => {
    expect(() => client.submit('a\0b', '')).toThrow(GearmanError);
    expect(() => client.submit('f', '', { unique: 'x'.repeat(65) })).toThrow(/at most 64/);
  });
});

describe('job events', () => {
  it('delivers data, warning and status in arrival order, then complete', async () => {
    const job = client.submit('progress', '', { timeoutMs: 10_000 });
    const events: string[] = [];
    job.on('created', () => events.push('created'));
    job.on('data', (d) => events.push(`data:${d.toString('hex')}`));
    job.on('warning', (d) => events.push(`warning:${d.toString()}`));
    job.on('status', (s) => events.push(`status:${s.numerator}/${s.denominator}`));
    job.on('complete', (d) => events.push(`complete:${d.toString()}`));
    job.on('fail', () => events.push('fail'));
    job.on('exception', () => events.push('exception'));
    await job.result;
    expect(events).toEqual([
      'created',
      `data:${Buffer.from('part1').toString('hex')}`,
      'warning:careful',
      'status:1/2',
      'data:000102',
      'status:2/2',
      'complete:all done',
    ]);
  });

  it('turns a throwing handler into WORK_EXCEPTION with its message', async () => {
    const job = client.submit('boom', 'x', { timeoutMs: 10_000 });
    const exceptions: string[] = [];
    job.on('exception', (d) => exceptions.push(d.toString()));
    const out = await job.result;
    expect(out.status).toBe('exception');
    expect(exceptions).toEqual(['kaput: the input was bad']);
  });

  it('gets WORK_FAIL instead of the exception when the client did not ask for exceptions', async () => {
    const plain = new GearmanClient({ host: gd.host, port: gd.port }, { exceptions: false });
    try {
      expect((await plain.submit('boom', 'x', { timeoutMs: 10_000 }).result).status).toBe('fail');
    } finally {
      plain.close();
    }
  });

  it('reports ctx.fail() as fail', async () => {
    const job = client.submit('nope', 'x', { timeoutMs: 10_000 });
    let failed = 0;
    job.on('fail', () => failed++);
    expect((await job.result).status).toBe('fail');
    expect(failed).toBe(1);
  });

  it('runs a job on the gearman CLI worker (gearman -w -f reverse -- rev)', async () => {
    cli = startCliWorker(gd.port, ['reverse'], ['rev']);
    const out = await client.submit('reverse', 'hello gearman\n', { timeoutMs: 15_000 }).result;
    expect(out.status === 'complete' && out.data.toString()).toBe('namraeg olleh\n');
  });
});

describe('jobs nobody runs', () => {
  it("is accepted, then the caller's timeout ends the wait", async () => {
    const job = client.submit('nobody_home', 'x', { timeoutMs: 300 });
    expect(await job.created).toMatch(/^H:/);
    await expect(job.result).rejects.toBeInstanceOf(TimeoutError);
    await expect(job.result).rejects.toThrow(/nobody_home.*Is a worker for nobody_home connected/);
  });

  it('ends the wait on cancel() and on an AbortSignal', async () => {
    const a = client.submit('nobody_home', 'a');
    await a.created;
    a.cancel();
    await expect(a.result).rejects.toBeInstanceOf(AbortedError);
    await expect(a.result).rejects.toThrow(/keeps running/);
    const ac = new AbortController();
    const b = client.submit('nobody_home', 'b', { signal: ac.signal });
    ac.abort();
    await expect(b.result).rejects.toBeInstanceOf(AbortedError);
    // The connection is still usable afterwards: replies stay matched to requests.
    expect((await client.submit('echo_back', 'after-cancel', { timeoutMs: 10_000 }).result).status).toBe('complete');
  });

  it('surfaces QUEUE_ERROR when maxqueue is reached', async () => {
    // gearmand 1.1.20 answers OK to maxqueue for a function it does not know yet but
    // ignores it (seen live), so the first job creates the function.
    await client.submit('full_fn', 'first', { background: true, timeoutMs: 10_000 }).result;
    expect(await adminLine(gd.port, 'maxqueue full_fn 1')).toMatch(/^OK/);
    const second = client.submit('full_fn', 'second', { background: true, timeoutMs: 10_000 });
    const err = await second.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).code).toBe('QUEUE_ERROR');
    expect((err as Error).message).toContain(`The queue of full_fn on gearmand at ${gd.host}:${gd.port} is full`);
    await expect(second.created).rejects.toBeInstanceOf(ServerError);
  });
});

describe('status and echo', () => {
  it('answers GET_STATUS and GET_STATUS_UNIQUE for a running job', async () => {
    release = deferred();
    holding = deferred<WorkerJob>();
    const job = client.submit('hold', 'x', { unique: 'hold-1', timeoutMs: 10_000 });
    const handle = await job.created;
    await holding.promise;
    await until(async () => (await client.getStatus(handle)).numerator === 1, 5000, 'the status to reach the server');
    expect(await client.getStatus(handle)).toEqual({
      handle,
      known: true,
      running: true,
      numerator: 1,
      denominator: 4,
    });
    expect(await client.getStatusUnique('hold-1')).toEqual({
      unique: 'hold-1',
      known: true,
      running: true,
      numerator: 1,
      denominator: 4,
      waitingClients: 1,
    });
    release.resolve();
    expect((await job.result).status).toBe('complete');
  });

  it('answers for a queued background job and for unknown handles and ids', async () => {
    const bg = client.submit('nobody_home', 'q', { background: true, unique: 'queued-1' });
    const handle = await bg.created;
    expect(await client.getStatus(handle)).toMatchObject({ known: true, running: false });
    expect(await client.getStatusUnique('queued-1')).toMatchObject({ known: true, running: false, waitingClients: 0 });
    expect(await client.getStatus('H:nowhere:999')).toEqual({
      handle: 'H:nowhere:999',
      known: false,
      running: false,
      numerator: 0,
      denominator: 0,
    });
    expect(await client.getStatusUnique('never-submitted')).toMatchObject({ known: false, running: false });
  });

  it('echoes bytes', async () => {
    const data = Buffer.from([0, 1, 2, 255, 0]);
    expect(await client.echo(data)).toEqual(data);
  });
});

describe('volume', () => {
  it('round-trips a 16 MiB payload', async () => {
    const big = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    big[big.length - 1] = 7;
    const out = await client.submit('echo_back', big, { timeoutMs: 30_000 }).result;
    expect(out.status === 'complete' && out.data.equals(big)).toBe(true);
  });

  it('runs 200 jobs in flight on one connection, each getting its own result', async () => {
    const jobs = Array.from({ length: 200 }, (_, i) => client.submit('echo_back', `n${i}`, { timeoutMs: 30_000 }));
    const outs = await Promise.all(jobs.map((j) => j.result));
    expect(outs.map((o) => (o.status === 'complete' ? o.data.toString() : o.status))).toEqual(
      jobs.map((_, i) => `n${i}`),
    );
    expect(new Set(outs.map((o) => o.handle)).size).toBe(200);
  });
});
