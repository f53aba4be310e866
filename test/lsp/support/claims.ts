// Helpers of the README-claim tests over stdio: commands, job events and results, and what
// gearmand itself lists (asked over its admin port, independent of the language server).
import { readFileSync, readdirSync } from 'node:fs';
import { ExecuteCommandRequest } from 'vscode-languageserver-protocol';
import { AdminClient } from '../../../server/src/gearman/admin';
import { jobEvents, type JobEvent } from '../../../server/src/protocol';
import type { LspSession } from './lspClient';

/** Base64 of a string. */
export const b64 = (s: string) => Buffer.from(s).toString('base64');
/** UTF-8 text of base64 bytes. */
export const text = (d: string | undefined) => Buffer.from(d ?? '', 'base64').toString('utf8');
/** Runs a workspace/executeCommand with one argument. */
export const exec = <T>(lsp: LspSession, command: string, arg: unknown) =>
  lsp.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: [arg] }) as Promise<T>;
/** Every job event of JOB_ID received so far, in order. */
export const eventsOf = (lsp: LspSession, jobId: string): JobEvent[] =>
  lsp
    .received(jobEvents)
    .flatMap((b) => b.events)
    .filter((e) => e.jobId === jobId);
/** The result bytes (base64) a job's last event carries. */
export const resultOf = (lsp: LspSession, jobId: string) => eventsOf(lsp, jobId).at(-1)?.data;

/** Workers gearmand lists for FN now. */
export async function workersFor(port: number, fn: string): Promise<number> {
  const admin = new AdminClient({ host: '127.0.0.1', port });
  try {
    return (await admin.status()).find((r) => r.name === fn)?.workers ?? 0;
  } finally {
    admin.close();
  }
}

/** Polls gearmand's own admin status until `check` holds for FN's worker count. */
export async function untilWorkers(
  port: number,
  fn: string,
  check: (n: number) => boolean,
  what: string,
): Promise<void> {
  const end = Date.now() + 20_000;
  let n = await workersFor(port, fn);
  while (!check(n)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: gearmand lists ${n} workers for ${fn}`);
    await new Promise((r) => setTimeout(r, 50));
    n = await workersFor(port, fn);
  }
}

/** PIDs of processes whose command line is exactly ARGS (Linux /proc). */
export function processesRunning(args: string[]): number[] {
  const want = `${args.join('\0')}\0`;
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'latin1') === want) pids.push(Number(p));
    } catch {
      /* the process ended while we looked */
    }
  }
  return pids;
}
