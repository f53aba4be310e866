// Lists the files of the workspace folders that the index should read: excluded folders are
// pruned without being entered. Size and file type are checked where the file is read
// (files/readBounded.ts), on the opened descriptor, so a check here could only be raced.
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';

/** Files above this size are not indexed (generated bundles, dumps): hand-written client or worker code is far smaller. */
export const MAX_INDEXED_BYTES = 2 * 1024 * 1024;

/** A predicate over workspace-relative paths (`/`-separated), true when excluded. */
export type Excluder = (relPath: string, isDir: boolean) => boolean;

/** Builds the exclusion test from glob lists (VS Code `files.exclude` keys and `gearman.index.exclude`). */
export function excluder(globs: string[]): Excluder {
  const valid = globs.filter((g) => g.trim() !== '');
  if (valid.length === 0) return () => false;
  const match = picomatch(valid, { dot: true });
  return (rel, isDir) => match(rel) || (isDir && match(`${rel}/`));
}

/** The globs of a `files.exclude` object that are switched on (`{ "**\/.git": true }`). */
export function enabledGlobs(filesExclude: unknown): string[] {
  if (!filesExclude || typeof filesExclude !== 'object') return [];
  return Object.entries(filesExclude as Record<string, unknown>)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
}

/** Path relative to the folder containing it, `/`-separated; undefined when outside every folder. */
export function relativeTo(folders: string[], path: string): string | undefined {
  for (const f of folders) {
    const rel = relative(f, path);
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel))
      return rel.split(sep).join('/');
  }
  return undefined;
}

/** Every regular file (symlinks are not followed) under `folders` that `wanted` accepts and `excluded` does not, depth first. */
export async function* walkFiles(
  folders: string[],
  excluded: Excluder,
  wanted: (path: string) => boolean,
): AsyncGenerator<{ path: string }> {
  for (const root of folders) {
    const stack = [root];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable or vanished folders are skipped, not fatal
      }
      for (const e of entries) {
        const path = join(dir, e.name);
        const rel = relative(root, path).split(sep).join('/');
        if (e.isDirectory()) {
          if (!excluded(rel, true)) stack.push(path);
        } else if (e.isFile() && wanted(path) && !excluded(rel, false)) {
          yield { path };
        }
      }
    }
  }
}

/** True when the file or any folder above it is excluded (for single files reported by a watcher). */
export function excludedFile(excluded: Excluder, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) if (excluded(parts.slice(0, i).join('/'), true)) return true;
  return excluded(rel, false);
}
