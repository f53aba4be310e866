// What jobs sent (WORK_DATA, warnings, the result), kept on disk rather than in memory so a
// flood or a large result costs the server neither RSS nor the editor a copy, up to
// gearman.jobs.maxOutputMiB per job; what is over is counted, never kept silently.
// "Save all" writes from here. Files live in one temp folder per server process, removed at exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { appendFile, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The kinds of output a job has. */
export type OutputPart = 'data' | 'warnings' | 'result';

interface Part {
  file: string;
  kept: number;
  dropped: number;
  /** Writes run one after another, so the file holds the bytes in arrival order. */
  writes: Promise<void>;
}

/** Jobs whose output is kept; the oldest job's files go first. */
const MAX_JOBS = 200;

/** Per-job output files under one temp folder. */
export class JobOutputs {
  private dir: string | undefined;
  private readonly jobs = new Map<string, Map<OutputPart, Part>>();
  private files = 0;
  private readonly onExit = () => this.dispose();

  constructor(private readonly maxBytes: () => number) {
    process.once('exit', this.onExit);
  }

  /** Appends bytes to a job's output; returns how many of them were kept (0 once over the bound). */
  append(jobId: string, part: OutputPart, bytes: Buffer): number {
    const p = this.part(jobId, part);
    const keep = Math.max(0, Math.min(bytes.length, this.maxBytes() - this.total(jobId)));
    p.dropped += bytes.length - keep;
    if (keep > 0) {
      p.kept += keep;
      const slice = keep === bytes.length ? bytes : bytes.subarray(0, keep);
      p.writes = p.writes.then(() => appendFile(p.file, slice)).catch(() => { p.dropped += keep; p.kept -= keep; });
    }
    return keep;
  }

  /** Bytes kept and dropped of one part. */
  size(jobId: string, part: OutputPart): { kept: number; dropped: number } {
    const p = this.jobs.get(jobId)?.get(part);
    return { kept: p?.kept ?? 0, dropped: p?.dropped ?? 0 };
  }

  /** Writes what was kept of a part to `path`; rejects when the job or part is unknown. */
  async save(jobId: string, part: OutputPart, path: string): Promise<{ bytes: number; dropped: number }> {
    const p = this.jobs.get(jobId)?.get(part);
    if (!p) throw new Error(`No ${part} is kept for job ${jobId}: it sent none, or it is older than the last ${MAX_JOBS} jobs.`);
    await p.writes;
    if (p.kept === 0) await writeFile(path, Buffer.alloc(0));
    else await copyFile(p.file, path);
    return { bytes: p.kept, dropped: p.dropped };
  }

  /** Removes every file. */
  dispose(): void {
    process.removeListener('exit', this.onExit);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.jobs.clear();
  }

  private total(jobId: string): number {
    let n = 0;
    for (const p of this.jobs.get(jobId)?.values() ?? []) n += p.kept;
    return n;
  }

  private part(jobId: string, part: OutputPart): Part {
    let job = this.jobs.get(jobId);
    if (!job) {
      job = new Map();
      this.jobs.set(jobId, job);
      this.prune();
    }
    let p = job.get(part);
    if (!p) {
      this.dir ??= mkdtempSync(join(tmpdir(), 'gearman-jobs-'));
      p = { file: join(this.dir, `${++this.files}-${safe(jobId)}.${part}`), kept: 0, dropped: 0, writes: Promise.resolve() };
      job.set(part, p);
    }
    return p;
  }

  private prune(): void {
    while (this.jobs.size > MAX_JOBS) {
      const [oldest, parts] = this.jobs.entries().next().value as [string, Map<OutputPart, Part>];
      this.jobs.delete(oldest);
      for (const p of parts.values()) void p.writes.then(() => rmSync(p.file, { force: true }));
    }
  }
}

function safe(jobId: string): string {
  return jobId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}
