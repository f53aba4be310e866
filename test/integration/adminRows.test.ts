// AdminClient's maxRows and byte cap against fake servers (a real gearmand cannot be made to send
// 200,000 functions quickly, nor garbage in mid-reply).
import { afterEach, describe, expect, it } from 'vitest';
import { AdminClient } from '../../server/src/gearman/admin';
import { startFake, type FakeServer } from './adminFakes';

const ROWS = 200_000;
const statusReply = (n: number) => {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`f${i}\t0\t0\t0\n`);
  return `${lines.join('')}.\n`;
};

describe('AdminClient maxRows and maxReplyBytes', () => {
  let fake: FakeServer | undefined;
  let admin: AdminClient | undefined;
  afterEach(async () => {
    admin?.close();
    await fake?.close();
  });

  it('keeps maxRows of a 200,000-row status, counts the rest, and stays on the same connection', async () => {
    const big = statusReply(ROWS);
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status') sock.write(big.replace('f7\t0\t0\t0', 'f7\t2\t1\t1'));
      else if (line === 'workers') sock.write('5 127.0.0.1 - : f7\n6 127.0.0.1 - :\n.\n');
    });
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port }, { maxRows: 100 });
    const rows = await admin.status();
    expect(rows).toHaveLength(100);
    expect(rows.omitted).toBe(ROWS - 100);
    expect(rows.find((r) => r.name === 'f7')).toEqual({ name: 'f7', total: 2, running: 1, workers: 1, queued: 1 });
    const workers = await admin.workers();
    expect(workers.map((w) => w.fd)).toEqual(['5', '6']);
    expect(fake.connections).toBe(1);
  });

  it('fails a reply over maxReplyBytes naming the server and the cap, closes the connection, and works on a new one', async () => {
    let huge = true;
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status') sock.write(huge ? statusReply(100_000) : 'a\t0\t0\t0\n.\n');
    });
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port }, { maxRows: 10, maxReplyBytes: 1024 * 1024 });
    await expect(admin.status()).rejects.toMatchObject({
      name: 'ProtocolError',
      code: 'REPLY_TOO_LARGE',
      message: `The reply of gearmand at 127.0.0.1:${fake.port} to \`status\` exceeds 1 MiB, the most this client accepts; the connection was closed`,
    });
    huge = false;
    expect(await admin.status()).toEqual([{ name: 'a', total: 0, running: 0, workers: 0, queued: 0 }]);
    expect(fake.connections).toBe(2);
  });

  it('closes the connection at a malformed row in mid-reply, so the rest is never read as the next answer', async () => {
    let bad = true;
    fake = await startFake((line, sock) => {
      if (line === 'version') sock.write('OK 1.1.20\n');
      else if (line === 'status')
        sock.write(bad ? `${statusReply(10).slice(0, -2)}broken line\n${statusReply(10)}` : '.\n');
      else if (line === 'getpid') sock.write('OK 42\r\n');
    });
    admin = new AdminClient({ host: '127.0.0.1', port: fake.port }, { maxRows: 5 });
    await expect(admin.status()).rejects.toThrow(/^Malformed `status` reply line "broken line"/);
    bad = false;
    expect(await admin.getPid()).toBe(42);
    expect(fake.connections).toBe(2);
  });
});
