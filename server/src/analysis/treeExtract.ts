// Turns tree-sitter query matches into the neutral Extraction. The query names what it found with
// capture names (see server/queries/README.md): @method/@receiver/@args for any call,
// @name with #set! role/call/library for a name captured directly, @bind.receiver/@bind.class for
// "this variable holds an instance of that class", @const.name/@const.value for a constant.
// Captures starting with `_` are helpers.
// Every node access crosses into wasm (and most build a Node object), and a dense file has a call
// site on every fifth line: what is read per call is kept to what the table can use.
import type { Language, Node, Query, QueryCapture, QueryOptions, TreeCursor } from 'web-tree-sitter';
import type { LanguageSpec } from './languageSpec';
import {
  emptyExtraction,
  type ArgInfo,
  type Binding,
  type CallShape,
  type Extraction,
  type Span,
  type StringValue,
} from './model';
import type { Role } from './types';
import { readConstDef, readConstRef } from './constants';
import { endOf, own, readString } from './strings';

const ROLES: readonly string[] = ['submit', 'register', 'other'];

/** Which arguments of a call the table can use: positional ones up to `positional`, and keyword arguments or not. */
export interface ArgNeed {
  positional: number;
  keywords: boolean;
}

/**
 * Decides, once bindings are known, which calls are worth reading and which of their arguments
 * (most calls in a file are not Gearman calls, and a Gearman call's name is one argument of several).
 */
export type ShapeFilter = (
  bindings: Binding[],
) => (method: string, receiver: string | undefined) => ArgNeed | undefined;

/** How to run the query. */
export interface ExtractOptions {
  /** Query only these ranges (one query run each), else the whole tree. */
  ranges?: QueryOptions | QueryOptions[];
  filter?: ShapeFilter;
  /** Bindings known from outside the queried ranges (incremental re-extraction). */
  moreBindings?: Binding[];
  /** Call shapes without their span: a whole-file pass that frees the tree at once never shifts them (other items keep theirs). */
  noShapeSpans?: boolean;
}

interface PendingCall {
  method: Node;
  receiver?: Node;
  args: Node;
  captures: QueryCapture[];
}

/** Runs `query` over `root` (optionally only around ranges) and collects calls, direct names and bindings. */
export function extractFromTree(root: Node, query: Query, spec: LanguageSpec, o: ExtractOptions = {}): Extraction {
  const out: Extraction = emptyExtraction();
  const calls: PendingCall[] = [];
  const ranges = Array.isArray(o.ranges) ? o.ranges : [o.ranges];
  for (const range of ranges) {
    for (const match of query.matches(root, range)) {
      let method: Node | undefined;
      let receiver: Node | undefined;
      let args: Node | undefined;
      let name: Node | undefined;
      let constName: Node | undefined;
      let constValue: Node | undefined;
      let bindReceiver: Node | undefined;
      let bindClass: Node | undefined;
      for (const x of match.captures) {
        switch (x.name) {
          case 'method':
            method = x.node;
            break;
          case 'receiver':
            receiver = x.node;
            break;
          case 'args':
            args = x.node;
            break;
          case 'name':
            name = x.node;
            break;
          case 'const.name':
            constName = x.node;
            break;
          case 'const.value':
            constValue = x.node;
            break;
          case 'bind.receiver':
            bindReceiver = x.node;
            break;
          case 'bind.class':
            bindClass = x.node;
            break;
        }
      }
      if (method && args) {
        // Most calls are not Gearman calls: their span is worked out only if they are kept.
        calls.push({ method, receiver, args, captures: match.captures });
        continue;
      }
      const span = spanOf(match.captures);
      if (name) {
        const props = match.setProperties ?? {};
        const str =
          props.literal === 'identifier'
            ? identifierValue(name, props.stripPrefix ?? '')
            : readString(name, spec.strings);
        const role = props.role ?? '';
        if (str && ROLES.includes(role)) {
          out.direct.push({
            str,
            role: role as Role,
            call: props.call ?? '',
            library: props.library ?? undefined,
            span,
          });
        }
      } else if (constName && constValue && spec.constants) {
        const def = readConstDef(constName, constValue, spec.constants, spec.strings);
        // `define('X', ...)` inside a method still defines a file-level constant.
        if (def) out.constants.push({ ...def, ...(match.setProperties?.scope === 'file' ? { scope: [] } : {}), span });
      } else if (bindReceiver && bindClass) {
        out.bindings.push({ receiver: own(bindReceiver.text), className: own(bindClass.text), span });
      }
    }
  }
  if (calls.length === 0) return out;
  const more = o.moreBindings ?? [];
  // The same array of known bindings while nothing new is found: what the filter derives from it is kept.
  const wanted = o.filter?.(!more.length ? out.bindings : out.bindings.length ? [...more, ...out.bindings] : more);
  // One cursor for every call's arguments: creating one costs a wasm allocation each time.
  const cursor = calls[0].args.walk();
  const types = nodeTypes(root.tree.language);
  try {
    for (const c of calls) {
      const receiver = c.receiver && own(c.receiver.text);
      const method = own(c.method.text);
      const need = wanted ? wanted(method, receiver) : ALL_ARGS;
      if (!need) continue;
      cursor.reset(c.args);
      const shape = shapeOf(c.method, method, receiver, cursor, types, spec, need);
      if (!o.noShapeSpans) shape.span = spanOf(c.captures);
      out.shapes.push(shape);
    }
  } finally {
    cursor.delete();
  }
  return out;
}

