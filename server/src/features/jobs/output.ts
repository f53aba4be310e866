// What jobs sent (WORK_DATA, warnings, the result), kept on disk rather than in memory so a
// flood or a large result costs the server neither RSS nor the editor a copy. Per job, data and
// warnings together keep at most gearman.jobs.maxOutputMiB, and the result as much again on its
// own (a flood of data must not crowd out the answer); what is over is counted, never kept
// silently. The folder holds at most DISK_JOBS jobs' worth: older jobs' files go first.
// "Save all" writes from here. Files live in one temp folder per server process, removed at exit.
import { mkdtempSync, rmSync } from 'node:fs';
import { appendFile, copyFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { safeFileName } from '../../text/inert';

/** The kinds of output a job has. */
export type OutputPart = 'data' | 'warnings' | 'result';

interface Part {
  file: string;
  kept: number;
  dropped: number;
  /** Bytes waiting for the write in flight to finish; written together in one append. */
  queue: Buffer[];
  /** The write in flight (and those before it), so the file holds the bytes in arrival order. */
  writes: Promise<void>;
  writing: boolean;
  /** Its file was removed to make room: nothing more is kept, and saving it says why. */
  removed: boolean;
}

/** Jobs whose output is kept; the oldest job's files go first. */
const MAX_JOBS = 200;
/** Bytes on disk over all jobs, in units of gearman.jobs.maxOutputMiB. */
export const DISK_JOBS = 4;

/** Per-job output files under one temp folder. */
export class JobOutputs {
  private dir: string | undefined;
  private readonly jobs = new Map<string, Map<OutputPart, Part>>();
  private files = 0;
  private onDisk = 0;
  private readonly onExit = () => this.dispose();

  constructor(private readonly maxBytes: () => number) {
    process.once('exit', this.onExit);
  }

  /** Appends bytes to a job's output; returns how many of them were kept (0 once over the bound). */
  append(jobId: string, part: OutputPart, bytes: Buffer): number {
    const p = this.part(jobId, part);
    const used = part === 'result' ? p.kept : this.kept(jobId, 'data') + this.kept(jobId, 'warnings');
    const keep = p.removed ? 0 : Math.max(0, Math.min(bytes.length, this.maxBytes() - used));
    p.dropped += bytes.length - keep;
    if (keep === 0) return 0;
    p.kept += keep;
    this.onDisk += keep;
    p.queue.push(keep === bytes.length ? bytes : bytes.subarray(0, keep));
    if (!p.writing) {
      p.writing = true;
      p.writes = p.writes.then(() => this.drain(p));
    }
    this.makeRoom(jobId);
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
    if (!p)
      throw new Error(
        `No ${part} is kept for job ${jobId}: it sent none, or it is older than the last ${MAX_JOBS} jobs.`,
      );
    if (p.removed)
      throw new Error(
        `The ${part} of job ${jobId} was removed to make room for newer jobs' output (at most ${DISK_JOBS} × gearman.jobs.maxOutputMiB is kept on disk).`,
      );
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
    this.onDisk = 0;
  }

  /** Writes what is queued, one append per round: a flood of small chunks costs few system calls. */
  private async drain(p: Part): Promise<void> {
    while (p.queue.length) {
      const bytes = p.queue.length === 1 ? p.queue[0] : Buffer.concat(p.queue);
      p.queue = [];
      try {
        await appendFile(p.file, bytes);
      } catch {
        p.kept -= bytes.length;
        p.dropped += bytes.length;
        if (!p.removed) this.onDisk -= bytes.length;
      }
    }
    p.writing = false;
  }

  private kept(jobId: string, part: OutputPart): number {
    return this.jobs.get(jobId)?.get(part)?.kept ?? 0;
  }

  private part(jobId: string, part: OutputPart): Part {
    let job = this.jobs.get(jobId);
    if (!job) {
      job = new Map();
      this.jobs.set(jobId, job);
      while (this.jobs.size > MAX_JOBS) {
        const oldest = this.jobs.keys().next().value as string;
        this.remove(oldest);
        this.jobs.delete(oldest);
      }
    }
    let p = job.get(part);
    if (!p) {
      this.dir ??= mkdtempSync(join(tmpdir(), 'gearman-jobs-'));
      p = {
        file: join(this.dir, `${++this.files}-${safeFileName(jobId)}.${part}`),
        kept: 0,
        dropped: 0,
        queue: [],
        writes: Promise.resolve(),
        writing: false,
        removed: false,
      };
      job.set(part, p);
    }
    return p;
  }

  /** Removes the oldest other jobs' files while the folder holds more than DISK_JOBS jobs' worth. */
  private makeRoom(current: string): void {
    const limit = DISK_JOBS * this.maxBytes();
    for (const id of this.jobs.keys()) {
      if (this.onDisk <= limit) return;
      if (id !== current) this.remove(id);
    }
  }

  /** Deletes a job's files; the job stays known (as removed) so it keeps nothing more and says why. */
  private remove(jobId: string): void {
    for (const p of this.jobs.get(jobId)?.values() ?? []) {
      if (p.removed) continue;
      p.removed = true;
      this.onDisk -= p.kept;
      p.queue = [];
      void p.writes.then(() => rmSync(p.file, { force: true }));
    }
  }
}
