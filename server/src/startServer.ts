// Wires an LSP connection to the server's parts. Each handler hands off to a module.
import { DidChangeConfigurationNotification, TextDocumentSyncKind, type Connection } from 'vscode-languageserver';
import { AdminClient } from './gearman/admin';
import { Registry } from './registry/registry';
import { parseRegistrySettings } from './registry/settings';
import { readSettings, settingsFromInitOptions, type RawSettings } from './config';
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

  let canPull = false;
  let initial: RawSettings = {};
  let viewVisible = false;
  // Standalone editors have no view telling us what is visible: they poll while the server runs.
  let standalone = true;

  const updateActivity = () => registry.setActive(standalone || viewVisible);

  const reconfigure = async () => {
    const s = await readSettings(connection, canPull, initial);
    const parsed = parseRegistrySettings(s.servers, s.refreshInterval);
    for (const p of parsed.problems) {
      log('warn', p);
      void connection.window.showWarningMessage(`Gearman: ${p}`);
    }
    registry.configure(parsed);
  };

  connection.onInitialize((params) => {
    canPull = !!params.capabilities.workspace?.configuration;
    initial = settingsFromInitOptions(params.initializationOptions);
    standalone = (params.initializationOptions as { client?: string } | undefined)?.client !== 'vscode-gearman';
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'gearman-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (canPull) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gearman' });
    await reconfigure();
    updateActivity();
  });

  connection.onDidChangeConfiguration(async (p) => {
    if (!canPull) initial = { ...initial, ...settingsFromInitOptions(p.settings) };
    await reconfigure();
  });

  connection.onRequest(protocol.getRegistry, () => ({ servers: registry.snapshots(), usingDefault: registry.usingDefault }));
  connection.onRequest(protocol.refreshRegistry, (p) => registry.refresh(p.serverId));
  connection.onNotification(protocol.setViewVisible, (p) => {
    viewVisible = p.visible;
    updateActivity();
  });

  connection.onShutdown(() => registry.dispose());
  connection.listen();
}
