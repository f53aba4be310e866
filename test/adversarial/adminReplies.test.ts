// A hostile (or just enormous) admin server against the real language server over stdio: a
// 1,000,000-row `status` and `prioritystatus` on every poll, more workers than maxRows, and a
// reply past the 64 MiB cap. The server must stay up, keep maxRows rows, count the rest, and send
// the editor notifications whose size depends on maxRows and on what changed, not on the reply.
import { afterEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { startFake, type FakeServer } from '../integration/adminFakes';
import { serversChanged, startLspProcess, type LspProcess } from '../lsp/support/lspClient';
import { getRegistry, registryChanged, type ServerSnapshot } from '../../server/src/protocol';

const ROWS = 1_000_000;
const MAX_ROWS = 1000;
const WORKERS = 3000;

function rows(n: number, line: (i: number) => string): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(line(i));
  return Buffer.from(parts.join(''));
}

/** Polls seen by the fake: how many `status` lines it got. */
const polls = (fake: FakeServer) => fake.lines.filter((l) => l === 'status').length;

describe('a 1,000,000-row admin reply', () => {
  let fake: FakeServer | undefined;
  let lsp: LspProcess | undefined;
  afterEach(async () => {
    await lsp?.close();
    await fake?.close();
    lsp = undefined;
    fake = undefined;
  });

  it('keeps maxRows functions and workers, counts the rest, and sends bounded notifications', async () => {
    const status = rows(ROWS - 1, (i) => `f${String(i).padStart(7, '0')}\t0\t0\t0\n`);
    const priority = rows(ROWS - 1, (i) => `f${String(i).padStart(7, '0')}\t0\t0\t0\t0\n`);
    const workers = rows(WORKERS, (i) => `${i + 10} 127.0.0.1 w${i} : f${String(i).padStart(7, '0')}\n`);
    let n = 0;
    const reply = (sock: Socket, head: string, body: Buffer) => {
      // One function's queue changes on every poll, so every poll has something to send.
      sock.write(head);
      sock.write(body);
      sock.write('.\n');
    };
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status') reply(sock, `busy\t${++n}\t0\t0\n`, status);
      else if (line === 'prioritystatus') reply(sock, `busy\t0\t${n}\t0\t0\n`, priority);
      else if (line === 'workers') reply(sock, '', workers);
    });
    lsp = await startLspProcess({
      servers: [{ name: 'huge', host: '127.0.0.1', port: fake.port }],
      refreshInterval: 1,
      explorer: { maxRows: MAX_ROWS },
    });
    const full = (s: ServerSnapshot) => s.health === 'up' && s.functions.length === MAX_ROWS;
    const first = await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some(full),
      120_000,
      'the first poll of the huge server',
    );
    const s = first.changed.find(full)!;
    // Kept: the function with jobs first, then by name; the rest counted.
    expect(s.functions[0]).toMatchObject({ name: 'busy', queued: 1, priority: { high: 0, normal: 1, low: 0 } });
    expect(s.functions[1].name).toBe('f0000000');
    expect(s.functions[MAX_ROWS - 1].name).toBe(`f${String(MAX_ROWS - 2).padStart(7, '0')}`);
    expect(s.functionsOmitted).toBe(ROWS - MAX_ROWS);
    expect(s.workers).toHaveLength(MAX_ROWS);
    expect(s.workersOmitted).toBe(WORKERS - MAX_ROWS);

    // Three more polls, each changing one function: each is a patch of that one row.
    const seen = polls(fake);
    const busy = (x: ServerSnapshot) => x.functions.find((f) => f.name === 'busy')?.queued ?? 0;
    await lsp.waitFor(serversChanged, (d) => d.changed.some((x) => busy(x) >= seen + 3), 120_000, 'three more polls');
    const id = `127.0.0.1:${fake.port}`;
    const mine = lsp.received(registryChanged).filter((d) => d.patches.some((p) => p.id === id));
    const sizes = mine.map((d) => Buffer.byteLength(JSON.stringify(d)));
    const whole = Buffer.byteLength(
      JSON.stringify(mine.find((d) => d.patches.some((p) => p.functions?.length === MAX_ROWS))),
    );
    // The first poll sends maxRows functions and workers: about 100 bytes a row, whatever the reply's 14 MB.
    expect(whole).toBeLessThan(MAX_ROWS * 2 * 150);
    expect(Math.max(...sizes)).toBe(whole);
    // Later polls: the one row that changed and the times of the poll.
    const later = sizes.slice(-3);
    for (const size of later) expect(size).toBeLessThan(600);

    // Still answering, with the same bounded registry, and the mirror never had to start over.
    const all = await lsp.conn.sendRequest(getRegistry);
    expect(all.servers[0].functions).toHaveLength(MAX_ROWS);
    expect(lsp.resyncs()).toBe(0);
    expect(lsp.proc.exitCode).toBeNull();
  });

  it('fails the poll of a reply past 64 MiB, naming the server and the cap, and closes the connection', async () => {
    // 70 MiB of rows with long names: few rows, many bytes.
    const name = 'x'.repeat(1000);
    const chunk = rows(1024, (i) => `${name}${i}\t0\t0\t0\n`);
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status') for (let i = 0; i < 70; i++) sock.write(chunk);
    });
    lsp = await startLspProcess({
      servers: [{ name: 'flood', host: '127.0.0.1', port: fake.port }],
      refreshInterval: 1,
    });
    const flooded = (s: ServerSnapshot) => s.name === 'flood' && s.health === 'down';
    const d = await lsp.waitFor(serversChanged, (x) => x.changed.some(flooded), 120_000, 'the flood server down');
    expect(d.changed.find(flooded)?.error).toBe(
      `The reply of gearmand at 127.0.0.1:${fake.port} to \`status\` exceeds 64 MiB, the most this client accepts; the connection was closed`,
    );
    expect(fake.closedConnections).toBeGreaterThanOrEqual(1);
    const sizes = lsp.received(registryChanged).map((x) => Buffer.byteLength(JSON.stringify(x)));
    expect(Math.max(...sizes)).toBeLessThan(2000);
    expect(lsp.proc.exitCode).toBeNull();
  });
});
