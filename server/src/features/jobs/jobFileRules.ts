// The rules of a `.gearman` file a repository may have written, in one place: the job file's
// diagnostics show them before anyone clicks, and submitting applies them.
// - `server:` must name a configured server (or `all`). Another `host:port` is asked about
//   before anything is sent (once per address per session), and refused in an untrusted workspace.
// - `@path` is read relative to the job file; a path outside the workspace folders (after
//   following symlinks) is asked about, naming the file and the server, and refused in an
//   untrusted workspace. Only regular files are read, at most gearman.jobs.maxPayloadFileMiB.
import { realpathSync } from 'node:fs';
import { relative, isAbsolute } from 'node:path';
import { checkRegularFileSync, FileRefusedError } from '../../files/readBounded';
import type { Verdict } from '../../jobfile/types';
import { parseAddress } from '../../registry/resolver';
import type { ServerConfig } from '../../registry/types';

/** What the rules read from the server around them. */
export interface RuleContext {
  configs: ServerConfig[];
  trusted: boolean;
  folders: string[];
  maxFileBytes: number;
}

/** The verdict on a `server:` value. */
export function serverVerdict(value: string, ctx: RuleContext): Verdict {
  if (value === 'all' || ctx.configs.some((c) => c.name === value || c.id === value)) return { kind: 'ok' };
  const addr = parseAddress(value);
  if (addr && ctx.configs.some((c) => c.host === addr.host && c.port === addr.port)) return { kind: 'ok' };
  if (!addr) {
    const choices = [...new Set(ctx.configs.map((c) => c.name)), 'all'].join(', ');
    return {
      kind: 'refuse',
      code: 'unknown-server',
      message: `server '${value}' is not configured; write one of ${choices} (or add it to gearman.servers)`,
    };
  }
  if (!ctx.trusted) {
    return {
      kind: 'refuse',
      code: 'adhoc-server',
      message: `${value} is not one of your configured servers, and this workspace is not trusted: nothing is sent to an address a repository names. Trust the workspace, or add ${value} to gearman.servers.`,
    };
  }
  return {
    kind: 'ask',
    message: `${value} is not one of your configured servers: Submit asks before sending to it (once per session). Add it to gearman.servers to stop being asked.`,
  };
}

/** The verdict on an `@path` payload, resolved to `abs`. */
export function fileVerdict(abs: string, shownPath: string, ctx: RuleContext): Verdict {
  try {
    checkRegularFileSync(abs, ctx.maxFileBytes, 'the payload file');
  } catch (e) {
    if (!(e instanceof FileRefusedError)) throw e;
    const message =
      e.code === 'TOO_LARGE' ? `${e.message} (gearman.jobs.maxPayloadFileMiB); raise it to send this file` : e.message;
    return {
      kind: 'refuse',
      code: e.code === 'NOT_FOUND' ? 'file-not-found' : 'file-refused',
      message: message.replace(abs, `${shownPath} (${abs})`),
    };
  }
  if (insideFolders(abs, ctx.folders)) return { kind: 'ok' };
  if (!ctx.trusted) {
    return {
      kind: 'refuse',
      code: 'file-outside',
      message: `${shownPath} (${safeReal(abs)}) is outside the workspace folders, and this workspace is not trusted: a job file may not send files from elsewhere. Trust the workspace, or copy the file into it.`,
    };
  }
  return {
    kind: 'ask',
    message: `${shownPath} (${safeReal(abs)}) is outside the workspace folders: Submit asks before reading it.`,
  };
}

/** True when `abs`, with symlinks followed, lies under one of `folders` (also followed). */
export function insideFolders(abs: string, folders: string[]): boolean {
  const real = safeReal(abs);
  return folders.some((f) => {
    const rel = relative(safeReal(f), real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
