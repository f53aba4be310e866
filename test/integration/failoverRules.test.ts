// Failover rules 2, 4 and 5 of the README ("Failover, in plain words"), each against real
// gearmand servers. A connection is lost with a TCP proxy in front of each server, so the
// server stays up: the client must move because the rules say so, not because the old server
// refuses connections (that is rule 1, tested in failover.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient } from '../../server/src/gearman/admin';
import { GearmanClient } from '../../server/src/gearman/client';
import { ConnectionError } from '../../server/src/gearman/errors';
import type { FailoverEvent } from '../../server/src/gearman/pool';
import type { JobHandler } from '../../server/src/gearman/workerJob';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { startGearmand } from '../support/gearmand';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { deferred } from './gearmanHelpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A gearmand with a library worker serving `handlers`, reached through a proxy. */
async function server(handlers: Record<string, JobHandler>): Promise<{ proxy: TcpProxy; port: number; label: string }> {
  const gd = await startGearmand();
  cleanups.push(() => gd.stop());
  if (Object.keys(handlers).length) {
    const worker = new GearmanWorker({ host: gd.host, port: gd.port }, { backoff: { initialMs: 20, maxMs: 100 } });
    for (const [fn, h] of Object.entries(handlers)) worker.register(fn, h);
    await worker.start();
    cleanups.push(() => worker.stop(200));
  }
  const proxy = await startTcpProxy(gd.port);
  cleanups.push(() => proxy.close());
  return { proxy, port: gd.port, label: `127.0.0.1:${proxy.port}` };
}

