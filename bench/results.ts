// Writes one benchmark's section of bench/RESULTS.md, between its own markers, leaving
// the other benchmarks' sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Run from the repository root (npm scripts are).
const FILE = resolve('bench', 'RESULTS.md');

/** Replaces (or appends) the section `key` of bench/RESULTS.md. */
export function writeSection(key: string, heading: string, body: string): void {
  const start = `<!-- ${key}:start -->`;
  const end = `<!-- ${key}:end -->`;
  const block = `${start}\n${heading}\n\n${body}\n${end}`;
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmark results\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  const next = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(FILE, next);
}
