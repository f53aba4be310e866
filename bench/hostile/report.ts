// The "Hostile input" section of bench/RESULTS.md, from the measured figures only.

type Row = Record<string, number | string>;
/** What run.ts measured. */
export interface Figures {
  flood: { floor: Row; after: Row; before: Row };
  big: { floor: Row; afterRaised: Row; afterDefault: Row; before: Row };
  fold: { afterParse: Row; after: Row; beforeParse: Row; before: Row; unbatchedParse: Row; unbatched: Row };
}

const n = (x: number | string | undefined, digits = 0) =>
  typeof x === 'number'
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : String(x ?? '—');
const s = (ms: number | string | undefined) =>
  typeof ms === 'number' ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : '—';
const mib = (x: number | string | undefined) => (typeof x === 'number' ? `${n(x, x < 10 ? 1 : 0)} MiB` : '—');
const ratio = (a: number | string | undefined, b: number | string | undefined) =>
  typeof a === 'number' && typeof b === 'number' && b > 0 ? `${(a / b).toFixed(1)}x` : '—';
const num = (r: Row, k: string) => r[k] as number;

/** Markdown for the section (heading added by writeSection). */
export function report(meta: Record<string, unknown>, f: Figures): string {
  const fl = f.flood;
  const bg = f.big;
  const fo = f.fold;
  return [
    `Machine: ${String(meta.cpus)}, ${String(meta.memGiB)} GiB; Node ${String(meta.node)}; gearmand ${String(meta.gearmand)}. Date: ${String(meta.date)}. Load average at the end: ${String(meta.load)}.`,
    `Command: \`npm run bench:hostile\` (bench/hostile/). Raw figures: bench/hostile/results.json. "Before" is the language server and the client's`,
    `jobState built from ${String(meta.beforeRev)} (before job events were bounded), run in the same session against the same gearmand and worker.`,
    'Each server is a fresh process over stdio; its CPU time (utime + stime) and peak RSS (VmHWM) come from /proc. The floor is the',
    "library's own client (server/src/gearman) receiving the same bytes in a process of its own, with no editor in between.",
    '',
    `### A worker floods ${n(num(meta as Row, 'floodPackets'))} WORK_DATA packets (${mib(num(fl.floor, 'bytes') / 1024 / 1024)} in all)`,
    '',
    '| | floor (library client) | before | now |',
    '|---|---|---|---|',
    `| time to the result | ${s(fl.floor.ms)} | ${s(fl.before.ms)} | ${s(fl.after.ms)} |`,
    `| language server CPU | ${s(fl.floor.cpuMs)} (client) | ${s(fl.before.serverCpuMs)} | ${s(fl.after.serverCpuMs)} (**${ratio(fl.after.serverCpuMs, fl.floor.cpuMs)}** the floor) |`,
    `| language server peak RSS | ${mib(fl.floor.peakRssMiB)} (client) | ${mib(fl.before.peakRssMiB)} | ${mib(fl.after.peakRssMiB)} (idle: ${mib(fl.after.idleRssMiB)}) |`,
    `| notifications to the editor | | ${n(fl.before.notifications)} (${mib(fl.before.notificationMiB)}) | ${n(fl.after.notifications)} (${mib(fl.after.notificationMiB)}) |`,
    '',
    `The issue measured 31 s of server CPU for this flood before the work. Now every chunk is counted and every byte is kept on disk for Save All`,
    '(the adversarial suite checks the sums), while the editor gets at most ten notifications a second.',
    '',
    `### A worker answers ${n(num(meta as Row, 'bigMiB'))} MB`,
    '',
    '| | floor (library client) | before | now, gearman.jobs.maxPacketMiB 256 | now, default (64) |',
    '|---|---|---|---|---|',
    `| outcome | complete | ${String(bg.before.outcome)} | ${String(bg.afterRaised.outcome)} | refused: ${String(bg.afterDefault.outcome).slice(0, 90)}… |`,
    `| time to the result / the error | ${s(bg.floor.ms)} | ${s(bg.before.ms)} | ${s(bg.afterRaised.ms)} | ${s(bg.afterDefault.ms)} |`,
    `| language server peak RSS | ${mib(bg.floor.peakRssMiB)} (client) | ${mib(bg.before.peakRssMiB)} | ${mib(bg.afterRaised.peakRssMiB)} (**${ratio(bg.afterRaised.peakRssMiB, bg.floor.peakRssMiB)}** the floor) | ${mib(bg.afterDefault.peakRssMiB)} |`,
    `| notifications (JSON) to the editor | | ${n(bg.before.notifications)} (${mib(bg.before.notificationMiB)}) | ${n(bg.afterRaised.notifications)} (${mib(bg.afterRaised.notificationMiB)}) | ${n(bg.afterDefault.notifications)} (${mib(bg.afterDefault.notificationMiB)}) |`,
    '',
    'The issue measured a 1.15 GB peak before. Before, the result also went to the editor twice (in the event and in the answer, not counted above:',
    'the answer is a response, not a notification); now the editor gets its first MiB once and Save / Copy / Open fetch the rest from disk.',
    '',
    '### The extension host folds the notifications',
    '',
    'A plain Node process reads the stream the server sent (recorded above, one notification per line), parses each notification and folds',
    "its events into the client's job state (client/src/jobs/jobState.ts); the floor only parses. This stands in for the extension host.",
    '',
    '| | notifications | events | parse only (floor) | parse + fold | fold / floor | chunks kept | peak RSS |',
    '|---|---|---|---|---|---|---|---|',
    `| before: first ${n(fo.before.notifications)} of the old server's stream | ${n(fo.before.notifications)} | ${n(fo.before.events)} | ${s(fo.beforeParse.ms)} | ${s(fo.before.ms)} | ${ratio(fo.before.ms, fo.beforeParse.ms)} | ${n(fo.before.chunksKept)} | ${mib(fo.before.peakRssMiB)} |`,
    `| now: the whole stream | ${n(fo.after.notifications)} | ${n(fo.after.events)} | ${s(fo.afterParse.ms)} | ${s(fo.after.ms)} | ${ratio(fo.after.ms, fo.afterParse.ms)} | ${n(fo.after.chunksKept)} | ${mib(fo.after.peakRssMiB)} |`,
    `| now, unbatched: the old server's whole stream, one chunk per event | ${n(fo.unbatched.notifications)} | ${n(fo.unbatched.events)} | ${s(fo.unbatchedParse.ms)} | ${s(fo.unbatched.ms)} | ${ratio(fo.unbatched.ms, fo.unbatchedParse.ms)} | ${n(fo.unbatched.chunksKept)} | ${mib(fo.unbatched.peakRssMiB)} |`,
    '',
    'The issue measured 80 s to fold 40,000 events before (each event copied the whole array of chunks). The last row is the',
    "client's own bound without the server's batching: every packet its own event, appended in place and trimmed.",
  ].join('\n');
}
