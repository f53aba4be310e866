// Completion, hover, go to definition and find references for function names in code.
// Pure: the name slot or site plus NameFacts in, LSP data out. Names, client ids, server names
// and errors come from outside (a server, a repository): markdown gets them escaped or fenced,
// labels get them inert, and completion inserts only plain names.
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover, type Location } from 'vscode-languageserver';
import type { CallSite, NameSlot } from '../../analysis';
import { codeSpan, inert, isPlainName, markdownText } from '../../text/inert';
import { serverLabel } from './liveView';
import type { FunctionLatency } from '../queues/latency';
import {
  liveSummary,
  placeOf,
  servedNames,
  unservedSubmittedNames,
  whereRegistered,
  type NameFacts,
} from './nameFacts';

/** Completion items for a name slot: served names, and in registration calls also names nobody serves. */
export function completeName(facts: NameFacts, slot: NameSlot, here: { uri: string }): CompletionItem[] {
  const served = servedNames(facts);
  const offered = new Map<string, 'served' | 'unserved'>();
  for (const n of served) offered.set(n, 'served');
  if (slot.role === 'register') for (const n of unservedSubmittedNames(facts, served)) offered.set(n, 'unserved');
  const items: CompletionItem[] = [];
  const live = facts.live.liveNames();
  for (const [wireName, kind] of offered) {
    if (!wireName.startsWith(slot.prefix)) continue;
    const name = wireName.slice(slot.prefix.length);
    // A name with quotes, backslashes or hidden characters would be written into the code as it is.
    if (!isPlainName(name) || isOnlyHere(facts, wireName, here.uri, slot)) continue;
    const summary = liveSummary(facts, wireName);
    const detail =
      kind === 'unserved'
        ? 'submitted in this workspace; no worker registers it'
        : summary.length && live.has(wireName)
          ? inert(summary.join(' · '), 300)
          : facts.index.registered(wireName)
            ? 'registered in this workspace'
            : 'gearman.knownFunctions';
    const docs =
      kind === 'unserved'
        ? facts.index
            .sitesNamed(wireName, 'submit')
            .slice(0, 5)
            .map((l) => `Submitted at ${codeSpan(placeOf(facts, l))}`)
        : whereRegistered(facts, wireName);
    items.push({
      label: inert(name),
      kind: CompletionItemKind.Function,
      detail,
      documentation: { kind: MarkupKind.Markdown, value: docs.join('\n\n') },
      // Live names first, then workspace ones, then the rest; alphabetical within each group.
      sortText: `${live.has(wireName) ? 0 : kind === 'served' ? 1 : 2}${name}`,
      filterText: name,
      textEdit: { range: slot.range, newText: name },
    });
  }
  return items;
}

// The partial name being typed is itself a call site: it must not offer itself.
function isOnlyHere(facts: NameFacts, wireName: string, uri: string, slot: NameSlot): boolean {
  if (facts.live.liveNames().has(wireName) || facts.known.has(wireName)) return false;
  const sites = facts.index.sitesNamed(wireName);
  return (
    sites.length > 0 &&
    sites.every(
      (l) =>
        l.uri === uri &&
        l.site.range.start.line === slot.range.start.line &&
        l.site.range.start.character === slot.range.start.character,
    )
  );
}

/** Hover on a name: per-server queued / running / workers and queue latency, the workers' client ids, where it is registered. */
export function hoverName(
  facts: NameFacts,
  site: CallSite,
  latency?: (serverId: string, fn: string) => FunctionLatency | undefined,
): Hover {
  const role = site.role === 'submit' ? 'submitted' : site.role === 'register' ? 'registered' : 'referenced';
  const lines = [
    `**${markdownText(site.name)}** — Gearman function, ${role} by ${codeSpan(site.call)}${site.library ? ` (${markdownText(site.library)})` : ''}`,
  ];
  if (site.via)
    lines.push(`The value of the constant ${codeSpan(site.via.name)} (line ${site.via.definedAt.start.line + 1}).`);
  if (site.wireName !== site.name) lines.push(`Sent to the server as ${codeSpan(site.wireName)}.`);
  const per = facts.live.perServer(site.wireName);
  if (per.length) {
    lines.push(
      '| server | queued | running | workers |\n|---|---:|---:|---:|\n' +
        per
          .map(
            (p) =>
              `| ${markdownText(serverLabel(p.server))} | ${p.info?.queued ?? 0} | ${p.info?.running ?? 0} | ${p.info?.workers ?? 0} |`,
          )
          .join('\n'),
    );
    for (const p of per) {
      const l = p.info?.queued ? latency?.(p.server.id, site.wireName) : undefined;
      if (l)
        lines.push(
          `Oldest queued job on ${markdownText(serverLabel(p.server))}: waiting ${l.ageSec} s${l.estimate ? ' or more (an estimate: counted from when this editor first saw it)' : ''}.`,
        );
    }
  }
  if (facts.live.unchecked.length) {
    lines.push(
      `Not reachable now: ${facts.live.unchecked.map((s) => markdownText(`${serverLabel(s)}${s.error ? ` — ${s.error}` : ''}`)).join('; ')}`,
    );
  }
  lines.push(...whereRegistered(facts, site.wireName));
  const submits = facts.index.sitesNamed(site.wireName, 'submit').length;
  if (submits) lines.push(`Submitted from ${submits} ${submits === 1 ? 'place' : 'places'} in this workspace.`);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') }, range: site.range };
}

/** Worker registrations of the site's name (other than the site itself). */
export function definitionsOf(facts: NameFacts, site: CallSite, uri: string): Location[] {
  return facts.index
    .sitesNamed(site.wireName, 'register')
    .filter((l) => !(l.uri === uri && sameRange(l.site, site)))
    .map((l) => ({ uri: l.uri, range: l.site.range }));
}

/** Every call site of the site's name; registrations only when `includeDeclaration`. */
export function referencesOf(facts: NameFacts, site: CallSite, includeDeclaration: boolean): Location[] {
  return facts.index
    .sitesNamed(site.wireName)
    .filter((l) => includeDeclaration || l.site.role !== 'register')
    .map((l) => ({ uri: l.uri, range: l.site.range }));
}

function sameRange(a: CallSite, b: CallSite): boolean {
  return a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}
