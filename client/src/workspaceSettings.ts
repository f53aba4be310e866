// In an untrusted workspace VS Code hides restricted settings (gearman.servers) of the
// workspace even from inspect(). To show those servers as blocked rather than silently
// missing, their entries are read from the settings files themselves (read only, never used
// to connect: the language server marks them blocked). The files come from the repository,
// so they are read with a real JSONC parser (linear time, no exceptions), at most MAX_BYTES.
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';

/** Settings files larger than this are not read (VS Code's own are a few KiB). */
export const MAX_BYTES = 1024 * 1024;

/** The text of a regular file of at most MAX_BYTES; undefined for anything else. */
function readSmallFile(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_BYTES) return undefined;
    const buf = Buffer.alloc(Math.min(st.size, MAX_BYTES) + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return n > MAX_BYTES ? undefined : buf.toString('utf8', 0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** `gearman.servers` as written in a settings file (undefined when absent, unreadable, too large or not JSONC). */
export function serversInSettingsFile(file: string, key = 'gearman.servers'): unknown {
  const text = readSmallFile(file);
  if (text === undefined) return undefined;
  const errors: ParseError[] = [];
  const obj: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!obj || typeof obj !== 'object') return undefined;
  // A .code-workspace file keeps settings under "settings".
  const settings = file.endsWith('.code-workspace') ? (obj as Record<string, unknown>).settings : obj;
  return settings && typeof settings === 'object' && Object.hasOwn(settings, key)
    ? (settings as Record<string, unknown>)[key]
    : undefined;
}

/** The workspace's own `gearman.servers` from its settings files: the .code-workspace file, else the first folder's .vscode/settings.json. */
export function workspaceServersFromFiles(workspaceFile: string | undefined, folders: string[]): unknown {
  if (workspaceFile) {
    const v = serversInSettingsFile(workspaceFile);
    if (v !== undefined) return v;
  }
  for (const f of folders) {
    const v = serversInSettingsFile(join(f, '.vscode', 'settings.json'));
    if (v !== undefined) return v;
  }
  return undefined;
}
