// The figures of bench/hostileAdmin/adminReplies.ts (raw: bench/results/adminReplies.json) and
// their block of bench/RESULTS.md, "Hostile input (admin replies)".
import { median, type Machine } from '../results';

/** What one server build measured. */
export interface Build {
  name: string;
  /** Peak RSS polling a 10-row server: the server's own memory. */
  floorRssMiB: number;
  /** Peak RSS polling the 1,000,000-row server. */
  hugeRssMiB: number;
  /** JSON bytes of registryChanged: the first poll, then each later poll. */
  hugeBytes: number[];
  /** Bytes of one `status` reply of the huge server. */
  replyBytes: number;
  /** JSON bytes of registryChanged per poll, 10,000 functions, one changing. */
  tenThousandBytes: number[];
}

/** Everything one run measured. */
export interface Run {
  date: string;
  machine: Machine;
  load: { start: number[]; end: number[] };
  before: string;
  rows: number;
  polls: number;
  maxRows: number;
  functions: number;
  builds: Build[];
  flood: { name: string; ms: number; peakRssMiB: number; error: string }[];
}

const n = (x: number) => x.toLocaleString('en-US');
const mib = (n: number) => `${n.toFixed(0)} MiB`;
const size = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;

/** The markdown block. */
export function render(r: Run, rawFile: string): string {
  const m = r.machine;
  const rows = r.builds.map((b) => {
    const later = b.hugeBytes.slice(1);
    return `| ${b.name} | ${mib(b.hugeRssMiB)} | ${mib(b.floorRssMiB)} | **${(b.hugeRssMiB / b.floorRssMiB).toFixed(2)}x** | ${size(b.hugeBytes[0])} | ${size(median(later))} | ${size(median(b.tenThousandBytes))} |`;
  });
  const flood = r.flood.map((f) => `| ${f.name} | ${(f.ms / 1000).toFixed(1)} s | ${mib(f.peakRssMiB)} | ${f.error} |`);
  return [
    `Command: \`npm run bench:hostile-admin\`. Date: ${r.date}. Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}; Node ${m.node}; ${m.gearmand}. Load average at the start: ${r.load.start.join(', ')}; at the end: ${r.load.end.join(', ')}. Raw figures: [${rawFile}](${rawFile.replace(/^bench\//, '')}).`,
    '',
    `The language server as it was at ${r.before} (before) and now (after), one after the other in this run, each over stdio from the benchmark` +
      ` with gearman.explorer.maxRows ${r.maxRows}. **${n(r.rows)} rows**: a fake server answering \`status\` with ${n(r.rows)} rows` +
      ` (${size(r.builds[0]?.replyBytes ?? 0)}) on every poll, one row changing per poll; peak RSS (VmHWM) after ${r.polls + 1} polls, divided by the same build polling` +
      ` a 10-row server (the floor: the server itself). **${n(r.functions)} functions**: a real gearmand, one function gets a queued job before each poll.` +
      ' Bytes are the JSON of gearman/registryChanged, which the editor receives and parses; the extension host itself is not measured.',
    '',
    `| server | peak RSS, ${n(r.rows)} rows | floor (10 rows) | ratio | registryChanged, first poll | each later poll (median) | per poll, ${n(r.functions)} functions, one changes (median) |`,
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    "A reply that does not end (70 MiB of rows, no final `.`): time from starting the server to the poll's error, peak RSS, and the error the tree shows.",
    '',
    '| server | time to the error | peak RSS | error |',
    '|---|---|---|---|',
    ...flood,
  ].join('\n');
}
