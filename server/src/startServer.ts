// Wires an LSP connection to the server's parts. Each feature registers its own handlers.
import { DidChangeConfigurationNotification, TextDocuments, TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { AdminClient } from './gearman/admin';
import { Registry } from './registry/registry';
import { parseRegistrySettings } from './registry/settings';
import { readSettings, settingsFromInitOptions, type RawSettings } from './config';
import type { ServerContext } from './context';
import { features } from './features';
import * as protocol from './protocol';

/** Starts the Gearman language server on an LSP connection. */
export function startServer(connection: Connection): void {
  const log = (level: protocol.LogEntry['level'], message: string) => {
    void connection.sendNotification(protocol.logMessage, { level, message });
  };
  const registry = new Registry({
    createAdmin: (cfg) => new AdminClient({ host: cfg.host, port: cfg.port, tls: cfg.tls }, { connectTimeoutMs: 4000, commandTimeoutMs: 5000 }),
    log,
  });
  registry.onChange((c) => {
    void connection.sendNotification(protocol.registryChanged, { ...c, usingDefault: registry.usingDefault });
  });
  const documents = new TextDocuments(TextDocument);

  let canPull = false;
  let initial: RawSettings = {};
  let current: RawSettings = {};
  let folders: string[] = [];
  const settingsListeners: ((s: RawSettings) => void)[] = [];
  const needs = new Set<string>();
  const updateActivity = () => registry.setActive(needs.size > 0);
  const setNeed = (who: string, needed: boolean) => {
    if (needed) needs.add(who);
    else needs.delete(who);
    updateActivity();
  };

  const reconfigure = async () => {
    current = await readSettings(connection, canPull, initial);
    const parsed = parseRegistrySettings(current.servers, current.refreshInterval);
    for (const p of parsed.problems) {
      log('warn', p);
      void connection.window.showWarningMessage(`Gearman: ${p}`);
    }
    registry.configure(parsed);
    for (const l of settingsListeners) l(current);
  };

  const commands = new Map<string, (args: unknown[]) => unknown>();
  const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
  const ctx: ServerContext = {
    connection, registry, documents, log, setNeed, capabilities,
    addCommand: (id, handler) => { commands.set(id, handler); },
    settings: () => current,
    onSettings: (l) => settingsListeners.push(l),
    workspaceFolders: () => folders,
  };

  connection.onInitialize((params) => {
    canPull = !!params.capabilities.workspace?.configuration;
    initial = settingsFromInitOptions(params.initializationOptions);
    current = initial;
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (!folders.length && params.rootUri) folders = [uriToPath(params.rootUri)];
    // Other editors have no Gearman view to say what is visible: they poll while the server runs.
    if ((params.initializationOptions as { client?: string } | undefined)?.client !== 'vscode-gearman') setNeed('standalone', true);
    return {
      capabilities: { ...capabilities, executeCommandProvider: { commands: [...commands.keys()] } },
      serverInfo: { name: 'gearman-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gearman' });
    await reconfigure();
  });

  connection.onDidChangeConfiguration(async (p) => {
    if (!canPull) initial = { ...initial, ...settingsFromInitOptions(p.settings) };
    await reconfigure();
  });

  connection.onExecuteCommand((p) => {
    const handler = commands.get(p.command);
    if (!handler) throw new Error(`Unknown Gearman command ${p.command}`);
    return handler(p.arguments ?? []);
  });
  connection.onRequest(protocol.getRegistry, () => ({ servers: registry.snapshots(), usingDefault: registry.usingDefault }));
  connection.onRequest(protocol.refreshRegistry, (p) => registry.refresh(p.serverId));
  connection.onNotification(protocol.setViewVisible, (p) => setNeed('view', p.visible));

  for (const register of features) register(ctx);

  connection.onShutdown(() => registry.dispose());
  documents.listen(connection);
  connection.listen();
}

function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
