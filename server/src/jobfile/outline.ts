// Code lenses ("Submit" above each block) and the outline of a job file.
import {
  FoldingRangeKind,
  SymbolKind,
  type CodeLens,
  type DocumentSymbol,
  type FoldingRange,
} from 'vscode-languageserver';
import { isBlank, isSeparator, splitLines } from './lines';
import type { ParsedJobFile } from './types';

/** Command the "Submit" lenses run; the server's wiring implements it. */
export const SUBMIT_BLOCK_COMMAND = 'gearman.submitJobBlock';

/** Argument of `gearman.submitJobBlock`: the block holding `line` in a document, and an optional repeat override. */
export interface SubmitBlockArgs {
  uri: string;
  line: number;
  repeat?: number;
}

/** Command of the "Load Test…" lens (the client asks for the run's options, then the server runs it). */
export const LOAD_TEST_COMMAND = 'gearman.loadTest';

/** Repeat count of the second lens. */
export const LENS_REPEAT = 10;

/** Three lenses above each block's SUBMIT line: submit as written, submit ×10, and load test. */
export function codeLenses(parsed: ParsedJobFile, uri: string): CodeLens[] {
  return parsed.blocks.flatMap((block) => {
    const range = block.requestRange;
    const line = range.start.line;
    const once: SubmitBlockArgs = { uri, line };
    const many: SubmitBlockArgs = { uri, line, repeat: LENS_REPEAT };
    const written = block.options.repeat > 1 ? `▶ Submit ×${block.options.repeat}` : '▶ Submit';
    return [
      { range, command: { title: written, command: SUBMIT_BLOCK_COMMAND, arguments: [once] } },
      { range, command: { title: `Submit ×${LENS_REPEAT}`, command: SUBMIT_BLOCK_COMMAND, arguments: [many] } },
      { range, command: { title: 'Load Test…', command: LOAD_TEST_COMMAND, arguments: [once] } },
    ];
  });
}

/** One outline entry per block, named by its function, with the block's title as detail. */
export function documentSymbols(parsed: ParsedJobFile): DocumentSymbol[] {
  return parsed.blocks.map((block) => {
    const o = block.options;
    const facts = [
      o.background ? 'background' : 'foreground',
      o.priority !== 'normal' ? o.priority : '',
      o.repeat > 1 ? `×${o.repeat}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return {
      name: block.functionName,
      detail: block.title ? `${block.title} (${facts})` : facts,
      kind: SymbolKind.Function,
      range: block.range,
      selectionRange: block.functionRange,
    };
  });
}

/**
 * One folding range per `###` block, from the separator to its last non-blank line.
 * (Language-configuration markers cannot do this: a `###` line both ends one block and starts the next.)
 */
export function foldingRanges(text: string): FoldingRange[] {
  const lines = splitLines(text);
  const seps = lines.filter((l) => isSeparator(l.text)).map((l) => l.number);
  const out: FoldingRange[] = [];
  seps.forEach((start, k) => {
    let end = (seps[k + 1] ?? lines.length) - 1;
    while (end > start && isBlank(lines[end].text)) end--;
    if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Region });
  });
  return out;
}
