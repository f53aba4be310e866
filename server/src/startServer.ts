// Wires an LSP connection to the server's features. Each handler hands off to a module.
import { TextDocumentSyncKind, type Connection } from 'vscode-languageserver';

/** Starts the Gearman language server on an LSP connection. */
export function startServer(connection: Connection): void {
  connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'gearman-language-server', version: '0.1.0' },
  }));
  connection.listen();
}
