// The seed walk-through: a CLI worker counts lines with `wc -l`, the library submits a file.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { GearmanClient } from '../../server/src/gearman/client';
import { asText } from '../../server/src/gearman/submitArgs';

let gd: GearmandHandle;
let worker: CliWorker;
let dir: string;

beforeAll(async () => {
  gd = await startGearmand();
  worker = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
  dir = mkdtempSync(join(tmpdir(), 'walkthrough-'));
});

afterAll(async () => {
  await worker?.stop();
  await gd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('counts the lines of a file with gearman -w -f count_lines -- wc -l', async () => {
  const file = join(dir, 'input.txt');
  writeFileSync(file, Array.from({ length: 37 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
  const client = new GearmanClient({ host: gd.host, port: gd.port });
  try {
    const out = await client.submit('count_lines', readFileSync(file), { timeoutMs: 20_000 }).result;
    expect(out.status).toBe('complete');
    expect(out.status === 'complete' && asText(out.data).trim()).toBe('37');
  } finally {
    client.close();
  }
});
