// Names passed through constants, as an editor sees them over stdio against a real gearmand: the
// diagnostic sits on the constant's use and names its value, hover says where the value comes
// from, "Did you mean" edits the constant's definition, and go to definition reaches the worker
// (itself registering through a constant).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  DefinitionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  PublishDiagnosticsNotification,
  type CodeAction,
  type Diagnostic,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { logMessage } from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

const CLIENT = `<?php
class Jobs {
    const RESIZE = 'resize_imgae';
    const THUMB = 'resize_image';
}
$client->doNormal(Jobs::RESIZE, $png);
$client->doNormal(Jobs::THUMB, $png);
`;

const WORKER = `<?php
const NAME = 'resize_image';
$worker->addFunction(NAME, 'resize');
`;

describe('function names through constants over stdio', () => {
  let gd: GearmandHandle;
  let lsp: LspSession;
  let dir: string;
  let uri: string;
  let typo: Diagnostic;

  beforeAll(async () => {
    gd = await startGearmand();
    dir = mkdtempSync(join(tmpdir(), 'gearman-consts-'));
    mkdirSync(join(dir, 'workers'));
    writeFileSync(join(dir, 'workers', 'resize.php'), WORKER);
    writeFileSync(join(dir, 'client.php'), CLIENT);
    uri = pathToFileURL(join(dir, 'client.php')).href;
    lsp = await startLsp(
      { servers: [{ name: 'local', host: '127.0.0.1', port: gd.port }], refreshInterval: 1 },
      { rootUri: pathToFileURL(dir).href },
    );
    await lsp.waitFor(logMessage, (l) => l.message.startsWith('Indexed Gearman function names'), 30_000, 'index run');
    await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
    await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'php', version: 1, text: CLIENT },
    });
    const d = await lsp.waitFor(
      PublishDiagnosticsNotification.type,
      (p) => p.uri === uri && p.diagnostics.length === 2,
      30_000,
      'two diagnostics',
    );
    typo = d.diagnostics.find((x) => x.code === 'unknown-function')!;
  });

  afterAll(async () => {
    await lsp?.close();
    await gd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts the diagnostic on the constant use and names the value it resolved to', () => {
    expect(typo.range).toEqual({ start: { line: 5, character: 18 }, end: { line: 5, character: 30 } });
    expect(typo.message).toBe(
      `No worker registers 'resize_imgae' (the value of Jobs::RESIZE) on local (127.0.0.1:${gd.port}), and no worker code in this workspace registers it.`,
    );
  });

  it('hovers with the resolved value and where the constant is defined', async () => {
    const hover = await lsp.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 6, character: 25 },
    });
    const md = (hover!.contents as MarkupContent).value;
    expect(md).toContain('**resize\\_image**');
    expect(md).toContain('The value of the constant `Jobs::THUMB` (line 4).');
    expect(md).toContain('`workers/resize.php:3`');
  });

  it('offers "Did you mean" that edits the constant definition, not its use', async () => {
    const actions = (await lsp.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith('Did you mean'))!;
    expect(fix.title).toBe("Did you mean 'resize_image'? (changes Jobs::RESIZE)");
    expect(fix.edit!.changes![uri]).toEqual([
      { range: { start: { line: 2, character: 20 }, end: { line: 2, character: 32 } }, newText: 'resize_image' },
    ]);
  });

  it('goes from a constant use to the worker registration made through a constant', async () => {
    const defs = (await lsp.conn.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 6, character: 24 },
    })) as Location[];
    expect(defs).toEqual([
      {
        uri: pathToFileURL(join(dir, 'workers', 'resize.php')).href,
        range: { start: { line: 2, character: 21 }, end: { line: 2, character: 25 } },
      },
    ]);
  });
});
