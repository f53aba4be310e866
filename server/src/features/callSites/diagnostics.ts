// Publishing the function-name diagnostics, as one object tests can drive (the way svelte's
// DiagnosticsManager does it): open documents always, and with `gearman.diagnostics.scope:
// workspace` every indexed file too. Edits, registry changes, index updates and settings are
// coalesced into one pass per tick; a file's diagnostics are sent only when they changed; the
// workspace pass is bounded (MAX_WORKSPACE_FILES) and says what it left out.
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { CallSite, DocumentTrees } from '../../analysis';
import type { DiagnosticsScope } from '../../settings';
import { CheckMemo, checkSites, type CheckContext } from './diagnose';
import { checkFiles } from './workspaceChecks';
import type { WorkspaceIndex } from './workspaceIndex';

/** Files of the workspace (beyond open documents) whose diagnostics are published at most. */
export const MAX_WORKSPACE_FILES = 2000;

/** What the publisher needs from the server. */
export interface NameDiagnosticsDeps {
  send(p: PublishDiagnosticsParams): void;
  trees: Pick<DocumentTrees, 'sites'>;
  index: WorkspaceIndex;
  /** The editor's version of an open document. */
  version(uri: string): number | undefined;
  /** The inputs of the checks at this moment (live servers, settings). */
  checks(): CheckContext;
  /** Runs after each pass, with whether any checked file submits names (polling is needed) and the context used. */
  afterPass?(needsLiveData: boolean, c: CheckContext, registrationsChanged: boolean): void;
  log(level: 'info' | 'warn', message: string): void;
}

/** Publishes function-name diagnostics for open documents and, when asked, the whole workspace. */
export class NameDiagnostics {
  private readonly tracked = new Set<string>();
  private readonly lastSent = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }>();
  /** Per open document, the names it registers, to tell when other documents need checking again. */
  private readonly registrations = new Map<string, string[]>();
  /** Each document's last check, so a pass makes diagnostics only for what changed. */
  private readonly memo = new CheckMemo();
  /** Workspace files (not open) whose diagnostics are shown now. */
  private shown = new Set<string>();
  private scope: DiagnosticsScope = 'openFiles';
  private readonly dirty = new Set<string>();
  private everything = false;
  private scheduled = false;
  private omittedSaid = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly deps: NameDiagnosticsDeps) {}

  /** Starts checking an open document. */
  open(uri: string): void {
    this.tracked.add(uri);
    this.schedule(uri);
  }

  /** A tracked document's text changed. */
  changed(uri: string): void {
    if (this.tracked.has(uri)) this.schedule(uri);
  }

  /** Stops checking an open document: its diagnostics go, or (workspace scope) the index's take over. */
  close(uri: string): void {
    if (!this.tracked.delete(uri)) return;
    this.registrations.delete(uri);
    this.lastSent.delete(uri);
    this.memo.forget(uri);
    if (this.scope === 'openFiles') this.deps.send({ uri, diagnostics: [] });
    this.schedule();
  }

  /** True while `uri` is an open document being checked. */
  isOpen(uri: string): boolean {
    return this.tracked.has(uri);
  }

  /** Open documents being checked. */
  openDocuments(): string[] {
    return [...this.tracked];
  }

  /** Switches between open files only and the whole workspace. */
  setScope(scope: DiagnosticsScope): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.schedule();
  }

  /** Everything may have changed (registry, index, settings): check all again. */
  refreshAll(): void {
    this.schedule();
  }

  /** Resolves after the next pass has published (tests and gearman-check's progress wait on this). */
  settled(): Promise<void> {
    if (!this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private schedule(uri?: string): void {
    if (uri) this.dirty.add(uri);
    else this.everything = true;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** One pass: open documents that changed (all when registrations changed), then the workspace. */
  flush(): void {
    this.scheduled = false;
    const targets = this.everything ? [...this.tracked] : [...this.dirty].filter((u) => this.tracked.has(u));
    const all = this.everything;
    this.everything = false;
    this.dirty.clear();
    let registrationsChanged = false;
    for (const uri of targets) {
      const now = registered(this.deps.trees.sites(uri));
      if (!sameItems(this.registrations.get(uri) ?? [], now)) registrationsChanged = true;
      this.registrations.set(uri, now);
    }
    const c = this.deps.checks();
    this.memo.nextPass();
    for (const uri of registrationsChanged ? [...this.tracked] : targets) {
      const sites = this.deps.trees.sites(uri);
      if (sites) this.publish(uri, this.deps.version(uri), checkSites(sites, c, this.memo, uri));
    }
    // Registrations in open documents change what every other file's names mean.
    if (all || registrationsChanged) this.publishWorkspace(c);
    const needs =
      [...this.tracked].some((u) => (this.deps.trees.sites(u)?.length ?? 0) > 0) ||
      (this.scope === 'workspace' && this.deps.index.fileCount > 0);
    this.deps.afterPass?.(needs, c, registrationsChanged);
    for (const w of this.waiters.splice(0)) w();
  }

  private publishWorkspace(c: CheckContext): void {
    const now = new Set<string>();
    let omitted = 0;
    if (this.scope === 'workspace') {
      for (const [uri, diagnostics] of checkFiles(
        this.deps.index.fileSites(),
        c,
        (u) => this.tracked.has(u),
        this.memo,
      )) {
        if (now.size >= MAX_WORKSPACE_FILES) {
          omitted++;
          continue;
        }
        now.add(uri);
        this.publish(uri, undefined, diagnostics);
      }
    }
    for (const uri of this.shown) {
      if (now.has(uri) || this.tracked.has(uri)) continue;
      this.lastSent.delete(uri);
      this.deps.send({ uri, diagnostics: [] });
    }
    this.shown = now;
    if (omitted && omitted !== this.omittedSaid) {
      this.deps.log(
        'info',
        `Gearman: function-name problems in ${omitted} more files are not shown (at most ${MAX_WORKSPACE_FILES} files are published; run gearman-check for all of them).`,
      );
    }
    this.omittedSaid = omitted;
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    // Sent once per version and content. Diagnostics the memo kept are the same objects, so the
    // usual unchanged list is told without serialising it; an edit's new version is always sent.
    const last = this.lastSent.get(uri);
    if (
      last &&
      last.version === version &&
      (sameItems(last.diagnostics, diagnostics) || JSON.stringify(last.diagnostics) === JSON.stringify(diagnostics))
    )
      return;
    this.lastSent.set(uri, { version, diagnostics });
    this.deps.send({ uri, version, diagnostics });
  }
}

function registered(sites: CallSite[] | undefined): string[] {
  const out: string[] = [];
  for (const s of sites ?? []) if (s.role === 'register') out.push(s.wireName);
  return out;
}

function sameItems<T>(a: T[], b: T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
