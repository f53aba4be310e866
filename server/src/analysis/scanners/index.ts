// Hand-written scanners by the name a language's data file gives in `"scanner"`.
import type { Extraction } from '../model';
import { scanPerl } from './perl';
import { scanSql } from './sql';

/** A scanner turns source text into the neutral Extraction. */
export type Scanner = (text: string) => Extraction;

/** Scanners for languages without a tree-sitter grammar, by name. */
export const scanners: ReadonlyMap<string, Scanner> = new Map([
  ['perl', scanPerl],
  ['sql', scanSql],
]);
