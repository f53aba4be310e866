// Turns the job client benchmark's runs into its section of bench/RESULTS.md.
import { existsSync, readFileSync } from 'node:fs';
import { median, met, runLine, type Machine } from './results';

/** One child's JSON line (bench/c/client.c or bench/nodeClient.ts). */
export interface RunResult {
  side: 'libgearman' | 'node' | 'raw-node';
  scenario: 'rtt' | 'big';
  mode?: string;
  jobs?: number;
  inFlight?: number;
  bytes: number;
  seconds: number;
  jobsPerSec?: number;
  cpuSeconds: number;
  maxRssKiB: number;
}

/** The runs of one scenario, by client (`node`, or a libgearman mode). */
export interface ScenarioResult {
  name: string;
  kind: 'rtt' | 'big';
  jobs?: number;
  inFlight?: number;
  bytes?: number;
  runs: Record<string, RunResult[]>;
}

/** All scenarios run against one set of workers. */
export interface WorkerSet {
  label: string;
  scenarios: ScenarioResult[];
}

/** What a whole benchmark run produced (written as bench/results/jobs.json). */
export interface Report {
  settings: { size: number };
  sets: WorkerSet[];
  started: string;
  finished: string;
  machine: Machine;
  load: { start: number[]; end: number[] };
  argv: string[];
}

// Contestants that are not a libgearman mode.
const NOT_C = ['node', 'raw', 'before'];
const LABELS: Record<string, string> = {
  node: 'ours',
  raw: 'plain Node socket (reference, bench/rawNodeClient.ts)',
  before: 'ours before this change (--compare build)',
  do: 'libgearman do',
};
const who = (k: string) => LABELS[k] ?? `libgearman ${k}`;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (kib: number) => kib / 1024;

function rttRows(sc: ScenarioResult): { summary: string; detail: string[] } {
  const target = sc.inFlight === 1 ? 0.8 : 1.0;
  const cModes = Object.keys(sc.runs).filter((k) => !NOT_C.includes(k));
  const rate = (k: string) => median(sc.runs[k].map((r) => r.jobsPerSec ?? 0));
  const best = cModes.reduce((a, b) => (rate(b) > rate(a) ? b : a));
  // Paired: each round's ratio of runs made back to back, then the median of those.
  const perRound = (k: string) => sc.runs[k].map((r, i) => (r.jobsPerSec ?? 0) / (sc.runs[best][i].jobsPerSec ?? 1));
  const paired = (k: string) => median(perRound(k));
  const ratio = paired('node');
  const spread = `rounds ${Math.min(...perRound('node')).toFixed(2)} to ${Math.max(...perRound('node')).toFixed(2)}`;
  const summary = `| ${sc.name} (${fmt(sc.jobs ?? 0)} jobs) | ${fmt(rate(best))} jobs/s (${best}) | ${fmt(rate('node'))} jobs/s | ${ratio.toFixed(3)}x (${spread}) | >= ${target.toFixed(1)}x | ${met(ratio >= target)} |`;
  const detail = [...cModes, ...NOT_C]
    .filter((k) => sc.runs[k])
    .map((k) => {
      const rs = sc.runs[k];
      const rates = rs.map((r) => r.jobsPerSec ?? 0);
      const cpuUs = median(rs.map((r) => (r.cpuSeconds / (r.jobs ?? 1)) * 1e6));
      const vs = cModes.includes(k) ? '' : `${paired(k).toFixed(2)}x`;
      return `| ${sc.name} | ${who(k)} | ${fmt(rate(k))} | ${fmt(Math.min(...rates))} to ${fmt(Math.max(...rates))} | ${vs} | ${fmt(cpuUs, 1)} | ${fmt(median(rs.map((r) => mib(r.maxRssKiB))), 1)} |`;
    });
  return { summary, detail };
}

