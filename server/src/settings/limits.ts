// The bounds on what comes in: payload files read, packets accepted, job output kept, rows kept
// per server, and how long a submit waits to be accepted. Each has a setting and a default.
import { settingAt, type RawSettings } from './read';

const MiB = 1024 * 1024;

/** Validated bounds, in bytes, milliseconds and rows. */
export interface Limits {
  /** Largest `@file` payload read from disk. */
  maxPayloadFileBytes: number;
  /** Largest packet accepted from a server on a job connection (a result, a data chunk). */
  maxPacketBytes: number;
  /** WORK_DATA, warnings and result bytes kept per job (for "save all"); the rest is counted. */
  maxOutputBytes: number;
  /** How long a submit waits for JOB_CREATED before it fails. */
  acceptTimeoutMs: number;
  /** Default time to wait for a foreground job's result (0: no limit). */
  jobTimeoutMs: number;
  /** Functions and workers kept per server from one poll; the rest are counted. */
  maxRows: number;
}

/** The defaults, as package.json declares them. */
export const DEFAULT_LIMITS: Limits = {
  maxPayloadFileBytes: 16 * MiB,
  maxPacketBytes: 64 * MiB,
  maxOutputBytes: 64 * MiB,
  acceptTimeoutMs: 10_000,
  jobTimeoutMs: 0,
  maxRows: 2000,
};

interface Spec {
  key: string;
  field: keyof Limits;
  unit: number;
  min: number;
  max: number;
  what: string;
}

const SPECS: Spec[] = [
  { key: 'jobs.maxPayloadFileMiB', field: 'maxPayloadFileBytes', unit: MiB, min: 0.001, max: 1024, what: 'MiB' },
  { key: 'jobs.maxPacketMiB', field: 'maxPacketBytes', unit: MiB, min: 1, max: 4096, what: 'MiB' },
  { key: 'jobs.maxOutputMiB', field: 'maxOutputBytes', unit: MiB, min: 0, max: 4096, what: 'MiB' },
  { key: 'jobs.acceptTimeout', field: 'acceptTimeoutMs', unit: 1000, min: 1, max: 3600, what: 'seconds' },
  { key: 'jobs.timeout', field: 'jobTimeoutMs', unit: 1000, min: 0, max: 7 * 24 * 3600, what: 'seconds (0: no limit)' },
  { key: 'explorer.maxRows', field: 'maxRows', unit: 1, min: 10, max: 1_000_000, what: 'rows' },
];

/** Reads the limits, with one problem per value out of range (its default is used). */
export function parseLimits(raw: RawSettings): { limits: Limits; problems: string[] } {
  const limits = { ...DEFAULT_LIMITS };
  const problems: string[] = [];
  for (const s of SPECS) {
    const v = settingAt(raw, s.key);
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < s.min || v > s.max) {
      problems.push(
        `gearman.${s.key} must be a number of ${s.what} from ${s.min} to ${s.max}, not ${JSON.stringify(v)}; using ${DEFAULT_LIMITS[s.field] / s.unit}.`,
      );
      continue;
    }
    limits[s.field] = Math.round(v * s.unit);
  }
  return { limits, problems };
}
