// Loads the web-tree-sitter runtime and the grammars lazily, once per process, from configurable
// folders (the bundle ships them in dist/wasm/, tests use node_modules).
import { join } from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import type { LanguageSpec } from './languageSpec';

let runtime: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

/** Starts the runtime once; later calls reuse it (the wasm module is process-wide). */
export function initRuntime(runtimeWasm: string): Promise<void> {
  runtime ??= Parser.init({
    // The runtime asks for "tree-sitter.wasm" next to its script; in the bundle it sits elsewhere.
    locateFile: (file: string) => (file.endsWith('.wasm') ? runtimeWasm : file),
  }).catch((err: unknown) => {
    runtime = undefined;
    throw new Error(`Could not start the tree-sitter runtime from ${runtimeWasm}: ${(err as Error).message}`);
  });
  return runtime;
}

/** Loads one grammar once per process. */
export function loadGrammar(path: string): Promise<Language> {
  let p = languages.get(path);
  if (!p) {
    p = Language.load(path).catch((err: unknown) => {
      languages.delete(path);
      throw new Error(`Could not load the tree-sitter grammar ${path}: ${(err as Error).message}`);
    });
    languages.set(path, p);
  }
  return p;
}

/** A parser and the compiled call-site query of one language, kept for the analyzer's lifetime. */
export interface LoadedLanguage {
  parser: Parser;
  query: Query;
}

/** Loads runtime, grammar and query for `spec`. */
export async function loadLanguage(
  spec: LanguageSpec,
  grammarDir: string,
  runtimeWasm: string,
): Promise<LoadedLanguage> {
  if (!spec.grammar || spec.query === undefined) throw new Error(`Language ${spec.name} has no tree-sitter grammar`);
  await initRuntime(runtimeWasm);
  const language = await loadGrammar(join(grammarDir, spec.grammar));
  let query: Query;
  try {
    query = new Query(language, spec.query);
  } catch (err) {
    throw new Error(`The Gearman call-site query for ${spec.name} does not compile: ${(err as Error).message}`);
  }
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, query };
}
