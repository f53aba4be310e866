// Trees for open documents, kept across edits: LSP content changes are applied to the text and
// to the tree (tree.edit), then the parser re-parses against the old tree, so a one-line edit in
// a large file only re-parses what changed. The query then runs only over the changed lines, and
// only what they changed is resolved again (docSites.ts); results are cached until the next edit
// or pattern change.
import type { Node, Tree } from 'web-tree-sitter';
import type { CallSiteAnalyzer } from './analyzer';
import { DocumentSites, type SiteSource } from './docSites';
import type { LanguageSpec } from './languageSpec';
import type { LineRange, TextEdit } from './incremental';
import { advance, LineStarts } from './textPositions';
import type { CallSite, ContentChange, NameSlot, Position } from './types';

interface OpenDocument {
  languageId: string;
  text: string;
  lines: LineStarts;
  tree?: Tree;
  /** Set once the language is loaded (trees are built from then on). */
  ready: boolean;
  sites?: CallSite[];
  sitesVersion: number;
  /** What the query found, kept current edit by edit; made for analyzer version `kept.version`. */
  kept?: { sites: DocumentSites; version: number };
}

/** Open documents with their parse trees, for the LSP server. */
export class DocumentTrees {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly analyzer: CallSiteAnalyzer) {}

  /** Opens (or re-opens) a document; resolves once its language is loaded and the text parsed. */
  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.close(uri);
    const doc: OpenDocument = { languageId, text, lines: new LineStarts(text), ready: false, sitesVersion: -1 };
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
        doc.lines.reset(doc.text);
        whole = true;
        continue;
      }
      const start = doc.lines.offsetAt(doc.text, change.range.start);
      const oldEnd = Math.max(start, doc.lines.offsetAt(doc.text, change.range.end));
      if (doc.kept && !whole) {
        const edit: TextEdit = {
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: start + change.text.length,
          start: change.range.start,
          oldEnd: change.range.end,
          newEnd: advance(change.range.start, change.text),
        };
        doc.kept.sites.edit(edit);
      }
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
      doc.lines.edit(start, oldEnd, change.text);
    }
    doc.sites = undefined;
    if (whole) doc.kept = undefined;
    if (!doc.ready) return;
    const spec = this.analyzer.spec(doc.languageId)!;
    let old = whole ? undefined : doc.tree;
    let tree = this.analyzer.parse(spec, doc.text, old);
    // tree-sitter's error recovery can differ between an incremental and a fresh parse of the
    // same broken text; while the document has syntax errors it is parsed fresh, so its sites
    // never depend on the order of the edits that led there.
    if (old && tree?.rootNode.hasError) {
      tree.delete();
      tree = this.analyzer.parse(spec, doc.text);
      old = undefined;
      doc.kept = undefined;
    }
    // Structure that changed outside the edited text (an opened quote swallowing later lines).
    if (doc.kept && old && tree) {
      doc.kept.sites.markDirty(
        old.getChangedRanges(tree).map((r) => ({ startLine: r.startPosition.row, endLine: r.endPosition.row })),
      );
      // getChangedRanges misses some drastic changes (`<?php` → `"?php` turns the whole file into text):
      // top-level nodes that did not exist before are re-queried too.
      doc.kept.sites.markDirty(newTopLevel(old, tree));
    }
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
      if (doc.tree) {
        const source = this.source(spec, doc.tree);
        const tree = doc.tree;
        // Constants and their uses carry the names of the classes around them: renaming a class changes
        // what `Jobs::X` means on lines the edit did not touch.
        const renamed = (lines: LineRange[]) =>
          spec.constants?.scopes !== undefined && scopeNamedOn(tree, spec.constants.scopes, lines);
        const updated =
          doc.kept?.version === this.analyzer.version ? doc.kept.sites.update(source, renamed) : undefined;
        if (updated) {
          doc.sites = updated;
        } else {
          const { doc: kept, sites } = DocumentSites.full(this.analyzer.extraction(spec, doc.tree), source);
          doc.kept = { sites: kept, version: this.analyzer.version };
          doc.sites = sites;
        }
      } else {
        doc.sites = this.analyzer.toSites(this.analyzer.refs(spec, doc.text, undefined));
      }
      doc.sitesVersion = this.analyzer.version;
    }
    return doc.sites;
  }

  /** Sites from a full query over the current tree, bypassing the cache: the reference the incremental pass must equal (tests, benchmarks). */
  fullSites(uri: string): CallSite[] | undefined {
    const doc = this.docs.get(uri);
    if (!doc || !doc.ready) return undefined;
    const spec = this.analyzer.spec(doc.languageId)!;
    return this.analyzer.toSites(this.analyzer.refs(spec, doc.text, doc.tree));
  }

  /** The analyzer and the current tree, as an open document's kept sites use them. */
  private source(spec: LanguageSpec, tree: Tree): SiteSource {
    const { analyzer } = this;
    return {
      extract: (lines, moreBindings) => analyzer.extraction(spec, tree, lines, moreBindings),
      resolver: (bindings, constants) => analyzer.resolver(spec, bindings, constants),
      site: (ref, dLine) => analyzer.site(ref, dLine),
    };
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

function scopeNamedOn(tree: Tree, types: string[], lines: LineRange[]): boolean {
  for (const r of lines) {
    const nodes = tree.rootNode.descendantsOfType(
      types,
      { row: r.startLine, column: 0 },
      { row: r.endLine + 1, column: 0 },
    );
    for (const n of nodes) {
      const row = n?.childForFieldName('name')?.startPosition.row;
      if (row !== undefined && row >= r.startLine && row <= r.endLine) return true;
    }
  }
  return false;
}

function newTopLevel(old: Tree, tree: Tree): LineRange[] {
  // By start first (no wasm call): a node the new tree took over from the old one has the same id
  // there, so type and end (a wasm call each) are compared only for the nodes the parse made anew.
  const before = new Map<number, Node[]>();
  for (const n of old.rootNode.children) {
    if (!n) continue;
    const at = before.get(n.startIndex);
    if (at) at.push(n);
    else before.set(n.startIndex, [n]);
  }
  const out: LineRange[] = [];
  for (const n of tree.rootNode.children) {
    if (!n) continue;
    const at = before.get(n.startIndex) ?? [];
    if (at.some((o) => o.id === n.id) || at.some((o) => o.type === n.type && o.endIndex === n.endIndex)) continue;
    out.push({ startLine: n.startPosition.row, endLine: n.endPosition.row });
  }
  return out;
}

function toPoint(p: Position): { row: number; column: number } {
  return { row: p.line, column: p.character };
}
