// Quick fixes for unknown names ("Did you mean …", "Add to gearman.knownFunctions") and the code
// lenses above client calls. Pure: diagnostics, sites and NameFacts in, LSP data out.
import { distance } from 'fastest-levenshtein';
import { CodeActionKind, type CodeAction, type CodeLens, type Diagnostic } from 'vscode-languageserver';
import type { CallSite } from '../../analysis';
import { inert, isPlainName } from '../../text/inert';
import { UNKNOWN_FUNCTION, NO_LIVE_WORKER, type NameDiagnosticData } from './diagnose';
import { servedNames, type NameFacts } from './nameFacts';

/** Client command that adds a name to `gearman.knownFunctions` (arguments: [wireName]). */
export const ADD_KNOWN_FUNCTION = 'gearman.addKnownFunction';
/** Client command that submits a test job (arguments: [{ function, serverId? }]). */
export const SUBMIT_JOB = 'gearman.submitJob';

/** Served names close to `name` (same prefix), nearest first; at most `max`. Only plain names: they get written into code. */
export function similarNames(facts: NameFacts, name: string, prefix: string, max = 3): string[] {
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored: { n: string; d: number }[] = [];
  for (const wire of servedNames(facts)) {
    if (!wire.startsWith(prefix)) continue;
    const n = wire.slice(prefix.length);
    if (n === name || !isPlainName(n)) continue;
    // Case-only differences rank first but still count as different names.
    const d = distance(n.toLowerCase(), name.toLowerCase()) || 0.5;
    if (d <= limit) scored.push({ n, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((s) => s.n);
}

/** Which fixes the editor can apply: text edits (code action literals) and this extension's settings command. */
export interface FixesAllowed {
  edits: boolean;
  knownFunctions: boolean;
}

/** Quick fixes for the Gearman diagnostics in `diagnostics` (others are ignored), as far as the editor can apply them. */
export function quickFixes(
  facts: NameFacts,
  uri: string,
  diagnostics: Diagnostic[],
  allowed: FixesAllowed = { edits: true, knownFunctions: true },
): CodeAction[] {
  const out: CodeAction[] = [];
  if (!allowed.edits) return out; // a client without code action literals takes only commands, and these are edits
  for (const d of diagnostics) {
    if (d.source !== 'gearman' || (d.code !== UNKNOWN_FUNCTION && d.code !== NO_LIVE_WORKER)) continue;
    const data = d.data as NameDiagnosticData | undefined;
    if (!data || typeof data.name !== 'string' || typeof data.wireName !== 'string') continue;
    const prefix = data.wireName.slice(0, data.wireName.length - data.name.length);
    if (d.code === UNKNOWN_FUNCTION) {
      // A name held by a constant is fixed where the constant is defined, not at its use.
      const target = data.via?.definedAt ?? d.range;
      const changes = data.via ? ` (changes ${inert(data.via.name)})` : '';
      similarNames(facts, data.name, prefix).forEach((n, i) => {
        out.push({
          title: `Did you mean '${n}'?${changes}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: i === 0,
          edit: { changes: { [uri]: [{ range: target, newText: n }] } },
        });
      });
    }
    // Only this extension's VS Code client has the command that writes the setting.
    if (!allowed.knownFunctions) continue;
    out.push({
      title: `Add '${inert(data.wireName)}' to gearman.knownFunctions`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: 'Add to gearman.knownFunctions', command: ADD_KNOWN_FUNCTION, arguments: [data.wireName] },
    });
  }
  return out;
}

/** "Submit test job" (where the editor has that command) and "N workers · M queued" above each client call. */
export function lensesFor(
  facts: NameFacts,
  sites: CallSite[],
  opts: { submit: boolean } = { submit: true },
): CodeLens[] {
  const out: CodeLens[] = [];
  const live = facts.live;
  for (const site of sites) {
    if (site.role !== 'submit') continue;
    const range = { start: site.range.start, end: site.range.start };
    const serving = live.perServer(site.wireName).find((p) => (p.info?.workers ?? 0) > 0);
    const args: { function: string; serverId?: string; payload?: string } = {
      function: site.wireName,
      ...(serving ? { serverId: serving.server.id } : {}),
      ...(site.payload !== undefined ? { payload: site.payload } : {}),
    };
    if (opts.submit) out.push({ range, command: { title: 'Submit test job', command: SUBMIT_JOB, arguments: [args] } });
    let title: string;
    if (live.status !== 'live') title = 'job servers not reachable';
    else {
      const w = live.workers(site.wireName);
      title = `${w} ${w === 1 ? 'worker' : 'workers'} · ${live.queued(site.wireName)} queued`;
    }
    // An empty command id: VS Code shows the title as plain text.
    out.push({ range, command: { title, command: '' } });
  }
  return out;
}
