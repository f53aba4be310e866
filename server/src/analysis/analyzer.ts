// The call-site analyzer: language data + grammars + call tables in, CallSites and NameSlots out.
// Whole-file calls parse and free their tree at once (indexing); DocumentTrees (documents.ts)
// keeps trees for open documents and uses the same engine.
import { basename, extname } from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { loadLanguage, type LoadedLanguage } from './grammars';
import { loadLanguageSpecs, type LanguageSpec } from './languageSpec';
import { emptyExtraction, type Binding, type ConstDef, type ConstRef, type Extraction, type NameRef } from './model';
import type { LineRange } from './incremental';
import { triggerRanges, triggerPattern, wordRanges, type PointRange, type Triggers } from './prefilter';
import { scanners } from './scanners';
import { fallbackSlot, slotFromRefs } from './slots';
import { compileTable, resolve as resolveWith, Resolver, shapeFilter, type CallTable } from './table';
import { makeSite, moveRange } from './sites';
import { offsetAt } from './textPositions';
import { extractFromTree } from './treeExtract';
import type { AnalysisPaths, CallPattern, CallSite, NameSlot, Position } from './types';

/** Extracts Gearman function names from source text, per the data files in `paths.queriesDir`. */
export class CallSiteAnalyzer {
  private readonly specs: Map<string, LanguageSpec>;
  private readonly byId = new Map<string, LanguageSpec>();
  private readonly byExt = new Map<string, string>();
  private readonly loading = new Map<string, Promise<LoadedLanguage>>();
  private readonly loaded = new Map<string, LoadedLanguage>();
  private readonly tables = new Map<string, CallTable>();
  private readonly patterns = new WeakMap<CallTable, Triggers | null>();
  private userPatterns: CallPattern[] = [];
  private prefix = '';
  /** Bumped when patterns or the prefix change, so cached results know they are stale. */
  version = 0;

  constructor(private readonly paths: AnalysisPaths) {
    this.specs = loadLanguageSpecs(paths.queriesDir);
    for (const spec of this.specs.values()) {
      this.byId.set(spec.name, spec);
      for (const id of spec.languageIds) this.byId.set(id, spec);
      for (const ext of spec.extensions) this.byExt.set(ext.toLowerCase(), spec.languageIds[0]);
    }
  }

  /** The language data for an LSP language id (or a data-file name), if supported. */
  spec(languageId: string): LanguageSpec | undefined {
    return this.byId.get(languageId);
  }

  /** Every LSP language id the analyzer understands. */
  languageIds(): string[] {
    return [...this.specs.values()].flatMap((s) => s.languageIds);
  }

  /** The LSP language id for a file path, by extension (or whole file name), for the workspace indexer. */
  languageForPath(path: string): string | undefined {
    return this.byExt.get(basename(path).toLowerCase()) ?? this.byExt.get(extname(path).toLowerCase());
  }

  /** Replaces the user-declared patterns; returns a readable warning per pattern whose language is unknown. */
  setUserPatterns(patterns: CallPattern[]): string[] {
    this.userPatterns = [];
    return this.addPatterns(patterns);
  }

  /** Adds user-declared patterns; they go into the same call table as the built-in rows. */
  addPatterns(patterns: CallPattern[]): string[] {
    const warnings: string[] = [];
    for (const p of patterns) {
      if (this.spec(p.language)) this.userPatterns.push(p);
      else
        warnings.push(
          `Gearman call pattern "${p.call}" names language "${p.language}", which is not one of: ${this.languageIds().join(', ')}`,
        );
    }
    this.tables.clear();
    this.version++;
    return warnings;
  }

  /** Sets the global function-name prefix (`wireName = prefix + name` unless a pattern sets its own). */
  setPrefix(prefix: string): void {
    this.prefix = prefix;
    this.version++;
  }

