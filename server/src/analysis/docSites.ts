// An open document's call sites, kept across edits (documents.ts owns its text and tree). Every
// item the query found (a call, a directly captured name, a binding, a constant) is kept with the
// place it was found at and the shift edits have made since (keptItems.ts), so what an edit costs
// hardly grows with the file: only the changed lines are queried again, a call's names are
// resolved once (again only when a constant it names may have changed), and its sites are remade
// only when it moved to other lines.
import { mergeLines, sameBindings, shiftLines, type LineRange, type TextEdit } from './incremental';
import { Kept, KeptList } from './keptItems';
import type { Binding, CallShape, ConstDef, DirectRef, Extraction, NameRef, Span } from './model';
import { moveSite } from './sites';
import type { Resolver } from './table';
import type { CallSite } from './types';

/** What an open document's sites need from the analyzer and the current tree. */
export interface SiteSource {
  /** The query over `lines` of the current tree (`moreBindings`: those known from other lines). */
  extract(lines: LineRange[], moreBindings: Binding[]): Extraction;
  /** Resolves calls against the document's bindings and constants. */
  resolver(bindings: Binding[], constants: ConstDef[]): Resolver;
  /** The site of a name reference moved down by `dLine` lines; undefined for an empty name. */
  site(ref: NameRef, dLine: number): CallSite | undefined;
}

/** A call or a directly captured name, with its names resolved. */
class CallItem extends Kept<CallShape | DirectRef> {
  /** Its names at the place it was found (a constant's definition: where it was at resolution). */
  refs: NameRef[] = [];
  /** A name slot holds a constant's name: resolved again when constants change or move. */
  usesConstants = false;
  /** Its sites for a line shift of `sitesFor` (none made yet: undefined), each place and role once, and where the first and last are (as found). */
  sites: CallSite[] = [];
  /** The site of each of `refs` (none for an empty name or a place and role already named). */
  siteOf: (CallSite | undefined)[] = [];
  sitesFor: number | undefined = undefined;
  first = 0;
  last = 0;
  /** Its names come in document order (the usual case): its sites can be joined to the others' as they are. */
  inOrder = true;

  constructor(value: CallShape | DirectRef) {
    super(value, value.span!);
  }
}

const kept = <T extends { span?: Span }>(value: T) => new Kept(value, value.span!);
const shapeKey = (x: CallItem) => (x.value as CallShape).method;
const directKey = (x: CallItem) => `${(x.value as DirectRef).str.startIndex + x.dIndex}:${(x.value as DirectRef).role}`;

/** The sites of one open document, brought up to date edit by edit. */
export class DocumentSites {
  private directs = new KeptList<CallItem>([]);
  private shapes = new KeptList<CallItem>([]);
  private bindings = new KeptList<Kept<Binding>>([]);
  private constants = new KeptList<Kept<ConstDef>>([]);
  /** Lines to query again, in today's line numbers. */
  private dirty: LineRange[] = [];
  /** Bindings dropped since the last update: one that went or came changes which calls elsewhere count. */
  private dropped: Binding[] = [];
  /** A constant was dropped, found or moved since the last update: calls naming one are resolved again. */
  private constantsMoved = false;
  /** Kept calls naming a constant in a name slot. */
  private constantUsers = 0;
  private readonly dropCall = (item: CallItem) => {
    if (item.usesConstants) this.constantUsers--;
  };
  /** The bindings' values, one array while they stay the same (what is derived from them is kept per array). */
  private bindingValues?: Binding[];

  /** From a whole-tree extraction, with its sites in the query's order (as a fresh pass gives them). */
  static full(ex: Extraction, source: SiteSource): { doc: DocumentSites; sites: CallSite[] } {
    const doc = new DocumentSites();
    const r = source.resolver(ex.bindings, ex.constants);
    const directs = ex.direct.map((d) => doc.direct(d));
    const shapes = ex.shapes.map((s) => doc.call(s, r));
    const sites = assemble([directs, shapes], source);
    doc.directs = new KeptList(directs);
    doc.shapes = new KeptList(shapes);
    doc.bindings = new KeptList(ex.bindings.map(kept));
    doc.constants = new KeptList(ex.constants.map(kept));
    return { doc, sites };
  }

