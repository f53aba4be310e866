// Keeps the workspace index current: a full run in the background (with $/progress) at start and
// when patterns, prefix or exclusions change; single-file re-parses on watched-file events.
import { DidChangeWatchedFilesNotification, FileChangeType, type FileEvent } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import type { ServerContext } from '../../context';
import type { CallSiteAnalyzer } from '../../analysis';
import { enabledGlobs, excludedFile, excluder, relativeTo, type Excluder } from './fileWalk';
import type { WorkspaceIndex } from './workspaceIndex';

/** Runs and re-runs the workspace index; calls `changed` whenever indexed sites changed. */
export class Indexer {
  private excluded: Excluder = () => false;
  private key = '';
  private watching = false;
  private pending = new Map<string, FileChangeType>();
  private flushTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private runs = 0;

  constructor(
    private readonly ctx: ServerContext,
    private readonly analyzer: CallSiteAnalyzer,
    private readonly index: WorkspaceIndex,
    private readonly changed: () => void,
  ) {
    ctx.connection.onDidChangeWatchedFiles((p) => this.onFileEvents(p.changes));
  }

  /** Re-indexes when the settings that shape the index changed (or on the first call). */
  async configure(indexExclude: string[], patternsVersion: number): Promise<void> {
    const filesExclude = enabledGlobs(await this.filesExclude());
    const key = JSON.stringify([indexExclude, filesExclude, patternsVersion]);
    if (key === this.key) return;
    this.key = key;
    this.excluded = excluder([...indexExclude, ...filesExclude]);
    this.watch();
    this.runs++;
    this.running = this.run().finally(() => {
      this.runs--;
    });
    await this.running;
  }

  /** True while a full index run is under way (answers may miss files not read yet). */
  get busy(): boolean {
    return this.runs > 0;
  }

  /** Resolves when the current index run (if any) has finished. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async run(): Promise<void> {
    const folders = this.ctx.workspaceFolders();
    if (!folders.length) return;
    const started = Date.now();
    // window/workDoneProgress/create only where the editor declared it; elsewhere the log line says it.
    const progress = this.ctx.client().capabilities.window?.workDoneProgress
      ? await this.ctx.connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('Gearman: indexing function names', 0, 'listing files', false);
    let last = -1;
    try {
      const stats = await this.index.rebuild(folders, this.excluded, (done, total) => {
        const pct = Math.floor((done * 100) / Math.max(1, total));
        if (pct !== last) {
          last = pct;
          progress?.report(pct, `${done} / ${total} files`);
        }
      });
      if (stats.cancelled) return;
      this.ctx.log(
        'info',
        `Indexed Gearman function names: ${stats.sites} call sites in ${this.index.fileCount} of ${stats.files} files, ${Date.now() - started} ms`,
      );
      this.changed();
    } catch (e) {
      this.ctx.log(
        'error',
        `Indexing the workspace for Gearman function names failed: ${(e as Error).message}. Function names in open files are still checked.`,
      );
    } finally {
      progress?.done();
    }
  }

  private async filesExclude(): Promise<unknown> {
    // Editors without workspace/configuration are not asked: only gearman.index.exclude applies.
    if (!this.ctx.client().capabilities.workspace?.configuration) return undefined;
    try {
      const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000).unref());
      const files: unknown = await Promise.race([this.ctx.connection.workspace.getConfiguration('files'), timeout]);
      return files && typeof files === 'object' ? (files as { exclude?: unknown }).exclude : undefined;
    } catch {
      return undefined; // the editor failed to answer: only gearman.index.exclude applies
    }
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    if (!this.ctx.client().capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.ctx.log(
        'info',
        'The editor does not let the Gearman server watch files; the function-name index is re-read when settings change, and open files are always current.',
      );
      return;
    }
    this.ctx.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
      .catch((e: Error) => {
        this.ctx.log(
          'debug',
          `The editor does not watch files for the Gearman index (${e.message}); files are re-read when opened.`,
        );
      });
  }

  private onFileEvents(changes: FileEvent[]): void {
    for (const c of changes) {
      if (!c.uri.startsWith('file:')) continue;
      this.pending.set(fileURLToPath(c.uri), c.type);
    }
    // Saves and branch switches come in bursts: handle them together.
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.flush(), 100);
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    const folders = this.ctx.workspaceFolders();
    let any = false;
    for (const [path, type] of batch) {
      if (type === FileChangeType.Deleted) {
        any = this.index.removePath(path) || any;
        continue;
      }
      const rel = relativeTo(folders, path);
      if (rel === undefined || excludedFile(this.excluded, rel) || !this.analyzer.languageForPath(path)) continue;
      any = (await this.index.updateFile(path)) || any;
    }
    if (any) this.changed();
  }
}
