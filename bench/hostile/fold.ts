// The extension host's side of the hostile-input benchmark, in a plain Node process: reads a
// recorded stream of job notifications (one JSON line each, as the editor would receive them),
// parses each and folds its events into the client's job state. With --parse-only it only
// parses (the floor); with --as-chunks it reads a stream of the code before the bound (one
// event per packet, `data` in the event) as this tree's events of one chunk each, which is what
// this jobState would get from a server that does not batch. Built twice: against this tree's
// jobState and the one before the bound.
//   node fold.js <stream.jsonl> [max notifications] [--parse-only | --as-chunks]
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { applyJobEvent, newJobState } from '../../client/src/jobs/jobState';
import { procStats } from './proc';

type Fold = (s: unknown, e: unknown) => unknown;

async function main(): Promise<void> {
  const [file, max, flag] = process.argv.slice(2);
  const limit = max ? Number(max) : Infinity;
  const parseOnly = flag === '--parse-only';
  const asChunks = flag === '--as-chunks';
  const rss0 = process.memoryUsage().rss;
  let state: unknown = newJobState('flood', { function: 'flood', payload: '' }, 'local');
  let notifications = 0;
  let events = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (notifications >= limit) break;
    notifications++;
    const p = JSON.parse(line) as { events?: unknown[] } & Record<string, unknown>;
    // This tree batches events ({ events }); the code before the bound sent one event per notification.
    for (const e of p.events ?? [p]) {
      events++;
      const ev = e as { kind: string; data?: string };
      const one =
        asChunks && (ev.kind === 'data' || ev.kind === 'warning') && ev.data !== undefined
          ? { ...ev, data: undefined, chunks: [{ data: ev.data, size: Buffer.byteLength(ev.data, 'base64') }] }
          : e;
      if (!parseOnly) state = (applyJobEvent as unknown as Fold)(state, one);
    }
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const data = (state as { data: unknown }).data;
  const kept = Array.isArray(data) ? data.length : (data as { kept: unknown[] }).kept.length;
  process.stdout.write(
    `${JSON.stringify({
      notifications,
      events,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      chunksKept: kept,
      rssStartMiB: rss0 / 1024 / 1024,
      peakRssMiB: procStats(process.pid).peakRssMiB,
      heapUsedMiB: process.memoryUsage().heapUsed / 1024 / 1024,
    })}\n`,
  );
}

void main();
