// The last submit of each function in this workspace (server, payload and options), so
// "Run last" repeats it in one step. Kept in workspace state, bounded in count and size.
import type * as vscode from 'vscode';
import type { JobRequest } from './jobState';

const KEY = 'gearman.lastRuns';
/** Functions remembered; the oldest is forgotten first. */
export const MAX_REMEMBERED = 50;
/** Payloads up to this many base64 characters are remembered; a larger one is not (its run is not offered again). */
export const MAX_PAYLOAD_B64 = 256 * 1024;

/** One remembered submit. */
export interface LastRun {
  request: JobRequest & { payload: string };
  /** How the server was named to the user. */
  target: string;
  at: number;
}

/** Reads and writes the remembered submits. */
export class LastRuns {
  constructor(private readonly state: vscode.Memento) {}

  /** The last submit of `fn`, if remembered. */
  get(fn: string): LastRun | undefined {
    return this.all().find((r) => r.request.function === fn);
  }

  /** The most recent submit of any function. */
  latest(): LastRun | undefined {
    return this.all()[0];
  }

  /** Remembers a submit (newest first); a payload too large to keep is not remembered. */
  async remember(request: JobRequest, target: string, at = Date.now()): Promise<void> {
    if (request.payload === undefined || request.payload.length > MAX_PAYLOAD_B64) return;
    const entry: LastRun = { request: { ...request, payload: request.payload }, target, at };
    const rest = this.all().filter((r) => r.request.function !== request.function);
    await this.state.update(KEY, [entry, ...rest].slice(0, MAX_REMEMBERED));
  }

  private all(): LastRun[] {
    const v = this.state.get<unknown>(KEY, []);
    return Array.isArray(v)
      ? (v as LastRun[]).filter(
          (r) => r && typeof r.request?.function === 'string' && typeof r.request.payload === 'string',
        )
      : [];
  }
}
