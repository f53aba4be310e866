// Names passed through a constant defined in the same file: `doNormal(RESIZE)`,
// `doNormal(self::RESIZE)`, `submitJob(Jobs.RESIZE)`, `gearman_client_do(c, RESIZE, ...)`.
// The grammar-specific half (which nodes are references, which patterns define a constant) is
// data: `constants` in <language>.json and `@const.name`/`@const.value` in <language>.scm.
// A name resolves only when exactly one value is visible for it; anything else (two values, a
// value built at run time, a parameter) stays silent, as a literal built at run time does.
import type { Node } from 'web-tree-sitter';
import type { ConstantSpec, StringSpec } from './languageSpec';
import type { ConstDef, ConstRef, StringValue } from './model';
import { endOf, own, readString, unescape } from './strings';

const MAX_ALIAS_DEPTH = 8;

function rangeOf(n: Node) {
  return {
    start: { line: n.startPosition.row, character: n.startPosition.column },
    end: { line: n.endPosition.row, character: n.endPosition.column },
  };
}

const lastSegment = (s: string) => s.split(/\\|::|\.|->/).pop() ?? s;

/** Names of the scoping nodes (classes, modules) around `node`, outermost first. */
export function scopeOf(node: Node, spec: ConstantSpec): string[] {
  const out: string[] = [];
  if (!spec.scopes?.length) return out;
  for (let n = node.parent; n; n = n.parent) {
    if (!spec.scopes.includes(n.type)) continue;
    const name = n.childForFieldName('name');
    if (name) out.unshift(own(lastSegment(name.text)));
  }
  return out;
}

/** The constant reference `node` is (of type `type`, when the caller has read it), if its type is one the language lists. */
export function readConstRef(node: Node, spec: ConstantSpec | undefined, type = node.type): ConstRef | undefined {
  const r = spec?.refs.find((x) => x.type === type);
  if (!r || !spec) return undefined;
  let name = node;
  let qualifier: Node | null = null;
  if (r.qualified) {
    const named = node.namedChildren.filter((c): c is Node => c !== null && !c.type.includes('comment'));
    qualifier = r.qualifierField ? node.childForFieldName(r.qualifierField) : named.length > 1 ? named[0] : null;
    const own = r.nameField ? node.childForFieldName(r.nameField) : named[named.length - 1];
    if (!own || !qualifier) return undefined;
    name = own;
  }
  const nameText = own(name.text);
  if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(nameText)) return undefined;
  const text = name === node ? nameText : own(node.text);
  const start = node.startPosition;
  const qualifierText = qualifier ? own(qualifier.text) : undefined;
  // The classes around the use matter only to `self::X` and, where the language has them, to
  // unqualified member names; walking up to the root for every other name costs a wasm call a level.
  const scoped =
    qualifierText !== undefined ? spec.self?.includes(qualifierText.trim()) === true : spec.members === true;
  return {
    name: nameText,
    ...(qualifierText !== undefined ? { qualifier: qualifierText } : {}),
    scope: scoped ? scopeOf(node, spec) : [],
    text,
    startIndex: node.startIndex,
    endIndex: node.startIndex + text.length,
    range: { start: { line: start.row, character: start.column }, end: endOf(node, start, text) },
  };
}

/** A definition from `@const.name` and `@const.value` captures; undefined when the value is no string or constant name. */
export function readConstDef(
  nameNode: Node,
  valueNode: Node,
  spec: ConstantSpec,
  strings: StringSpec,
): Omit<ConstDef, 'span'> | undefined {
  const name = readString(nameNode, strings)?.value ?? own(nameNode.text);
  const scope = scopeOf(nameNode, spec);
  const value = readString(valueNode, strings) ?? (spec.raw?.includes(valueNode.type) ? rawString(valueNode) : null);
  if (value) return { name, scope, value };
  const alias =
    readConstRef(valueNode, spec) ?? (spec.raw?.includes(valueNode.type) ? rawName(valueNode, spec) : undefined);
  return alias ? { name, scope, value: null, alias } : undefined;
}

// A C macro body is raw text: `"resize"` (a plain string literal only) or another macro's name.
function rawString(node: Node): StringValue | null {
  const m = /^"((?:[^"\\\n]|\\.)*)"$/.exec(node.text);
  if (!m) return null;
  const value = own(m[1]).replace(/\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (e) => unescape(e));
  const range = rangeOf(node);
  return {
    value,
    startIndex: node.startIndex + 1,
    endIndex: node.endIndex - 1,
    range: {
      start: { ...range.start, character: range.start.character + 1 },
      end: { ...range.end, character: range.end.character - 1 },
    },
  };
}

function rawName(node: Node, spec: ConstantSpec): ConstRef | undefined {
  const text = own(node.text);
  if (!/^[A-Za-z_]\w*$/.test(text)) return undefined;
  return {
    name: text,
    scope: scopeOf(node, spec),
    text,
    startIndex: node.startIndex,
    endIndex: node.endIndex,
    range: rangeOf(node),
  };
}

/** The constants of one document, looked up the way the language scopes them. */
export class ConstantTable {
  private readonly byName = new Map<string, ConstDef[]>();

  constructor(
    defs: ConstDef[],
    private readonly spec: ConstantSpec,
  ) {
    for (const d of defs) {
      const list = this.byName.get(d.name);
      if (list) list.push(d);
      else this.byName.set(d.name, [d]);
    }
  }

  /** The string `ref` stands for, with the literal that defines it; undefined unless exactly one value is visible. */
  resolve(ref: ConstRef, depth = 0): StringValue | undefined {
    if (depth > MAX_ALIAS_DEPTH) return undefined;
    const found = this.visible(ref);
    if (!found.length) return undefined;
    const values = found.map((d) => (d.value ? d.value : d.alias ? this.resolve(d.alias, depth + 1) : undefined));
    const first = values[0];
    if (!first || values.some((v) => v?.value !== first.value)) return undefined;
    return first;
  }

  private visible(ref: ConstRef): ConstDef[] {
    const all = this.byName.get(ref.name) ?? [];
    if (ref.qualifier !== undefined) {
      const q = ref.qualifier.trim();
      // `self::X`, `static::X`: the class around the use; `Jobs::X`, `Jobs.X`: class Jobs of this file.
      const cls = this.spec.self?.includes(q) ? ref.scope[ref.scope.length - 1] : lastSegment(q.replace(/^\\/, ''));
      return cls === undefined ? [] : all.filter((d) => d.scope[d.scope.length - 1] === cls);
    }
    // Unqualified: file-level constants, or (where the language allows) those of the classes around
    // the use, the innermost that has one winning.
    const levels = this.spec.members ? ref.scope.length : 0;
    for (let depth = levels; depth >= 0; depth--) {
      const here = all.filter((d) => d.scope.length === depth && d.scope.every((s, i) => s === ref.scope[i]));
      if (here.length) return here;
    }
    return [];
  }
}
