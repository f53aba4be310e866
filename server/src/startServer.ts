// Wires an LSP connection to the server's parts. Each feature registers its own handlers.
import { DidChangeConfigurationNotification, MessageType, ShowMessageNotification, TextDocuments, TextDocumentSyncKind, type Connection, type ServerCapabilities } from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { AdminClient } from './gearman/admin';
import { Registry } from './registry/registry';
import { resolveServers, trustFrom, type TrustState } from './registry/sources';
import { ServerSecrets, serverTarget } from './registry/endpoints';
import { readSettings, settingsFromInitOptions, type RawSettings } from './config';
import type { ServerContext } from './context';
import { features } from './features';
import { ProviderRouter } from './features/router';
import * as protocol from './protocol';

/** Starts the Gearman language server on an LSP connection. */
export function startServer(connection: Connection): void {
  const log = (level: protocol.LogEntry['level'], message: string) => {
    void connection.sendNotification(protocol.logMessage, { level, message });
  };
  const secrets = new ServerSecrets();
  let trust: TrustState = { trusted: true, sources: false };
  const registry = new Registry({
    createAdmin: (cfg) => new AdminClient(secrets.endpoint(cfg), { connectTimeoutMs: 4000, commandTimeoutMs: 5000 }),
    log,
  });
  registry.onChange((c) => {
    void connection.sendNotification(protocol.registryChanged, { ...c, usingDefault: registry.usingDefault });
  });
  // Incremental parsing needs the raw edit ranges, which TextDocuments applies without passing on.
  const contentListeners: ((uri: string, changes: TextDocumentContentChangeEvent[]) => void)[] = [];
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => {
      for (const l of contentListeners) l(doc.uri, changes);
      return TextDocument.update(doc, changes, version);
    },
  });

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
    const parsed = resolveServers(current.servers, current.refreshInterval, trust);
    for (const p of parsed.problems) {
      log('warn', p);
      // A notification, not window/showMessageRequest: editors that do not answer requests must not crash us.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Gearman: ${p}` });
    }
    registry.configure(parsed);
    for (const l of settingsListeners) l(current);
  };

  const shutdownListeners: (() => void | Promise<void>)[] = [];
  const commands = new Map<string, (args: unknown[]) => unknown>();
  const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
  const ctx: ServerContext = {
    connection, registry, documents, log, setNeed, capabilities, providers: new ProviderRouter(),
    addCommand: (id, handler) => { commands.set(id, handler); },
    settings: () => current,
    onSettings: (l) => settingsListeners.push(l),
    workspaceFolders: () => folders,
    onShutdown: (l) => shutdownListeners.push(l),
    trusted: () => trust.trusted,
    onContentChanges: (l) => contentListeners.push(l),
    serverEndpoint: (id) => serverTarget(registry.config(id), id, secrets),
  };

  connection.onInitialize((params) => {
    canPull = !!params.capabilities.workspace?.configuration;
    initial = settingsFromInitOptions(params.initializationOptions);
    current = initial;
    trust = trustFrom((params.initializationOptions as { trust?: unknown } | undefined)?.trust);
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
  connection.onNotification(protocol.setTrust, (p) => {
    trust = trustFrom(p);
    void reconfigure();
  });
  connection.onNotification(protocol.setPassphrase, (p) => {
    secrets.setPassphrase(p.serverId, p.passphrase);
    void registry.refresh(p.serverId);
  });

  for (const register of features) register(ctx);
  ctx.providers.install(connection, documents, capabilities);

  connection.onShutdown(async () => {
    await Promise.allSettled(shutdownListeners.map((l) => l()));
    registry.dispose();
  });
  documents.listen(connection);
  connection.listen();
}

function uriToPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}
