// Wires the pure `.gearman` language service (server/src/jobfile) to LSP: diagnostics on
// open/change and on registry and settings changes, completion, code lenses, outline and folding.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Feature, ServerContext } from '../../context';
import {
  codeLenses,
  completions,
  diagnostics,
  documentSymbols,
  foldingRanges,
  parseJobFile,
  type CompletionContext,
} from '../../jobfile/features';
import { fileVerdict, serverVerdict, type RuleContext } from './jobFileRules';

/** True for documents of the `.gearman` job-file language. */
export function isJobFile(doc: TextDocument | undefined): doc is TextDocument {
  return !!doc && (doc.languageId === 'gearman' || doc.uri.endsWith('.gearman'));
}

/** Folder `@file` paths of a document are relative to. */
export function documentDir(ctx: ServerContext, uri: string): string {
  if (uri.startsWith('file:')) return dirname(fileURLToPath(uri));
  return ctx.workspaceFolders()[0] ?? process.cwd();
}

/** What the job-file rules read now. */
export function ruleContext(ctx: ServerContext): RuleContext {
  const s = ctx.settings();
  return {
    configs: ctx.registry.configs(),
    trusted: ctx.trusted(),
    folders: ctx.workspaceFolders(),
    maxFileBytes: s.limits.maxPayloadFileBytes,
  };
}

/** Functions some worker registers, per the registry; undefined while no server answers. */
function knownFunctions(ctx: ServerContext): Set<string> | undefined {
  const up = ctx.registry.snapshots().filter((s) => s.health === 'up');
  if (up.length === 0) return undefined;
  return new Set(up.flatMap((s) => s.functions.filter((f) => f.workers > 0).map((f) => f.name)));
}

function completionContext(ctx: ServerContext): CompletionContext {
  const byName = new Map<string, string[]>();
  for (const s of ctx.registry.snapshots()) {
    for (const f of s.functions)
      byName.set(f.name, [
        ...(byName.get(f.name) ?? []),
        `${s.name}: ${f.workers} ${f.workers === 1 ? 'worker' : 'workers'}, ${f.queued} queued`,
      ]);
  }
  return {
    functions: [...byName].map(([name, where]) => ({ name, detail: where[0], documentation: where.join('\n\n') })),
    servers: ctx.registry
      .configs()
      .filter((c) => !c.blocked)
      .map((c) => c.name),
  };
}

/** Registers the job-file language features. */
export const jobFileFeature: Feature = (ctx) => {
  const { connection, documents } = ctx;
  const publish = (doc: TextDocument) => {
    const rules = ruleContext(ctx);
    const diags = diagnostics(parseJobFile(doc.getText()), {
      knownFunctions: knownFunctions(ctx),
      file: (abs, shown) => fileVerdict(abs, shown, rules),
      server: (value) => serverVerdict(value, rules),
      documentDir: documentDir(ctx, doc.uri),
      servers: [...new Set(rules.configs.map((c) => c.name))],
    });
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: diags });
  };
  const publishAll = () => documents.all().filter(isJobFile).forEach(publish);
  // Unknown-function checks need live data: poll while a job file is open.
  const updateNeed = () => ctx.setNeed('jobFiles', documents.all().some(isJobFile));

  documents.onDidOpen((e) => {
    if (isJobFile(e.document)) updateNeed();
  });
  documents.onDidChangeContent((e) => {
    if (isJobFile(e.document)) publish(e.document);
  });
  documents.onDidClose((e) => {
    if (!isJobFile(e.document)) return;
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    queueMicrotask(updateNeed);
  });
  ctx.registry.onChange(publishAll);
  ctx.onSettings(publishAll);

  // One handler per LSP method is allowed: the shared router sends job-file requests here.
  ctx.providers.register(
    isJobFile,
    {
      completion: (p, doc) => completions(doc.getText(), p.position, completionContext(ctx)),
      codeLens: (_p, doc) => codeLenses(parseJobFile(doc.getText()), doc.uri),
      documentSymbol: (_p, doc) => documentSymbols(parseJobFile(doc.getText())),
      foldingRange: (_p, doc) => foldingRanges(doc.getText()),
    },
    { completionTriggers: [' ', ':'] },
  );
};
