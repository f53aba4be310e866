// Shared helpers for the call-site tests: the analyzer over the source checkout, and the fixture
// marker scheme «r:name» (role letter s/r/o, then the expected name), stripped before parsing.
// A name reached through a constant is marked «s:value|CONSTANT»: the source keeps CONSTANT, the
// expected site is `value` on CONSTANT's range.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { CallSiteAnalyzer, sourceAnalysisPaths, type Range, type Role } from '../../../../server/src/analysis';

export const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
export const fixturesDir = join(repoRoot, 'test', 'unit', 'fixtures', 'analysis');

/** A fresh analyzer over server/queries and the grammars in node_modules. */
export function makeAnalyzer(): CallSiteAnalyzer {
  return new CallSiteAnalyzer(sourceAnalysisPaths(repoRoot));
}

/** One expected site from a fixture marker. */
export interface Expected {
  name: string;
  role: Role;
  range: Range;
}

const ROLE: Record<string, Role> = { s: 'submit', r: 'register', o: 'other' };

/** Strips «x:name» markers; returns the clean text and the expected sites in document order. */
export function parseMarkers(marked: string): { text: string; expected: Expected[] } {
  let text = '';
  const expected: Expected[] = [];
  let line = 0;
  let character = 0;
  const emit = (s: string) => {
    for (const ch of s) {
      text += ch;
      if (ch === '\n') {
        line++;
        character = 0;
      } else {
        character += ch.length;
      }
    }
  };
  const re = /«([sro]):([^»|]*)(?:\|([^»]*))?»/g;
  let last = 0;
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    emit(marked.slice(last, m.index));
    const start = { line, character };
    emit(m[3] ?? m[2]);
    expected.push({ name: m[2], role: ROLE[m[1]], range: { start, end: { line, character } } });
    last = m.index + m[0].length;
  }
  emit(marked.slice(last));
  return { text, expected };
}

/** A fixture file with markers stripped. */
export function loadFixture(file: string): { text: string; expected: Expected[] } {
  return parseMarkers(readFileSync(join(fixturesDir, file), 'utf8'));
}

/** Text with a single | cursor marker: returns the text without it and the cursor position. */
export function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const at = marked.indexOf('|');
  const before = marked.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return { text: before + marked.slice(at + 1), position: { line, character } };
}
