// What benchmarks share: statistics, the machine, their section of bench/RESULTS.md (between
// their own markers, leaving the others as they are) and their raw figures in bench/results/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

// Run from the repository root (npm scripts are).
const FILE = resolve('bench', 'RESULTS.md');
const RAW_DIR = resolve('bench', 'results');

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

/** Median of a list of numbers (NaN when empty). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The 1, 5 and 15 minute load averages, rounded, for the record of a run. */
export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

/** The machine a run happened on, as recorded in the raw figures. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  gearmand: string;
}

/** Describes this machine (gearmand's version from /usr/sbin/gearmand --version). */
export function machine(): Machine {
  let gearmand = 'gearmand not found';
  try {
    gearmand = execFileSync('/usr/sbin/gearmand', ['--version']).toString().trim().split(' - ')[0];
  } catch { /* only the benchmarks that start gearmand need it, and they fail on their own without it */ }
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', cores: cpus().length, memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: `Linux ${release()}`, node: process.version, gearmand,
  };
}

/** Writes the raw figures of a run to bench/results/<name>.json; returns its path from the repository root. */
export function writeRaw(name: string, data: unknown): string {
  mkdirSync(RAW_DIR, { recursive: true });
  writeFileSync(join(RAW_DIR, `${name}.json`), `${JSON.stringify(data, null, 1)}\n`);
  return `bench/results/${name}.json`;
}
