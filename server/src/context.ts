// What every server feature gets: the connection, the registry, open documents, settings
// and a way to say it needs live server data (polling runs only while someone needs it).
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Registry } from './registry/registry';
import type { ServerResolver } from './registry/resolver';
import type { Settings } from './settings';
import type { ConfirmParams, FunctionLatency, LogEntry } from './protocol';
import type { ProviderRouter } from './features/router';
import type { AnalysisPaths } from './analysis';

/** The editor on the other end, as it described itself at initialize. */
export interface EditorClient {
  capabilities: ClientCapabilities;
  /** True for this extension's own VS Code client: it runs the `gearman.*` client commands (settings, submit panel). */
  gearmanExtension: boolean;
}

/** Shared state handed to each feature's register function. */
export interface ServerContext {
  connection: Connection;
  registry: Registry;
  /** The one way to reach a server: names, ids, `host:port` and `all` to endpoints with secrets, or a refusal. */
  servers: ServerResolver;
  documents: TextDocuments<TextDocument>;
  /** Routes completion, hover, code lenses etc. to the feature owning a document (one LSP handler per method). */
  providers: ProviderRouter;
  /** Where the tree-sitter runtime, grammars and call-site queries are (next to the bundle, or in the source tree). */
  analysisPaths: AnalysisPaths;
  /** Capabilities answered at initialize: features add theirs while registering. */
  capabilities: ServerCapabilities;
  /** Appends a line to the client's "Gearman" log. */
  log(level: LogEntry['level'], message: string): void;
  /** The current `gearman.*` settings, parsed once per change. */
  settings(): Settings;
  /** Subscribes to settings changes (after the registry has been reconfigured). */
  onSettings(listener: (s: Settings) => void): void;
  /** Declares whether `who` needs live server data; polling runs while anyone does. */
  setNeed(who: string, needed: boolean): void;
  /** Adds a `workspace/executeCommand` command (ids `gearman.server.*`, so they never clash with client commands). */
  addCommand(id: string, handler: (args: unknown[]) => unknown): void;
  /** What the editor declared it can do: nothing it did not declare is asked of it. */
  client(): EditorClient;
  /** Workspace folder paths given at initialize. */
  workspaceFolders(): string[];
  /** Runs `listener` (awaited) when the client asks the server to shut down, before the registry stops. */
  onShutdown(listener: () => void | Promise<void>): void;
  /** False when the client says the workspace is not trusted: no local commands, no workspace-configured servers, no ad-hoc addresses. */
  trusted(): boolean;
  /** Asks the user (a modal in VS Code); false when declined or when the editor cannot ask. */
  confirm(q: ConfirmParams): Promise<boolean>;
  /** Queue latency of a function on a server when known (set by the queues feature); asking makes it followed from then on. */
  queueLatency?(serverId: string, fn: string): FunctionLatency | undefined;
  /** Subscribes to the raw content changes of each document edit (ranges included), for incremental parsing. */
  onContentChanges(listener: (uri: string, changes: TextDocumentContentChangeEvent[]) => void): void;
}

/** A feature module's entry point. */
export type Feature = (ctx: ServerContext) => void;
