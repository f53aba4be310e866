// A job handler that runs a shell command with the payload on stdin, the way
// `gearman -w -f NAME -- cmd` does: stdout is the result, a non-zero exit is an exception.
import { spawn, type ChildProcess } from 'node:child_process';
import type { JobHandler } from '../../gearman';

/** What a finished command produced. */
export interface CommandRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
}

const running = new Set<ChildProcess>();
// A language server that exits must not leave commands running behind it.
process.once('exit', () => {
  for (const c of running) killTree(c);
});

// The shell runs the command in a process group of its own (POSIX), so killing the group also
// ends what the shell started: `sleep 60; cat` would otherwise outlive a killed shell.
const OWN_GROUP = process.platform !== 'win32';

function killTree(child: ChildProcess): void {
  try {
    if (OWN_GROUP && child.pid !== undefined) return void process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* the group is gone already; fall through to the child */
  }
  child.kill('SIGKILL');
}

/** Runs `command` through the shell with `input` on stdin; aborting kills it. */
export function runShellCommand(
  command: string,
  input: Buffer,
  opts: { cwd?: string; signal?: AbortSignal } = {},
): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: OWN_GROUP });
    running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const onAbort = () => killTree(child);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    // A command that does not read its stdin closes the pipe early: that is not an error.
    child.stdin.on('error', () => {});
    child.once('error', (e) => {
      running.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new Error(`cannot start the command "${command}": ${e.message}`));
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
    });
    child.stdin.end(input);
  });
}

/** Message sent when commands are refused because the workspace is not trusted. */
export const UNTRUSTED_MESSAGE =
  'Gearman will not run shell commands for a local worker: this workspace is not trusted. Trust the workspace (Workspaces: Manage Workspace Trust), or serve the function in echo mode.';

/** A handler running `command` per job; stderr of a successful run is sent as a warning. */
export function commandHandler(command: string, cwd: string | undefined, trusted: () => boolean): JobHandler {
  return async (job) => {
    if (!trusted()) throw new Error(UNTRUSTED_MESSAGE);
    const r = await runShellCommand(command, job.payload, { cwd, signal: job.signal });
    if (r.code === 0) {
      if (r.stderr.length) job.warning(r.stderr);
      return r.stdout;
    }
    const why = r.code === null ? `was killed by ${r.signal ?? 'a signal'}` : `exited with code ${r.code}`;
    const stderr = r.stderr.toString('utf8').trim();
    throw new Error(`"${command}" ${why}${stderr ? `: ${stderr}` : ''}`);
  };
}
