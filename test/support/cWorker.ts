// The libgearman C worker of test/support/c/events_worker.c: compiled on first use into a
// gitignored folder with the system C compiler, started against a gearmand, and awaited until
// gearmand lists it. It is the other side of the wire written by someone else (libgearman),
// so a packet the project's client and worker both get wrong the same way shows up.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AdminClient } from '../../server/src/gearman/admin';

const SOURCE = resolve(__dirname, 'c/events_worker.c');
/** Where the compiled worker goes (gitignored). */
export const C_OUT = resolve(__dirname, 'c/out');
/** The functions events_worker.c registers. */
export const C_FUNCTIONS = ['c_events', 'c_exception', 'c_fail'] as const;

/** Options of buildEventsWorker (the tests of its error messages change them). */
export interface BuildOptions {
  /** The compiler to run (default `cc`). */
  cc?: string;
  /** Extra compiler flags, before the source. */
  cflags?: string[];
  /** Output folder (default C_OUT). */
  outDir?: string;
}

/**
 * Compiles events_worker.c (again only when the source is newer) and returns the binary's path.
 * A missing compiler or libgearman header fails with a message that names it and the package.
 */
export function buildEventsWorker(opts: BuildOptions = {}): string {
  const outDir = opts.outDir ?? C_OUT;
  const bin = join(outDir, 'events_worker');
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(SOURCE).mtimeMs) return bin;
  mkdirSync(outDir, { recursive: true });
  const cc = opts.cc ?? 'cc';
  const r = spawnSync(
    cc,
    ['-O2', '-Wall', '-Wextra', '-Werror', ...(opts.cflags ?? []), '-o', bin, SOURCE, '-lgearman'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      `The C compiler "${cc}" is not installed, so the libgearman test worker cannot be built: apt-get install gcc libc6-dev (scripts/setup.sh does)`,
    );
  }
  if (r.status !== 0) {
    const out = `${r.stdout}${r.stderr}`;
    if (/libgearman[^\s]*\/gearman\.h/.test(out) && /No such file/.test(out)) {
      throw new Error(
        'The libgearman header <libgearman/gearman.h> is missing, so the libgearman test worker cannot be built: apt-get install libgearman-dev (scripts/setup.sh does)',
      );
    }
    if (/cannot find -lgearman/.test(out)) {
      throw new Error(
        'The linker cannot find libgearman (-lgearman), so the libgearman test worker cannot be built: apt-get install libgearman-dev (scripts/setup.sh does)',
      );
    }
    throw new Error(`cc could not build ${SOURCE} (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return bin;
}

/** A running events_worker process. */
export interface CWorker {
  process: ChildProcess;
  /** What the worker wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts events_worker against HOST:PORT and resolves once gearmand lists a worker for each
 * of its functions (libgearman registers only when it first asks for work).
 */
export async function startEventsWorker(
  port: number,
  opts: { host?: string; clientId?: string; timeoutMs?: number } = {},
): Promise<CWorker> {
  const host = opts.host ?? '127.0.0.1';
  const bin = buildEventsWorker();
  const proc = spawn(bin, [host, String(port), ...(opts.clientId !== undefined ? [opts.clientId] : [])], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const worker: CWorker = {
    process: proc,
    stderr: () => err,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
  const admin = new AdminClient({ host, port });
  try {
    const end = Date.now() + (opts.timeoutMs ?? 15_000);
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`events_worker exited at start: ${err || `code ${proc.exitCode ?? proc.signalCode}`}`);
      const rows = await admin.status();
      if (C_FUNCTIONS.every((f) => (rows.find((r) => r.name === f)?.workers ?? 0) > 0)) return worker;
      if (Date.now() > end)
        throw new Error(
          `gearmand at ${host}:${port} does not list events_worker's functions; stderr: ${err || '(none)'}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (e) {
    await worker.stop();
    throw e;
  } finally {
    admin.close();
  }
}
