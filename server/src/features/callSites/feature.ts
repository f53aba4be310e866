// Wires function-name intelligence for application code to LSP: open documents keep incremental
// parse trees, diagnostics follow edits, the registry and the workspace index, and completion,
// hover, definition, references, quick fixes and code lenses go through the provider router.
import { basename } from 'node:path';
import { CodeLensRefreshRequest, MessageType, ShowMessageNotification, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Feature } from '../../context';
import { CallSiteAnalyzer, DocumentTrees, bundledAnalysisPaths } from '../../analysis';
import { completeName, definitionsOf, hoverName, referencesOf } from './answers';
import { checkSites, uncheckedMessage } from './diagnose';
import { relativeTo } from './fileWalk';
import { lensesFor, quickFixes } from './fixes';
import { Indexer } from './indexer';
import { LiveView } from './liveView';
import { siteAt, type NameFacts } from './nameFacts';
import type { NameSettings } from '../../settings';
import { docKey, WorkspaceIndex } from './workspaceIndex';

/** Registers diagnostics, completion, hover, navigation, quick fixes and code lenses for Gearman names in code. */
export const callSitesFeature: Feature = (ctx) => {
  const { connection, documents } = ctx;
  const analyzer = new CallSiteAnalyzer(bundledAnalysisPaths(__dirname));
  const trees = new DocumentTrees(analyzer);
  // A device, FIFO or oversized file is refused by the bounded reader; said once per file, not per event.
  const skippedOnce = new Set<string>();
  const index = new WorkspaceIndex(analyzer, (skip) => {
    const key = `${skip.code}\u0000${skip.path}`;
    if (skippedOnce.has(key)) return;
    skippedOnce.add(key);
    ctx.log(skip.code === 'NOT_REGULAR' ? 'warn' : 'info', `Gearman index: skipped ${skip.message}.`);
  });
  let settings: NameSettings = ctx.settings().names;
  let patternsKey = '';
  let patternsVersion = 0;
  const tracked = new Set<string>();
  const lastSent = new Map<string, string>();
  const said = new Set<string>();
  /** Per open document, the names it registers, to tell when other documents need re-checking. */
  const oldRegistrations = new Map<string, string>();
  /** Open documents whose grammar is still loading: requests wait for it rather than answer nothing. */
  const opening = new Map<string, Promise<void>>();

  const owns = (doc: TextDocument) => analyzer.spec(doc.languageId) !== undefined;
  const describe = (uri: string) => {
    const path = docKey(uri);
    return relativeTo(ctx.workspaceFolders(), path) ?? basename(path);
  };
  const staleAfterMs = () => ctx.settings().registry.refreshMs * 3 + 10_000;
  const facts = (): NameFacts => ({
    live: new LiveView(ctx.registry.snapshots(), Date.now(), staleAfterMs()),
    index,
    known: new Set(settings.knownFunctions),
    describe,
  });
  /** The document's current sites, also handed to the index (which other documents' checks read). */
  const syncSites = (uri: string) => {
    const sites = trees.sites(uri);
    if (sites) index.setOpen(uri, sites);
    return sites;
  };
  const sayOnce = (level: 'info' | 'warn', message: string) => {
    if (said.has(message)) return;
    said.add(message);
    ctx.log(level, message);
    // A notification, not window/showMessageRequest: nothing to answer, and editors without the request still show it.
    void connection.sendNotification(ShowMessageNotification.type, { type: level === 'warn' ? MessageType.Warning : MessageType.Info, message });
  };

  const publish = (uri: string, f: NameFacts) => {
    const sites = trees.sites(uri);
    if (!sites) return;
    const diagnostics: Diagnostic[] = checkSites(sites, {
      live: f.live, known: f.known, describe, severity: settings.unknownSeverity, now: Date.now(),
      registrations: (name) => index.sitesNamed(name, 'register'),
    });
    const version = documents.get(uri)?.version;
    const key = `${version}\u0000${JSON.stringify(diagnostics)}`;
    if (lastSent.get(uri) === key) return;
    lastSent.set(uri, key);
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  // Edits, registry changes and index updates are coalesced into one pass per tick.
  const dirty = new Set<string>();
  let everything = false;
  let scheduled = false;
  const refresh = (uri?: string) => {
    if (uri) dirty.add(uri);
    else everything = true;
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  const flush = () => {
    scheduled = false;
    const targets = everything ? [...tracked] : [...dirty].filter((u) => tracked.has(u));
    everything = false;
    dirty.clear();
    const before = index.version;
    const registered = (uri: string) => (trees.sites(uri) ?? []).filter((s) => s.role === 'register').map((s) => s.wireName).join('\n');
    let registrationsChanged = false;
    for (const uri of targets) {
      const old = oldRegistrations.get(uri) ?? '';
      syncSites(uri);
      const now = registered(uri);
      oldRegistrations.set(uri, now);
      if (old !== now) registrationsChanged = true;
    }
    const f = facts();
    for (const uri of registrationsChanged ? [...tracked] : targets) publish(uri, f);
    ctx.setNeed('callSites', [...tracked].some((u) => (trees.sites(u)?.length ?? 0) > 0));
    const msg = uncheckedMessage(f.live);
    if (msg && [...tracked].some((u) => trees.sites(u)?.some((s) => s.role === 'submit'))) sayOnce('info', msg);
    if (index.version !== before && registrationsChanged) refreshLenses();
  };

  let lensTimer: NodeJS.Timeout | undefined;
  const refreshLenses = () => {
    if (lensTimer) return;
    lensTimer = setTimeout(() => {
      lensTimer = undefined;
      if ([...tracked].some((u) => trees.sites(u)?.some((s) => s.role === 'submit'))) {
        connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined); // editors without refresh support ask again on their own
      }
    }, 500);
  };

  documents.onDidOpen(async (e) => {
    const doc = e.document;
    if (!owns(doc)) return;
    tracked.add(doc.uri);
    const opened = trees.open(doc.uri, doc.languageId, doc.getText());
    opening.set(doc.uri, opened);
    await opened;
    refresh(doc.uri);
  });
  ctx.onContentChanges((uri, changes) => {
    if (tracked.has(uri)) trees.change(uri, changes);
  });
  documents.onDidChangeContent((e) => {
    if (tracked.has(e.document.uri)) refresh(e.document.uri);
  });
  documents.onDidClose((e) => {
    const uri = e.document.uri;
    if (!tracked.delete(uri)) return;
    trees.close(uri);
    opening.delete(uri);
    index.closeOpen(uri);
    oldRegistrations.delete(uri);
    lastSent.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    refresh();
  });

  const indexer = new Indexer(ctx, analyzer, index, () => refresh());
  ctx.registry.onChange(() => {
    refresh();
    refreshLenses();
  });
  ctx.onSettings((all) => {
    settings = all.names;
    const key = JSON.stringify([settings.callPatterns, settings.functionPrefix]);
    if (key !== patternsKey) {
      patternsKey = key;
      for (const w of analyzer.setUserPatterns(settings.callPatterns)) sayOnce('warn', w);
      analyzer.setPrefix(settings.functionPrefix);
      patternsVersion++;
    }
    refresh();
    void indexer.configure(settings.indexExclude, patternsVersion);
  });
  ctx.onShutdown(() => {
    trees.dispose();
    analyzer.dispose();
  });

  const siteFor = async (uri: string, pos: { line: number; character: number }) => {
    await opening.get(uri);
    return siteAt(syncSites(uri) ?? [], pos);
  };
  ctx.providers.register(owns, {
    completion: async (p, doc) => {
      await opening.get(doc.uri);
      syncSites(doc.uri);
      const slot = trees.nameSlotAt(doc.uri, p.position);
      return slot ? { isIncomplete: false, items: completeName(facts(), slot, { uri: doc.uri }) } : null;
    },
    hover: async (p, doc) => {
      const site = await siteFor(doc.uri, p.position);
      return site ? hoverName(facts(), site) : null;
    },
    definition: async (p, doc) => {
      const site = await siteFor(doc.uri, p.position);
      return site ? definitionsOf(facts(), site, doc.uri) : null;
    },
    references: async (p, doc) => {
      const site = await siteFor(doc.uri, p.position);
      return site ? referencesOf(facts(), site, p.context.includeDeclaration) : null;
    },
    codeAction: (p, doc) => quickFixes(facts(), doc.uri, p.context.diagnostics),
    codeLens: async (_p, doc) => {
      await opening.get(doc.uri);
      return lensesFor(facts(), syncSites(doc.uri) ?? []);
    },
  }, { completionTriggers: ['"', "'", '`'] });
};
