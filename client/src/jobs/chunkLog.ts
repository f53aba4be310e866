// A job's WORK_DATA (or WORK_WARNING) chunks as the editor keeps them: the newest ones up to a
// bound on chunks and bytes, appended in place, and counts of everything else, so a flood costs
// a fixed amount of memory and a fixed amount of work per event, and nothing is dropped
// silently ("N more chunks not shown"; Save All fetches every byte from the server).
// Pure (no vscode import), so it is unit-tested.
import type { OutputChunk } from '../../../server/src/protocol';

/** One chunk kept for display. */
export interface KeptChunk {
  /** Its place among all chunks of its kind of the job, from 1 (chunks the server skipped count too). */
  index: number;
  /** The chunk's first bytes as the server sent them (at most 16 KiB), base64. */
  data: string;
  /** The chunk's full size in bytes. */
  size: number;
}

/** The chunks of one kind of one job: the newest kept, the others counted. */
export interface ChunkLog {
  /** Oldest first; at most `limits.chunks` of them, their previews at most `limits.bytes`. */
  kept: KeptChunk[];
  /** Preview bytes of `kept`. */
  keptBytes: number;
  /** Chunks the worker sent, kept or not. */
  total: number;
  /** Bytes the worker sent in those chunks (full sizes). */
  totalBytes: number;
  /** Chunks not kept: skipped by the server or dropped here to stay within the bound. */
  dropped: number;
  /** Full size of the dropped chunks. */
  droppedBytes: number;
}

/** How much of a log is kept. */
export interface ChunkLimits {
  chunks: number;
  bytes: number;
}

/** What a job's live state keeps of its data and of its warnings, each. */
export const LIVE_LIMITS: ChunkLimits = { chunks: 500, bytes: 2 * 1024 * 1024 };

/** An empty log. */
export function emptyLog(): ChunkLog {
  return { kept: [], keptBytes: 0, total: 0, totalBytes: 0, dropped: 0, droppedBytes: 0 };
}

const previewBytes = (b64: string) => Buffer.byteLength(b64, 'base64');
const sizeOf = (c: OutputChunk, preview: number) =>
  Number.isSafeInteger(c.size) && c.size >= preview ? c.size : preview;
const count = (n: number | undefined) => (Number.isSafeInteger(n) && (n as number) > 0 ? (n as number) : 0);

/**
 * Adds one event's chunks to the log, in place: `skipped` (and `skippedBytes`) are the chunks
 * the server did not send that came before `chunks`. Costs O(chunks in the event + chunks
 * dropped), never a copy of what is kept.
 */
export function appendChunks(
  log: ChunkLog,
  chunks: readonly OutputChunk[] | undefined,
  skipped?: number,
  skippedBytes?: number,
  limits: ChunkLimits = LIVE_LIMITS,
): void {
  const gone = count(skipped);
  const goneBytes = count(skippedBytes);
  log.total += gone;
  log.totalBytes += goneBytes;
  log.dropped += gone;
  log.droppedBytes += goneBytes;
  const list = chunks ?? [];
  // More chunks in one event than the bound: only its newest can be kept.
  const first = Math.max(0, list.length - limits.chunks);
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    const data = typeof c?.data === 'string' ? c.data : '';
    const preview = previewBytes(data);
    const size = sizeOf(c, preview);
    log.total++;
    log.totalBytes += size;
    if (i < first) {
      log.dropped++;
      log.droppedBytes += size;
      continue;
    }
    log.kept.push({ index: log.total, data, size });
    log.keptBytes += preview;
  }
  trim(log, limits);
}

/** Drops the oldest kept chunks until the log is within `limits` (one splice). */
function trim(log: ChunkLog, limits: ChunkLimits): void {
  let n = 0;
  while (n < log.kept.length && (log.kept.length - n > limits.chunks || log.keptBytes > limits.bytes)) {
    const c = log.kept[n++];
    log.keptBytes -= previewBytes(c.data);
    log.dropped++;
    log.droppedBytes += c.size;
  }
  if (n) log.kept.splice(0, n);
}

/** A copy of the log within tighter `limits` (for the history): the newest chunks, the rest counted. */
export function boundedCopy(log: ChunkLog, limits: ChunkLimits): ChunkLog {
  const copy: ChunkLog = { ...log, kept: log.kept.slice(-limits.chunks) };
  const cut = log.kept.length - copy.kept.length;
  for (const c of log.kept.slice(0, cut)) {
    copy.keptBytes -= previewBytes(c.data);
    copy.dropped++;
    copy.droppedBytes += c.size;
  }
  trim(copy, limits);
  return copy;
}

/** A log from chunks stored as plain base64 strings (history entries written before logs existed). */
export function logOf(chunks: readonly string[], limits: ChunkLimits = LIVE_LIMITS): ChunkLog {
  const log = emptyLog();
  appendChunks(
    log,
    chunks.map((data) => ({ data, size: previewBytes(data) })),
    0,
    0,
    limits,
  );
  return log;
}

/** Chunks kept whose preview is shorter than the chunk (the server cut them). */
export function isCut(c: KeptChunk): boolean {
  return previewBytes(c.data) < c.size;
}
