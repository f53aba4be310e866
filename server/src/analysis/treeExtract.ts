// Turns tree-sitter query matches into the neutral Extraction. The query names what it found with
// capture names (see server/queries/README.md): @method/@receiver/@args for any call,
// @name with #set! role/call/library for a name captured directly, @bind.receiver/@bind.class for
// "this variable holds an instance of that class", @const.name/@const.value for a constant.
// Captures starting with `_` are helpers.
import type { Node, Query, QueryCapture, QueryOptions } from 'web-tree-sitter';
import type { LanguageSpec } from './languageSpec';
import { emptyExtraction, type ArgInfo, type Binding, type CallShape, type Extraction, type Span, type StringValue } from './model';
import type { Role } from './types';
import { readConstDef, readConstRef } from './constants';
import { readString } from './strings';

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
export type ShapeFilter = (bindings: Binding[]) => (method: string, receiver: string | undefined) => ArgNeed | undefined;

/** Runs `query` over `root` (optionally only around a range) and collects calls, direct names and bindings. */
export function extractFromTree(
  root: Node,
  query: Query,
  spec: LanguageSpec,
  options?: QueryOptions | QueryOptions[],
  filter?: ShapeFilter,
  /** Bindings known from outside the queried ranges (incremental re-extraction). */
  moreBindings: Binding[] = [],
): Extraction {
  const out: Extraction = emptyExtraction();
  const calls: { method: Node; receiver?: Node; args: Node; captures: QueryCapture[] }[] = [];
  const matches = Array.isArray(options) ? options.flatMap((o) => query.matches(root, o)) : query.matches(root, options);
  for (const match of matches) {
    const c = Object.create(null) as Partial<Record<string, Node>>;
    for (const x of match.captures) c[x.name] = x.node;
    const { method, args, name } = c;
    const constName = c['const.name'];
    const constValue = c['const.value'];
    if (method && args) {
      // Most calls are not Gearman calls: their span is worked out only if they are kept.
      calls.push({ method, receiver: c.receiver, args, captures: match.captures });
      continue;
    }
    const span = spanOf(match.captures);
    if (name) {
      const props = match.setProperties ?? {};
      const str = props.literal === 'identifier' ? identifierValue(name, props.stripPrefix ?? '') : readString(name, spec.strings);
      const role = props.role ?? '';
      if (str && ROLES.includes(role)) {
        out.direct.push({ str, role: role as Role, call: props.call ?? '', library: props.library ?? undefined, span });
      }
    } else if (constName && constValue && spec.constants) {
      const def = readConstDef(constName, constValue, spec.constants, spec.strings);
      // `define('X', ...)` inside a method still defines a file-level constant.
      if (def) out.constants.push({ ...def, ...(match.setProperties?.scope === 'file' ? { scope: [] } : {}), span });
    } else {
      const receiver = c['bind.receiver'];
      const cls = c['bind.class'];
      if (receiver && cls) out.bindings.push({ receiver: receiver.text, className: cls.text, span });
    }
  }
  const wanted = filter?.(moreBindings.length ? [...moreBindings, ...out.bindings] : out.bindings);
  for (const c of calls) {
    const receiver = c.receiver?.text;
    const method = c.method.text;
    const need = wanted ? wanted(method, receiver) : ALL_ARGS;
    if (need) out.shapes.push({ ...shapeOf(c.method, method, receiver, c.args, spec, need), span: spanOf(c.captures) });
  }
  return out;
}

// A name written as an identifier (a Net_Gearman job class), without a fixed prefix when it has one.
function identifierValue(node: Node, prefix: string): StringValue | null {
  const text = node.text;
  if (text.includes('\n')) return null;
  const skip = prefix && text.startsWith(prefix) && text.length > prefix.length ? prefix.length : 0;
  return {
    value: text.slice(skip),
    startIndex: node.startIndex + skip,
    endIndex: node.endIndex,
    range: {
      start: { line: node.startPosition.row, character: node.startPosition.column + skip },
      end: { line: node.endPosition.row, character: node.endPosition.column },
    },
  };
}

function spanOf(captures: QueryCapture[]): Span {
  let first = captures[0].node;
  let last = captures[0].node;
  for (const c of captures) {
    if (c.node.startIndex < first.startIndex) first = c.node;
    if (c.node.endIndex > last.endIndex) last = c.node;
  }
  return {
    startIndex: first.startIndex,
    endIndex: last.endIndex,
    range: {
      start: { line: first.startPosition.row, character: first.startPosition.column },
      end: { line: last.endPosition.row, character: last.endPosition.column },
    },
  };
}

const ALL_ARGS: ArgNeed = { positional: Number.POSITIVE_INFINITY, keywords: true };

function shapeOf(method: Node, text: string, receiver: string | undefined, args: Node, spec: LanguageSpec, need: ArgNeed): CallShape {
  const start = method.startPosition;
  const end = method.endPosition;
  return {
    method: text,
    methodName: {
      value: text,
      startIndex: method.startIndex,
      endIndex: method.startIndex + text.length,
      range: { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } },
    },
    receiver,
    args: readArgs(args, spec, need),
  };
}

// Every node access crosses into wasm: the arguments are walked with one cursor (`child(i)` starts
// over from the first child each time), and those past the last one the table can use are not read.
function readArgs(args: Node, spec: LanguageSpec, need: ArgNeed): ArgInfo[] {
  const out: ArgInfo[] = [];
  const field = spec.arguments.field;
  let positional = 0;
  const cursor = args.walk();
  try {
    if (!cursor.gotoFirstChild()) return out;
    do {
      if (positional >= need.positional && !need.keywords) break;
      if (!cursor.nodeIsNamed) continue;
      const type = cursor.nodeType;
      if (type.includes('comment') || (field && cursor.currentFieldName !== field)) continue;
      const kw = spec.arguments.keywords?.find((k) => k.type === type);
      const node = kw || positional < need.positional ? cursor.currentNode : undefined;
      const keyword = kw !== undefined && node!.childForFieldName(kw.key) !== null;
      if (!keyword && positional++ >= need.positional) continue;
      if (keyword && !need.keywords) continue;
      out.push(argInfo(node!, type, spec));
    } while (cursor.gotoNextSibling());
    return out;
  } finally {
    cursor.delete();
  }
}

function argInfo(node: Node, type: string, spec: LanguageSpec): ArgInfo {
  const kw = spec.arguments.keywords?.find((k) => k.type === type);
  const key = kw ? node.childForFieldName(kw.key) : null;
  if (kw && key) {
    const value = kw.value ? node.childForFieldName(kw.value) : lastNamed(node);
    return { key: key.text.replace(/^:|:$/g, '').replace(/^["']|["']$/g, ''), ...valueOf(value, spec) };
  }
  if (spec.arguments.wrappers?.includes(type)) {
    return valueOf(node.namedChildren.find((c) => c !== null && !c.type.includes('comment')) ?? null, spec);
  }
  return valueOf(node, spec);
}

// A static string, else possibly a constant's name.
function valueOf(node: Node | null, spec: LanguageSpec): ArgInfo {
  if (!node) return { str: null };
  const str = readString(node, spec.strings);
  if (str) return { str };
  const ref = readConstRef(node, spec.constants);
  return ref ? { str: null, ref } : { str: null };
}

function lastNamed(node: Node): Node | null {
  for (let i = node.namedChildCount - 1; i >= 0; i--) {
    const c = node.namedChild(i);
    if (c && !c.type.includes('comment')) return c;
  }
  return null;
}
