// A hostile workspace for the function-name index: a `.php` symlink to /dev/zero and a `.php`
// FIFO, named in a file-change notification (as after a `git pull`), next to a real worker file.
// The server must refuse both without reading a byte (it used to read /dev/zero to 2.8 GB and
// would hang on the FIFO), say so once per file, index the real file of the same batch, and go on
// answering requests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type MarkupContent,
  type NotificationType,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { logMessage, type LogEntry } from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLspProcess, type LspProcess } from '../lsp/support/lspClient';

const CLIENT =
  "<?php\n$client = new GearmanClient();\n$client->doNormal('resize_image', $png);\n$client->doNormal('thumbnail', $png);\n";

/** Bytes the process has read with read(2) and friends so far (/proc/<pid>/io `rchar`). */
function bytesRead(pid: number): number {
  const m = /^rchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  if (!m) throw new Error(`no rchar in /proc/${pid}/io`);
  return Number(m[1]);
}

describe('the workspace index refuses files that are not regular files', () => {
  let gd: GearmandHandle;
  let lsp: LspProcess;
  let dir: string;
  let clientUri: string;
  const file = (name: string) => join(dir, 'workers', name);
  const uriOf = (name: string) => pathToFileURL(file(name)).href;

  /** The first notification of `type` after the `from`-th one that satisfies `pred`. */
  const after = <P>(from: number, type: NotificationType<P>, pred: (p: P) => boolean, what: string) =>
    lsp.waitFor(type, (p) => lsp.received(type).indexOf(p) >= from && pred(p), 30_000, what);
  const diagsAfter = (from: number, pred: (d: Diagnostic[]) => boolean, what: string) =>
    after(
      from,
      PublishDiagnosticsNotification.type,
      (p: PublishDiagnosticsParams) => p.uri === clientUri && pred(p.diagnostics),
      what,
    );
  const codeOf = (d: Diagnostic[], name: string) => d.find((x) => String(x.message).includes(`'${name}'`))?.code;
  const skipLogs = (name: string) =>
    lsp
      .received(logMessage)
      .filter((l: LogEntry) => l.message.startsWith('Gearman index: skipped') && l.message.includes(file(name)));

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-hostile-index-'));
    mkdirSync(join(dir, 'workers'));
    symlinkSync('/dev/zero', file('evil.php'));
    execFileSync('mkfifo', [file('pipe.php')]);
    clientUri = pathToFileURL(join(dir, 'client.php')).href;
    writeFileSync(join(dir, 'client.php'), CLIENT);
    lsp = await startLspProcess(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { rootUri: pathToFileURL(dir).href },
    );
    await lsp.waitFor(
      logMessage,
      (l) => l.message.startsWith('Indexed Gearman function names'),
      30_000,
      'first index run',
    );
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: clientUri, languageId: 'php', version: 1, text: CLIENT },
    });
    await lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (p) => p.uri === clientUri && codeOf(p.diagnostics, 'resize_image') === 'unknown-function',
      30_000,
      'resize_image unknown',
    );
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walked past the symlink and the FIFO at start without a word', () => {
    expect(skipLogs('evil.php')).toEqual([]);
    expect(skipLogs('pipe.php')).toEqual([]);
  });

  it('skips both named in one change event, reads neither, and indexes the real file of the same batch', async () => {
    writeFileSync(file('real.php'), "<?php\n$worker->addFunction('resize_image', 'resize');\n");
    const from = lsp.received(PublishDiagnosticsNotification.type).length;
    const readBefore = bytesRead(lsp.proc.pid!);
    // The hostile files come first: a reader that hangs on the FIFO never reaches real.php.
    await lsp.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uriOf('evil.php'), type: FileChangeType.Changed },
        { uri: uriOf('pipe.php'), type: FileChangeType.Created },
        { uri: uriOf('real.php'), type: FileChangeType.Created },
      ],
    });
    await diagsAfter(
      from,
      (d) => codeOf(d, 'resize_image') === 'no-live-worker',
      'resize_image registered by workers/real.php',
    );
    // Not read at all: /dev/zero would add megabytes to what the process read, the cap included (2 MiB).
    expect(bytesRead(lsp.proc.pid!) - readBefore).toBeLessThan(256 * 1024);
    expect(skipLogs('evil.php').map((l) => [l.level, l.message])).toEqual([
      ['warn', `Gearman index: skipped the file ${file('evil.php')} is a device; only regular files are read.`],
    ]);
    expect(skipLogs('pipe.php').map((l) => [l.level, l.message])).toEqual([
      [
        'warn',
        `Gearman index: skipped the file ${file('pipe.php')} is a named pipe (FIFO); only regular files are read.`,
      ],
    ]);
  });

  it('says it once per file when the same files change again, and keeps indexing and answering', async () => {
    writeFileSync(
      file('real.php'),
      "<?php\n$worker->addFunction('resize_image', 'resize');\n$worker->addFunction('thumbnail', 'thumb');\n",
    );
    const from = lsp.received(PublishDiagnosticsNotification.type).length;
    await lsp.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uriOf('pipe.php'), type: FileChangeType.Changed },
        { uri: uriOf('evil.php'), type: FileChangeType.Changed },
        { uri: uriOf('real.php'), type: FileChangeType.Changed },
      ],
    });
    await diagsAfter(
      from,
      (d) => codeOf(d, 'thumbnail') === 'no-live-worker',
      'thumbnail registered by workers/real.php',
    );
    expect(skipLogs('evil.php')).toHaveLength(1);
    expect(skipLogs('pipe.php')).toHaveLength(1);
    const hover = await lsp.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: clientUri },
      position: { line: 3, character: 22 },
    });
    expect((hover!.contents as MarkupContent).value).toContain('workers/real.php:3');
    expect(lsp.proc.exitCode).toBeNull();
  });
});