// A name written as an identifier (a Net_Gearman job class), without a fixed prefix when it has one.
function identifierValue(node: Node, prefix: string): StringValue | null {
  const text = node.text;
  if (text.includes('\n')) return null;
  const skip = prefix && text.startsWith(prefix) && text.length > prefix.length ? prefix.length : 0;
  return {
    value: own(text.slice(skip)),
    startIndex: node.startIndex + skip,
    endIndex: node.endIndex,
    range: {
      start: { line: node.startPosition.row, character: node.startPosition.column + skip },
      end: { line: node.endPosition.row, character: node.endPosition.column },
    },
  };
}

// The union of the captured nodes; each end is read once (a wasm call each).
function spanOf(captures: QueryCapture[]): Span {
  let first = captures[0].node;
  let last = first;
  let lastEnd = last.endIndex;
  for (let i = 1; i < captures.length; i++) {
    const n = captures[i].node;
    if (n.startIndex < first.startIndex) first = n;
    const end = n.endIndex;
    if (end > lastEnd) {
      last = n;
      lastEnd = end;
    }
  }
  const end = last.endPosition;
  return {
    startIndex: first.startIndex,
    endIndex: lastEnd,
    range: {
      start: { line: first.startPosition.row, character: first.startPosition.column },
      end: { line: end.row, character: end.column },
    },
  };
}

const ALL_ARGS: ArgNeed = { positional: Number.POSITIVE_INFINITY, keywords: true };

function shapeOf(
  method: Node,
  text: string,
  receiver: string | undefined,
  cursor: TreeCursor,
  types: NodeTypes,
  spec: LanguageSpec,
  need: ArgNeed,
): CallShape {
  const start = method.startPosition;
  const endIndex = method.startIndex + text.length;
  return {
    method: text,
    methodName: {
      value: text,
      startIndex: method.startIndex,
      endIndex,
      range: { start: { line: start.row, character: start.column }, end: endOf(method, start, text) },
    },
    receiver,
    args: readArgs(cursor, types, spec, need),
  };
}

/** A language's node types by id, and whether each is named: one wasm call per node (its type id) instead of two. */
interface NodeTypes {
  name(id: number): string;
  named(id: number): boolean;
}

const typesOf = new WeakMap<Language, NodeTypes>();

// A node's named-ness is its symbol's (the alias's, for an aliased node), so it can be looked up by type id.
function nodeTypes(language: Language): NodeTypes {
  let t = typesOf.get(language);
  if (!t) {
    const named = new Map<number, boolean>();
    t = {
      name: (id) => language.types[id] || 'ERROR',
      named: (id) => {
        let n = named.get(id);
        if (n === undefined) named.set(id, (n = language.nodeTypeIsNamed(id)));
        return n;
      },
    };
    typesOf.set(language, t);
  }
  return t;
}

// The arguments are walked with one cursor (`child(i)` starts over from the first child each
// time), and those past the last one the table can use are not read.
function readArgs(cursor: TreeCursor, types: NodeTypes, spec: LanguageSpec, need: ArgNeed): ArgInfo[] {
  const out: ArgInfo[] = [];
  const field = spec.arguments.field;
  const keywords = spec.arguments.keywords;
  let positional = 0;
  if (!cursor.gotoFirstChild()) return out;
  do {
    if (positional >= need.positional && !need.keywords) break;
    const id = cursor.nodeTypeId;
    if (!types.named(id)) continue;
    const type = types.name(id);
    if (type.includes('comment') || (field && cursor.currentFieldName !== field)) continue;
    const kw = keywords?.find((k) => k.type === type);
    const node = kw || positional < need.positional ? cursor.currentNode : undefined;
    const key = kw ? node!.childForFieldName(kw.key) : null;
    if (!key && positional++ >= need.positional) continue;
    if (key && !need.keywords) continue;
    out.push(argInfo(node!, type, kw, key, spec));
  } while (cursor.gotoNextSibling());
  return out;
}

function argInfo(
  node: Node,
  type: string,
  kw: { value?: string } | undefined,
  key: Node | null,
  spec: LanguageSpec,
): ArgInfo {
  if (kw && key) {
    const value = kw.value ? node.childForFieldName(kw.value) : lastNamed(node);
    return { key: own(key.text.replace(/^:|:$/g, '').replace(/^["']|["']$/g, '')), ...valueOf(value, spec) };
  }
  if (spec.arguments.wrappers?.includes(type)) {
    for (const c of node.namedChildren) {
      const t = c?.type;
      if (c && t !== undefined && !t.includes('comment')) return valueOf(c, spec, t);
    }
    return { str: null };
  }
  return valueOf(node, spec, type);
}

// A static string, else possibly a constant's name. `type` when the caller already read it.
function valueOf(node: Node | null, spec: LanguageSpec, type = node?.type): ArgInfo {
  if (!node || type === undefined) return { str: null };
  const str = readString(node, spec.strings, type);
  if (str) return { str };
  const ref = readConstRef(node, spec.constants, type);
  return ref ? { str: null, ref } : { str: null };
}

function lastNamed(node: Node): Node | null {
  for (let i = node.namedChildCount - 1; i >= 0; i--) {
    const c = node.namedChild(i);
    if (c && !c.type.includes('comment')) return c;
  }
  return null;
}
