// Loads the per-language data files from server/queries/: <name>.json (ids, extensions, call
// table, string and argument node types) and, for tree-sitter languages, <name>.scm.
// Adding a language is adding those files; nothing here names a language.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, extname, basename } from 'node:path';
import type { Role } from './types';

/** One row of a call table; `call` may list several names sharing the rest. */
export interface TableRow {
  call: string | string[];
  argument: number | string;
  role: Role;
  library?: string;
  /** Row applies only when an argument with exactly this text is present (e.g. `gearman -w`). */
  ifArgument?: string;
  /** Row applies only when no argument has exactly this text. */
  unlessArgument?: string;
  /** Row applies only to method calls (`$x->do(...)`), never to a plain function of that name (Perl's `do FILE`). */
  methodOnly?: boolean;
}

/** Calls whose method name IS the function name, on receivers bound to `className` (Net_Gearman `__call`). */
export interface MagicMethodRule {
  className: string;
  role: Role;
  library?: string;
  /** Real methods of the class, never function names. */
  except: string[];
}

/** How string literals look in a grammar. */
export interface StringSpec {
  /** Node types that are string literals. */
  types: string[];
  /** Named children allowed inside a static string; any other named child makes it dynamic. */
  parts: string[];
  /** String types with no quotes at all (shell words). */
  bare?: string[];
}

/** How arguments look in a grammar. */
export interface ArgumentSpec {
  /** Only children with this field name are arguments (bash `argument`); default: all named children. */
  field?: string;
  /** Nodes wrapping one argument (PHP/C# `argument`): the value is their first named child. */
  wrappers?: string[];
  /** Keyword-argument nodes: `key` is the field holding the keyword, `value` the field holding the value (default: last named child). */
  keywords?: { type: string; key: string; value?: string }[];
  /** `named`: keywords are keyword arguments; `flag`: a keyword is a flag followed by its value (`-f NAME`, `-fNAME`). */
  style?: 'named' | 'flag';
  /** Arguments after this literal are not the call's own (`gearman ... -- cmd -f x`). */
  end?: string;
}

/** How a node naming a possible constant is read: its own text, or a qualifier and a name (fields, else first and last named child). */
export interface ConstRefSpec {
  type: string;
  qualified?: boolean;
  qualifierField?: string;
  nameField?: string;
}

/** How constants look in a grammar (definitions themselves are `@const.name`/`@const.value` query captures). */
export interface ConstantSpec {
  /** Argument nodes that may name a constant. */
  refs: ConstRefSpec[];
  /** Nodes (with a `name` field) that scope the constants inside them: classes, interfaces, modules. */
  scopes?: string[];
  /** Qualifiers meaning "the class around this code" (`self`, `static`). */
  self?: string[];
  /** Unqualified names also see the constants of the classes around the use (Java, C#, Ruby; not PHP). */
  members?: boolean;
  /** Value nodes holding raw source text rather than a string node (C macro bodies). */
  raw?: string[];
}

/** Everything known about one language, as loaded from its data files. */
export interface LanguageSpec {
  name: string;
  languageIds: string[];
  extensions: string[];
  /** Grammar wasm file name, for tree-sitter languages. */
  grammar?: string;
  /** Hand-written scanner name, for languages without a grammar (see scanners/). */
  scanner?: string;
  /** Query source text (tree-sitter languages). */
  query?: string;
  strings: StringSpec;
  arguments: ArgumentSpec;
  calls: TableRow[];
  magicMethods: MagicMethodRule[];
  /** Method names are case-insensitive (PHP). */
  ignoreCase: boolean;
  /** Same-file constants, when the language has them (absent: a name passed through a constant stays silent). */
  constants?: ConstantSpec;
}

interface SpecFile extends Partial<Omit<LanguageSpec, 'name' | 'query'>> {
  /** Query file name, default `<name>.scm`. */
  query?: string;
  /** Other languages whose call table and magic rules this one reuses. */
  include?: string[];
}

/** Reads every <name>.json in `queriesDir` (with its .scm); throws a readable error on a malformed file. */
export function loadLanguageSpecs(queriesDir: string): Map<string, LanguageSpec> {
  const files = new Map<string, SpecFile>();
  for (const file of readdirSync(queriesDir)) {
    if (extname(file) !== '.json') continue;
    const name = basename(file, '.json');
    try {
      files.set(name, JSON.parse(readFileSync(join(queriesDir, file), 'utf8')) as SpecFile);
    } catch (err) {
      throw new Error(`Gearman call-site table ${join(queriesDir, file)} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const specs = new Map<string, LanguageSpec>();
  for (const [name, f] of files) {
    const included = (f.include ?? []).map((n) => {
      const other = files.get(n);
      if (!other) throw new Error(`Gearman call-site table ${name}.json includes unknown language "${n}"`);
      return other;
    });
    let query: string | undefined;
    if (f.grammar) {
      const queryPath = join(queriesDir, f.query ?? `${name}.scm`);
      if (!existsSync(queryPath))
        throw new Error(`Gearman call-site query ${queryPath} is missing (needed by ${name}.json)`);
      query = readFileSync(queryPath, 'utf8');
    }
    specs.set(name, {
      name,
      languageIds: f.languageIds ?? [name],
      extensions: f.extensions ?? [],
      grammar: f.grammar,
      scanner: f.scanner,
      query,
      strings: f.strings ?? { types: [], parts: [] },
      arguments: f.arguments ?? {},
      calls: [...included.flatMap((o) => o.calls ?? []), ...(f.calls ?? [])],
      magicMethods: [...included.flatMap((o) => o.magicMethods ?? []), ...(f.magicMethods ?? [])],
      ignoreCase: f.ignoreCase ?? false,
      ...(f.constants ? { constants: f.constants } : {}),
    });
  }
  return specs;
}
