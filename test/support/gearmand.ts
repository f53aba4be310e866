// Starts a real gearmand (the C server, /usr/sbin/gearmand, or Perl Gearman::Server,
// /usr/bin/gearmand) on a free loopback port, and real `gearman -w` workers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const C_GEARMAND = '/usr/sbin/gearmand';
export const PERL_GEARMAND = '/usr/bin/gearmand';

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host);
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A running gearmand. */
export interface GearmandHandle {
  host: string;
  port: number;
  kind: 'gearmand' | 'perl';
  process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its files. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
}

/** Options for startGearmand. */
export interface StartOptions {
  kind?: 'gearmand' | 'perl';
  port?: number;
  extraArgs?: string[];
}

/** Starts gearmand on a free port and waits until it accepts connections. */
export async function startGearmand(opts: StartOptions = {}): Promise<GearmandHandle> {
  const kind = opts.kind ?? 'gearmand';
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'gearmand-'));
  const args = kind === 'gearmand'
    ? ['--port', String(port), '--listen', '127.0.0.1', '--log-file', join(dir, 'log'), '--pid-file', join(dir, 'pid'), '--threads', '1', ...(opts.extraArgs ?? [])]
    : ['--port', String(port), '--listen', '127.0.0.1', ...(opts.extraArgs ?? [])];
  const proc = spawn(kind === 'gearmand' ? C_GEARMAND : PERL_GEARMAND, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => { throw new Error(`${kind} exited at start: ${stderr}`); }),
    ]);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  const finish = async (signal: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill(signal);
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { host: '127.0.0.1', port, kind, process: proc, stop: () => finish('SIGTERM'), kill: () => finish('SIGKILL') };
}

/** A running `gearman -w -f NAME -- cmd` worker. */
export interface CliWorker {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the gearman CLI as a worker for `functions`, running `command` per job. */
export function startCliWorker(port: number, functions: string[], command: string[], host = '127.0.0.1'): CliWorker {
  const fargs = functions.flatMap((f) => ['-f', f]);
  const proc = spawn('gearman', ['-h', host, '-p', String(port), '-w', ...fargs, '--', ...command], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    process: proc,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
