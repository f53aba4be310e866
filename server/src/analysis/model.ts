// The language-neutral middle of the extraction: what a tree-sitter query or a hand-written
// scanner found (calls with their arguments, direct name captures, receiver bindings), before
// the call table decides which of them are Gearman names.
import type { Range, Role } from './types';

/** A static string literal's content (between the quotes). */
export interface StringValue {
  /** Decoded value. */
  value: string;
  /** UTF-16 offsets of the content in the document. */
  startIndex: number;
  endIndex: number;
  range: Range;
}

/** Where a query match lies (the union of its captured nodes), so it can be shifted or dropped after an edit. */
export interface Span {
  startIndex: number;
  endIndex: number;
  range: Range;
}

/** A name that may stand for a constant: `RESIZE`, `self::RESIZE`, `Jobs.RESIZE`, `Jobs::RESIZE`. */
export interface ConstRef {
  /** The constant's own name (`RESIZE`). */
  name: string;
  /** What qualifies it, as written (`self`, `static`, `Jobs`); absent when unqualified. */
  qualifier?: string;
  /** Names of the classes (modules, interfaces) around the use, outermost first. */
  scope: string[];
  /** The reference as written (`self::RESIZE`), for messages. */
  text: string;
  startIndex: number;
  endIndex: number;
  range: Range;
}

/** A constant defined in the document: a static string, or another constant's name (an alias). */
export interface ConstDef {
  name: string;
  /** Names of the classes (modules, interfaces) it is defined in, outermost first; [] at file level. */
  scope: string[];
  value: StringValue | null;
  alias?: ConstRef;
  span?: Span;
}

/** One argument of a call. `str` is null when the argument is not a static string. */
export interface ArgInfo {
  /** Keyword, for keyword arguments (`task=`, `name:`), normalised without sigils. */
  key?: string;
  str: StringValue | null;
  /** Set when the argument is a name that may be a constant of the document. */
  ref?: ConstRef;
}

/** A call of any method or function, with its arguments. */
export interface CallShape {
  /** Called name, as written (the engine normalises qualifiers away). */
  method: string;
  /** The method name itself, for calls whose method name is the function name. */
  methodName: StringValue;
  receiver?: string;
  args: ArgInfo[];
  /** Set by the tree-sitter extraction (not by scanners). */
  span?: Span;
}

/** A name captured directly by a query pattern (e.g. `submit_multiple_jobs([dict(task='x')])`). */
export interface DirectRef {
  str: StringValue;
  role: Role;
  call: string;
  library?: string;
  span?: Span;
}

/** `receiver` holds an instance of `className` somewhere in the document. */
export interface Binding {
  receiver: string;
  className: string;
  span?: Span;
}

/** What one document yielded before table lookup. */
export interface Extraction {
  shapes: CallShape[];
  direct: DirectRef[];
  bindings: Binding[];
  constants: ConstDef[];
}

/** An empty extraction. */
export function emptyExtraction(): Extraction {
  return { shapes: [], direct: [], bindings: [], constants: [] };
}

/** How a name reached its call through a constant. */
export interface ConstantUse {
  /** The constant as written at the call (`self::RESIZE`). */
  name: string;
  /** The string literal that defines the value (what a fix edits). */
  definedAt: Range;
}

/** A name found in a name slot, after table lookup (may be empty: used for completion). */
export interface NameRef {
  /** The name; for a constant, its value placed at the constant's use. */
  str: StringValue;
  role: Role;
  call: string;
  library?: string;
  prefix?: string;
  /** Set when the name is a constant's value. */
  via?: ConstantUse;
  /** For a submit whose payload (the argument after the name) is a string literal: its text. */
  payload?: string;
}
