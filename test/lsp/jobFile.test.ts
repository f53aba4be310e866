// `.gearman` job files through LSP: completion, diagnostics, code lenses, outline, folding and
// gearman.server.submitJobBlock, against a real gearmand with a `gearman -w` worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensRequest,
  CompletionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  PublishDiagnosticsNotification,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver-protocol';
import { jobEvents, type SubmitBlockResult } from '../../server/src/protocol';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

const FILE = `### count the lines of a file
SUBMIT count_lines

@lines.txt

### typo
SUBMIT count_line
priority: urgent

hello
`;

describe('.gearman job files over stdio', () => {
  let gd: GearmandHandle;
  let cli: CliWorker;
  let lsp: LspSession;
  let dir: string;
  let uri: string;

  beforeAll(async () => {
    gd = await startGearmand();
    cli = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
    dir = mkdtempSync(join(tmpdir(), 'gearman-jobfile-'));
    writeFileSync(join(dir, 'lines.txt'), 'one\ntwo\nthree\nfour\n');
    uri = pathToFileURL(join(dir, 'jobs.gearman')).href;
    writeFileSync(join(dir, 'jobs.gearman'), FILE);
    lsp = await startLsp(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { rootUri: pathToFileURL(dir).href },
    );
    await lsp.waitFor(
      serversChanged,
      (d) => d.changed.some((s) => s.functions.some((f) => f.name === 'count_lines' && f.workers > 0)),
      20_000,
      'count_lines worker',
    );
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'gearman', version: 1, text: FILE },
    });
  });

  afterAll(async () => {
    await lsp?.close();
    await cli?.stop();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flags an unknown function (with a suggestion) and a bad header value', async () => {
    const d = await lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (p) => p.uri === uri && p.diagnostics.some((x) => x.code === 'unknown-function'),
      20_000,
      'diagnostics',
    );
    const unknown = d.diagnostics.find((x) => x.code === 'unknown-function')!;
    expect(unknown.message).toContain("'count_line'");
    expect(unknown.message).toContain("Did you mean 'count_lines'?");
    expect(unknown.range.start.line).toBe(6);
    expect(d.diagnostics.some((x) => /urgent/.test(String(x.message)))).toBe(true);
    expect(d.diagnostics.some((x) => x.range.start.line < 5)).toBe(false);
  });

  it('flags a missing @file after an edit', async () => {
    const text = FILE.replace('@lines.txt', '@missing.txt');
    await lsp.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text }],
    });
    const d = await lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (p) => p.uri === uri && p.version === 2,
      20_000,
      'diagnostics v2',
    );
    expect(d.diagnostics.find((x) => x.code === 'file-not-found')?.message).toContain('missing.txt');
    await lsp.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: FILE }],
    });
    await lsp.waitFor(PublishDiagnosticsNotification.type, (p) => p.uri === uri && p.version === 3);
  });

  it('completes live function names after SUBMIT and header values', async () => {
    const fn = (await lsp.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 10 },
    })) as CompletionItem[] | CompletionList;
    const labels = (Array.isArray(fn) ? fn : fn.items).map((i) => i.label);
    expect(labels).toContain('count_lines');
    const prio = (await lsp.conn.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 7, character: 10 },
    })) as CompletionItem[];
    expect(prio.map((i) => i.label)).toEqual(['high', 'normal', 'low']);
  });

  it('offers Submit lenses, one symbol per block and folding per block', async () => {
    const lenses = await lsp.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    expect(lenses?.map((l) => l.command?.title)).toEqual([
      '▶ Submit',
      'Submit ×10',
      'Load Test…',
      '▶ Submit',
      'Submit ×10',
      'Load Test…',
    ]);
    expect(lenses?.[0].command?.command).toBe('gearman.submitJobBlock');
    expect(lenses?.[0].command?.arguments).toEqual([{ uri, line: 1 }]);
    const symbols = await lsp.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    expect(symbols?.map((s) => s.name)).toEqual(['count_lines', 'count_line']);
    const folds = await lsp.conn.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    expect(folds?.length).toBe(2);
  });

  const submitBlock = (args: Record<string, unknown>) =>
    lsp.conn.sendRequest(ExecuteCommandRequest.type, {
      command: 'gearman.server.submitJobBlock',
      arguments: [{ uri, ...args }],
    }) as Promise<SubmitBlockResult>;

  const eventsOf = (jobId: string) =>
    lsp
      .received(jobEvents)
      .flatMap((b) => b.events)
      .filter((e) => e.jobId === jobId);

  it('submits the block holding a line, with its @file payload, and repeats it; events say what was sent', async () => {
    const one = await submitBlock({ line: 3, jobId: 'b1' });
    expect(one.jobIds).toEqual(['b1']);
    expect(one.request).toMatchObject({
      function: 'count_lines',
      payloadSize: 19,
      payload: Buffer.from('one\ntwo\nthree\nfour\n').toString('base64'),
      repeat: 1,
    });
    expect(one.results).toEqual([expect.objectContaining({ jobId: 'b1', status: 'complete' })]);
    expect(
      Buffer.from(eventsOf('b1').at(-1)?.data ?? '', 'base64')
        .toString()
        .trim(),
    ).toBe('4');
    expect(eventsOf('b1')[0]).toMatchObject({
      kind: 'submitted',
      request: { function: 'count_lines', payloadSize: 19 },
    });
    const many = await submitBlock({ line: 1, jobId: 'b2', repeat: 3 });
    expect(many.jobIds).toEqual(['b2', 'b2.1', 'b2.2']);
    expect(many.results.map((r) => r.status)).toEqual(['complete', 'complete', 'complete']);
  });

  it('refuses a block that has errors, naming the line, and a line outside every block', async () => {
    await expect(submitBlock({ line: 7 })).rejects.toThrow(/Not submitted: the count_line block has an error.*Line 8/);
    await expect(submitBlock({ line: 99 })).rejects.toThrow(
      /Line 100 of the job file is not in a block with a SUBMIT line/,
    );
  });
});
