// Queues over time: a bounded history per server and function (queued, running, workers), kept
// from the polls the registry already makes. Time is cut into buckets of max(poll interval, 5 s)
// and SLOTS buckets are kept (one hour at 5 s); within a bucket queued and running keep their
// maximum and workers its minimum, so a spike or an outage between two samples is not lost.
// Bound: a function whose numbers never changed costs one small object; one that changed holds
// a ring of SLOTS × 8 bytes (Uint32 queued, Uint16 running and workers, saturating at 65,535):
// 5.6 KiB, so 10,000 busy functions take about 60 MiB (measured by bench/loadTest/historyMemory.ts).
import type { Registry } from './registry';
import type { ServerSnapshot } from './types';

/** Buckets kept per server and function. */
export const SLOTS = 720;
/** Shortest bucket. */
export const MIN_BUCKET_MS = 5000;
const U16 = 0xffff;

/** One series over time; `null` where no poll answered (server down, polling paused). */
export interface QueueSeries {
  /** Bucket start times, epoch ms. */
  t: number[];
  queued: (number | null)[];
  running: (number | null)[];
  workers: (number | null)[];
  bucketMs: number;
}

class FnHistory {
  first: number;
  last: number;
  /** The value while it never changed. */
  flat: [number, number, number] | undefined;
  queued: Uint32Array | undefined;
  rw: Uint16Array | undefined;

  constructor(b: number, q: number, r: number, w: number) {
    this.first = this.last = b;
    this.flat = [q, r, w];
  }

  write(b: number, q: number, r: number, w: number, valid: (b: number) => boolean): void {
    const same = b === this.last;
    if (this.flat) {
      const [fq, fr, fw] = this.flat;
      const nq = same ? Math.max(fq, q) : q,
        nr = same ? Math.max(fr, r) : r,
        nw = same ? Math.min(fw, w) : w;
      if (nq === fq && nr === fr && nw === fw && (same || this.last === b - 1 || !this.hasGap(b, valid))) {
        this.last = b;
        return;
      }
      this.toRing(valid);
    }
    const qs = this.queued!,
      rw = this.rw!;
    if (!same) {
      // Buckets the function was not listed in (the poll saw the server, not the function) read as zero.
      for (let x = Math.max(this.last + 1, b - SLOTS + 1); x < b; x++) {
        qs[x % SLOTS] = 0;
        rw[(x % SLOTS) * 2] = 0;
        rw[(x % SLOTS) * 2 + 1] = 0;
      }
      this.set(b, q, r, w);
    } else {
      const i = b % SLOTS;
      this.set(b, Math.max(qs[i], q), Math.max(rw[i * 2], r), Math.min(rw[i * 2 + 1], w));
    }
    this.last = b;
  }

  value(b: number): [number, number, number] | undefined {
    if (b < this.first || b > this.last) return undefined;
    if (this.flat) return this.flat;
    const i = b % SLOTS;
    return [this.queued![i], this.rw![i * 2], this.rw![i * 2 + 1]];
  }

  /** Bytes held (the typed arrays and about 100 for the object). */
  bytes(): number {
    return 100 + (this.queued ? this.queued.byteLength + this.rw!.byteLength : 0);
  }

  private hasGap(b: number, valid: (b: number) => boolean): boolean {
    for (let x = Math.max(this.last + 1, b - SLOTS + 1); x < b; x++) if (valid(x)) return true;
    return false;
  }

  private set(b: number, q: number, r: number, w: number): void {
    const i = b % SLOTS;
    this.queued![i] = q;
    this.rw![i * 2] = Math.min(U16, r);
    this.rw![i * 2 + 1] = Math.min(U16, w);
  }

  private toRing(valid: (b: number) => boolean): void {
    const [q, r, w] = this.flat!;
    this.queued = new Uint32Array(SLOTS);
    this.rw = new Uint16Array(SLOTS * 2);
    for (let x = Math.max(this.first, this.last - SLOTS + 1); x <= this.last; x++) if (valid(x)) this.set(x, q, r, w);
    this.flat = undefined;
  }
}

class ServerHistory {
  readonly bucketOf = new Float64Array(SLOTS).fill(-1);
  readonly totals = new Uint32Array(SLOTS * 3);
  readonly fns = new Map<string, FnHistory>();
  last = -1;
  readonly valid = (b: number) => this.bucketOf[b % SLOTS] === b;
}

/** The history of every configured server, fed by the registry's snapshots. */
export class QueueHistory {
  private servers = new Map<string, ServerHistory>();
  private bucketMs = MIN_BUCKET_MS;
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly stop: () => void;

  constructor(
    private readonly registry: Pick<Registry, 'onChange' | 'snapshots'>,
    refreshMs: number,
  ) {
    this.setInterval(refreshMs);
    this.stop = registry.onChange((c) => {
      for (const s of c.changed) this.observe(s);
      for (const id of c.removed) this.servers.delete(id);
    });
  }

