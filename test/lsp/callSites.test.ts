// Function names in application code, as another editor sees them: the built server over stdio,
// a workspace with worker code on disk, and a real gearmand with real `gearman -w` workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CodeLensRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  PublishDiagnosticsNotification,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  ReferencesRequest,
  ShowMessageNotification,
  DiagnosticSeverity,
  type CompletionList,
  type Diagnostic,
  type Location,
  type MarkupContent,
  type PublishDiagnosticsParams,
  type WorkDoneProgressCreateParams,
} from 'vscode-languageserver-protocol';
import { getRegistry, refreshRegistry } from '../../server/src/protocol';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession, type Mark } from './support/lspClient';

const CLIENT = `<?php
$client = new GearmanClient();
$client->addServer('127.0.0.1');
$client->doBackground('count_lines', $text);
$client->doNormal('resize_imgae', $png);
$client->doNormal('resize_image', $png);
// $client->doNormal('in_a_comment', $x);
$client->doNormal("dyn_$name", $x);
`;

const WORKER = `<?php
$worker = new GearmanWorker();
$worker->addServer();
$worker->addFunction('resize_image', 'resize');
while ($worker->work());
`;

describe('function names in PHP code over stdio', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  let uri: string;
  const workers: CliWorker[] = [];
  let version = 1;
  const progressKinds: string[] = [];
  let opened: Mark;

  /** The first diagnostics for client.php after MARK (taken before the action) that satisfy pred. */
  const diags = (mark: Mark, pred: (d: Diagnostic[]) => boolean, what: string) =>
    mark.waitFor(
      PublishDiagnosticsNotification.type,
      (p: PublishDiagnosticsParams) => p.uri === uri && pred(p.diagnostics),
      30_000,
      what,
    );
  const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
  const named = (d: Diagnostic[], name: string) => d.find((x) => text(x).includes(`'${name}'`));

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-callsites-'));
    mkdirSync(join(dir, 'workers'));
    mkdirSync(join(dir, 'node_modules', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'workers', 'resize.php'), WORKER);
    // Excluded by default: must not make 'from_node_modules' known.
    writeFileSync(join(dir, 'node_modules', 'lib', 'w.js'), "worker.addFunction('from_node_modules', f);\n");
    uri = pathToFileURL(join(dir, 'client.php')).href;
    writeFileSync(join(dir, 'client.php'), CLIENT);
    lsp = await startLsp(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { rootUri: pathToFileURL(dir).href },
    );
    // $/progress is routed by token, not to plain notification handlers: follow the token the server creates.
    const indexed = new Promise<void>((resolve) => {
      lsp.conn.onRequest(WorkDoneProgressCreateRequest.method, (p: WorkDoneProgressCreateParams) => {
        lsp.conn.onProgress(WorkDoneProgress.type, p.token, (v) => {
          progressKinds.push(v.kind);
          if (v.kind === 'end') resolve();
        });
        return null;
      });
    });
    await indexed;
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
    opened = lsp.mark();
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'php', version, text: CLIENT },
    });
  });

  afterAll(async () => {
    await lsp?.close();
    await Promise.all(workers.map((w) => w.stop()));
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexed the workspace in the background with $/progress', () => {
    expect(progressKinds[0]).toBe('begin');
    expect(progressKinds[progressKinds.length - 1]).toBe('end');
  });

  it('flags a name no worker registers, naming the server checked, and warns about a workspace name with no live worker', async () => {
    const d = await diags(
      opened,
      (x) => !!named(x, 'resize_imgae') && !!named(x, 'count_lines'),
      'unknown-name diagnostics',
    );
    const typo = named(d.diagnostics, 'resize_imgae')!;
    expect(typo.severity).toBe(DiagnosticSeverity.Error);
    expect(typo.code).toBe('unknown-function');
    expect(text(typo)).toContain(`local (127.0.0.1:${gd.port})`);
    expect(typo.range).toEqual({ start: { line: 4, character: 19 }, end: { line: 4, character: 31 } });
    const ws = named(d.diagnostics, 'resize_image')!;
    expect(ws.severity).toBe(DiagnosticSeverity.Warning);
    expect(text(ws)).toContain('workers/resize.php');
    expect(d.diagnostics.some((x) => /in_a_comment|dyn_/.test(text(x)))).toBe(false);
    expect(d.diagnostics).toHaveLength(3);
  });

  it('clears the error when a worker for the name starts', async () => {
    const m = lsp.mark();
    workers.push(startCliWorker(gd.port, ['count_lines'], ['wc', '-l']));
    const d = await diags(m, (x) => !named(x, 'count_lines') && !!named(x, 'resize_imgae'), 'count_lines cleared');
    expect(d.diagnostics.map((x) => x.code).sort()).toEqual(['no-live-worker', 'unknown-function']);
  });

  it('completes live and workspace names in a name argument, with per-server detail', async () => {
    const text = `${CLIENT}$client->doHigh('');\n`;
    const line = text.split('\n').length - 2;
    await lsp.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: ++version },
      contentChanges: [
        {
          range: { start: { line: line, character: 0 }, end: { line: line, character: 0 } },
          text: "$client->doHigh('');\n",
        },
      ],
    });
    const list = (await lsp.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line, character: 17 },
    })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    expect(labels).toContain('count_lines');
    expect(labels).toContain('resize_image');
    expect(labels).not.toContain('from_node_modules');
    expect(labels).not.toContain('resize_imgae');
    expect(list.items.find((i) => i.label === 'count_lines')!.detail).toBe(
      `local (127.0.0.1:${gd.port}): 1 worker, 0 queued`,
    );
    expect((list.items.find((i) => i.label === 'resize_image')!.documentation as MarkupContent).value).toContain(
      'workers/resize.php:4',
    );
  });

  it('hovers with per-server counts and worker ids, and navigates to the registration', async () => {
    const hover = await lsp.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 3, character: 25 },
    });
    const md = (hover!.contents as MarkupContent).value;
    // Names and server labels are markdown-escaped (they come from outside): count\_lines, local \(127\.0\.0\.1\:port\).
    expect(md).toContain('**count\\_lines**');
    expect(md).toContain(`| local \\(127\\.0\\.0\\.1\\:${gd.port}\\) | 0 | 0 | 1 |`);
    const defs = (await lsp.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 5, character: 22 },
    })) as Location[];
    expect(defs).toEqual([
      {
        uri: pathToFileURL(join(dir, 'workers', 'resize.php')).href,
        range: { start: { line: 3, character: 22 }, end: { line: 3, character: 34 } },
      },
    ]);
    const refs = (await lsp.conn.sendRequest(ReferencesRequest.type, {
      textDocument: { uri },
      position: { line: 5, character: 22 },
      context: { includeDeclaration: true },
    }))!;
    expect(
      refs.map((r) => `${r.uri.endsWith('resize.php') ? 'worker' : 'client'}:${r.range.start.line}`).sort(),
    ).toEqual(['client:5', 'worker:3']);
  });

  // This client is another editor: the settings fix and "Submit test job" run VS Code commands of
  // this extension, so they are not offered here (the e2e suite checks them in VS Code).
  it('offers "Did you mean" and the live counts above client calls, and nothing that needs VS Code', async () => {
    const d = await diags(opened, (x) => !!named(x, 'resize_imgae'), 'typo diagnostic');
    const typo = named(d.diagnostics, 'resize_imgae')!;
    const actions = (await lsp.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    }))!;
    const titles = actions.map((a) => a.title);
    expect(titles).toEqual(["Did you mean 'resize_image'?"]);
    const fix = actions[0] as { edit: { changes: Record<string, { newText: string }[]> } };
    expect(fix.edit.changes[uri][0].newText).toBe('resize_image');
    const lenses = (await lsp.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }))!;
    const line3 = lenses.filter((l) => l.range.start.line === 3).map((l) => l.command);
    expect(line3).toEqual([{ title: '1 worker · 0 queued', command: '' }]);
  });

  it('accepts names listed in gearman.knownFunctions', async () => {
    const known = lsp.mark();
    await lsp.setSettings({ ...lsp.settings, knownFunctions: ['resize_imgae'] });
    const d = await diags(known, (x) => !named(x, 'resize_imgae'), 'known function accepted');
    expect(d.diagnostics.map((x) => x.code)).toEqual(['no-live-worker']);
    const forgotten = lsp.mark();
    await lsp.setSettings({ ...lsp.settings, knownFunctions: [] });
    const again = await diags(forgotten, (x) => !!named(x, 'resize_imgae'), 'typo flagged again');
    expect(named(again.diagnostics, 'resize_imgae')!.code).toBe('unknown-function');
  });

  it('re-reads a worker file the editor reports as created or deleted', async () => {
    const file = join(dir, 'workers', 'typo.php');
    const fileUri = pathToFileURL(file).href;
    writeFileSync(file, "<?php\n$worker->addFunction('resize_imgae', 'f');\n");
    const created = lsp.mark();
    await lsp.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri, type: FileChangeType.Created }],
    });
    const d = await diags(
      created,
      (x) => named(x, 'resize_imgae')?.code === 'no-live-worker',
      'typo now registered in the workspace',
    );
    expect(text(named(d.diagnostics, 'resize_imgae')!)).toContain('workers/typo.php');
    rmSync(file);
    const deleted = lsp.mark();
    await lsp.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: fileUri, type: FileChangeType.Deleted }],
    });
    const again = await diags(deleted, (x) => !!named(x, 'resize_imgae'), 'typo unknown again');
    expect(named(again.diagnostics, 'resize_imgae')!.code).toBe('unknown-function');
  });

  it('does not report unknown names when the server goes away, and says so once', async () => {
    const stopped = lsp.mark();
    await gd.stop();
    const d = await diags(stopped, (x) => x.length === 0, 'no diagnostics while unreachable');
    expect(d.diagnostics).toEqual([]);
    const unreachable = `Gearman: no job server could be reached (local (127.0.0.1:${gd.port})), so function names in your code are not checked against live workers. Names registered by worker code in this workspace are still known.`;
    const msg = await stopped.waitFor(
      ShowMessageNotification.type,
      (m) => /no job server could be reached/.test(m.message),
      30_000,
      'unreachable message',
    );
    expect(msg.message).toBe(unreachable);
    // Each edit and each poll re-checks the document while the server is still away: none may say it again.
    for (let i = 0; i < 3; i++) {
      const edited = lsp.mark();
      await lsp.conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: ' ' }],
      });
      await diags(edited, () => true, `diagnostics of version ${version}`);
      await lsp.conn.sendRequest(refreshRegistry, {});
    }
    // Answered after everything the server wrote before it, so a repeated message would be here by now.
    await lsp.conn.sendRequest(getRegistry);
    expect(
      lsp.received(ShowMessageNotification.type).filter((m) => /no job server could be reached/.test(m.message)),
    ).toEqual([expect.objectContaining({ message: unreachable })]);
  });
});
