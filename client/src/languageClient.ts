// Starts the language server (dist/server.js) over IPC and returns the LSP client.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SEAL_KEY_ENV } from '../../server/src/protocol';
import { trustParams } from './trust';

/** Creates (not starts) the client for the bundled Gearman language server. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  sealKey: string,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // The session key reaches the server through its environment, never through LSP.
  const env = { ...process.env, [SEAL_KEY_ENV]: sealKey };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    synchronize: { configurationSection: 'gearman' },
    // A function, so trust is read when the server (re)starts: it must know before it connects anywhere.
    initializationOptions: () => ({ client: 'vscode-gearman', trust: trustParams() }),
    outputChannel: log,
  };
  return new LanguageClient('gearman', 'Gearman Language Server', serverOptions, clientOptions);
}
