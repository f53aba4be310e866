// The library's worker against a real gearmand: registration, concurrency, reconnects, stop.
import { afterEach, describe, expect, it } from 'vitest';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { GearmanClient } from '../../server/src/gearman/client';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { adminLine, deferred, until } from './gearmanHelpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(workerOpts = {}): Promise<{ gd: GearmandHandle; worker: GearmanWorker; client: GearmanClient }> {
  const gd = await startGearmand();
  cleanups.push(() => gd.stop());
  const worker = new GearmanWorker(
    { host: gd.host, port: gd.port },
    { backoff: { initialMs: 20, maxMs: 200 }, ...workerOpts },
  );
  cleanups.push(() => worker.stop(1000));
  const client = new GearmanClient({ host: gd.host, port: gd.port });
  cleanups.push(() => client.close());
  return { gd, worker, client };
}

const statusLine = async (port: number, fn: string) =>
  (await adminLine(port, 'status')).split('\n').find((l) => l.startsWith(`${fn}\t`));

describe('GearmanWorker', () => {
  it('sends its client id and functions, seen in the admin workers list', async () => {
    const { gd, worker } = await setup({ clientId: 'lib-worker-7' });
    worker.register('alpha', () => 'a').register('beta', () => 'b');
    await worker.start();
    await until(
      async () => /lib-worker-7 : (alpha beta|beta alpha)/.test(await adminLine(gd.port, 'workers')),
      5000,
      'the worker to register',
    );
  });

  it('registers after start and picks up a job queued before the registration', async () => {
    const { worker, client } = await setup();
    await worker.start();
    const job = client.submit('late', 'payload', { timeoutMs: 10_000 });
    await job.created;
    worker.register('late', (j) => `got ${j.payload.toString()}`);
    const out = await job.result;
    expect(out.status === 'complete' && out.data.toString()).toBe('got payload');
  });

  it('unregister sends CANT_DO: the server lists no worker for the function', async () => {
    const { gd, worker } = await setup();
    worker.register('gone', () => '');
    await worker.start();
    await until(async () => (await statusLine(gd.port, 'gone')) === 'gone\t0\t0\t1', 5000, 'one worker for gone');
    worker.unregister('gone');
    expect(worker.functions).toEqual([]);
    await until(async () => (await statusLine(gd.port, 'gone')) === 'gone\t0\t0\t0', 5000, 'no worker for gone');
  });

  it('runs as many jobs at once as its concurrency', async () => {
    const { worker, client } = await setup({ concurrency: 3 });
    let running = 0;
    const allThree = deferred();
    worker.register('together', async () => {
      running++;
      if (running === 3) allThree.resolve();
      await allThree.promise; // with less than 3 at once this would never resolve
      return 'ok';
    });
    await worker.start();
    const outs = await Promise.all(
      [1, 2, 3].map((i) => client.submit('together', String(i), { timeoutMs: 10_000 }).result),
    );
    expect(outs.map((o) => o.status)).toEqual(['complete', 'complete', 'complete']);
  });

  it('registers with CAN_DO_TIMEOUT and still runs jobs', async () => {
    // gearmand 1.1.x raises any timeout below 1000 to 1000 and counts it in seconds, and
    // on expiry re-queues the job: its effect cannot be seen in a short test.
    const { gd, worker, client } = await setup({ clientId: 'timed' });
    worker.register('timed_fn', (j) => `t:${j.payload.toString()}`, { timeoutSec: 30 });
    await worker.start();
    const out = await client.submit('timed_fn', 'x', { timeoutMs: 10_000 }).result;
    expect(out.status === 'complete' && out.data.toString()).toBe('t:x');
    const rows = (await adminLine(gd.port, 'workers')).split('\n').filter((l) => l.includes(' timed '));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^\d+ 127\.0\.0\.1 timed : timed_fn$/);
  });

  it('reconnects after gearmand restarts on the same port, and aborts the running handler', async () => {
    const { gd, worker } = await setup();
    const started = deferred<AbortSignal>();
    worker.register('survive', (j) => {
      if (j.payload.toString() === 'first') {
        started.resolve(j.signal);
        return new Promise<string>(() => {}); // hangs until the server goes away
      }
      return 'second run';
    });
    const connects: string[] = [];
    worker.on('connected', (s) => connects.push(s));
    await worker.start();
    const c1 = new GearmanClient({ host: gd.host, port: gd.port });
    const first = c1.submit('survive', 'first');
    const signal = await started.promise;
    await gd.kill();
    const handle = await first.created;
    const at = `gearmand at 127.0.0.1:${gd.port}`;
    await expect(first.result).rejects.toMatchObject({
      message: `Lost the connection to ${at} while waiting for job survive, after gearmand accepted it (handle ${handle}); it may still run there. Set resubmitOnLoss (with a unique id) to send it to the next server. (${at} closed the connection)`,
    });
    await until(() => signal.aborted, 5000, 'the handler signal to abort');
    const gd2 = await startGearmand({ port: gd.port });
    cleanups.push(() => gd2.stop());
    await until(() => connects.length >= 2, 10_000, 'the worker to reconnect');
    const c2 = new GearmanClient({ host: gd2.host, port: gd2.port });
    cleanups.push(() => c2.close());
    const out = await c2.submit('survive', 'again', { timeoutMs: 10_000 }).result;
    expect(out.status === 'complete' && out.data.toString()).toBe('second run');
  });

  it('stop() lets the running job finish, then leaves the server', async () => {
    const { gd, worker, client } = await setup();
    const inJob = deferred();
    const finish = deferred();
    worker.register('finishing', async () => {
      inJob.resolve();
      await finish.promise;
      return 'finished';
    });
    await worker.start();
    const job = client.submit('finishing', '', { timeoutMs: 10_000 });
    await inJob.promise;
    const stopped = worker.stop(10_000);
    finish.resolve();
    await stopped;
    const out = await job.result;
    expect(out.status === 'complete' && out.data.toString()).toBe('finished');
    await until(
      async () => (await statusLine(gd.port, 'finishing')) === 'finishing\t0\t0\t0',
      5000,
      'the worker to leave',
    );
  });
});
