// A gate in front of a real server: it accepts connections and holds them, sending and reading
// nothing, until the test opens it; then every held and new connection is joined to the server.
// This is how a test makes "the server is still connecting" a state it controls, not a race.
import { connect, createServer, type Socket } from 'node:net';

/** A held-open TCP front door to 127.0.0.1:target. */
export interface Gate {
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Resolves once at least N connections have been accepted. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  /** Joins held and future connections to the target. */
  open(): void;
  /** Drops every connection and holds new ones again (the server looks hung, then gone). */
  shut(): void;
  close(): Promise<void>;
}

/** Starts a gate on a free loopback port in front of 127.0.0.1:target, shut. */
export async function startGate(target: number): Promise<Gate> {
  let isOpen = false;
  let accepted = 0;
  const held = new Set<Socket>();
  const live = new Set<Socket>();
  const waiters = new Set<() => void>();

  const join = (client: Socket) => {
    held.delete(client);
    const upstream = connect(target, '127.0.0.1');
    live.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      live.delete(client);
      live.delete(upstream);
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  };

  const server = createServer({ pauseOnConnect: true }, (client) => {
    accepted++;
    client.on('error', () => client.destroy());
    client.on('close', () => held.delete(client));
    if (isOpen) join(client);
    else held.add(client);
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    connections: () => accepted,
    waitForConnections: (n, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (accepted < n) return;
          clearTimeout(t);
          waiters.delete(check);
          resolve();
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the gate on port ${port} accepted ${accepted} connections, not ${n}, in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    open() {
      isOpen = true;
      for (const c of [...held]) join(c);
    },
    shut() {
      isOpen = false;
      for (const s of [...held, ...live]) s.destroy();
    },
    close() {
      isOpen = false;
      for (const s of [...held, ...live]) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