  /** Applies one edit: items on its lines (or spanning them) are dropped, the ones after move; its lines are queried at the next update. */
  edit(e: TextEdit): void {
    this.directs.edit(e);
    this.shapes.edit(e, this.dropCall);
    this.bindings.edit(e, (b) => this.dropBinding(b));
    if (this.constants.edit(e, () => (this.constantsMoved = true))) this.constantsMoved = true;
    this.dirty = shiftLines(this.dirty, e);
  }

  /** Lines whose structure changed beyond the edited text (tree-sitter's changed ranges). */
  markDirty(lines: LineRange[]): void {
    this.dirty.push(...lines);
  }

  /**
   * Queries the changed lines and returns the document's sites; undefined when a whole-tree pass
   * is needed instead: a binding came or went (it changes calls anywhere), or `scopeRenamed`
   * says a class around constants was renamed on those lines.
   */
  update(source: SiteSource, scopeRenamed: (lines: LineRange[]) => boolean): CallSite[] | undefined {
    if (this.dirty.length === 0)
      return this.dropped.length ? undefined : assemble([this.directs.items, this.shapes.items], source);
    const lines = mergeLines(this.dirty);
    this.directs.dropOnLines(lines);
    this.shapes.dropOnLines(lines, this.dropCall);
    this.bindings.dropOnLines(lines, (b) => this.dropBinding(b));
    if (this.constants.dropOnLines(lines)) this.constantsMoved = true;
    const found = source.extract(lines, this.boundValues());
    const added = found.bindings.filter((b) => !this.bindings.has(kept(b)));
    if (!sameBindings(this.dropped, added)) return undefined;
    for (const b of found.bindings)
      if (this.bindings.insert(kept(b), (x) => x.value.receiver)) this.bindingValues = undefined;
    for (const c of found.constants)
      if (this.constants.insert(kept(c), (x) => x.value.name)) this.constantsMoved = true;
    let r: Resolver | undefined;
    const resolver = () => (r ??= source.resolver(this.boundValues(), this.constants.items.map(constantNow)));
    for (const d of found.direct) this.directs.insert(this.direct(d), directKey);
    for (const s of found.shapes) {
      const item = this.call(s);
      if (this.shapes.insert(item, shapeKey)) this.resolve(item, resolver());
    }
    // A class renamed changes what `self::X` or a member name means on lines the edit did not touch.
    // Only where the document has constants or calls naming one (it walks the changed lines' nodes).
    if ((this.constants.items.length > 0 || this.constantUsers > 0) && scopeRenamed(lines)) return undefined;
    if (this.constantsMoved && this.constantUsers > 0) {
      for (const item of this.shapes.items) if (item.usesConstants) this.resolve(item, resolver());
    }
    this.dirty = [];
    this.dropped = [];
    this.constantsMoved = false;
    return assemble([this.directs.items, this.shapes.items], source);
  }

  private dropBinding(b: Kept<Binding>): void {
    this.dropped.push(b.value);
    this.bindingValues = undefined;
  }

  private boundValues(): Binding[] {
    return (this.bindingValues ??= this.bindings.items.map((b) => b.value));
  }

  private direct(d: DirectRef): CallItem {
    const item = new CallItem(d);
    item.refs = [{ ...d }];
    return item;
  }

  private call(s: CallShape, r?: Resolver): CallItem {
    const item = new CallItem(s);
    if (r) this.resolve(item, r);
    return item;
  }

  private resolve(item: CallItem, r: Resolver): void {
    item.refs = [];
    r.shape(item.value as CallShape, item.refs);
    if (item.usesConstants !== r.usedConstants) this.constantUsers += r.usedConstants ? 1 : -1;
    item.usesConstants = r.usedConstants;
    item.sitesFor = undefined;
  }
}

