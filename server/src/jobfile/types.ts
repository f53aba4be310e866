// Plain data of a parsed `.gearman` job file. Positions follow LSP: 0-based lines,
// UTF-16 code-unit characters, so they can be handed to an editor as they are.

import type { Position, Range } from '../textRange';

export type { Position, Range };

/** Job priority as gearmand knows it. */
export type Priority = 'high' | 'normal' | 'low';

/** How a job is submitted, after defaults are applied. */
export interface JobOptions {
  /** A configured server name, `host:port`, or `all` (failover across all); undefined = the default choice. */
  server?: string;
  priority: Priority;
  /** True for a background job (also forced true when `epoch` is set). */
  background: boolean;
  /** Unique id (at most 64 bytes); `-` asks gearmand to use the payload as the key. */
  unique?: string;
  /** When to run, in unix seconds (SUBMIT_JOB_EPOCH). */
  epoch?: number;
  /** How many times to submit the job (1 to 10000). */
  repeat: number;
  /** Seconds to wait for a foreground result. */
  timeoutSec?: number;
}

/** One `key: value` header line as written. */
export interface Header {
  /** The key, lower-cased. */
  key: string;
  /** The value, trimmed. */
  value: string;
  keyRange: Range;
  valueRange: Range;
}

/** The payload of a block. `base64` bodies are decoded to bytes when submitted. */
export interface JobBody {
  kind: 'text' | 'json' | 'file' | 'base64';
  /** Body text as written (lines joined by `\n`); absent for `file`. */
  text?: string;
  /** The path after `@`, as written (relative to the .gearman file unless absolute). */
  path?: string;
  /** Range of the `@file` path (only for `file`). */
  pathRange?: Range;
  /** Range of the whole body; empty when there is no body. */
  range: Range;
}

/** One `SUBMIT` block of a job file. */
export interface JobBlock {
  /** From the `###` separator line (or the file start) to the end of the block's last line. */
  range: Range;
  /** Text after `###`, when there is any. */
  title?: string;
  /** Range of the `SUBMIT <name>` line (without leading/trailing blanks). */
  requestRange: Range;
  /** Function name, unquoted. */
  functionName: string;
  /** Range of the name as written (including quotes when quoted). */
  functionRange: Range;
  headers: Header[];
  options: JobOptions;
  /** Declared `content-type`, lower-cased, when there is one. */
  contentType?: string;
  body: JobBody;
}

/** Severity of a parse problem. */
export type ProblemSeverity = 'error' | 'warning' | 'information';

/** Something wrong (or doubtful) in the job file, with words a user can act on. */
export interface Problem {
  range: Range;
  severity: ProblemSeverity;
  message: string;
  /** Stable identifier, e.g. `bad-priority`, `unknown-header`. */
  code: string;
}

/** What parseJobFile returns. */
export interface ParsedJobFile {
  blocks: JobBlock[];
  problems: Problem[];
}

/** What each line of a job file is, as the parser saw it. */
export type LineRole = 'separator' | 'blank' | 'comment' | 'request' | 'header' | 'body' | 'invalid';

/** What submitting will make of a `server:` value or an `@file` path: go ahead, ask first, or refuse (with why). */
export type Verdict =
  { kind: 'ok' } | { kind: 'ask'; message: string } | { kind: 'refuse'; message: string; code: string };