function clientOf(...servers: { proxy: TcpProxy }[]): {
  client: GearmanClient;
  lost: (from: string) => Promise<FailoverEvent>;
} {
  const client = new GearmanClient(servers.map((s) => ({ host: '127.0.0.1', port: s.proxy.port })));
  cleanups.push(() => client.close());
  const events: FailoverEvent[] = [];
  const waiters: (() => void)[] = [];
  client.on('failover', (e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  /** Resolves with the next connection-lost event from FROM not yet consumed. */
  const lost = async (from: string): Promise<FailoverEvent> => {
    for (;;) {
      const i = events.findIndex((e) => e.reason === 'connection-lost' && e.from === from);
      if (i >= 0) return events.splice(i, 1)[0];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { client, lost };
}

async function run(client: GearmanClient, fn: string): Promise<string> {
  const out = await client.submit(fn, '', { timeoutMs: 20_000 }).result;
  return out.status === 'complete' ? `${out.data.toString()}@${out.server}` : out.status;
}

async function queuedOn(port: number, fn: string): Promise<number> {
  const admin = new AdminClient({ host: '127.0.0.1', port });
  try {
    return (await admin.status()).find((r) => r.name === fn)?.total ?? 0;
  } finally {
    admin.close();
  }
}

describe('rule 2: the client stays on its server; after a lost connection it starts with the next one', () => {
  it('keeps one connection while it works, moves on after it is lost although the old server is up, and wraps around', async () => {
    const a = await server({ where: () => 'A' });
    const b = await server({ where: () => 'B' });
    const { client, lost } = clientOf(a, b);
    expect(await run(client, 'where')).toBe(`A@${a.label}`);
    expect(await run(client, 'where')).toBe(`A@${a.label}`);
    expect([a.proxy.connections, b.proxy.connections]).toEqual([1, 0]);

    a.proxy.dropAll();
    await lost(a.label);
    expect(await run(client, 'where')).toBe(`B@${b.label}`);
    expect(await run(client, 'where')).toBe(`B@${b.label}`);
    // A was up all along: the client did not even try it.
    expect([a.proxy.connections, b.proxy.connections]).toEqual([1, 1]);

    b.proxy.dropAll();
    await lost(b.label);
    expect(await run(client, 'where')).toBe(`A@${a.label}`);
    expect([a.proxy.connections, b.proxy.connections]).toEqual([2, 1]);
  });
});

describe('rule 4: a job whose connection was lost is sent again only when asked, at most once per server', () => {
  /** A handler that never answers and counts its starts. */
  function hanging() {
    const started: (() => void)[] = [];
    let count = 0;
    const handler: JobHandler = () => {
      count++;
      for (const s of started.splice(0)) s();
      return new Promise<string>(() => {});
    };
    const nextStart = () => new Promise<void>((r) => started.push(r));
    return { handler, nextStart, count: () => count };
  }

  it('without resubmitOnLoss, fails the job and does not send it to the next server', async () => {
    const onA = hanging();
    const onB = hanging();
    const a = await server({ slow: onA.handler });
    const b = await server({ slow: onB.handler });
    const { client } = clientOf(a, b);
    const started = onA.nextStart();
    const job = client.submit('slow', 'p', { unique: 'r4-no', timeoutMs: 20_000 });
    await started;
    a.proxy.dropAll();
    const err = await job.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^Lost the connection to gearmand at ${a.label} while waiting for job slow, after gearmand accepted it \\(handle H:[^)]+\\); it may still run there\\. Set resubmitOnLoss \\(with a unique id\\) to send it to the next server\\.`,
      ),
    );
    expect(job.attempts).toBe(1);
    expect(b.proxy.connections).toBe(0);
    expect(onB.count()).toBe(0);
  });

  it('with resubmitOnLoss and two servers, sends it to each server once and then gives up', async () => {
    const onA = hanging();
    const onB = hanging();
    const a = await server({ slow: onA.handler });
    const b = await server({ slow: onB.handler });
    const { client } = clientOf(a, b);
    const startedA = onA.nextStart();
    const startedB = onB.nextStart();
    const job = client.submit('slow', 'p', { unique: 'r4-two', resubmitOnLoss: true, timeoutMs: 20_000 });
    const resent: string[] = [];
    job.on('resubmitted', (e) => resent.push(e.from));
    await startedA;
    a.proxy.dropAll();
    await startedB;
    b.proxy.dropAll();
    const err = await job.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain(
      `Lost the connection to gearmand at ${b.label} while waiting for job slow`,
    );
    expect((err as Error).message).toContain('It was already sent to every server it may be sent to.');
    expect(resent).toEqual([a.label]);
    expect(job.attempts).toBe(2);
    // Not sent back to A: A's worker started it once, and the client opened A once.
    expect([onA.count(), onB.count()]).toEqual([1, 1]);
    expect(a.proxy.connections).toBe(1);
  });

  it('with a single server, sends it twice at most; with its unique id gearmand merges the second send into the running job', async () => {
    const release = deferred<string>();
    let starts = 0;
    const started = deferred();
    const a = await server({
      once: () => {
        starts++;
        started.resolve();
        return release.promise;
      },
      stuck: () => new Promise<string>(() => {}),
    });
    const { client, lost } = clientOf(a);
    const job = client.submit('once', 'p', { unique: 'r4-merge', resubmitOnLoss: true, timeoutMs: 20_000 });
    const handles: string[] = [];
    job.on('created', (h) => handles.push(h));
    await started.promise;
    a.proxy.dropAll();
    await lost(a.label);
    // The second send reaches the same gearmand, which already runs a job with this unique id.
    await new Promise<void>((r) => job.once('created', () => r()));
    release.resolve('ran once');
    const out = await job.result;
    expect(out.status === 'complete' && out.data.toString()).toBe('ran once');
    expect(job.attempts).toBe(2);
    expect(handles).toHaveLength(2);
    expect(handles[1]).toBe(handles[0]);
    expect(starts).toBe(1);

    // And a second loss of the same job is not followed by a third send.
    const accepted = deferred();
    const again = client.submit('stuck', 'q', { unique: 'r4-third', resubmitOnLoss: true, timeoutMs: 20_000 });
    again.once('created', () => accepted.resolve());
    await accepted.promise;
    a.proxy.dropAll();
    await new Promise<void>((r) => again.once('created', () => r()));
    a.proxy.dropAll();
    await expect(again.result).rejects.toThrow('It was already sent to every server it may be sent to.');
    expect(again.attempts).toBe(2);
  });
});

describe('rule 5: a background job is done once the server accepted it, and is never sent again', () => {
  it('leaves an accepted background job on its server when the connection is lost, while a foreground job on the same connection is resent', async () => {
    const started = deferred();
    const a = await server({
      fg: () => {
        started.resolve();
        return new Promise<string>(() => {});
      },
    });
    const b = await server({ fg: () => 'fg on B' });
    const { client } = clientOf(a, b);
    const bg = client.submit('bg_nobody_serves', 'x', {
      background: true,
      unique: 'r5-bg',
      resubmitOnLoss: true,
      timeoutMs: 20_000,
    });
    expect(await bg.result).toMatchObject({ status: 'queued', server: a.label });
    const fg = client.submit('fg', 'y', { unique: 'r5-fg', resubmitOnLoss: true, timeoutMs: 20_000 });
    await started.promise;
    a.proxy.dropAll();
    const out = await fg.result;
    expect(out.status === 'complete' && out.data.toString()).toBe('fg on B');
    expect(bg.attempts).toBe(1);
    expect(await queuedOn(a.port, 'bg_nobody_serves')).toBe(1);
    expect(await queuedOn(b.port, 'bg_nobody_serves')).toBe(0);
  });
});
