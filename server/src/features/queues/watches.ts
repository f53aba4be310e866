// Watches: for each watched function, whether its queue, its queue latency or the time it has
// had no worker passed the threshold. An episode starts when a threshold is passed and ends
// when the function recovers (or the watch is removed); the user is told once per episode.
// Pure: the feature feeds it snapshots and latencies, and sends what it answers.
import type { ServerSnapshot } from '../../registry/types';
import type { Watch } from '../../settings';
import type { FunctionLatency } from './latency';

/** A watch that fired (or recovered) for one function on one server. */
export interface WatchAlert {
  /** Stable per server, function and threshold. */
  key: string;
  serverId: string;
  serverName: string;
  function: string;
  reason: 'queue' | 'latency' | 'noWorker';
  /** What passed which threshold, in words. */
  message: string;
}

/** Tracks the open episodes. */
export class WatchEvaluator {
  private open = new Map<string, WatchAlert>();

  /** Episodes open now. */
  active(): WatchAlert[] {
    return [...this.open.values()];
  }

  /** Checks every watch; answers the episodes that started and those that ended. */
  evaluate(
    watches: Watch[],
    servers: ServerSnapshot[],
    latency: (serverId: string, fn: string) => FunctionLatency | undefined,
    now: number,
  ): { raised: WatchAlert[]; cleared: WatchAlert[] } {
    const firing = new Map<string, WatchAlert>();
    const judged = new Set<string>();
    for (const w of watches) {
      for (const s of servers) {
        if (w.server !== undefined && w.server !== s.id && w.server !== s.name) continue;
        const prefix = `${s.id}\u0000${w.function}\u0000`;
        // A server that did not answer cannot say a function recovered: its episodes stay open.
        if (s.health !== 'up') {
          for (const k of this.open.keys()) if (k.startsWith(prefix)) judged.add(k);
          continue;
        }
        const f = s.functions.find((x) => x.name === w.function);
        const alert = (reason: WatchAlert['reason'], message: string) => {
          const key = `${prefix}${reason}`;
          firing.set(key, {
            key,
            serverId: s.id,
            serverName: s.name,
            function: w.function,
            reason,
            message: `${w.function} on ${s.name}: ${message}`,
          });
        };
        if (!f) continue;
        if (w.queueAbove !== undefined && f.queued > w.queueAbove)
          alert('queue', `${f.queued} jobs queued, more than ${w.queueAbove}.`);
        const l = latency(s.id, w.function);
        if (w.latencyAboveSec !== undefined && l && (now - l.since) / 1000 > w.latencyAboveSec) {
          alert(
            'latency',
            `the oldest queued job has waited ${Math.round((now - l.since) / 1000)} s${l.estimate ? ' or more (counted from when this editor first saw it)' : ''}, more than ${w.latencyAboveSec} s.`,
          );
        }
        const since = f.workerlessSince;
        if (
          w.noWorkerForSec !== undefined &&
          f.workers === 0 &&
          since !== undefined &&
          (now - since) / 1000 >= w.noWorkerForSec
        ) {
          alert(
            'noWorker',
            `no worker for ${Math.round((now - since) / 1000)} s${f.queued ? ` with ${f.queued} jobs queued` : ''} (threshold ${w.noWorkerForSec} s).`,
          );
        }
      }
    }
    const raised = [...firing.values()].filter((a) => !this.open.has(a.key));
    const cleared = [...this.open.values()].filter((a) => !firing.has(a.key) && !judged.has(a.key));
    for (const a of raised) this.open.set(a.key, a);
    for (const a of cleared) this.open.delete(a.key);
    return { raised, cleared };
  }
}
