// `gearman.diagnostics.scope: workspace` over stdio against a real gearmand: files nobody opened
// get their diagnostics, a fix on disk clears them, and going back to `openFiles` clears them all.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { logMessage } from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

const CHECK = resolve(__dirname, '../../dist/check.js');

describe('workspace-wide function-name diagnostics', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;
  /** The first publication for `name` after the `from`-th one that satisfies `pred`. */
  const published = (from: number, name: string, pred: (p: PublishDiagnosticsParams) => boolean, what: string) =>
    lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (p) => lsp.received(PublishDiagnosticsNotification.type).indexOf(p) >= from && p.uri === uriOf(name) && pred(p),
      30_000,
      what,
    );
  const count = () => lsp.received(PublishDiagnosticsNotification.type).length;

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-wsscope-'));
    writeFileSync(join(dir, 'client.php'), "<?php\n$client->doNormal('resize_imgae', $png);\n");
    writeFileSync(
      join(dir, 'jobs.py'),
      "client.submit_job('thumbnial', b'')\nclient.submit_job('resize_image', b'')\n",
    );
    writeFileSync(join(dir, 'worker.php'), "<?php\n$worker->addFunction('resize_image', 'f');\n");
    lsp = await startLsp(
      { servers: [{ host: '127.0.0.1', port: gd.port }], refreshInterval: 1, diagnostics: { scope: 'workspace' } },
      { rootUri: pathToFileURL(dir).href },
    );
    await lsp.waitFor(logMessage, (l) => l.message.startsWith('Indexed Gearman function names'), 30_000, 'index run');
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the findings of files nobody opened', async () => {
    const php = await published(0, 'client.php', (p) => p.diagnostics.length > 0, 'client.php diagnostics');
    expect(php.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['unknown-function', 1]]);
    const py = await published(0, 'jobs.py', (p) => p.diagnostics.length === 2, 'jobs.py diagnostics');
    expect(py.diagnostics.map((d) => d.code)).toEqual(['unknown-function', 'no-live-worker']);
    expect(lsp.received(PublishDiagnosticsNotification.type).some((p) => p.uri === uriOf('worker.php'))).toBe(false);
  });

  it('publishes what gearman-check reports for the same files and server (one code path)', async () => {
    const check = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        [CHECK, '--server', `127.0.0.1:${gd.port}`, '--format', 'json'],
        { cwd: dir },
        (e, out) => (out ? done(out) : fail(e)),
      );
    });
    const fromCheck = (
      JSON.parse(check) as { findings: { file: string; line: number; column: number; code: string; message: string }[] }
    ).findings.map((f) => [f.file, f.line - 1, f.column - 1, f.code, f.message]);
    const fromEditor = ['client.php', 'jobs.py'].flatMap((name) => {
      const last = lsp
        .received(PublishDiagnosticsNotification.type)
        .filter((p) => p.uri === uriOf(name))
        .at(-1)!;
      return last.diagnostics.map((d) => [name, d.range.start.line, d.range.start.character, d.code, d.message]);
    });
    expect(fromEditor).toEqual(fromCheck);
    expect(fromCheck).toHaveLength(3);
  });

  it('follows a fix made on disk', async () => {
    const from = count();
    writeFileSync(join(dir, 'client.php'), "<?php\n$client->doNormal('resize_image', $png);\n");
    await lsp.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf('client.php'), type: FileChangeType.Changed }],
    });
    const php = await published(
      from,
      'client.php',
      (p) => p.diagnostics.every((d) => d.code !== 'unknown-function'),
      'client.php fixed',
    );
    expect(php.diagnostics.map((d) => d.code)).toEqual(['no-live-worker']);
  });

  it('clears every workspace file when the scope goes back to open files', async () => {
    const from = count();
    await lsp.setSettings({ ...lsp.settings, diagnostics: { scope: 'openFiles' } });
    await published(from, 'client.php', (p) => p.diagnostics.length === 0, 'client.php cleared');
    await published(from, 'jobs.py', (p) => p.diagnostics.length === 0, 'jobs.py cleared');
  });
});
