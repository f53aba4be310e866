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

/** One document's last check: its sites, each one's diagnostic, and each wire name's verdict key then. */
interface LastCheck {
  sites: CallSite[];
  diagnostics: (Diagnostic | undefined)[];
  keys: Map<string, string | null>;
  /** Distinct names when `keys` was last made from scratch (names an edit typed and removed pile up until then). */
  names: number;
  pass: number;
}

/**
 * Each document's last check, so the next one makes diagnostics only for what changed: the sites
 * before and after an edit are the same objects (or the same names moved to other lines), and
 * while the verdicts of the document's names stay the same, their diagnostics are handed back as
 * they were (moved ones with their new range). Unchanged lists can then be told by identity.
 */
export class CheckMemo {
  private readonly docs = new Map<string, LastCheck>();
  private readonly keys = new Map<string, string>();
  private pass = 0;

  /** Starts a pass; documents not checked for two passes are let go. */
  nextPass(): void {
    this.pass++;
    if (this.pass % 64 === 0) {
      for (const [doc, last] of this.docs) if (last.pass < this.pass - 2) this.docs.delete(doc);
      this.keys.clear();
    }
  }

  /** Forgets a document (closed). */
  forget(doc: string): void {
    this.docs.delete(doc);
  }

  /** One string object per verdict key, so keys compare by identity. */
  key(key: string): string {
    let k = this.keys.get(key);
    if (k === undefined) this.keys.set(key, (k = key));
    return k;
  }

  last(doc: string): LastCheck | undefined {
    return this.docs.get(doc);
  }

  save(doc: string, last: Omit<LastCheck, 'pass'>): void {
    this.docs.set(doc, { ...last, pass: this.pass });
  }
}

// Same diagnostic apart from its range: what a diagnostic says of a site is its role, names and constant.
function sameSay(a: CallSite, b: CallSite): boolean {
  return a === b || (a.role === b.role && a.wireName === b.wireName && a.name === b.name && a.via === b.via);
}

/**
 * The diagnostics of one document's sites; none while no server answers (see LiveView.status).
 * Each wire name is checked once. With `memo` and the document's name, what did not change since
 * its last check is taken from it.
 */
export function checkSites(sites: CallSite[], c: CheckContext, memo?: CheckMemo, doc?: string): Diagnostic[] {
  const live = c.live.status === 'live';
  if (!live && !c.offline) {
    if (doc) memo?.forget(doc);
    return [];
  }
  const verdicts = new Map<string, Verdict | null>();
  let servers: { checked: string[]; notChecked: string } | undefined;
  const verdictOf = (wireName: string) => {
    let v = verdicts.get(wireName);
    if (v === undefined) {
      servers ??= serversOf(c);
      v = verdict(wireName, c, live, servers);
      if (v && memo) v.key = memo.key(v.key);
      verdicts.set(wireName, v);
    }
    return v;
  };
  const fresh = (site: CallSite): Diagnostic | undefined => {
    if (site.role !== 'submit') return undefined;
    const v = verdictOf(site.wireName);
    if (!v) return undefined;
    const data: NameDiagnosticData = {
      name: site.name,
      wireName: site.wireName,
      ...(site.via ? { via: site.via } : {}),
    };
    return { range: site.range, severity: v.severity, source: 'gearman', code: v.code, message: v.message(site), data };
  };
  const last = memo && doc !== undefined ? memo.last(doc) : undefined;
  const changed = new Set<string>();
  if (last) for (const [name, key] of last.keys) if ((verdictOf(name)?.key ?? null) !== key) changed.add(name);
  const diagnostics: (Diagnostic | undefined)[] = new Array(sites.length);
  // Sites the same as before: a prefix of the same objects, and a suffix saying the same things (moved, when an edit added or removed lines).
  let head = 0;
  let tail = 0;
  if (last) {
    const before = last.sites;
    const n = Math.min(before.length, sites.length);
    while (head < n && before[head] === sites[head]) head++;
    while (tail < n - head && sameSay(before[before.length - 1 - tail], sites[sites.length - 1 - tail])) tail++;
    for (let i = 0; i < head; i++)
      diagnostics[i] = changed.size && changed.has(sites[i].wireName) ? fresh(sites[i]) : last.diagnostics[i];
    for (let j = 0; j < tail; j++) {
      const site = sites[sites.length - 1 - j];
      const d = last.diagnostics[before.length - 1 - j];
      diagnostics[sites.length - 1 - j] =
        changed.size && changed.has(site.wireName)
          ? fresh(site)
          : d && (d.range === site.range ? d : { ...d, range: site.range });
    }
  }
  for (let i = head; i < sites.length - tail; i++) diagnostics[i] = fresh(sites[i]);
  if (memo && doc !== undefined) {
    // The names of the document and their verdicts, for the next check to tell what changed.
    let keys = last?.keys;
    let names = last?.names ?? 0;
    if (!keys || keys.size > 2 * names + 16 || changed.size) {
      keys = new Map();
      for (const s of sites)
        if (s.role === 'submit' && !keys.has(s.wireName)) keys.set(s.wireName, verdictOf(s.wireName)?.key ?? null);
      names = keys.size;
    } else {
      keys = new Map(keys);
      for (let i = head; i < sites.length - tail; i++)
        if (sites[i].role === 'submit') keys.set(sites[i].wireName, verdictOf(sites[i].wireName)?.key ?? null);
    }
    memo.save(doc, { sites, diagnostics, keys, names });
  }
  const out: Diagnostic[] = [];
  for (const d of diagnostics) if (d) out.push(d);
  return out;
}

function serversOf(c: CheckContext): { checked: string[]; notChecked: string } {
  const checked = c.live.checked.map((s) => inert(serverLabel(s)));
  const unchecked = c.live.unchecked.map((s) => inert(s.name));
  const notChecked = unchecked.length
    ? ` (${list(unchecked)} could not be reached and ${unchecked.length === 1 ? 'was' : 'were'} not checked)`
    : '';
  return { checked, notChecked };
}

function verdict(
  wireName: string,
  c: CheckContext,
  live: boolean,
  { checked, notChecked }: { checked: string[]; notChecked: string },
): Verdict | null {
  if (c.known.has(wireName) || c.live.workers(wireName) > 0 || c.live.mayBeHidden(wireName)) return null;
  const regs = c.registrations(wireName);
  if (regs.length) {
    if (!live) return null; // offline: worker code that registers it is all there is to know
    const where = [...new Set(regs.map((r) => inert(c.describe(r.uri))))].slice(0, 3);
    const gaps = c.live
      .perServer(wireName)
      .filter((p) => p.workerlessSince !== undefined)
      .map((p) => `${inert(p.server.name)} for ${duration(p.workerlessSince!, c.now)}`);
    const since = gaps.length ? `; without one on ${list(gaps)}` : '';
    const tail = `is registered by worker code in this workspace (${list(where)}), but no worker for it is connected to ${list(checked)}${since}${notChecked}.`;
    return {
      code: NO_LIVE_WORKER,
      severity: DiagnosticSeverity.Warning,
      message: (site) => `${quoted(site)} ${tail}`,
      key: `${NO_LIVE_WORKER}\u0000${tail}`,
    };
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
      : (site) =>
          `No worker code in the checked files registers ${quoted(site)}, and gearman.knownFunctions does not list it.`,
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
