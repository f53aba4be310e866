// Peers that misbehave on purpose, for what a real gearmand and a well-behaved worker will not
// do: a server that accepts connections and never answers, and a worker that floods its client.
import { createServer, type Socket } from 'node:net';
import type { WorkerJob } from '../../../server/src/gearman/workerJob';

/** A TCP server that accepts, reads everything and never writes a byte. */
export interface SilentServer {
  port: number;
  /** Bytes received so far (a submit did reach it). */
  received(): number;
  close(): Promise<void>;
}

/** Starts a silent server on a free loopback port. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server = createServer((sock) => {
    sockets.add(sock);
    sock.on('data', (d) => {
      bytes += d.length;
    });
    sock.on('error', () => undefined);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    received: () => bytes,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The i-th chunk of a flood (from 0): mostly small, of varied sizes, every 10,000th larger than a preview. */
export function floodChunk(i: number): Buffer {
  const size = i % 10_000 === 9_999 ? 40 * 1024 + (i % 13) : 1 + ((i * 7919) % 61);
  const b = Buffer.alloc(size, 0x61 + (i % 26));
  b.write(`#${i};`, 0, 'latin1');
  return b;
}

/**
 * Sends `count` WORK_DATA chunks (floodChunk 0..count-1) in bursts of 2,000 as fast as the
 * socket takes them, yielding between bursts, or pausing `pauseMs` (so a burst cannot share
 * the editor's batches with the next one).
 */
export async function flood(job: WorkerJob, count: number, pauseMs = 0): Promise<void> {
  for (let i = 0; i < count; i++) {
    job.data(floodChunk(i));
    if (i % 2000 === 1999) await new Promise((r) => (pauseMs ? setTimeout(r, pauseMs) : setImmediate(r)));
  }
}
