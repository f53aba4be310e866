// What every server feature gets: the connection, the registry, open documents, settings
// and a way to say it needs live server data (polling runs only while someone needs it).
import type { Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Registry } from './registry/registry';
import type { RawSettings } from './config';
import type { LogEntry } from './protocol';

/** Shared state handed to each feature's register function. */
export interface ServerContext {
  connection: Connection;
  registry: Registry;
  documents: TextDocuments<TextDocument>;
  /** Capabilities answered at initialize: features add theirs while registering. */
  capabilities: ServerCapabilities;
  /** Appends a line to the client's "Gearman" log. */
  log(level: LogEntry['level'], message: string): void;
  /** The latest `gearman` settings (raw JSON; each feature validates its part). */
  settings(): RawSettings;
  /** Subscribes to settings changes (after the registry has been reconfigured). */
  onSettings(listener: (s: RawSettings) => void): void;
  /** Declares whether `who` needs live server data; polling runs while anyone does. */
  setNeed(who: string, needed: boolean): void;
  /** Adds a `workspace/executeCommand` command (ids `gearman.server.*`, so they never clash with client commands). */
  addCommand(id: string, handler: (args: unknown[]) => unknown): void;
  /** Workspace folder paths given at initialize. */
  workspaceFolders(): string[];
}

/** A feature module's entry point. */
export type Feature = (ctx: ServerContext) => void;
