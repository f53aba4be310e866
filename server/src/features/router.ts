// One LSP handler per method, routed to the feature that owns the document's language:
// vscode-languageserver allows a single handler per request, and several features
// (job files, application code) answer completion, hover, code lenses and the like.
import type {
  CodeAction,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  CompletionItem,
  CompletionList,
  CompletionParams,
  Connection,
  Definition,
  DefinitionParams,
  DocumentSymbol,
  DocumentSymbolParams,
  FoldingRange,
  FoldingRangeParams,
  Hover,
  HoverParams,
  Location,
  LocationLink,
  ReferenceParams,
  ServerCapabilities,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

type R<T> = T | null | undefined | Promise<T | null | undefined>;

/** The requests a feature can answer for the documents it owns. */
export interface Providers {
  completion?(p: CompletionParams, doc: TextDocument): R<CompletionItem[] | CompletionList>;
  hover?(p: HoverParams, doc: TextDocument): R<Hover>;
  definition?(p: DefinitionParams, doc: TextDocument): R<Definition | LocationLink[]>;
  references?(p: ReferenceParams, doc: TextDocument): R<Location[]>;
  codeAction?(p: CodeActionParams, doc: TextDocument): R<CodeAction[]>;
  codeLens?(p: CodeLensParams, doc: TextDocument): R<CodeLens[]>;
  documentSymbol?(p: DocumentSymbolParams, doc: TextDocument): R<DocumentSymbol[]>;
  foldingRange?(p: FoldingRangeParams, doc: TextDocument): R<FoldingRange[]>;
}

interface Entry {
  owns: (doc: TextDocument) => boolean;
  providers: Providers;
}

/** Routes each request to the first feature that owns the document and answers it. */
export class ProviderRouter {
  private entries: Entry[] = [];
  private triggers = new Set<string>();

  /** Registers a feature's providers for the documents `owns` accepts. */
  register(
    owns: (doc: TextDocument) => boolean,
    providers: Providers,
    opts: { completionTriggers?: string[] } = {},
  ): void {
    this.entries.push({ owns, providers });
    for (const t of opts.completionTriggers ?? []) this.triggers.add(t);
  }

  /** Installs one handler per method on the connection and declares the capabilities. */
  install(connection: Connection, documents: TextDocuments<TextDocument>, caps: ServerCapabilities): void {
    const has = (m: keyof Providers) => this.entries.some((e) => e.providers[m]);
    const route =
      <P extends { textDocument: { uri: string } }, T>(m: keyof Providers) =>
      (p: P): R<T> => {
        const doc = documents.get(p.textDocument.uri);
        if (!doc) return null;
        for (const e of this.entries) {
          const fn = e.providers[m] as ((p: P, d: TextDocument) => R<T>) | undefined;
          if (fn && e.owns(doc)) return fn.call(e.providers, p, doc);
        }
        return null;
      };
    if (has('completion')) {
      caps.completionProvider = { triggerCharacters: [...this.triggers], resolveProvider: false };
      connection.onCompletion(route('completion'));
    }
    if (has('hover')) {
      caps.hoverProvider = true;
      connection.onHover(route('hover'));
    }
    if (has('definition')) {
      caps.definitionProvider = true;
      connection.onDefinition(route('definition'));
    }
    if (has('references')) {
      caps.referencesProvider = true;
      connection.onReferences(route('references'));
    }
    if (has('codeAction')) {
      caps.codeActionProvider = true;
      connection.onCodeAction(route('codeAction'));
    }
    if (has('codeLens')) {
      caps.codeLensProvider = { resolveProvider: false };
      connection.onCodeLens(route('codeLens'));
    }
    if (has('documentSymbol')) {
      caps.documentSymbolProvider = true;
      connection.onDocumentSymbol(route('documentSymbol'));
    }
    if (has('foldingRange')) {
      caps.foldingRangeProvider = true;
      connection.onFoldingRanges(route('foldingRange'));
    }
  }
}
