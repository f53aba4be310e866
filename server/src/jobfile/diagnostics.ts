// Diagnostics of a job file: parse problems plus checks against the live registry,
// the configured servers and the file system (all passed in as plain data).
import { closest, distance } from 'fastest-levenshtein';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { resolvePayloadPath } from './submit';
import type { ParsedJobFile, ProblemSeverity } from './types';

/** What the job-file diagnostics check against. */
export interface DiagnosticsContext {
  /** Functions some worker registers; undefined when the registry is unknown or unreachable (then nothing is flagged). */
  knownFunctions?: Set<string>;
  /** Whether a file exists (for `@file` payloads). */
  fileExists: (absPath: string) => boolean;
  /** Folder of the .gearman file; `@file` paths are relative to it. */
  documentDir: string;
  /** Configured server names (and/or host:port ids) a `server:` header may name. */
  servers: string[];
  /** Severity of "no worker registers function"; default warning. */
  unknownFunctionSeverity?: 'error' | 'warning';
}

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** LSP diagnostics for a parsed job file. */
export function diagnostics(parsed: ParsedJobFile, ctx: DiagnosticsContext): Diagnostic[] {
  const out: Diagnostic[] = parsed.problems.map((p) => ({ range: p.range, severity: SEVERITY[p.severity], message: p.message, code: p.code, source: 'gearman' }));
  const known = ctx.knownFunctions;
  for (const block of parsed.blocks) {
    const server = block.options.server;
    if (known && !known.has(block.functionName)) {
      const where = server && server !== 'all' ? server : ctx.servers.length > 0 ? ctx.servers.join(', ') : 'any configured server';
      const suggestion = suggest(block.functionName, known);
      out.push({
        range: block.functionRange, source: 'gearman', code: 'unknown-function',
        severity: ctx.unknownFunctionSeverity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        message: `no worker registers function '${block.functionName}' on ${where}; the job would wait in the queue`
          + (suggestion ? `. Did you mean '${suggestion}'?` : ''),
        ...(suggestion ? { data: { suggestion } } : {}),
      });
    }
    if (block.body.kind === 'file' && block.body.path && block.body.pathRange) {
      const abs = resolvePayloadPath(ctx.documentDir, block.body.path);
      if (!ctx.fileExists(abs)) {
        out.push({
          range: block.body.pathRange, severity: DiagnosticSeverity.Error, source: 'gearman', code: 'file-not-found',
          message: `file not found: ${block.body.path} (resolved to ${abs})`,
        });
      }
    }
    const serverHeader = block.headers.filter((h) => h.key === 'server').pop();
    if (server && server !== 'all' && serverHeader && !ctx.servers.includes(server) && !isHostPort(server)) {
      const choices = [...ctx.servers, 'all'].join(', ');
      out.push({
        range: serverHeader.valueRange, severity: DiagnosticSeverity.Warning, source: 'gearman', code: 'unknown-server',
        message: `server '${server}' is not configured; write one of ${choices}, or host:port (or add it to gearman.servers)`,
      });
    }
  }
  return out;
}

/** A known function close enough to `name` to be a likely typo. */
function suggest(name: string, known: Set<string>): string | undefined {
  if (known.size === 0) return undefined;
  const best = closest(name, [...known]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

/** `host:port` or `[v6]:port`, which need no configuration. */
function isHostPort(v: string): boolean {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(v);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}