function bigRows(sc: ScenarioResult): { summary: string; detail: string[] } {
  const bytesMiB = (sc.bytes ?? 1) / 1024 / 1024;
  const secs = (k: string) => median(sc.runs[k].map((r) => r.seconds));
  const rss = (k: string) => median(sc.runs[k].map((r) => mib(r.maxRssKiB)));
  const ratio = median(sc.runs.node.map((r, i) => r.seconds / sc.runs.do[i].seconds));
  const rounds = sc.runs.node.length;
  const rssX = rss('node') / bytesMiB;
  const summary = [
    `| ${sc.name}: time | ${fmt(secs('do'), 2)} s | ${fmt(secs('node'), 2)} s | ${ratio.toFixed(3)}x (${rounds} round${rounds > 1 ? 's' : ''}) | <= 1.2x | not comparable: ${socketBuffers()} |`,
    `| ${sc.name}: client peak RSS | ${fmt(rss('do'))} MiB (${(rss('do') / bytesMiB).toFixed(2)}x payload) | ${fmt(rss('node'))} MiB (${rssX.toFixed(2)}x payload) | | <= 4x payload | ${met(rssX <= 4)} |`,
  ].join('\n');
  const detail = ['do', 'node', 'before']
    .filter((k) => sc.runs[k])
    .map((k) => {
      const rs = sc.runs[k];
      const ss = rs.map((r) => r.seconds);
      const vs = k === 'do' ? '' : `${median(rs.map((r, i) => r.seconds / sc.runs.do[i].seconds)).toFixed(2)}x`;
      return `| ${sc.name} | ${who(k)} | ${fmt(secs(k), 2)} s | ${fmt(Math.min(...ss), 2)} to ${fmt(Math.max(...ss), 2)} s | ${vs} | ${fmt(median(rs.map((r) => r.cpuSeconds)), 2)} s | ${fmt(rss(k), 1)} |`;
    });
  return { summary, detail };
}

/** libgearman's socket buffer sizes, read from its installed header, as the reason its big-payload time is not comparable. */
function socketBuffers(): string {
  const h = '/usr/include/libgearman-1.0/limits.h';
  const text = existsSync(h) ? readFileSync(h, 'utf8') : '';
  const size = (k: string) =>
    Number(new RegExp(`define GEARMAN_DEFAULT_SOCKET_${k}_SIZE (\\d+)`).exec(text)?.[1]) / 1024;
  return `libgearman sets SO_SNDBUF ${size('SEND')} KiB and SO_RCVBUF ${size('RECV')} KiB on its sockets (${h})`;
}

/** The generated Markdown of a report. */
export function renderReport(r: Report, rawFile: string): string {
  const cmd = `npm run bench${r.argv.length ? ` -- ${r.argv.join(' ')}` : ''}`;
  const minutes = (Date.parse(r.finished) - Date.parse(r.started)) / 60_000;
  const out: string[] = [
    `Command: \`${cmd}\`. Date: ${r.started} to ${r.finished} (${minutes.toFixed(0)} minutes).`,
    runLine(r.machine, r.load, rawFile),
    `Settings: \`${JSON.stringify(r.settings)}\``,
    '',
    `Round trips carry ${r.settings.size} bytes (lengths checked on return); every client connects in its untimed warm-up. ` +
      "The big payload's timed part starts before the first request on both sides, so it includes connecting.",
  ];
  for (const set of r.sets) {
    const rows = set.scenarios.map((sc) => (sc.kind === 'rtt' ? rttRows(sc) : bigRows(sc)));
    out.push(
      '',
      `### Workers: ${set.label}`,
      '',
      '| scenario | libgearman | ours | ratio (ours / libgearman, median of paired rounds) | target | met |',
      '|---|---|---|---|---|---|',
      ...rows.map((x) => x.summary),
      '',
      'Every client and mode (medians over the rounds; CPU is the client process only, timed part only):',
      '',
      '| scenario | client | median jobs/s or time | range | vs libgearman (paired) | client CPU per job (µs) or per run | peak RSS (MiB) |',
      '|---|---|---|---|---|---|---|',
      ...rows.flatMap((x) => x.detail),
    );
  }
  return out.join('\n');
}
