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

/** One argument of a call. `str` is null when the argument is not a static string. */
export interface ArgInfo {
  /** Keyword, for keyword arguments (`task=`, `name:`), normalised without sigils. */
  key?: string;
  str: StringValue | null;
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
}

/** A name found in a name slot, after table lookup (may be empty: used for completion). */
export interface NameRef {
  str: StringValue;
  role: Role;
  call: string;
  library?: string;
  prefix?: string;
}
