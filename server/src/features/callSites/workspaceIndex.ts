// The workspace's call sites: every indexed file's sites (parsed once, re-parsed only when that
// file changes on disk), overlaid by open documents, whose editor text wins over the disk.
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CallSite, CallSiteAnalyzer } from '../../analysis';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FileRefusedError, readBoundedSync, readListedFileSync } from '../../files/readBounded';
import { MAX_INDEXED_BYTES, walkFiles, type Excluder } from './fileWalk';
import { NameLookup, type Located } from './nameLookup';

/** Work between two turns of the event loop while indexing, so requests from the editor are answered meanwhile. */
const SLICE_MS = 10;

/** Why a file was not indexed: not a regular file (a device, a FIFO, a folder) or over the size limit. */
export interface SkippedFile {
  path: string;
  code: 'NOT_REGULAR' | 'TOO_LARGE';
  message: string;
}

/**
 * A file's text, read through the one bounded reader: regular files only (a symlink to
 * /dev/zero or a FIFO is refused before a byte is read), at most MAX_INDEXED_BYTES + 1 bytes.
 * Undefined when it vanished, was refused, or is binary; refusals worth telling go to `skipped`.
 * Read synchronously: source files are small, and the parse that follows is synchronous anyway.
 * `listed`: the walk has just listed it as a regular file, so it is not lstat-ed again.
 */
function readText(path: string, skipped?: (s: SkippedFile) => void, listed = false): string | undefined {
  try {
    const buf = listed
      ? readListedFileSync(path, MAX_INDEXED_BYTES, 'the file')
      : readBoundedSync(path, MAX_INDEXED_BYTES, 'the file');
    return buf.includes(0) ? undefined : buf.toString('utf8');
  } catch (e) {
    if (e instanceof FileRefusedError && (e.code === 'NOT_REGULAR' || e.code === 'TOO_LARGE'))
      skipped?.({ path, code: e.code, message: e.message });
    return undefined;
  }
}

export type { Located } from './nameLookup';

/** Result of a full index run. */
export interface IndexStats {
  files: number;
  sites: number;
  cancelled: boolean;
}

