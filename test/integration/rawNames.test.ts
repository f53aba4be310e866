// Function names that are not UTF-8 (gearmand stores any bytes) survive every path:
// worker registration, admin status, and a client job, all naming the same bytes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { GearmanWorker } from '../../server/src/gearman/worker';
import { GearmanClient } from '../../server/src/gearman/client';
import { AdminClient } from '../../server/src/gearman/admin';
import { decodeName, encodeName } from '../../server/src/gearman/names';

let gd: GearmandHandle;
beforeAll(async () => {
  gd = await startGearmand();
});
afterAll(async () => {
  await gd.stop();
});

it('registers, lists and runs a Latin-1 function name byte for byte', async () => {
  const name = decodeName(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x1b, 0x5b, 0x33, 0x31, 0x6d])); // "caf\xE9" + ANSI escape
  const ep = { host: gd.host, port: gd.port };
  const worker = new GearmanWorker(ep, { clientId: 'raw-names' });
  let seenFn = '';
  worker.register(name, (job) => {
    seenFn = job.fn;
    return job.payload;
  });
  await worker.start();
  const admin = new AdminClient(ep);
  const client = new GearmanClient(ep);
  try {
    await expect
      .poll(async () => (await admin.status()).find((s) => s.name === name)?.workers, { timeout: 5000 })
      .toBe(1);
    expect(encodeName((await admin.status()).find((s) => s.name === name)!.name)).toEqual(
      Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x1b, 0x5b, 0x33, 0x31, 0x6d]),
    );
    const out = await client.submit(name, 'ping', { timeoutMs: 5000 }).result;
    expect(out.status).toBe('complete');
    expect(seenFn).toBe(name);
  } finally {
    client.close();
    admin.close();
    await worker.stop();
  }
});
