// Other editors get what they declared they can take, and nothing else: a client with the
// capabilities Neovim 0.10 sends (vim.lsp.protocol.make_client_capabilities() of 0.10.0), set up as
// the README shows, and a bare client that declares nothing. Every request the server sends to the
// client is recorded and checked against what the client declared.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  PublishDiagnosticsNotification,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver-protocol';
import { logMessage } from '../../server/src/protocol';
import { startGearmand, type GearmandHandle } from '../support/gearmand';
import { serversChanged, startLsp, type LspSession } from './support/lspClient';

/** Neovim 0.10.0's client capabilities: what matters for a server asking things of it. */
const NEOVIM_0_10: ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: {
    applyEdit: true,
    workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] },
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: false },
    didChangeWatchedFiles: { dynamicRegistration: false, relativePatternSupport: true },
    workspaceFolders: true,
    semanticTokens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    symbol: { dynamicRegistration: false },
  },
  window: {
    workDoneProgress: true,
    showMessage: { messageActionItem: { additionalPropertiesSupport: false } },
    showDocument: { support: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: {
      dynamicRegistration: false,
      completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] },
      contextSupport: false,
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    definition: { dynamicRegistration: true, linkSupport: true },
    references: { dynamicRegistration: false },
    codeAction: {
      dynamicRegistration: true,
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: [
            '',
            'quickfix',
            'refactor',
            'refactor.extract',
            'refactor.inline',
            'refactor.rewrite',
            'source',
            'source.organizeImports',
          ],
        },
      },
      isPreferredSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
    },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, dataSupport: true },
    diagnostic: { dynamicRegistration: false },
  },
};

const CLIENT = "<?php\n$client->doNormal('resize_imgae', $png);\n$client->doNormal('resize_image', $png);\n";
const WORKER = "<?php\n$worker->addFunction('resize_image', 'resize');\n";

/** The methods a registration request may name, given the capabilities' dynamicRegistration flags. */
function registrable(c: ClientCapabilities): Set<string> {
  const out = new Set<string>();
  if (c.workspace?.didChangeConfiguration?.dynamicRegistration) out.add('workspace/didChangeConfiguration');
  if (c.workspace?.didChangeWatchedFiles?.dynamicRegistration) out.add('workspace/didChangeWatchedFiles');
  if (c.textDocument?.hover?.dynamicRegistration) out.add('textDocument/hover');
  if (c.textDocument?.definition?.dynamicRegistration) out.add('textDocument/definition');
  if (c.textDocument?.codeAction?.dynamicRegistration) out.add('textDocument/codeAction');
  return out;
}

/** Every server-to-client request the capabilities allow. */
function allowed(c: ClientCapabilities, method: string, params: unknown): boolean {
  switch (method) {
    case 'workspace/configuration':
      return !!c.workspace?.configuration;
    case 'window/workDoneProgress/create':
      return !!c.window?.workDoneProgress;
    case 'workspace/codeLens/refresh':
      return !!c.workspace?.codeLens?.refreshSupport;
    case 'window/showMessageRequest':
      return !!c.window?.showMessage;
    case 'client/registerCapability': {
      const ok = registrable(c);
      return (params as { registrations: { method: string }[] }).registrations.every((r) => ok.has(r.method));
    }
    default:
      return false; // gearman/* requests exist for this extension's client only
  }
}

for (const [editor, capabilities] of [
  ['Neovim 0.10', NEOVIM_0_10],
  ['a client that declares nothing', {} as ClientCapabilities],
] as const) {
  describe(`the server and ${editor}`, () => {
    let gd: GearmandHandle;
    let lsp: LspSession;
    let dir: string;
    let uri: string;
    let typo: Diagnostic;
    const asked: { method: string; params: unknown }[] = [];
    const settings = { servers: [{ name: 'prod', host: '127.0.0.1', port: 0 }], refreshInterval: 1 };

    beforeAll(async () => {
      gd = await startGearmand();
      settings.servers[0].port = gd.port;
      dir = mkdtempSync(join(tmpdir(), 'gearman-editors-'));
      mkdirSync(join(dir, 'workers'));
      writeFileSync(join(dir, 'workers', 'resize.php'), WORKER);
      writeFileSync(join(dir, 'client.php'), CLIENT);
      uri = pathToFileURL(join(dir, 'client.php')).href;
      // As the README's Neovim snippet: `settings` (answered to workspace/configuration) and `init_options`.
      lsp = await startLsp(settings, {
        rootUri: pathToFileURL(dir).href,
        capabilities,
        initializationOptions: { gearman: settings },
        onServerRequest: (method, params) => asked.push({ method, params }),
      });
      await lsp.waitFor(logMessage, (l) => l.message.startsWith('Indexed Gearman function names'), 30_000, 'index run');
      await lsp.waitFor(serversChanged, (d) => d.changed.some((s) => s.health === 'up'), 20_000, 'server up');
      await lsp.conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'php', version: 1, text: CLIENT },
      });
      const d = await lsp.waitFor(
        PublishDiagnosticsNotification.type,
        (p) => p.uri === uri && p.diagnostics.length === 2,
        30_000,
        'diagnostics',
      );
      typo = d.diagnostics.find((x) => x.code === 'unknown-function')!;
    });

    afterAll(async () => {
      await lsp?.close();
      await gd?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('checks names, completes, hovers and shows the live counts', async () => {
      expect(typo.range.start.line).toBe(1);
      const hover = await lsp.conn.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 2, character: 22 },
      });
      expect(JSON.stringify(hover)).toContain('workers/resize.php:2');
      const lenses = (await lsp.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } }))!;
      expect(lenses.map((l) => l.command?.command)).toEqual(['', '']);
      const items = await lsp.conn.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: 1, character: 19 },
      });
      expect(JSON.stringify(items)).toContain('resize_image');
    });

    it('offers only fixes the editor can apply', async () => {
      const actions = ((await lsp.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: typo.range,
        context: { diagnostics: [typo] },
      })) ?? []) as CodeAction[];
      expect(
        actions.every((a) => a.command === undefined),
        'no client command in a fix',
      ).toBe(true);
      if (capabilities.textDocument?.codeAction?.codeActionLiteralSupport)
        expect(actions.map((a) => a.title)).toEqual(["Did you mean 'resize_image'?"]);
      else expect(actions).toEqual([]);
    });

    it('asked the editor nothing it did not declare', () => {
      const refused = asked.filter((r) => !allowed(capabilities, r.method, r.params));
      expect(refused).toEqual([]);
      if (capabilities.workspace?.configuration)
        expect(asked.some((r) => r.method === 'workspace/configuration')).toBe(true);
    });
  });
}
