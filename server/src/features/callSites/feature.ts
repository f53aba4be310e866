// Wires function-name intelligence for application code to LSP: open documents keep incremental
// parse trees, NameDiagnostics publishes diagnostics as edits, the registry, the workspace index
// and settings change, and completion, hover, definition, references, quick fixes and code lenses
// go through the provider router. What is offered follows the editor's capabilities.
import { basename } from 'node:path';
import {
  CodeLensRefreshRequest,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
} from 'vscode-languageserver';
import { functionUsages } from '../../protocol';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Feature, ServerContext } from '../../context';
import { CallSiteAnalyzer, DocumentTrees } from '../../analysis';
import type { NameSettings } from '../../settings';
import { completeName, definitionsOf, hoverName, referencesOf } from './answers';
import { uncheckedMessage, type CheckContext } from './diagnose';
import { NameDiagnostics } from './diagnostics';
import { relativeTo } from './fileWalk';
import { lensesFor, quickFixes } from './fixes';
import { Indexer } from './indexer';
import { LiveView } from './liveView';
import { siteAt, type NameFacts } from './nameFacts';
import { checkContext } from './workspaceChecks';
import { docKey, WorkspaceIndex } from './workspaceIndex';

/** Registers diagnostics, completion, hover, navigation, quick fixes and code lenses for Gearman names in code. */
export const callSitesFeature: Feature = (ctx) => {
  new CallSitesFeature(ctx);
};

/** The function-name features of one server. */
export class CallSitesFeature {
  readonly analyzer: CallSiteAnalyzer;
  readonly trees: DocumentTrees;
  readonly index: WorkspaceIndex;
  readonly diagnostics: NameDiagnostics;
  private readonly indexer: Indexer;
  private settings: NameSettings;
  private patternsKey = '';
  private patternsVersion = 0;
  private readonly said = new Set<string>();
  /** Open documents whose grammar is still loading: requests wait for it rather than answer nothing. */
  private readonly opening = new Map<string, Promise<void>>();
  private lensTimer?: NodeJS.Timeout;

  constructor(private readonly ctx: ServerContext) {
    this.analyzer = new CallSiteAnalyzer(ctx.analysisPaths);
    this.trees = new DocumentTrees(this.analyzer);
    this.settings = ctx.settings().names;
    // A device, FIFO or oversized file is refused by the bounded reader; said once per file, not per event.
    const skippedOnce = new Set<string>();
    this.index = new WorkspaceIndex(this.analyzer, (skip) => {
      const key = `${skip.code}\u0000${skip.path}`;
      if (skippedOnce.has(key)) return;
      skippedOnce.add(key);
      ctx.log(skip.code === 'NOT_REGULAR' ? 'warn' : 'info', `Gearman index: skipped ${skip.message}.`);
    });
    this.diagnostics = new NameDiagnostics({
      send: (p) => void ctx.connection.sendDiagnostics(p),
      trees: { sites: (uri) => this.syncSites(uri) },
      index: this.index,
      version: (uri) => ctx.documents.get(uri)?.version,
      checks: () => this.checks(),
      afterPass: (needs, c, registrationsChanged) => this.afterPass(needs, c, registrationsChanged),
      log: (level, message) => ctx.log(level, message),
    });
    this.indexer = new Indexer(ctx, this.analyzer, this.index, () => this.diagnostics.refreshAll());
    this.listen();
    this.provide();
  }

  private readonly owns = (doc: TextDocument) => this.analyzer.spec(doc.languageId) !== undefined;

  private describe = (uri: string) => {
    const path = docKey(uri);
    return relativeTo(this.ctx.workspaceFolders(), path) ?? basename(path);
  };

  private live(): LiveView {
    return new LiveView(this.ctx.registry.snapshots(), Date.now(), this.ctx.settings().registry.refreshMs * 3 + 10_000);
  }

  private facts(): NameFacts {
    return {
      live: this.live(),
      index: this.index,
      known: new Set(this.settings.knownFunctions),
      describe: this.describe,
    };
  }

  private checks(): CheckContext {
    return checkContext(this.index, this.live(), this.settings, this.describe);
  }

  /** An open document's current sites, also handed to the index (which other documents' checks read). */
  private syncSites(uri: string) {
    const sites = this.trees.sites(uri);
    if (sites) this.index.setOpen(uri, sites);
    return sites;
  }

  private afterPass(needsLiveData: boolean, c: CheckContext, registrationsChanged: boolean): void {
    this.ctx.setNeed('callSites', needsLiveData);
    const msg = uncheckedMessage(c.live);
    const submits = this.diagnostics.openDocuments().some((u) => this.trees.sites(u)?.some((s) => s.role === 'submit'));
    if (msg && (submits || (needsLiveData && this.settings.diagnosticsScope === 'workspace')))
      this.sayOnce('info', msg);
    if (registrationsChanged) this.refreshLenses();
  }