  /** Applies a new poll interval: a different bucket size starts the history again. */
  setInterval(refreshMs: number): void {
    const b = Math.max(MIN_BUCKET_MS, refreshMs);
    if (b !== this.bucketMs) this.servers.clear();
    this.bucketMs = b;
    clearInterval(this.timer);
    // Polls that changed nothing send no event: sample every bucket from the snapshots' lastSeen.
    this.timer = setInterval(() => this.sampleAll(), this.bucketMs);
    this.timer.unref?.();
  }

  /** Records what a snapshot says now (idempotent within a bucket). */
  observe(s: ServerSnapshot): void {
    if (s.health !== 'up' || !s.lastSeen) return;
    this.seen.set(s.id, s.lastSeen);
    const b = Math.floor(s.lastSeen / this.bucketMs);
    let h = this.servers.get(s.id);
    if (!h) this.servers.set(s.id, (h = new ServerHistory()));
    if (b < h.last) return;
    const slot = b % SLOTS;
    const fresh = h.bucketOf[slot] !== b;
    h.bucketOf[slot] = b;
    let q = 0,
      r = 0;
    for (const f of s.functions) {
      q += f.queued;
      r += f.running;
      const fh = h.fns.get(f.name);
      if (!fh) h.fns.set(f.name, new FnHistory(b, f.queued, f.running, f.workers));
      else fh.write(b, f.queued, f.running, f.workers, h.valid);
    }
    const t = h.totals,
      w = s.workers.length;
    t[slot * 3] = fresh ? q : Math.max(t[slot * 3], q);
    t[slot * 3 + 1] = fresh ? r : Math.max(t[slot * 3 + 1], r);
    t[slot * 3 + 2] = fresh ? w : Math.min(t[slot * 3 + 2], w);
    h.last = b;
    if (fresh) this.prune(h, b);
  }

  /** A server's totals (function = undefined) or one function's series over the last `rangeMs`. */
  series(serverId: string, fn: string | undefined, rangeMs: number, now = Date.now()): QueueSeries {
    this.sampleAll();
    const out: QueueSeries = { t: [], queued: [], running: [], workers: [], bucketMs: this.bucketMs };
    const h = this.servers.get(serverId);
    if (!h) return out;
    const end = Math.floor(now / this.bucketMs);
    const from = Math.max(end - SLOTS + 1, end - Math.ceil(rangeMs / this.bucketMs) + 1);
    const fh = fn === undefined ? undefined : h.fns.get(fn);
    for (let b = from; b <= end; b++) {
      out.t.push(b * this.bucketMs);
      const v = !h.valid(b)
        ? undefined
        : fn === undefined
          ? [h.totals[(b % SLOTS) * 3], h.totals[(b % SLOTS) * 3 + 1], h.totals[(b % SLOTS) * 3 + 2]]
          : fh?.value(b);
      out.queued.push(v ? v[0] : null);
      out.running.push(v ? v[1] : null);
      out.workers.push(v ? v[2] : null);
    }
    return out;
  }

  /** The functions of a server with the highest queue in the last `rangeMs`, highest first. */
  top(serverId: string, rangeMs: number, n: number, now = Date.now()): { name: string; maxQueued: number }[] {
    const h = this.servers.get(serverId);
    if (!h) return [];
    const end = Math.floor(now / this.bucketMs);
    const from = Math.max(end - SLOTS + 1, end - Math.ceil(rangeMs / this.bucketMs) + 1);
    const all: { name: string; maxQueued: number }[] = [];
    for (const [name, fh] of h.fns) {
      let max = 0;
      if (fh.flat) max = fh.last >= from ? fh.flat[0] : 0;
      else
        for (let b = Math.max(from, fh.first); b <= Math.min(end, fh.last); b++)
          if (h.valid(b)) max = Math.max(max, fh.queued![b % SLOTS]);
      if (max > 0) all.push({ name, maxQueued: max });
    }
    return all.sort((a, b) => b.maxQueued - a.maxQueued || a.name.localeCompare(b.name)).slice(0, n);
  }

  /** Bytes the history holds (an estimate from its arrays; the benchmark measures the heap). */
  bytes(): number {
    let n = 0;
    for (const h of this.servers.values()) {
      n += h.bucketOf.byteLength + h.totals.byteLength;
      for (const [name, f] of h.fns) n += f.bytes() + name.length * 2;
    }
    return n;
  }

  /** Stops listening. */
  dispose(): void {
    this.stop();
    clearInterval(this.timer);
    this.servers.clear();
  }

  private sampleAll(): void {
    for (const s of this.registry.snapshots()) if (s.lastSeen && s.lastSeen !== this.seen.get(s.id)) this.observe(s);
  }

  // Functions not listed for a whole window are forgotten.
  private prune(h: ServerHistory, b: number): void {
    if (b % 12 !== 0) return;
    for (const [name, f] of h.fns) if (f.last <= b - SLOTS) h.fns.delete(name);
  }
}
