// `gearman.watches`: functions to watch, each with the thresholds that raise a warning. Parsed
// here once per settings change; the watches feature reads the result.
import type { RawSettings } from './read';

/** One watched function, validated. */
export interface Watch {
  /** The function name on the wire. */
  function: string;
  /** A configured server id or name; undefined: every server that lists the function. */
  server?: string;
  /** Warn when more jobs than this wait. */
  queueAbove?: number;
  /** Warn when the oldest waiting job is older than this (seconds; see queue latency). */
  latencyAboveSec?: number;
  /** Warn when the function has had no worker for this long (seconds). */
  noWorkerForSec?: number;
}

const KEYS = ['function', 'server', 'queueAbove', 'latencyAboveSec', 'noWorkerForSec'];

/** Parses `gearman.watches`; an entry that cannot be used is skipped with a problem naming it. */
export function parseWatches(raw: RawSettings): { watches: Watch[]; problems: string[] } {
  const v = raw.watches;
  if (v === undefined || v === null) return { watches: [], problems: [] };
  if (!Array.isArray(v))
    return {
      watches: [],
      problems: [
        'gearman.watches must be a list of { "function": ..., "queueAbove"?, "latencyAboveSec"?, "noWorkerForSec"? } entries; it is ignored until fixed.',
      ],
    };
  const watches: Watch[] = [];
  const problems: string[] = [];
  v.forEach((e: unknown, i) => {
    const where = `gearman.watches[${i}]`;
    if (!e || typeof e !== 'object' || Array.isArray(e))
      return void problems.push(
        `${where} must be an object like { "function": "resize", "queueAbove": 100 }; it is ignored.`,
      );
    const o = e as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => !KEYS.includes(k));
    if (extra.length)
      return void problems.push(
        `${where} has unknown keys ${extra.map((k) => JSON.stringify(k)).join(', ')} (use ${KEYS.join(', ')}); it is ignored.`,
      );
    if (typeof o.function !== 'string' || o.function === '')
      return void problems.push(`${where} has no "function"; it is ignored.`);
    if (o.server !== undefined && (typeof o.server !== 'string' || o.server === ''))
      return void problems.push(`${where}: "server" must be a configured server id or name; it is ignored.`);
    const w: Watch = { function: o.function, ...(o.server !== undefined ? { server: o.server as string } : {}) };
    for (const k of ['queueAbove', 'latencyAboveSec', 'noWorkerForSec'] as const) {
      const n = o[k];
      if (n === undefined) continue;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
        return void problems.push(`${where}: "${k}" must be a number from 0; the watch is ignored.`);
      w[k] = n;
    }
    if (w.queueAbove === undefined && w.latencyAboveSec === undefined && w.noWorkerForSec === undefined) {
      return void problems.push(
        `${where} (${o.function}) sets no threshold: add "queueAbove", "latencyAboveSec" or "noWorkerForSec"; it is ignored.`,
      );
    }
    watches.push(w);
  });
  return { watches, problems };
}