  private sayOnce(level: 'info' | 'warn', message: string): void {
    if (this.said.has(message)) return;
    this.said.add(message);
    this.ctx.log(level, message);
    // A notification, not window/showMessageRequest: nothing to answer, and editors without the request still show it.
    void this.ctx.connection.sendNotification(ShowMessageNotification.type, {
      type: level === 'warn' ? MessageType.Warning : MessageType.Info,
      message,
    });
  }

  /** Asks the editor to fetch code lenses again (only editors that said they support it). */
  private refreshLenses(): void {
    if (this.lensTimer || !this.ctx.client().capabilities.workspace?.codeLens?.refreshSupport) return;
    this.lensTimer = setTimeout(() => {
      this.lensTimer = undefined;
      if (this.diagnostics.openDocuments().some((u) => this.trees.sites(u)?.some((s) => s.role === 'submit'))) {
        this.ctx.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }
    }, 500);
  }

  private listen(): void {
    const { ctx } = this;
    ctx.documents.onDidOpen(async (e) => {
      const doc = e.document;
      if (!this.owns(doc)) return;
      const opened = this.trees.open(doc.uri, doc.languageId, doc.getText());
      this.opening.set(doc.uri, opened);
      await opened;
      this.diagnostics.open(doc.uri);
    });
    ctx.onContentChanges((uri, changes) => {
      if (this.opening.has(uri)) this.trees.change(uri, changes);
    });
    ctx.documents.onDidChangeContent((e) => this.diagnostics.changed(e.document.uri));
    ctx.documents.onDidClose((e) => {
      const uri = e.document.uri;
      if (!this.opening.delete(uri)) return;
      this.trees.close(uri);
      this.index.closeOpen(uri);
      this.diagnostics.close(uri);
    });
    ctx.registry.onChange(() => {
      this.diagnostics.refreshAll();
      this.refreshLenses();
    });
    ctx.onSettings((all) => {
      this.settings = all.names;
      const key = JSON.stringify([this.settings.callPatterns, this.settings.functionPrefix]);
      if (key !== this.patternsKey) {
        this.patternsKey = key;
        for (const w of this.analyzer.setUserPatterns(this.settings.callPatterns)) this.sayOnce('warn', w);
        this.analyzer.setPrefix(this.settings.functionPrefix);
        this.patternsVersion++;
      }
      this.diagnostics.setScope(this.settings.diagnosticsScope);
      this.diagnostics.refreshAll();
      void this.indexer.configure(this.settings.indexExclude, this.patternsVersion);
    });
    ctx.onShutdown(() => {
      this.trees.dispose();
      this.analyzer.dispose();
    });
  }

  private provide(): void {
    const siteFor = async (uri: string, pos: { line: number; character: number }) => {
      await this.opening.get(uri);
      return siteAt(this.syncSites(uri) ?? [], pos);
    };
    this.ctx.providers.register(
      this.owns,
      {
        completion: async (p, doc) => {
          await this.opening.get(doc.uri);
          this.syncSites(doc.uri);
          const slot = this.trees.nameSlotAt(doc.uri, p.position);
          return slot ? { isIncomplete: false, items: completeName(this.facts(), slot, { uri: doc.uri }) } : null;
        },
        hover: async (p, doc) => {
          const site = await siteFor(doc.uri, p.position);
          return site ? hoverName(this.facts(), site, this.ctx.queueLatency) : null;
        },
        definition: async (p, doc) => {
          const site = await siteFor(doc.uri, p.position);
          return site ? definitionsOf(this.facts(), site, doc.uri) : null;
        },
        references: async (p, doc) => {
          const site = await siteFor(doc.uri, p.position);
          return site ? referencesOf(this.facts(), site, p.context.includeDeclaration) : null;
        },
        codeAction: (p, doc) => quickFixes(this.facts(), doc.uri, p.context.diagnostics, this.fixesAllowed()),
        codeLens: async (_p, doc) => {
          await this.opening.get(doc.uri);
          return lensesFor(this.facts(), this.syncSites(doc.uri) ?? [], { submit: this.ctx.client().gearmanExtension });
        },
      },
      { completionTriggers: ['"', "'", '`'] },
    );
    // "Find Usages in Code" on a function row: open documents' sites replace their files' indexed ones.
    this.ctx.connection.onRequest(functionUsages, async (p) => {
      if (typeof p?.function !== 'string' || p.function === '')
        throw new ResponseError(
          ErrorCodes.InvalidParams,
          'gearman/functionUsages needs { function: "<name>" }, a non-empty string.',
        );
      const indexing = this.indexer.busy;
      for (const uri of this.diagnostics.openDocuments()) this.syncSites(uri);
      const usages = this.index.sitesNamed(p.function).map((l) => ({
        uri: l.uri,
        range: l.site.range,
        role: l.site.role,
        place: this.describe(l.uri),
      }));
      return { usages, indexing };
    });
  }

  /** Which quick fixes the editor can apply: edits need code action literals, the settings fix this extension's client. */
  private fixesAllowed(): { edits: boolean; knownFunctions: boolean } {
    const client = this.ctx.client();
    return {
      edits: !!client.capabilities.textDocument?.codeAction?.codeActionLiteralSupport,
      knownFunctions: client.gearmanExtension,
    };
  }
}
