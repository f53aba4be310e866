// The call table: built-in rows from server/queries/<language>.json plus user patterns, compiled
// into one lookup, and the resolution of an Extraction against it. Built-in and user rows take the
// same path: a user pattern is just another row.
import { ConstantTable } from './constants';
import type { ArgumentSpec, ConstantSpec, MagicMethodRule, TableRow } from './languageSpec';
import type { Binding, CallShape, ConstDef, ConstRef, Extraction, NameRef, StringValue } from './model';
import type { ArgNeed, ShapeFilter } from './treeExtract';
import type { Role } from './types';

/** A table row with one call name, its receiver split off. */
export interface CompiledRow {
  method: string;
  receiver?: string;
  argument: number | string;
  role: Role;
  library?: string;
  prefix?: string;
  ifArgument?: string;
  unlessArgument?: string;
  methodOnly?: boolean;
  /** The call as the table wrote it, reported as CallSite.call. */
  display: string;
}

/** Lookup of rows by normalised method name, plus the language's magic-method rules. */
export interface CallTable {
  byMethod: Map<string, CompiledRow[]>;
  magic: MagicMethodRule[];
  arguments: ArgumentSpec;
  ignoreCase: boolean;
  constants?: ConstantSpec;
}

/** Splits `Receiver.method`, `Receiver->method`, `Receiver::method` at the last separator. */
export function splitCall(call: string): { receiver?: string; method: string } {
  const m = /^(.*\S)\s*(?:\.|->)\s*([^.>\s]+)$/.exec(call) ?? /^(.*\S)::([^:\s]+)$/.exec(call);
  return m ? { receiver: m[1], method: m[2] } : { method: call.trim() };
}

/** Compiles rows (built-in and user) into a lookup table. */
export function compileTable(
  rows: (TableRow & { prefix?: string })[],
  magic: MagicMethodRule[],
  args: ArgumentSpec,
  ignoreCase: boolean,
  constants?: ConstantSpec,
): CallTable {
  const byMethod = new Map<string, CompiledRow[]>();
  for (const row of rows) {
    for (const call of Array.isArray(row.call) ? row.call : [row.call]) {
      const { receiver, method } = splitCall(call);
      const key = normMethod(method, ignoreCase);
      const list = byMethod.get(key) ?? [];
      list.push({ ...row, method: key, receiver: receiver && normReceiver(receiver), display: call });
      byMethod.set(key, list);
    }
  }
  return { byMethod, magic, arguments: args, ignoreCase, ...(constants ? { constants } : {}) };
}

