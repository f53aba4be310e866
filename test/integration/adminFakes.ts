// Fakes for what a real gearmand cannot be made to do: a server that hangs, or sends
// malformed or oversized replies. A plain `net` server that hands each received line to a script.
import { createServer, type Server, type Socket } from 'node:net';
import { connect } from 'node:net';
import { request } from '../../server/src/gearman/codec';
import { PacketType } from '../../server/src/gearman/packet';

/** A fake admin server: every line received is recorded and given to `answer`. */
export interface FakeServer {
  port: number;
  lines: string[];
  connections: number;
  closedConnections: number;
  /** How many times LINE was received so far. */
  count(line: string): number;
  /** Resolves once LINE has been received N times in all (so `status` counts polls). */
  waitForCount(line: string, n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a fake on a free loopback port; `answer` may write to the socket or stay silent. */
export async function startFake(answer: (line: string, sock: Socket) => void): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const count = (line: string) => fake.lines.filter((l) => l === line).length;
  const fake: FakeServer = {
    port: 0,
    lines: [],
    connections: 0,
    closedConnections: 0,
    count,
    waitForCount: (line, n, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (count(line) < n) return;
          clearTimeout(t);
          waiters.delete(check);
          resolve();
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`the fake on port ${fake.port} got "${line}" ${count(line)} times, not ${n}, in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((sock) => {
    fake.connections++;
    sockets.add(sock);
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        fake.lines.push(line);
        answer(line, sock);
        for (const w of [...waiters]) w();
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', () => {
      fake.closedConnections++;
      sockets.delete(sock);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.port = (server.address() as { port: number }).port;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}

/** A raw binary connection that sets a client id and registers functions, kept open until closed. */
export function rawWorker(port: number, functions: string[], clientId?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      if (clientId !== undefined) s.write(request(PacketType.SET_CLIENT_ID, clientId));
      for (const f of functions) s.write(request(PacketType.CAN_DO, f));
      resolve(s);
    });
    s.on('error', reject);
  });
}

/** Submits a background job over the binary protocol and resolves with the reply packet type and payload. */
export function submitBackground(
  port: number,
  fn: string,
  unique: string,
  data: string,
): Promise<{ type: number; payload: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(request(PacketType.SUBMIT_JOB_BG, fn, unique, data)));
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 12 && buf.length >= 12 + buf.readUInt32BE(8)) {
        s.destroy();
        resolve({ type: buf.readUInt32BE(4), payload: buf.subarray(12, 12 + buf.readUInt32BE(8)).toString('latin1') });
      }
    });
    s.on('error', reject);
    s.setTimeout(10_000, () => {
      s.destroy();
      reject(new Error(`no reply to SUBMIT_JOB_BG ${fn}`));
    });
  });
}

/** Polls `check` until it returns true or the deadline passes. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
