// gearman/functionUsages over stdio: every call site of a name the workspace index knows (client
// calls and worker registrations, with their roles and relative paths), and a clear error for a
// request without a name.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionUsages, logMessage } from '../../server/src/protocol';
import { startLsp, type LspSession } from './support/lspClient';

describe('gearman/functionUsages', () => {
  let lsp: LspSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gearman-usages-'));
    mkdirSync(join(dir, 'workers'));
    writeFileSync(
      join(dir, 'client.php'),
      "<?php\n$client->doNormal('resize_image', $png);\n$client->doBackground('count_lines', $t);\n",
    );
    writeFileSync(join(dir, 'jobs.py'), "client.submit_job('resize_image', b'')\n");
    writeFileSync(join(dir, 'workers/resize.php'), "<?php\n$worker->addFunction('resize_image', 'f');\n");
    lsp = await startLsp({ servers: [] }, { rootUri: pathToFileURL(dir).href });
    await lsp.waitFor(logMessage, (l) => l.message.startsWith('Indexed Gearman function names'), 30_000, 'index run');
  });

  afterAll(async () => {
    await lsp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists every client call and worker registration of the name, and nothing of other names', async () => {
    const r = await lsp.conn.sendRequest(functionUsages, { function: 'resize_image' });
    expect(r.indexing).toBe(false);
    expect(r.usages.map((u) => [u.place, u.range.start.line, u.role]).sort()).toEqual([
      ['client.php', 1, 'submit'],
      ['jobs.py', 0, 'submit'],
      [join('workers', 'resize.php'), 1, 'register'],
    ]);
    expect(r.usages.find((u) => u.place === 'client.php')?.uri).toBe(pathToFileURL(join(dir, 'client.php')).href);
    expect((await lsp.conn.sendRequest(functionUsages, { function: 'thumbnail' })).usages).toEqual([]);
  });

  it('answers a request without a name with an error that says what it needs', async () => {
    await expect(lsp.conn.sendRequest(functionUsages, {} as { function: string })).rejects.toThrow(
      'gearman/functionUsages needs { function: "<name>" }, a non-empty string.',
    );
  });
});