// Qualifiers (`\Ns\Name`, `::Name`, `/usr/bin/gearman`) never change which call it is.
const QUALIFIED = /[\\:.>/]/;
function normMethod(method: string, ignoreCase: boolean): string {
  // Most method names have no qualifier: no split (and no array) for them.
  const last = QUALIFIED.test(method) ? (method.split(/\\|::|\.|->|\//).pop() ?? method) : method;
  return ignoreCase ? last.toLowerCase() : last;
}

function normReceiver(receiver: string): string {
  return receiver
    .replace(/\s+/g, '')
    .replace(/^(?:\\|::)/, '')
    .replace(/\$/g, '');
}

function receiverMatches(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  const a = normReceiver(actual);
  return a === wanted || ['.', '->', '::', '\\'].some((sep) => a.endsWith(sep + wanted));
}

/**
 * Every name slot the table recognises in `ex`, deduplicated, in document order. A slot holding a
 * constant's name gets the constant's value (at the use); one that cannot be resolved is left out
 * and, when `unresolved` is given, added to it.
 */
export function resolve(ex: Extraction, table: CallTable, unresolved?: ConstRef[]): NameRef[] {
  const out: NameRef[] = [];
  for (const d of ex.direct) out.push({ ...d });
  const r = new Resolver(table, ex.bindings, ex.constants);
  for (const shape of ex.shapes) r.shape(shape, out, unresolved);
  return sortedUnique(out);
}

/** Resolves calls one at a time, against the table and one document's bindings and constants (an open document resolves only its new calls). */
export class Resolver {
  private readonly bound: Map<string, MagicMethodRule>;
  private constants?: ConstantTable;
  /** Whether the last call resolved named a constant in a name slot (its names follow the constants). */
  usedConstants = false;

  constructor(
    private readonly table: CallTable,
    bindings: Binding[],
    private readonly defs: ConstDef[],
  ) {
    this.bound = boundReceivers({ bindings }, table);
  }

  private lookup(ref: ConstRef): StringValue | undefined {
    this.constants ??= new ConstantTable(this.defs, this.table.constants!);
    return this.constants.resolve(ref);
  }

  /** Adds the name references of one call to `out`: the rows it matches, else a magic method of a bound receiver. */
  shape(shape: CallShape, out: NameRef[], unresolved?: ConstRef[]): void {
    const { table } = this;
    this.usedConstants = false;
    const rows = table.byMethod.get(normMethod(shape.method, table.ignoreCase));
    let matched = false;
    if (rows) {
      const own = ownArgs(shape, table.arguments);
      for (const row of rows) {
        if (row.receiver !== undefined && !receiverMatches(shape.receiver, row.receiver)) continue;
        if (row.methodOnly && shape.receiver === undefined) continue;
        if (row.ifArgument !== undefined && !hasArgument(own, row.ifArgument)) continue;
        if (row.unlessArgument !== undefined && hasArgument(own, row.unlessArgument)) continue;
        matched = true;
        const payload = row.role === 'submit' ? payloadAfter(own, row.argument) : undefined;
        for (const arg of pick(own, row.argument, table.arguments)) {
          const found = {
            role: row.role,
            call: row.display,
            library: row.library,
            prefix: row.prefix,
            ...(payload !== undefined ? { payload } : {}),
          };
          if (arg.str) {
            out.push({ str: arg.str, ...found });
            continue;
          }
          if (!arg.ref || !table.constants) continue;
          this.usedConstants = true;
          const value = this.lookup(arg.ref);
          if (!value) {
            unresolved?.push(arg.ref);
            continue;
          }
          const { startIndex, endIndex, range, text } = arg.ref;
          out.push({
            str: { value: value.value, startIndex, endIndex, range },
            ...found,
            via: { name: text, definedAt: value.range },
          });
        }
      }
    }
    const rule = !matched && shape.receiver !== undefined ? this.bound.get(normReceiver(shape.receiver)) : undefined;
    if (rule && !rule.except.some((e) => sameName(e, shape.method, table.ignoreCase))) {
      out.push({ str: shape.methodName, role: rule.role, call: `${rule.className}::__call`, library: rule.library });
    }
  }
}

function hasArgument(args: CallShape['args'], text: string): boolean {
  for (const a of args) if (a.str?.value === text) return true;
  return false;
}

function sameName(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * The references in document order, each place and role once (the first found wins). In a file
 * without nested name calls they come in order already: that is checked first, without keys or a sort.
 */
export function sortedUnique(out: NameRef[]): NameRef[] {
  let ordered = true;
  for (let i = 1; i < out.length && ordered; i++) ordered = out[i - 1].str.startIndex <= out[i].str.startIndex;
  if (ordered) {
    // A place seen twice (two rows of one call) can only be next to itself.
    return out.filter((r, i) => {
      for (let j = i - 1; j >= 0 && out[j].str.startIndex === r.str.startIndex; j--)
        if (out[j].role === r.role) return false;
      return true;
    });
  }
  const seen = new Set<string>();
  return out
    .filter((r) => {
      const k = `${r.str.startIndex}:${r.role}`;
      return seen.has(k) ? false : (seen.add(k), true);
    })
    .sort((a, b) => a.str.startIndex - b.str.startIndex);
}

const NO_ARGS: ArgNeed = { positional: 0, keywords: false };
const needs = new WeakMap<CallTable, Map<string, ArgNeed>>();

/** Per method name, the arguments some row of the table reads (a flag style or a condition on the arguments reads them all). */
function argNeeds(table: CallTable): Map<string, ArgNeed> {
  let out = needs.get(table);
  if (out) return out;
  out = new Map();
  for (const [method, rows] of table.byMethod) {
    const need: ArgNeed = { positional: 0, keywords: false };
    for (const r of rows) {
      const all =
        table.arguments.style === 'flag' ||
        r.ifArgument !== undefined ||
        r.unlessArgument !== undefined ||
        table.arguments.end !== undefined;
      if (all) need.positional = Number.POSITIVE_INFINITY;
      // A submit's payload is the argument after the name: read it too, to prefill a test submit.
      if (typeof r.argument === 'number')
        need.positional = Math.max(need.positional, r.argument + (r.role === 'submit' ? 2 : 1));
      else need.keywords = true;
      if (all) need.keywords = true;
    }
    out.set(method, need);
  }
  needs.set(table, out);
  return out;
}

/** Which calls can matter for `table`, and which of their arguments: a known method name, or any method on a receiver bound to a magic class. */
export function shapeFilter(table: CallTable): ShapeFilter {
  const byMethod = argNeeds(table);
  return (bindings) => {
    const bound = boundReceivers({ bindings }, table);
    return (method, receiver) =>
      byMethod.get(normMethod(method, table.ignoreCase)) ??
      (receiver !== undefined && bound.has(normReceiver(receiver)) ? NO_ARGS : undefined);
  };
}

const boundCache = new WeakMap<Binding[], { table: CallTable; bound: Map<string, MagicMethodRule> }>();

/** Receivers bound to a magic class, per bindings array (an open document passes the same array while its bindings stay). */
function boundReceivers(ex: Pick<Extraction, 'bindings'>, table: CallTable): Map<string, MagicMethodRule> {
  const cached = boundCache.get(ex.bindings);
  if (cached?.table === table) return cached.bound;
  const out = new Map<string, MagicMethodRule>();
  if (table.magic.length) {
    for (const b of ex.bindings) {
      const cls = normMethod(b.className, false);
      const rule = table.magic.find((r) => r.className === cls);
      if (rule) out.set(normReceiver(b.receiver), rule);
    }
  }
  boundCache.set(ex.bindings, { table, bound: out });
  return out;
}

/** Longest payload literal carried to the editor (a test submit is prefilled with it). */
const MAX_PAYLOAD_LITERAL = 4096;

/** The literal text of the positional argument after the name, when the name is positional and that argument is a string. */
function payloadAfter(args: CallShape['args'], argument: number | string): string | undefined {
  if (typeof argument !== 'number') return undefined;
  const next = args.filter((a) => a.key === undefined)[argument + 1]?.str?.value;
  return next !== undefined && next.length <= MAX_PAYLOAD_LITERAL ? next : undefined;
}

function ownArgs(shape: CallShape, spec: ArgumentSpec) {
  if (spec.end === undefined) return shape.args;
  const stop = shape.args.findIndex((a) => a.key === undefined && a.str?.value === spec.end);
  return stop < 0 ? shape.args : shape.args.slice(0, stop);
}

type Picked = { str: StringValue; ref?: undefined } | { str?: undefined; ref: ConstRef };

function picked(a: CallShape['args'][number] | undefined): Picked[] {
  if (a?.str) return [{ str: a.str }];
  return a?.ref ? [{ ref: a.ref }] : [];
}

function pick(args: CallShape['args'], argument: number | string, spec: ArgumentSpec): Picked[] {
  if (typeof argument === 'number') return picked(args.filter((a) => a.key === undefined)[argument]);
  if (spec.style !== 'flag') return picked(args.find((a) => a.key === argument));
  // Flags repeat (`gearman -f a -f b`); a short flag may be glued to its value (`-fNAME`), a long
  // one written with `=` is its own flag in the table (`--drop-function=`).
  const out: Picked[] = [];
  const glued = argument.length === 2 || argument.endsWith('=');
  args.forEach((a, i) => {
    const v = a.str?.value;
    if (v === argument && !argument.endsWith('=')) {
      const next = args[i + 1]?.str;
      if (next) out.push({ str: next });
    } else if (
      glued &&
      v !== undefined &&
      a.str &&
      v.startsWith(argument) &&
      v.length > argument.length &&
      a.str.endIndex - a.str.startIndex === v.length
    ) {
      const n = argument.length;
      const s = a.str;
      out.push({
        str: {
          value: v.slice(n),
          startIndex: s.startIndex + n,
          endIndex: s.endIndex,
          range: { start: { line: s.range.start.line, character: s.range.start.character + n }, end: s.range.end },
        },
      });
    }
  });
  return out;
}