/** The key under which a document is stored: its file path for `file:` URIs, else the URI. */
export function docKey(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** Call sites of the workspace files and open documents, with lookups by wire name. */
export class WorkspaceIndex {
  private files = new Map<string, CallSite[]>();
  private uris = new Map<string, string>();
  private open = new Map<string, { uri: string; sites: CallSite[] }>();
  private keys = new Map<string, string>();
  private readonly lookup = new NameLookup(() => {
    const out: [string, CallSite[]][] = [];
    for (const [path, sites] of this.files) if (!this.open.has(path)) out.push([this.uriOf(path), sites]);
    return out;
  });
  private generation = 0;
  /** Bumped on every change, so callers can tell when their derived data is stale. */
  version = 0;

  /** `skipped` hears of every file refused by the bounded reader (the caller decides what to log). */
  constructor(
    private readonly analyzer: CallSiteAnalyzer,
    private readonly skipped?: (s: SkippedFile) => void,
  ) {}

  /** Re-indexes every file from scratch; an earlier run still going is cancelled. */
  async rebuild(
    folders: string[],
    excluded: Excluder,
    progress?: (done: number, total: number) => void,
  ): Promise<IndexStats> {
    const gen = ++this.generation;
    const paths: string[] = [];
    // Grammars compile in the background, in parallel: each starts loading while the walk goes on.
    const loading = new Map<string, Promise<boolean>>();
    for await (const f of walkFiles(folders, excluded, (p) => this.analyzer.languageForPath(p) !== undefined)) {
      if (gen !== this.generation) return { files: 0, sites: 0, cancelled: true };
      paths.push(f.path);
      const languageId = this.analyzer.languageForPath(f.path)!;
      if (!loading.has(languageId)) {
        const ready = this.analyzer.ready(languageId);
        ready.catch(() => undefined); // awaited below; a walk cancelled first must not leave it unhandled
        loading.set(languageId, ready);
      }
    }
    const next = new Map<string, CallSite[]>();
    let sites = 0;
    await Promise.all(loading.values());
    let slice = performance.now();
    for (let i = 0; i < paths.length; i++) {
      if (performance.now() - slice > SLICE_MS) {
        await nextTurn();
        slice = performance.now();
      }
      if (gen !== this.generation) return { files: i, sites, cancelled: true };
      const text = readText(paths[i], this.skipped, true);
      const languageId = this.analyzer.languageForPath(paths[i]);
      const found = text !== undefined && languageId ? this.analyzer.extractLoaded(languageId, text) : [];
      if (found.length) next.set(paths[i], found);
      sites += found.length;
      progress?.(i + 1, paths.length);
    }
    this.files = next;
    this.changed(true);
    return { files: paths.length, sites, cancelled: false };
  }

  /** Re-reads one file after it changed on disk; true when its sites changed. */
  async updateFile(path: string): Promise<boolean> {
    const found = this.analyzer.languageForPath(path) ? await this.read(path) : [];
    const before = this.files.get(path) ?? [];
    if (JSON.stringify(before) === JSON.stringify(found)) return false;
    if (found.length) this.files.set(path, found);
    else this.files.delete(path);
    this.changed(true);
    return true;
  }

  /** Forgets a deleted file or every file under a deleted folder; true when anything was known there. */
  removePath(path: string): boolean {
    let removed = false;
    for (const key of [...this.files.keys()]) {
      if (key === path || key.startsWith(path.endsWith('/') ? path : `${path}/`)) {
        this.files.delete(key);
        this.uris.delete(key);
        removed = true;
      }
    }
    if (removed) this.changed(true);
    return removed;
  }

  /** Sets the sites of an open document (they replace the file's indexed sites while it is open). */
  setOpen(uri: string, sites: CallSite[]): void {
    const key = this.keyOf(uri);
    const prev = this.open.get(key);
    if (prev && prev.sites === sites) return;
    this.open.set(key, { uri, sites });
    // A document opened hides its file's indexed sites; an edit changes only its own.
    if (!prev) this.lookup.filesChanged();
    this.lookup.docChanged(key, uri, sites);
    this.changed();
  }

  /** Forgets an open document's sites; the indexed ones (from disk) apply again. */
  closeOpen(uri: string): void {
    const key = this.keyOf(uri);
    this.keys.delete(uri);
    if (!this.open.delete(key)) return;
    this.lookup.docClosed(key);
    this.changed();
  }

  // docKey parses the URI: an open document is keyed once, not on every edit.
  private keyOf(uri: string): string {
    let key = this.keys.get(uri);
    if (key === undefined) this.keys.set(uri, (key = docKey(uri)));
    return key;
  }

  /** Number of indexed files with call sites. */
  get fileCount(): number {
    return this.files.size;
  }

  /** Each indexed file with call sites, as read from disk (open documents' editor text is not here). */
  *fileSites(): Generator<[uri: string, sites: CallSite[]]> {
    for (const [path, sites] of this.files) yield [this.uriOf(path), sites];
  }

  /** The `file:` URI of an indexed path (cached: a workspace-wide pass asks for every file). */
  private uriOf(path: string): string {
    let uri = this.uris.get(path);
    if (uri === undefined) {
      uri = pathToFileURL(path).href;
      this.uris.set(path, uri);
    }
    return uri;
  }

  /** Every known site, grouped by wire name. */
  names(): Map<string, Located[]> {
    return this.lookup.names();
  }

  /** Sites of one wire name (optionally of one role). */
  sitesNamed(wireName: string, role?: CallSite['role']): Located[] {
    return this.lookup.named(wireName, role);
  }

  /** True when some worker code in the workspace registers `wireName`. */
  registered(wireName: string): boolean {
    return this.sitesNamed(wireName, 'register').length > 0;
  }

  private async read(path: string): Promise<CallSite[]> {
    const languageId = this.analyzer.languageForPath(path);
    const text = languageId ? readText(path, this.skipped) : undefined;
    return text === undefined ? [] : this.analyzer.extract(languageId!, text);
  }

  /** `files`: the indexed files changed (not only an open document). */
  private changed(files = false): void {
    if (files) this.lookup.filesChanged();
    this.version++;
  }
}