/** A kept constant where it is now (its value's place is what a diagnostic names as the definition). */
function constantNow(k: Kept<ConstDef>): ConstDef {
  if (k.dIndex === 0 && k.dLine === 0) return k.value;
  const move = <V extends { startIndex: number; endIndex: number; range: Span['range'] }>(v: V): V => ({
    ...v,
    startIndex: v.startIndex + k.dIndex,
    endIndex: v.endIndex + k.dIndex,
    range: {
      start: { line: v.range.start.line + k.dLine, character: v.range.start.character },
      end: { line: v.range.end.line + k.dLine, character: v.range.end.character },
    },
  });
  const c = k.value;
  return {
    ...c,
    value: c.value && move(c.value),
    ...(c.alias ? { alias: move(c.alias) } : {}),
    ...(c.span ? { span: move(c.span) } : {}),
  };
}

/** Makes `item.sites` current for its line shift: its names' sites, each place and role once (the first wins). */
function siteUp(item: CallItem, source: SiteSource): void {
  if (item.sitesFor === item.dLine) return;
  if (item.sitesFor !== undefined) {
    // Same names, other lines: the sites are copied with their lines moved.
    const by = item.dLine - item.sitesFor;
    item.sites = [];
    for (let i = 0; i < item.siteOf.length; i++) {
      const s = item.siteOf[i];
      if (!s) continue;
      const moved = moveSite(s, by);
      item.siteOf[i] = moved;
      item.sites.push(moved);
    }
    item.sitesFor = item.dLine;
    return;
  }
  const { refs } = item;
  item.sites = [];
  item.siteOf = [];
  item.inOrder = true;
  for (let i = 0; i < refs.length; i++) {
    const start = refs[i].str.startIndex;
    if (i > 0 && start < refs[i - 1].str.startIndex) item.inOrder = false;
    let first = true;
    for (let j = i - 1; j >= 0 && refs[j].str.startIndex === start; j--)
      if (refs[j].role === refs[i].role) first = false;
    const site = first ? source.site(refs[i], item.dLine) : undefined;
    item.siteOf.push(site);
    if (site) item.sites.push(site);
  }
  item.first = refs.length ? refs[0].str.startIndex : 0;
  item.last = refs.length ? refs[refs.length - 1].str.startIndex : 0;
  item.sitesFor = item.dLine;
}

/**
 * The sites of the calls in `lists`, in document order, each place and role once (the first found
 * wins), as `resolve` orders them. When each call's names follow the previous call's (the usual
 * case), its sites are joined as they are; otherwise every name is ordered as `resolve` does.
 */
function assemble(lists: CallItem[][], source: SiteSource): CallSite[] {
  const out: CallSite[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const list of lists) {
    for (const item of list) {
      if (item.refs.length === 0) continue;
      siteUp(item, source);
      if (!item.inOrder || item.first + item.dIndex <= prev) return assembleAll(lists, source);
      for (const s of item.sites) out.push(s);
      prev = item.last + item.dIndex;
    }
  }
  return out;
}

// Names out of order across calls (nested calls, a direct capture among calls): as `resolve` does it.
function assembleAll(lists: CallItem[][], source: SiteSource): CallSite[] {
  const all: { start: number; ref: NameRef; site: CallSite | undefined }[] = [];
  for (const list of lists) {
    for (const item of list) {
      siteUp(item, source);
      item.refs.forEach((ref, i) => all.push({ start: ref.str.startIndex + item.dIndex, ref, site: item.siteOf[i] }));
    }
  }
  const seen = new Set<string>();
  const out: CallSite[] = [];
  for (const x of all
    .filter((x) => {
      const k = `${x.start}:${x.ref.role}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => a.start - b.start)) {
    if (x.site) out.push(x.site);
  }
  return out;
}
