// The checks over many files at once: the editor's workspace-wide diagnostics
// (`gearman.diagnostics.scope: workspace`) and gearman-check run this same code.
import type { Diagnostic } from 'vscode-languageserver';
import type { CallSite } from '../../analysis';
import type { NameSettings } from '../../settings';
import { checkSites, type CheckContext, type CheckMemo } from './diagnose';
import type { LiveView } from './liveView';
import type { WorkspaceIndex } from './workspaceIndex';

/** The inputs of a check: live servers, the index's registrations, the name settings. */
export function checkContext(
  index: WorkspaceIndex,
  live: LiveView,
  names: Pick<NameSettings, 'knownFunctions' | 'unknownSeverity'>,
  describe: (uri: string) => string,
  opts: { now?: number; offline?: boolean } = {},
): CheckContext {
  return {
    live,
    registrations: (name) => index.sitesNamed(name, 'register'),
    known: new Set(names.knownFunctions),
    severity: names.unknownSeverity,
    now: opts.now ?? Date.now(),
    describe,
    ...(opts.offline ? { offline: true } : {}),
  };
}

/** Each file that has findings, with them, in the order given; `skip` leaves files out (documents open in the editor). */
export function* checkFiles(
  files: Iterable<[uri: string, sites: CallSite[]]>,
  c: CheckContext,
  skip?: (uri: string) => boolean,
  memo?: CheckMemo,
): Generator<[uri: string, diagnostics: Diagnostic[]]> {
  for (const [uri, sites] of files) {
    if (skip?.(uri) || !sites.some((s) => s.role === 'submit')) continue;
    const diagnostics = checkSites(sites, c, memo, uri);
    if (diagnostics.length) yield [uri, diagnostics];
  }
}
