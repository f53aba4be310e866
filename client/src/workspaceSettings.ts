// In an untrusted workspace VS Code hides restricted settings (gearman.servers) of the
// workspace even from inspect(). To show those servers as blocked rather than silently
// missing, their entries are read from the settings files themselves (read only, never used
// to connect: the language server marks them blocked).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Removes comments and trailing commas from JSONC text, leaving strings alone. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === '}' || c === ']') {
      out = out.replace(/,\s*$/, '') + c;
    } else {
      out += c;
    }
  }
  return out;
}

/** `gearman.servers` as written in a settings file (undefined when absent or unreadable). */
export function serversInSettingsFile(file: string, key = 'gearman.servers'): unknown {
  try {
    const obj = JSON.parse(stripJsonc(readFileSync(file, 'utf8'))) as Record<string, unknown>;
    // A .code-workspace file keeps settings under "settings".
    const settings = file.endsWith('.code-workspace') ? (obj.settings as Record<string, unknown> | undefined) : obj;
    return settings?.[key];
  } catch {
    return undefined;
  }
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