  /** Loads what `languageId` needs (grammar, query); false when the language is not supported. */
  async ready(languageId: string): Promise<boolean> {
    const spec = this.spec(languageId);
    if (!spec) return false;
    if (this.loaded.has(spec.name)) return true;
    if (!spec.grammar) return spec.scanner !== undefined && scanners.has(spec.scanner);
    let p = this.loading.get(spec.name);
    if (!p) {
      p = loadLanguage(spec, this.paths.grammarDir, this.paths.runtimeWasm);
      this.loading.set(spec.name, p);
      p.then((l) => this.loaded.set(spec.name, l)).catch(() => this.loading.delete(spec.name));
    }
    this.loaded.set(spec.name, await p);
    return true;
  }

  /** Every call site in `text` (parses, extracts, frees the tree). Empty for unsupported languages. */
  async extract(languageId: string, text: string): Promise<CallSite[]> {
    if (!(await this.ready(languageId))) return [];
    return this.extractLoaded(languageId, text);
  }

  /** `extract` for a language `ready` has loaded (the index, file after file, without a promise each). */
  extractLoaded(languageId: string, text: string): CallSite[] {
    const spec = this.spec(languageId);
    if (!spec) return [];
    const ranges = this.triggers(spec, text);
    if (ranges.length === 0) return [];
    const tree = this.parse(spec, text);
    try {
      const lang = this.loaded.get(spec.name);
      if (!tree || !lang) return this.toSites(this.refs(spec, text, tree));
      const filter = shapeFilter(this.table(spec));
      const root = tree.rootNode;
      const ex = extractFromTree(root, lang.query, spec, { ranges, filter, noShapeSpans: true });
      const unresolved: ConstRef[] = [];
      const refs = this.resolveRefs(spec, ex, unresolved);
      if (unresolved.length === 0) return this.toSites(refs);
      // Constants named in a name argument are defined on lines the call names did not pick:
      // query the lines that mention those names too, then resolve again.
      const more = extractFromTree(root, lang.query, spec, {
        ranges: wordRanges(
          text,
          unresolved.map((r) => r.name),
        ),
        filter,
        noShapeSpans: true,
      });
      const seen = new Set(ex.constants.map((c) => c.span?.startIndex));
      ex.constants.push(...more.constants.filter((c) => !seen.has(c.span?.startIndex)));
      return this.toSites(this.resolveRefs(spec, ex));
    } finally {
      tree?.delete();
    }
  }

  /** Where a call site can be (see prefilter.ts); [] when the text cannot hold one. */
  triggers(spec: LanguageSpec, text: string): PointRange[] {
    const table = this.table(spec);
    let pattern = this.patterns.get(table);
    if (pattern === undefined) {
      pattern = triggerPattern(table, spec) ?? null;
      this.patterns.set(table, pattern);
    }
    return pattern ? triggerRanges(text, pattern) : [];
  }

  /** The name slot under `position` in `text`, for completion. */
  async nameSlotAt(languageId: string, text: string, position: Position): Promise<NameSlot | null> {
    if (!(await this.ready(languageId))) return null;
    const spec = this.spec(languageId)!;
    const tree = this.parse(spec, text);
    try {
      return this.slotAt(spec, text, tree, position);
    } finally {
      tree?.delete();
    }
  }

  /** Parses `text` (incrementally from `old` when given); undefined for scanner languages. */
  parse(spec: LanguageSpec, text: string, old?: Tree): Tree | undefined {
    const lang = this.loaded.get(spec.name);
    if (!lang) return undefined;
    const tree = lang.parser.parse(text, old ?? null);
    if (!tree) throw new Error(`tree-sitter could not parse a ${spec.name} document`);
    return tree;
  }

  /** Name references (including empty names) in a parsed tree, or in text for scanner languages. */
  refs(spec: LanguageSpec, text: string, tree: Tree | undefined, around?: Position): NameRef[] {
    const table = this.table(spec);
    const lang = this.loaded.get(spec.name);
    if (tree && lang) {
      // Points, not indices: web-tree-sitter 0.25 passes query index ranges to C unconverted (bytes vs UTF-16 units).
      const options = around && {
        startPosition: { row: around.line, column: Math.max(0, around.character - 1) },
        endPosition: { row: around.line, column: around.character + 1 },
      };
      return resolveWith(
        extractFromTree(tree.rootNode, lang.query, spec, { ranges: options, filter: shapeFilter(table) }),
        table,
      );
    }
    const scan = spec.scanner ? scanners.get(spec.scanner) : undefined;
    return scan ? resolveWith(scan(text), table) : [];
  }

