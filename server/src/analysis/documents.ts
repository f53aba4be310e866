// Trees for open documents, kept across edits: LSP content changes are applied to the text and
// to the tree (tree.edit), then the parser re-parses against the old tree, so a one-line edit in
// a large file only re-parses what changed. Results are cached until the next edit or pattern change.
import type { Tree } from 'web-tree-sitter';
import type { CallSiteAnalyzer } from './analyzer';
import { advance, offsetAt } from './textPositions';
import type { CallSite, ContentChange, NameSlot, Position } from './types';

interface OpenDocument {
  languageId: string;
  text: string;
  tree?: Tree;
  /** Set once the language is loaded (trees are built from then on). */
  ready: boolean;
  sites?: CallSite[];
  sitesVersion: number;
}

/** Open documents with their parse trees, for the LSP server. */
export class DocumentTrees {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly analyzer: CallSiteAnalyzer) {}

  /** Opens (or re-opens) a document; resolves once its language is loaded and the text parsed. */
  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.close(uri);
    const doc: OpenDocument = { languageId, text, ready: false, sitesVersion: -1 };
    this.docs.set(uri, doc);
    const supported = await this.analyzer.ready(languageId);
    if (this.docs.get(uri) !== doc || !supported) return;
    doc.ready = true;
    const spec = this.analyzer.spec(languageId)!;
    doc.tree = this.analyzer.parse(spec, doc.text);
  }

  /** Applies LSP content changes in order (range edits or whole-text replacements). */
  change(uri: string, changes: ContentChange[]): void {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`Gearman analysis: document ${uri} was changed before it was opened`);
    let whole = false;
    for (const change of changes) {
      if (!change.range) {
        doc.text = change.text;
        whole = true;
        continue;
      }
      const start = offsetAt(doc.text, change.range.start);
      const oldEnd = Math.max(start, offsetAt(doc.text, change.range.end));
      if (doc.tree && !whole) {
        doc.tree.edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: start + change.text.length,
          startPosition: toPoint(change.range.start),
          oldEndPosition: toPoint(change.range.end),
          newEndPosition: toPoint(advance(change.range.start, change.text)),
        });
      }
      doc.text = doc.text.slice(0, start) + change.text + doc.text.slice(oldEnd);
    }
    doc.sites = undefined;
    if (!doc.ready) return;
    const spec = this.analyzer.spec(doc.languageId)!;
    const old = whole ? undefined : doc.tree;
    const tree = this.analyzer.parse(spec, doc.text, old);
    doc.tree?.delete();
    doc.tree = tree;
  }

  /** Current text of an open document. */
  text(uri: string): string | undefined {
    return this.docs.get(uri)?.text;
  }

  /** Call sites of an open document (cached); undefined when it is not open or its language is not loaded yet. */
  sites(uri: string): CallSite[] | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !doc.ready) return undefined;
    if (!doc.sites || doc.sitesVersion !== this.analyzer.version) {
      const spec = this.analyzer.spec(doc.languageId)!;
      doc.sites = this.analyzer.toSites(this.analyzer.refs(spec, doc.text, doc.tree));
      doc.sitesVersion = this.analyzer.version;
    }
    return doc.sites;
  }

  /** The name slot under the cursor in an open document, for completion. */
  nameSlotAt(uri: string, position: Position): NameSlot | null {
    const doc = this.docs.get(uri);
    if (!doc || !doc.ready) return null;
    return this.analyzer.slotAt(this.analyzer.spec(doc.languageId)!, doc.text, doc.tree, position);
  }

  /** Forgets a document and frees its tree. */
  close(uri: string): void {
    this.docs.get(uri)?.tree?.delete();
    this.docs.delete(uri);
  }

  /** Frees every tree. */
  dispose(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
  }
}

function toPoint(p: Position): { row: number; column: number } {
  return { row: p.line, column: p.character };
}
