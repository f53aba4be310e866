// Several servers, lost connections, and servers that misbehave (fakes: a server that
// never answers and one that sends garbage cannot be made from a real gearmand).
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadPort, startGearmand } from '../support/gearmand';
import { GearmanClient } from '../../server/src/gearman/client';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { ConnectionError, ProtocolError, TimeoutError } from '../../server/src/gearman/errors';
import { FAILOVER_RULES, type FailoverEvent } from '../../server/src/gearman/pool';
import type { ResubmitEvent } from '../../server/src/gearman/job';
import { deferred, fakeServer } from './gearmanHelpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A port that refuses connections, held until the test ends. */
async function refusingPort(): Promise<number> {
  const dead = await deadPort();
  cleanups.push(() => dead.close());
  return dead.port;
}

/** The numbered list under "Failover, in plain words" in the README, as plain text (markdown emphasis removed). */
function readmeFailoverRules(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.split('### Failover, in plain words')[1]?.split(/\n(?=#|[A-Z])/)[1] ?? '';
  const list = section.slice(section.indexOf('1. '));
  return list
    .split(/\n\n/)[0]
    .split(/\n(?=\d+\. )/)
    .map((item) =>
      item
        .replace(/^\d+\. /, '')
        .replace(/\s+/g, ' ')
        .replace(/\*\*|`/g, '')
        .trim(),
    );
}

async function gearmandWithWorker(fn: string, handler: Parameters<GearmanWorker['register']>[1]) {
  const gd = await startGearmand();
  cleanups.push(() => gd.stop());
  const worker = new GearmanWorker({ host: gd.host, port: gd.port }, { backoff: { initialMs: 20, maxMs: 100 } });
  worker.register(fn, handler);
  await worker.start();
  cleanups.push(() => worker.stop(500));
  return gd;
}

describe('failover', () => {
  it('is described in the README in the words of its rules, every rule and nothing else', () => {
    expect(readmeFailoverRules()).toEqual(FAILOVER_RULES);
  });

  it('moves to the next server when the first refuses connections, and says so', async () => {
    const gd = await gearmandWithWorker('where', () => 'second server');
    const dead = await refusingPort();
    const client = new GearmanClient([
      { host: '127.0.0.1', port: dead },
      { host: gd.host, port: gd.port },
    ]);
    cleanups.push(() => client.close());
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    const out = await client.submit('where', '', { timeoutMs: 10_000 }).result;
    expect(out.status === 'complete' && out.data.toString()).toBe('second server');
    expect(out.server).toBe(`${gd.host}:${gd.port}`);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      from: `127.0.0.1:${dead}`,
      to: `${gd.host}:${gd.port}`,
      reason: 'connect-failed',
    });
    expect(events[0].error.message).toBe(
      `gearmand at 127.0.0.1:${dead} refused the connection; is it running and listening on that port?`,
    );
  });

  it("fails with every server's reason when none can be reached", async () => {
    const [a, b] = [await refusingPort(), await refusingPort()];
    const client = new GearmanClient([
      { host: '127.0.0.1', port: a },
      { host: '127.0.0.1', port: b },
    ]);
    const err = await client.submit('x', '').result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    const refused = (port: number) =>
      `gearmand at 127.0.0.1:${port} refused the connection; is it running and listening on that port?`;
    expect((err as Error).message).toBe(`No gearmand server could be reached: ${refused(a)}; ${refused(b)}`);
  });

  it('fails a running job with ConnectionError when gearmand dies, without resubmitting', async () => {
    const started = deferred();
    const gd = await gearmandWithWorker('hang', () => {
      started.resolve();
      return new Promise<string>(() => {});
    });
    const client = new GearmanClient({ host: gd.host, port: gd.port });
    cleanups.push(() => client.close());
    const job = client.submit('hang', '');
    const handle = await job.created;
    await started.promise;
    await gd.kill();
    const err = await job.result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toContain(
      `Lost the connection to gearmand at ${gd.host}:${gd.port} while waiting for job hang, after gearmand accepted it (handle ${handle})`,
    );
    expect((err as Error).message).toMatch(/Set resubmitOnLoss/);
    expect(job.attempts).toBe(1);
  });

  it('with resubmitOnLoss, sends the job to the next server, where it completes', async () => {
    const startedOnA = deferred();
    const a = await gearmandWithWorker('once', () => {
      startedOnA.resolve();
      return new Promise<string>(() => {});
    });
    const b = await gearmandWithWorker('once', (j) => `done on b: ${j.unique}`);
    const client = new GearmanClient([
      { host: a.host, port: a.port },
      { host: b.host, port: b.port },
    ]);
    cleanups.push(() => client.close());
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    const job = client.submit('once', 'p', { unique: 'once-1', resubmitOnLoss: true, timeoutMs: 20_000 });
    const resubmits: ResubmitEvent[] = [];
    job.on('resubmitted', (e) => resubmits.push(e));
    await startedOnA.promise;
    await a.kill();
    const out = await job.result;
    expect(out).toMatchObject({ status: 'complete', server: `${b.host}:${b.port}` });
    expect(out.status === 'complete' && out.data.toString()).toBe('done on b: once-1');
    expect(job.attempts).toBe(2);
    expect(resubmits).toHaveLength(1);
    expect(resubmits[0].from).toBe(`${a.host}:${a.port}`);
    expect(events[0]).toMatchObject({ from: `${a.host}:${a.port}`, reason: 'connection-lost' });
  });

  it('times out cleanly against a server that accepts and never answers', async () => {
    const silent = await fakeServer(() => {});
    cleanups.push(() => silent.close());
    const client = new GearmanClient({ host: '127.0.0.1', port: silent.port }, { requestTimeoutMs: 300 });
    cleanups.push(() => client.close());
    const job = client.submit('anything', 'x', { timeoutMs: 300 });
    await expect(job.result).rejects.toBeInstanceOf(TimeoutError);
    await expect(job.created).rejects.toThrow(/was not accepted by any gearmand within 300 ms/);
    await expect(client.echo('ping')).rejects.toThrow(/did not answer ECHO within 300 ms/);
  });

  it('closes with ProtocolError when the server sends garbage', async () => {
    const liar = await fakeServer((s) => s.on('data', () => s.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    cleanups.push(() => liar.close());
    const client = new GearmanClient({ host: '127.0.0.1', port: liar.port });
    cleanups.push(() => client.close());
    const err = await client.submit('anything', 'x', { timeoutMs: 5000 }).result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as Error).message).toMatch(
      new RegExp(`gearmand at 127.0.0.1:${liar.port} sent data that is not the Gearman protocol`),
    );
  });

  it('closes with ProtocolError on a reply that answers no request', async () => {
    // A well-formed JOB_CREATED nobody asked for: the stream is out of step.
    const head = Buffer.alloc(12);
    head.writeUInt32BE(0x00524553, 0);
    head.writeUInt32BE(8, 4);
    head.writeUInt32BE(3, 8);
    const odd = await fakeServer((s) => s.write(Buffer.concat([head, Buffer.from('H:1')])));
    cleanups.push(() => odd.close());
    const client = new GearmanClient({ host: '127.0.0.1', port: odd.port }, { exceptions: false });
    cleanups.push(() => client.close());
    await expect(client.echo('x')).rejects.toThrow(/sent JOB_CREATED while the client expected ECHO_RES/);
  });
});

describe('idle timeout', () => {
  it('closes a silent connection after idleTimeoutMs and fails the waiting job with the reason', async () => {
    const silent = await fakeServer(() => {});
    cleanups.push(() => silent.close());
    const client = new GearmanClient({ host: '127.0.0.1', port: silent.port }, { idleTimeoutMs: 200 });
    cleanups.push(() => client.close());
    const events: FailoverEvent[] = [];
    client.on('failover', (e) => events.push(e));
    const err = await client.submit('anything', 'x', { timeoutMs: 10_000 }).result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as Error).message).toMatch(/sent nothing for 200 ms/);
    expect(events[0]?.error).toBeInstanceOf(TimeoutError);
  });
});
