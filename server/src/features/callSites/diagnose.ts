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

/** What checking one wire name came to in a pass: a diagnostic, whose text names the site, or nothing to say. */
interface Verdict {
  code: string;
  severity: DiagnosticSeverity;
  message(site: CallSite): string;
  /** Everything the diagnostic depends on besides the site itself: equal keys, equal diagnostics. */
  key: string;
}

/**
 * Each site's last diagnostic, kept while its verdict stays the same: a pass after an edit makes
 * diagnostics only for the sites the edit changed, and hands back the same objects for the rest
 * (so an unchanged list can be told by identity). Sites not checked for two passes are let go,
 * a sweep at a time. (A Map: a WeakMap costs far more per new site.)
 */
export class CheckMemo {
  private readonly bySite = new Map<CallSite, { key: string; diagnostic: Diagnostic; pass: number }>();
  private readonly keys = new Map<string, string>();
  private pass = 0;
  private touched = 0;

  /** Starts a pass. */
  nextPass(): void {
    this.pass++;
    if (this.bySite.size > 2 * this.touched + 1024) {
      for (const [site, m] of this.bySite) if (m.pass < this.pass - 2) this.bySite.delete(site);
      this.keys.clear();
    }
    this.touched = 0;
  }

  /** One string object per verdict key, so sites compare keys by identity. */
  key(key: string): string {
    let k = this.keys.get(key);
    if (k === undefined) this.keys.set(key, (k = key));
    return k;
  }

  /** The diagnostic made for `site` under `key`, if any. */
  get(site: CallSite, key: string): Diagnostic | undefined {
    const m = this.bySite.get(site);
    if (!m) return undefined;
    if (m.pass !== this.pass) {
      m.pass = this.pass;
      this.touched++;
    }
    return m.key === key ? m.diagnostic : undefined;
  }

  set(site: CallSite, key: string, diagnostic: Diagnostic): void {
    this.bySite.set(site, { key, diagnostic, pass: this.pass });
    this.touched++;
  }
}

/** The diagnostics of one document's sites; none while no server answers (see LiveView.status). Each wire name is checked once. */
export function checkSites(sites: CallSite[], c: CheckContext, memo?: CheckMemo): Diagnostic[] {
  const live = c.live.status === 'live';
  if (!live && !c.offline) return [];
  const out: Diagnostic[] = [];
  const verdicts = new Map<string, Verdict | null>();
  let servers: { checked: string[]; notChecked: string } | undefined;
  for (const site of sites) {
    if (site.role !== 'submit') continue;
    let v = verdicts.get(site.wireName);
    if (v === undefined) {
      servers ??= serversOf(c);
      v = verdict(site.wireName, c, live, servers);
      if (v && memo) v.key = memo.key(v.key);
      verdicts.set(site.wireName, v);
    }
    if (!v) continue;
    let d = memo?.get(site, v.key);
    if (!d) {
      const data: NameDiagnosticData = { name: site.name, wireName: site.wireName, ...(site.via ? { via: site.via } : {}) };
      d = { range: site.range, severity: v.severity, source: 'gearman', code: v.code, message: v.message(site), data };
      memo?.set(site, v.key, d);
    }
    out.push(d);
  }
  return out;
}

function serversOf(c: CheckContext): { checked: string[]; notChecked: string } {
  const checked = c.live.checked.map((s) => inert(serverLabel(s)));
  const unchecked = c.live.unchecked.map((s) => inert(s.name));
  const notChecked = unchecked.length ? ` (${list(unchecked)} could not be reached and ${unchecked.length === 1 ? 'was' : 'were'} not checked)` : '';
  return { checked, notChecked };
}

function verdict(wireName: string, c: CheckContext, live: boolean, { checked, notChecked }: { checked: string[]; notChecked: string }): Verdict | null {
  if (c.known.has(wireName) || c.live.workers(wireName) > 0) return null;
  const regs = c.registrations(wireName);
  if (regs.length) {
    if (!live) return null; // offline: worker code that registers it is all there is to know
    const where = [...new Set(regs.map((r) => inert(c.describe(r.uri))))].slice(0, 3);
    const gaps = c.live.perServer(wireName)
      .filter((p) => p.workerlessSince !== undefined)
      .map((p) => `${inert(p.server.name)} for ${duration(p.workerlessSince!, c.now)}`);
    const since = gaps.length ? `; without one on ${list(gaps)}` : '';
    const tail = `is registered by worker code in this workspace (${list(where)}), but no worker for it is connected to ${list(checked)}${since}${notChecked}.`;
    return { code: NO_LIVE_WORKER, severity: DiagnosticSeverity.Warning, message: (site) => `${quoted(site)} ${tail}`, key: `${NO_LIVE_WORKER}\u0000${tail}` };
  }
  if (c.severity === 'off') return null;
  const queued = c.live.queued(wireName);
  const waiting = queued ? ` ${queued} ${queued === 1 ? 'job is' : 'jobs are'} already waiting for it.` : '';
  const on = `on ${list(checked)}${notChecked}, and no worker code in this workspace registers it.${waiting}`;
  const severity = SEVERITY[c.severity];
  return {
    code: UNKNOWN_FUNCTION,
    severity,
    message: live
      ? (site) => `No worker registers ${quoted(site)} ${on}`
      : (site) => `No worker code in the checked files registers ${quoted(site)}, and gearman.knownFunctions does not list it.`,
    key: `${UNKNOWN_FUNCTION}\u0000${severity}\u0000${live ? on : 'offline'}`,
  };
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
