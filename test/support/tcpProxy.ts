// A TCP proxy in front of a real gearmand whose connections the test can cut. A lost
// connection to a server that is still up (a dropped NAT entry, a restarted load balancer)
// cannot be made with gearmand alone: killing gearmand also makes it refuse the next connect,
// which is a different rule.
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A running proxy. */
export interface TcpProxy {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Connections open now. */
  open(): number;
  /** Text lines the clients sent so far (admin commands; binary packets show as noise). */
  lines: string[];
  /** Resolves once the clients have sent COUNT more lines equal to LINE than now. */
  linesAfter(line: string, count: number): Promise<void>;
  /** Cuts every open connection (both sides see a reset), and keeps accepting new ones. */
  dropAll(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port that forwards to HOST:PORT. */
export async function startTcpProxy(port: number, host = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  const lineWaiters = new Set<() => void>();
  const server: Server = createServer((down) => {
    proxy.connections++;
    const up = connect(port, host);
    const pair: [Socket, Socket] = [down, up];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      down.destroy();
      up.destroy();
    };
    down.on('error', end).on('close', end);
    up.on('error', end).on('close', end);
    let partial = '';
    down.on('data', (d: Buffer) => {
      const parts = (partial + d.toString('latin1')).split(/\r?\n/);
      partial = parts.pop() ?? '';
      if (parts.length === 0) return;
      proxy.lines.push(...parts);
      for (const w of [...lineWaiters]) w();
    });
    down.pipe(up);
    up.pipe(down);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const proxy: TcpProxy = {
    port: (server.address() as { port: number }).port,
    connections: 0,
    open: () => pairs.size,
    lines: [],
    linesAfter(line, count) {
      const seen = () => proxy.lines.filter((l) => l === line).length;
      const target = seen() + count;
      return new Promise<void>((resolve) => {
        const check = () => {
          if (seen() >= target) {
            lineWaiters.delete(check);
            resolve();
          }
        };
        lineWaiters.add(check);
      });
    },
    dropAll() {
      for (const [down, up] of [...pairs]) {
        down.resetAndDestroy();
        up.destroy();
      }
    },
    close: () =>
      new Promise<void>((r) => {
        proxy.dropAll();
        server.close(() => r());
      }),
  };
  return proxy;
}
