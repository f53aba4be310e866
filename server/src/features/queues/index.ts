// Queues over time, queue latency and watches: the history of every server (registry/history.ts)
// answers the tooltip sparkline and the dashboard; `show jobs` read while someone needs latency
// (a dashboard open, a latency watch, a tooltip) gives the oldest job's age; watches raise one
// notification per episode and log it.
import type { Feature, ServerContext } from '../../context';
import { AdminClient } from '../../gearman';
import { activeWatchAlerts, dashboard, queueHistory, watchAlert, type DashboardData } from '../../protocol';
import { QueueHistory, SLOTS } from '../../registry/history';
import type { ServerSnapshot } from '../../registry/types';
import { readJobs } from '../admin/readJobs';
import { LatencyTracker } from './latency';
import { WatchEvaluator } from './watches';

/** Latency is read for a server this long after someone last asked for it. */
const INTEREST_MS = 60_000;
/** Functions charted on a dashboard. */
const TOP = 8;

/** Registers the queue history, latency and watches. */
export const queuesFeature: Feature = (ctx) => {
  const history = new QueueHistory(ctx.registry, ctx.settings().registry.refreshMs);
  const latency = new Latencies(ctx);
  const watches = new WatchEvaluator();
  ctx.queueLatency = (serverId, fn) => {
    latency.want(serverId);
    return latency.get(serverId, fn);
  };
  const check = () => {
    const { raised, cleared } = watches.evaluate(
      ctx.settings().watches,
      ctx.registry.snapshots(),
      (id, fn) => latency.get(id, fn),
      Date.now(),
    );
    for (const a of raised) {
      ctx.log('warn', `Watch: ${a.message}`);
      void ctx.connection.sendNotification(watchAlert, { alert: a, active: true });
    }
    for (const a of cleared) {
      ctx.log(
        'info',
        `Watch: ${a.function} on ${a.serverName} recovered (${a.reason === 'queue' ? 'queue' : a.reason === 'latency' ? 'queue latency' : 'worker'} back within its threshold).`,
      );
      void ctx.connection.sendNotification(watchAlert, { alert: a, active: false });
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const configure = () => {
    const list = ctx.settings().watches;
    history.setInterval(ctx.settings().registry.refreshMs);
    ctx.setNeed('watches', list.length > 0);
    clearInterval(timer);
    // Time-based thresholds (no worker for T, latency over T) pass between polls too.
    timer = list.length ? setInterval(check, Math.min(5000, ctx.settings().registry.refreshMs)) : undefined;
    check();
  };
  ctx.onSettings(configure);
  ctx.registry.onChange((c) => {
    for (const s of c.changed) void latency.poll(s);
    check();
  });

  ctx.connection.onRequest(queueHistory, async (p) => {
    const series = history.series(p.serverId, p.function, clampRange(p.rangeSec) * 1000);
    if (p.function === undefined) return series;
    latency.want(p.serverId);
    return { ...series, latency: latency.get(p.serverId, p.function) };
  });
  // An open dashboard asks every few seconds; polling runs while it does.
  let dashboardSeen: NodeJS.Timeout | undefined;
  ctx.connection.onRequest(dashboard, async (p): Promise<DashboardData> => {
    const s = ctx.registry.snapshots().find((x) => x.id === p.serverId);
    if (!s) throw new Error(`No configured Gearman server has the id ${p.serverId}`);
    ctx.setNeed('dashboard', true);
    clearTimeout(dashboardSeen);
    dashboardSeen = setTimeout(() => ctx.setNeed('dashboard', false), 30_000);
    latency.want(s.id);
    await latency.poll(s);
    const range = clampRange(p.rangeSec) * 1000;
    const top = history.top(s.id, range, TOP).map((t) => ({ ...t, series: history.series(s.id, t.name, range) }));
    const bucket = history.series(s.id, undefined, 0).bucketMs;
    return {
      serverId: s.id,
      name: s.name,
      health: s.health,
      totals: history.series(s.id, undefined, range),
      top,
      latency: [...latency.all(s.id)].sort((a, b) => a.since - b.since),
      latencyNote: latency.note(s),
      bound: `History: the last ${Math.round((SLOTS * bucket) / 60_000)} minutes in ${bucket / 1000} s buckets (highest queue of each bucket), kept by the language server from its polls.`,
    };
  });
  ctx.connection.onRequest(activeWatchAlerts, () => watches.active());
  ctx.onShutdown(() => {
    clearInterval(timer);
    clearTimeout(dashboardSeen);
    history.dispose();
  });
};

function clampRange(sec: unknown): number {
  return typeof sec === 'number' && Number.isFinite(sec) ? Math.min(24 * 3600, Math.max(60, sec)) : 3600;
}

/** The latency trackers of the servers someone cares about, read at most once per poll interval. */
class Latencies {
  private trackers = new Map<string, LatencyTracker>();
  private wanted = new Map<string, number>();
  private reading = new Map<string, Promise<void>>();
  private lastRead = new Map<string, number>();

  constructor(private readonly ctx: ServerContext) {}

  /** Someone needs latency of a server (latency watches count by themselves, in poll). */
  want(serverId: string): void {
    this.wanted.set(serverId, Date.now());
  }

  get(serverId: string, fn: string) {
    const l = this.trackers.get(serverId)?.current().get(fn);
    return l && { ...l, ageSec: Math.round((Date.now() - l.since) / 1000) };
  }

  all(serverId: string) {
    return [...(this.trackers.get(serverId)?.current().keys() ?? [])].map((fn) => this.get(serverId, fn)!);
  }

  note(s: ServerSnapshot): string | undefined {
    if (s.kind === 'perl') return 'Perl Gearman::Server lists jobs without handles, so their age cannot be followed.';
    if (!s.actions.includes('jobs')) return 'This server does not answer "show jobs", so queue latency is not known.';
    return 'Queue latency counts from the first time this editor saw each job in "show jobs": an estimate, since a job may have waited before.';
  }

  /** Reads `show jobs` of the server when someone wants it, jobs are queued, and the last read is a poll interval old. */
  poll(s: ServerSnapshot): Promise<void> {
    const now = Date.now();
    const interest = Math.max(
      this.wanted.get(s.id) ?? 0,
      this.ctx
        .settings()
        .watches.some(
          (w) =>
            w.latencyAboveSec !== undefined && (w.server === undefined || w.server === s.id || w.server === s.name),
        )
        ? now
        : 0,
    );
    if (now - interest > INTEREST_MS || s.health !== 'up' || s.kind !== 'gearmand' || !s.actions.includes('jobs'))
      return Promise.resolve();
    if (!s.functions.some((f) => f.queued > 0)) {
      this.trackers.get(s.id)?.update({
        serverId: s.id,
        jobs: [],
        uniques: [],
        unmatchedUniques: [],
        matching: '',
        truncated: false,
        readAt: now,
      });
      return Promise.resolve();
    }
    if (now - (this.lastRead.get(s.id) ?? 0) < this.ctx.settings().registry.refreshMs)
      return this.reading.get(s.id) ?? Promise.resolve();
    if (this.reading.has(s.id)) return this.reading.get(s.id)!;
    this.lastRead.set(s.id, now);
    const read = this.read(s.id).finally(() => this.reading.delete(s.id));
    this.reading.set(s.id, read);
    return read;
  }

  private async read(serverId: string): Promise<void> {
    try {
      const target = await this.ctx.servers.resolve(serverId, { purpose: 'read' });
      const { endpoint } = target.servers[0];
      const admin = new AdminClient(endpoint, { connectTimeoutMs: 4000, commandTimeoutMs: 5000 });
      try {
        const listing = await readJobs(admin, endpoint, serverId);
        let t = this.trackers.get(serverId);
        if (!t) this.trackers.set(serverId, (t = new LatencyTracker()));
        t.update(listing);
      } finally {
        admin.close();
      }
    } catch (e) {
      this.ctx.log('debug', `Queue latency of ${serverId} not read: ${(e as Error).message}`);
    }
  }
}
