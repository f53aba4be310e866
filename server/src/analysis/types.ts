// Plain data shared by the call-site extraction: what comes in (documents, patterns) and what
// goes out (sites, name slots). No behaviour here.

import type { Position, Range } from '../textRange';

export type { Position, Range };

/** What a call does with the function name. */
export type Role = 'submit' | 'register' | 'other';

/** One place a Gearman function name appears: a string literal, a constant holding one, or (Net_Gearman magic calls) a method name. */
export interface CallSite {
  /** The name as written in code (unquoted, escapes decoded), before any prefix. */
  name: string;
  /** `prefix + name`: the name as it goes on the wire. Equals `name` when no prefix applies. */
  wireName: string;
  role: Role;
  /** The name inside the quotes. */
  range: Range;
  /** The method/function called, as matched: `doBackground`, `Gearman::Task.new`, `gearman -f`. */
  call: string;
  library?: string;
  /** Set when the name is the value of a constant: the diagnostic sits on the use, a fix edits the definition. */
  via?: { name: string; definedAt: Range };
  /** For a submit whose payload argument (the one after the name) is a string literal: its text, to prefill a test submit. */
  payload?: string;
}

/** A name-argument position under the cursor, for completion; the string may be empty or unterminated. */
export interface NameSlot {
  role: Role;
  /** Text between the opening quote and the cursor. */
  partial: string;
  /** The whole name range (opening quote to closing quote, or to the end of the token when unterminated). */
  range: Range;
  call: string;
  library?: string;
  /** Prefix that applies to names typed here (pattern prefix, else the global prefix, else ''). */
  prefix: string;
}

/** A call pattern, in the form of the built-in tables (server/queries/<language>.json `calls`). */
export interface CallPattern {
  /** Language name as in server/queries (`php`, `python`, `javascript`, ...) or an LSP language id. */
  language: string;
  /** Method or function name; `Receiver.method` / `Receiver->method` / `Receiver::method` pins the receiver. */
  call: string;
  /** 0-based position of the name argument (receiver not counted), or a keyword (`task`, `name`, `-f`). */
  argument: number | string;
  role: Role;
  /** Prepended to names found through this pattern (overrides the global prefix). */
  prefix?: string;
  library?: string;
}

/** An LSP-style content change: a range edit, or a whole-text replacement when `range` is absent. */
export interface ContentChange {
  range?: Range;
  text: string;
}

/** Where the analysis finds its files at run time. */
export interface AnalysisPaths {
  /** Folder holding tree-sitter-<grammar>.wasm files (dist/wasm in the bundle). */
  grammarDir: string;
  /** Path of the web-tree-sitter runtime wasm (dist/wasm/web-tree-sitter.wasm in the bundle). */
  runtimeWasm: string;
  /** Folder holding <language>.json and <language>.scm (dist/queries in the bundle). */
  queriesDir: string;
}
