// Diagnostics of a job file: parse problems plus checks against the live registry,
// the configured servers and the file system (all passed in as plain data).
import { closest, distance } from 'fastest-levenshtein';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { resolvePayloadPath } from './submit';
import type { ParsedJobFile, ProblemSeverity, Range, Verdict } from './types';

/** What the job-file diagnostics check against. */
export interface DiagnosticsContext {
  /** Functions some worker registers; undefined when the registry is unknown or unreachable (then nothing is flagged). */
  knownFunctions?: Set<string>;
  /** What submitting would make of an `@file` payload (`abs` resolved, `shown` as written). */
  file: (abs: string, shown: string) => Verdict;
  /** What submitting would make of a `server:` value. */
  server: (value: string) => Verdict;
  /** Folder of the .gearman file; `@file` paths are relative to it. */
  documentDir: string;
  /** Configured server names, for messages. */
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
  const out: Diagnostic[] = parsed.problems.map((p) => ({
    range: p.range,
    severity: SEVERITY[p.severity],
    message: p.message,
    code: p.code,
    source: 'gearman',
  }));
  const known = ctx.knownFunctions;
  for (const block of parsed.blocks) {
    const server = block.options.server;
    if (known && !known.has(block.functionName)) {
      const where =
        server && server !== 'all' ? server : ctx.servers.length > 0 ? ctx.servers.join(', ') : 'any configured server';
      const suggestion = suggest(block.functionName, known);
      out.push({
        range: block.functionRange,
        source: 'gearman',
        code: 'unknown-function',
        severity: ctx.unknownFunctionSeverity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        message:
          `no worker registers function '${block.functionName}' on ${where}; the job would wait in the queue` +
          (suggestion ? `. Did you mean '${suggestion}'?` : ''),
        ...(suggestion ? { data: { suggestion } } : {}),
      });
    }
    if (block.body.kind === 'file' && block.body.path && block.body.pathRange) {
      const v = ctx.file(resolvePayloadPath(ctx.documentDir, block.body.path), block.body.path);
      if (v.kind !== 'ok') out.push(verdictDiagnostic(v, block.body.pathRange, 'file-outside'));
    }
    const serverHeader = block.headers.filter((h) => h.key === 'server').pop();
    if (server && serverHeader) {
      const v = ctx.server(server);
      if (v.kind !== 'ok') out.push(verdictDiagnostic(v, serverHeader.valueRange, 'adhoc-server'));
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

/** A refusal is an error (submitting will fail); a question is a warning (submitting will ask). */
function verdictDiagnostic(v: Exclude<Verdict, { kind: 'ok' }>, range: Range, askCode: string): Diagnostic {
  return v.kind === 'refuse'
    ? { range, severity: DiagnosticSeverity.Error, source: 'gearman', code: v.code, message: v.message }
    : { range, severity: DiagnosticSeverity.Warning, source: 'gearman', code: askCode, message: v.message };
}
