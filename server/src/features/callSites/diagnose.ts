// Diagnostics for the names a document submits, checked against the live servers, the worker
// code in the workspace, and `gearman.knownFunctions`. Pure: plain data in, LSP diagnostics out.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { CallSite } from '../../analysis';
import { inert } from '../../text/inert';
import { duration, serverLabel, type LiveView } from './liveView';
import type { UnknownSeverity } from '../../settings';
import type { Located } from './workspaceIndex';

/** Diagnostic codes, also used to find the diagnostics quick fixes apply to. */
export const UNKNOWN_FUNCTION = 'unknown-function';
export const NO_LIVE_WORKER = 'no-live-worker';

/** Carried in `Diagnostic.data` so code actions know the name without re-parsing. */
export interface NameDiagnosticData {
  name: string;
  wireName: string;
  /** For a name held by a constant: the constant (as written) and its defining literal, which a fix edits. */
  via?: { name: string; definedAt: Range };
}

/** What the checks need besides the document's sites. */
export interface CheckContext {
  live: LiveView;
  /** Worker registrations of a wire name in the workspace. */
  registrations(wireName: string): Located[];
  known: ReadonlySet<string>;
  severity: UnknownSeverity;
  now: number;
  /** Short readable place of a URI (workspace-relative path). */
  describe(uri: string): string;
  /**
   * Check without live servers, against the workspace's worker code and `knownFunctions` only
   * (gearman-check without --server). The editor never does: a server that cannot be reached
   * must not turn every name into an error.
   */
  offline?: boolean;
}

const SEVERITY: Record<Exclude<UnknownSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

// Messages are plain text, but a name may hide bidi or control characters: shown inert.
function quoted(site: CallSite): string {
  const sent = site.wireName === site.name ? '' : `sent as '${inert(site.wireName)}'`;
  const via = site.via ? `the value of ${inert(site.via.name)}` : '';
  const notes = [via, sent].filter(Boolean).join(', ');
  return `'${inert(site.name)}'${notes ? ` (${notes})` : ''}`;
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The diagnostics of one document's sites; none while no server answers (see LiveView.status). */
export function checkSites(sites: CallSite[], c: CheckContext): Diagnostic[] {
  const live = c.live.status === 'live';
  if (!live && !c.offline) return [];
  const out: Diagnostic[] = [];
  const checked = c.live.checked.map((s) => inert(serverLabel(s)));
  const unchecked = c.live.unchecked.map((s) => inert(s.name));
  const notChecked = unchecked.length ? ` (${list(unchecked)} could not be reached and ${unchecked.length === 1 ? 'was' : 'were'} not checked)` : '';
  for (const site of sites) {
    if (site.role !== 'submit' || c.known.has(site.wireName) || c.live.workers(site.wireName) > 0 || c.live.mayBeHidden(site.wireName)) continue;
    const data: NameDiagnosticData = { name: site.name, wireName: site.wireName, ...(site.via ? { via: site.via } : {}) };
    const regs = c.registrations(site.wireName);
    if (regs.length) {
      if (!live) continue; // offline: worker code that registers it is all there is to know
      const where = [...new Set(regs.map((r) => inert(c.describe(r.uri))))].slice(0, 3);
      const gaps = c.live.perServer(site.wireName)
        .filter((p) => p.workerlessSince !== undefined)
        .map((p) => `${inert(p.server.name)} for ${duration(p.workerlessSince!, c.now)}`);
      const since = gaps.length ? `; without one on ${list(gaps)}` : '';
      out.push({
        range: site.range,
        severity: DiagnosticSeverity.Warning,
        source: 'gearman',
        code: NO_LIVE_WORKER,
        message: `${quoted(site)} is registered by worker code in this workspace (${list(where)}), but no worker for it is connected to ${list(checked)}${since}${notChecked}.`,
        data,
      });
      continue;
    }
    if (c.severity === 'off') continue;
    const queued = c.live.queued(site.wireName);
    const waiting = queued ? ` ${queued} ${queued === 1 ? 'job is' : 'jobs are'} already waiting for it.` : '';
    out.push({
      range: site.range,
      severity: SEVERITY[c.severity],
      source: 'gearman',
      code: UNKNOWN_FUNCTION,
      message: live
        ? `No worker registers ${quoted(site)} on ${list(checked)}${notChecked}, and no worker code in this workspace registers it.${waiting}`
        : `No worker code in the checked files registers ${quoted(site)}, and gearman.knownFunctions does not list it.`,
      data,
    });
  }
  return out;
}

/** The one message shown (once) when names cannot be checked; undefined while they can. */
export function uncheckedMessage(live: LiveView): string | undefined {
  const names = list(live.snapshots.filter((s) => s.health !== 'blocked').map((s) => inert(serverLabel(s))));
  switch (live.status) {
    case 'unreachable':
      return `Gearman: no job server could be reached (${names}), so function names in your code are not checked against live workers. Names registered by worker code in this workspace are still known.`;
    case 'stale':
      return `Gearman: the job servers (${names}) have not answered recently, so function names in your code are not checked until they do.`;
    case 'none':
      return 'Gearman: no job server may be contacted (all are blocked in this workspace), so function names in your code are not checked against live workers.';
    default:
      return undefined;
  }
}
