// Wires an LSP connection to the server's parts. Each feature registers its own handlers.
import {
  DidChangeConfigurationNotification,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { AdminClient } from './gearman';
import { MAX_POLL_REPLY_BYTES, Registry } from './registry/registry';
import { nameMatchesFilter } from './registry/filter';
import { ServerResolver } from './registry/resolver';
import { SEAL_KEY_ENV, ServerSecrets } from './registry/secrets';
import { parseSettings, type RawSettings, type Settings } from './settings';
import { readSettings, settingsFromInitOptions } from './settings/read';
import { trustFrom, type TrustState } from './settings/sources';
import { askUser, confirmMode, type ConfirmMode } from './confirm';
import type { EditorClient, ServerContext } from './context';
import { features } from './features';
import { bundledAnalysisPaths, type AnalysisPaths } from './analysis';
import { ProviderRouter } from './features/router';
import * as protocol from './protocol';
import { requestFailed } from './requestFailed';

/** What a server takes from its surroundings; given, so that several servers can run in one process (the tests). */
export interface ServerOptions {
  /** Where the tree-sitter runtime, grammars and call-site queries are. */
  analysisPaths: AnalysisPaths;
  /** The session key passphrases are sealed with (GEARMAN_SEAL_KEY); without it only plain passphrases are accepted. */
  sealKey?: string;
}

/**
 * Options of a server that owns its process (dist/server.js): wasm and queries sit next to the
 * bundle in `distDir`, and the seal key is taken out of the environment, since nothing the
 * process starts needs it.
 */
export function processOptions(distDir: string): ServerOptions {
  const sealKey = process.env[SEAL_KEY_ENV];
  delete process.env[SEAL_KEY_ENV];
  return { analysisPaths: bundledAnalysisPaths(distDir), sealKey };
}

/** Starts the Gearman language server on an LSP connection. */
export function startServer(connection: Connection, options: ServerOptions): void {
  const log = (level: protocol.LogEntry['level'], message: string) => {
    void connection.sendNotification(protocol.logMessage, { level, message });
  };
  const secrets = new ServerSecrets(options.sealKey, (serverId) =>
    connection.sendRequest(protocol.getPassphrase, { serverId }).then((m) => m ?? undefined),
  );
  let trust: TrustState = { trusted: true, sources: false };
  let confirmHow: ConfirmMode = 'none';
  const registry = new Registry({
    createAdmin: async (cfg, limits) =>
      new AdminClient(await secrets.endpoint(cfg), {
        connectTimeoutMs: 4000,
        commandTimeoutMs: 5000,
        maxRows: limits.maxRows,
        maxReplyBytes: MAX_POLL_REPLY_BYTES,
      }),
    log,
  });
  const sendDelta = (d: Pick<protocol.RegistryDelta, 'servers' | 'patches' | 'removed'>) =>
    void connection.sendNotification(protocol.registryChanged, {
      ...d,
      usingDefault: registry.usingDefault,
      polling: registry.isActive,
    });
  registry.onChange((c) => sendDelta({ servers: c.added, patches: c.patches, removed: c.removed }));
  registry.onSeen((p) => {
    sendDelta({ servers: [], patches: [p], removed: [] });
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
  let client: EditorClient = { capabilities: {}, gearmanExtension: false };
  let initial: RawSettings = {};
  let current: Settings = parseSettings({}, trust);
  let folders: string[] = [];
  const settingsListeners: ((s: Settings) => void)[] = [];
  const needs = new Set<string>();
  let initialized = false;
  const updateActivity = () => {
    // The client says "paused" rather than "connecting" while nothing polls (gearman/getRegistry says it before that).
    if (registry.setActive(needs.size > 0) && initialized) sendDelta({ servers: [], patches: [], removed: [] });
  };
  const setNeed = (who: string, needed: boolean) => {
    if (needed) needs.add(who);
    else needs.delete(who);
    updateActivity();
  };

  const said = new Set<string>();
  let settingsRead: () => void = () => {};
  const firstSettings = new Promise<void>((r) => {
    settingsRead = r;
  });
  const reconfigure = async () => {
    current = parseSettings(await readSettings(connection, canPull, initial), trust);
    for (const p of current.problems) {
      log('warn', p);
      if (said.has(p)) continue;
      said.add(p);
      // A notification, not window/showMessageRequest: editors that do not answer requests must not crash us.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Warning,
        message: `Gearman: ${p}`,
      });
    }
    secrets.forgetMissing();
    registry.setLimits({ maxRows: current.limits.maxRows });
    registry.configure(current.registry);
    for (const l of settingsListeners) l(current);
    settingsRead();
  };

  const shutdownListeners: (() => void | Promise<void>)[] = [];
  const commands = new Map<string, (args: unknown[]) => unknown>();
  const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
  const servers = new ServerResolver({
    ready: () => firstSettings,
    configs: () => registry.configs(),
    trusted: () => trust.trusted,
    endpoint: (cfg) => secrets.endpoint(cfg),
    confirm: (q) => askUser(connection, confirmHow, q),
    openSecret: (m) => secrets.open(m),
  });
  const ctx: ServerContext = {
    connection,
    registry,
    servers,
    documents,
    log,
    setNeed,
    capabilities,
    providers: new ProviderRouter(),
    analysisPaths: options.analysisPaths,
    addCommand: (id, handler) => {
      commands.set(id, handler);
    },
    settings: () => current,
    client: () => client,
    onSettings: (l) => settingsListeners.push(l),
    workspaceFolders: () => folders,
    onShutdown: (l) => shutdownListeners.push(l),
    trusted: () => trust.trusted,
    confirm: (q) => askUser(connection, confirmHow, q),
    onContentChanges: (l) => contentListeners.push(l),
  };

  connection.onInitialize((params) => {
    canPull = !!params.capabilities.workspace?.configuration;
    client = {
      capabilities: params.capabilities,
      gearmanExtension: (params.initializationOptions as { client?: unknown } | undefined)?.client === 'vscode-gearman',
    };
    const init = params.initializationOptions as { trust?: unknown; client?: string } | undefined;
    initial = settingsFromInitOptions(init);
    trust = trustFrom(init?.trust);
    current = parseSettings(initial, trust);
    // Servers known from initialize are known at once (documents opened next are checked against them); polling waits for a need.
    registry.configure(current.registry);
    confirmHow = confirmMode(init?.client, !!params.capabilities.window?.showMessage);
    folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (!folders.length && params.rootUri) folders = [uriToPath(params.rootUri)];
    // Other editors have no Gearman view to say what is visible: they poll while the server runs.
    if (init?.client !== 'vscode-gearman') setNeed('standalone', true);
    return {
      capabilities: { ...capabilities, executeCommandProvider: { commands: [...commands.keys()] } },
      serverInfo: { name: 'gearman-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    initialized = true;
    // Registered only where the editor said it can take it; the others send the notification anyway.
    if (canPull && client.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gearman' });
    }
    await reconfigure();
  });

  connection.onDidChangeConfiguration(async (p) => {
    if (!canPull) initial = { ...initial, ...settingsFromInitOptions(p.settings) };
    await reconfigure();
  });

  connection.onExecuteCommand(async (p) => {
    const handler = commands.get(p.command);
    if (!handler) throw requestFailed(new Error(`Unknown Gearman command ${p.command}`));
    try {
      return await handler(p.arguments ?? []);
    } catch (e) {
      throw requestFailed(e);
    }
  });
  connection.onRequest(protocol.getRegistry, () => ({
    servers: registry.snapshots(),
    usingDefault: registry.usingDefault,
    polling: registry.isActive,
  }));
  connection.onRequest(protocol.refreshRegistry, (p) => registry.refresh(p.serverId));
  connection.onNotification(protocol.setViewVisible, (p) => setNeed('view', p.visible));
  connection.onNotification(protocol.setViewFilter, (p) => {
    const text = typeof p?.text === 'string' ? p.text : '';
    registry.setPreference(text ? (name) => nameMatchesFilter(name, text) : undefined);
  });
  connection.onNotification(protocol.setTrust, (p) => {
    trust = trustFrom(p);
    void reconfigure();
  });
  connection.onNotification(protocol.setPassphrase, (p) => {
    if (!secrets.set(p.serverId, p))
      log(
        'warn',
        `The passphrase sent for ${p.serverId} could not be opened (sealed with another session's key); it is ignored.`,
      );
    registry.restart(p.serverId);
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
