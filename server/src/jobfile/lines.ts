// Line splitting with offsets, shared by the parser and the features.
import type { Range } from './types';

/** One line of the document, without its line break. */
export interface Line {
  /** 0-based line number. */
  number: number;
  text: string;
}

/** Splits text into lines the way LSP counts them: `\r\n`, `\n` and a lone `\r` all end a line. */
export function splitLines(text: string): Line[] {
  return text.split(/\r\n|\r|\n/).map((t, number) => ({ number, text: t }));
}

/** A range on one line from character `start` to `end`. */
export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The range of a line's text without leading and trailing blanks. */
export function trimmedRange(line: Line): Range {
  const start = line.text.length - line.text.trimStart().length;
  return lineRange(line.number, start, line.text.trimEnd().length);
}

/** True for a `###` block separator line. */
export function isSeparator(text: string): boolean {
  return text.startsWith('###');
}

/** True for a `#` or `//` comment line (outside the body). */
export function isComment(text: string): boolean {
  return /^\s*(#|\/\/)/.test(text);
}

/** True for an empty or whitespace-only line. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}