  /** What the query finds in `tree` (whole tree, or only `lines`), before the call table is applied. */
  extraction(spec: LanguageSpec, tree: Tree, lines?: LineRange[], moreBindings: Binding[] = []): Extraction {
    const lang = this.loaded.get(spec.name);
    if (!lang) return emptyExtraction();
    // Whole lines as points: see the note in refs() about index ranges.
    const options = lines?.map((r) => ({
      startPosition: { row: r.startLine, column: 0 },
      endPosition: { row: r.endLine + 1, column: 0 },
    }));
    return extractFromTree(tree.rootNode, lang.query, spec, {
      ranges: options,
      filter: shapeFilter(this.table(spec)),
      moreBindings,
    });
  }

  /** Name references of an extraction, per the language's call table (built-in rows and user patterns). */
  resolveRefs(spec: LanguageSpec, ex: Extraction, unresolved?: ConstRef[]): NameRef[] {
    return resolveWith(ex, this.table(spec), unresolved);
  }

  /** Sites (non-empty names) from references, with prefixes applied. */
  toSites(refs: NameRef[]): CallSite[] {
    const out: CallSite[] = [];
    for (const r of refs) {
      const s = this.site(r, 0);
      if (s) out.push(s);
    }
    return out;
  }

  /** The site of one reference with the prefix applied, moved down `dLine` lines (an open document's call after edits above it); undefined for an empty name. */
  site(r: NameRef, dLine: number): CallSite | undefined {
    if (r.str.value === '') return undefined;
    return makeSite(
      r.str.value,
      (r.prefix ?? this.prefix) + r.str.value,
      r.role,
      dLine === 0 ? r.str.range : moveRange(r.str.range, dLine),
      r.call,
      r.library,
      r.via,
      r.payload,
    );
  }

  /** Resolves calls one at a time against the language's table and a document's bindings and constants. */
  resolver(spec: LanguageSpec, bindings: Binding[], constants: ConstDef[]): Resolver {
    return new Resolver(this.table(spec), bindings, constants);
  }

  /** The slot at `position`, from the tree (or scan) first, else the unterminated-string fallback. */
  slotAt(spec: LanguageSpec, text: string, tree: Tree | undefined, position: Position): NameSlot | null {
    const cursor = offsetAt(text, position);
    const found = slotFromRefs(this.refs(spec, text, tree, tree ? position : undefined), text, cursor, this.prefix);
    if (found || !tree) return found;
    // Only where error recovery broke the tree: a well-formed dynamic string or a comment is no slot.
    const node = tree.rootNode.descendantForIndex(Math.max(0, cursor - 1));
    if (!tree.rootNode.hasError || inComment(node) || !nearError(node)) return null;
    return fallbackSlot(text, cursor, this.table(spec), this.prefix);
  }

  /** Frees parsers and queries. */
  dispose(): void {
    for (const l of this.loaded.values()) {
      l.query.delete();
      l.parser.delete();
    }
    this.loaded.clear();
    this.loading.clear();
  }

  private table(spec: LanguageSpec): CallTable {
    let t = this.tables.get(spec.name);
    if (!t) {
      const user = this.userPatterns.filter((p) => this.spec(p.language) === spec);
      t = compileTable([...spec.calls, ...user], spec.magicMethods, spec.arguments, spec.ignoreCase, spec.constants);
      this.tables.set(spec.name, t);
    }
    return t;
  }
}

function nearError(node: Node | null): boolean {
  for (let n = node; n; n = n.parent) if (n.isError || n.isMissing) return true;
  return node !== null && (node.hasError || node.nextSibling?.isError === true || node.nextSibling?.isMissing === true);
}

function inComment(node: Node | null): boolean {
  for (let n = node; n; n = n.parent) if (n.type.includes('comment')) return true;
  return false;
}
