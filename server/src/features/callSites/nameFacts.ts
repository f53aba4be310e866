// Everything known about function names at one moment: the live servers, the workspace's call
// sites and the user's known functions. Completion, hover, navigation and quick fixes read this.
import type { CallSite } from '../../analysis';
import { codeSpan, markdownText } from '../../text/inert';
import { serverLabel, type LiveView } from './liveView';
import type { Located, WorkspaceIndex } from './workspaceIndex';

/** Plain inputs of the name features. */
export interface NameFacts {
  live: LiveView;
  index: WorkspaceIndex;
  known: ReadonlySet<string>;
  /** Short readable place of a URI (workspace-relative path). */
  describe(uri: string): string;
}

/** Where a site is, for humans: `workers/resize.php:12`. */
export function placeOf(facts: NameFacts, l: Located): string {
  return `${facts.describe(l.uri)}:${l.site.range.start.line + 1}`;
}

/** Names a worker serves somewhere: live workers, workspace registrations, known functions. */
export function servedNames(facts: NameFacts): Set<string> {
  const out = facts.live.liveNames();
  for (const [name, sites] of facts.index.names()) if (sites.some((l) => l.site.role === 'register')) out.add(name);
  for (const k of facts.known) out.add(k);
  return out;
}

/** Names the workspace submits that no worker serves (offered in registration calls). */
export function unservedSubmittedNames(facts: NameFacts, served: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const [name, sites] of facts.index.names())
    if (!served.has(name) && sites.some((l) => l.site.role === 'submit')) out.add(name);
  return out;
}

/** The site whose name range contains `pos` (inclusive ends, so a cursor right after the name counts). */
export function siteAt(sites: CallSite[], pos: { line: number; character: number }): CallSite | undefined {
  return sites.find((s) => {
    const { start, end } = s.range;
    if (pos.line < start.line || pos.line > end.line) return false;
    if (pos.line === start.line && pos.character < start.character) return false;
    return !(pos.line === end.line && pos.character > end.character);
  });
}

/** One line per checked server: `prod (10.0.0.5:4730): 2 workers, 0 queued`. */
export function liveSummary(facts: NameFacts, wireName: string): string[] {
  return facts.live.perServer(wireName).map((p) => {
    const w = p.info?.workers ?? 0;
    return `${serverLabel(p.server)}: ${w} ${w === 1 ? 'worker' : 'workers'}, ${p.info?.queued ?? 0} queued`;
  });
}

/** Markdown lines saying where a name is registered (workspace code, live workers, settings), outside text escaped. */
export function whereRegistered(facts: NameFacts, wireName: string): string[] {
  const lines: string[] = [];
  const regs = facts.index.sitesNamed(wireName, 'register');
  if (regs.length)
    lines.push(
      `Registered in this workspace: ${regs
        .slice(0, 5)
        .map((l) => codeSpan(placeOf(facts, l)))
        .join(', ')}${regs.length > 5 ? ` and ${regs.length - 5} more` : ''}`,
    );
  for (const p of facts.live.perServer(wireName)) {
    // Client ids are whatever a worker sent: fenced, so a backtick in one cannot open markdown.
    if (p.clientIds.length)
      lines.push(
        `Workers on ${markdownText(serverLabel(p.server))}: ${p.clientIds.map((c) => codeSpan(c, 200)).join(', ')}`,
      );
  }
  if (facts.known.has(wireName)) lines.push('Listed in `gearman.knownFunctions`.');
  return lines;
}
