// Starts a real gearmand (the C server, /usr/sbin/gearmand, or Perl Gearman::Server,
// /usr/bin/gearmand) on a free loopback port, and real `gearman -w` workers; holds "dead"
// ports that refuse connections; and sends raw admin lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const C_GEARMAND = '/usr/sbin/gearmand';
export const PERL_GEARMAND = '/usr/bin/gearmand';

/** The Debian package that provides each program the tests run (scripts/setup.sh installs them). */
const PACKAGES: Record<string, string> = {
  [C_GEARMAND]: 'gearman-job-server',
  [PERL_GEARMAND]: 'gearman-server',
  gearman: 'gearman-tools',
  perl: 'perl-base',
};

/** Throws an error naming PROGRAM and its package when it is not an executable file (absolute, or on PATH). */
export function requireProgram(program: string): string {
  const candidates = program.includes('/')
    ? [program]
    : (process.env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, program));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      /* try the next one */
    }
  }
  const pkg = PACKAGES[program];
  throw new Error(
    `${program} was not found${program.includes('/') ? '' : ' on PATH'}; install${pkg ? ` the Debian package ${pkg}` : ' it'} (scripts/setup.sh does)`,
  );
}

/** Spawns PROGRAM after checking it exists, and turns a later spawn failure into an error naming it. */
function spawnProgram(
  program: string,
  args: string[],
  stdio: ('ignore' | 'pipe')[],
): { proc: ChildProcess; failed: Promise<never> } {
  requireProgram(program);
  const proc = spawn(program, args, { stdio });
  const failed = new Promise<never>((_, reject) =>
    proc.once('error', (e) => reject(new Error(`could not start ${program}: ${e.message}`))),
  );
  failed.catch(() => undefined); // observed by whoever races it; never an unhandled rejection
  return { proc, failed };
}

/** A free TCP port on 127.0.0.1 (bound, read, released): for a server the test starts on it at once. */
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

/** A port on 127.0.0.1 that refuses connections and that nothing else can take while it is held. */
export interface DeadPort {
  port: number;
  /** Releases the port. */
  close(): Promise<void>;
}

// A TCP socket bound without listen(): connections get RST (refused), and without SO_REUSEADDR no
// other socket can bind the port. Node cannot bind without listening, so a tiny Perl process holds it
// until its stdin closes (also when the test process dies).
const HOLD_PORT =
  'socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!"; bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die "bind: $!";' +
  ' my ($port) = unpack_sockaddr_in(getsockname($s)); $| = 1; print "$port\\n"; sysread(STDIN, my $x, 1);';

/** Holds a port that refuses connections, for as long as the test needs a server that is down. */
export async function deadPort(): Promise<DeadPort> {
  const { proc, failed } = spawnProgram('perl', ['-MSocket', '-e', HOLD_PORT], ['pipe', 'pipe', 'pipe']);
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const port = await Promise.race([
    new Promise<number>((resolve) => {
      let out = '';
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(Number(out.trim()));
      });
    }),
    failed,
    exited.then(() => {
      throw new Error(`perl could not hold a port: ${err.trim()}`);
    }),
  ]);
  return {
    port,
    async close() {
      proc.stdin?.end();
      if (proc.exitCode === null && proc.signalCode === null) await exited;
    },
  };
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once the port can be bound on 127.0.0.1 again (the server that had it is gone). */
export async function waitForPortFree(port: number, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
    });
    if (free) return;
    if (Date.now() > end) throw new Error(`127.0.0.1:${port} is still in use after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LIST_COMMANDS = /^(status|workers|prioritystatus|show jobs|show unique jobs)\b/;

/** Sends one admin line and resolves with the whole reply: up to the "." line for lists, else the first line. */
export function adminLine(port: number, line: string, host = '127.0.0.1', timeoutMs = 10_000): Promise<string> {
  const command = line.trim();
  const complete = LIST_COMMANDS.test(command)
    ? (s: string) => /(^|\n)\.\r?\n$/.test(s) || /^ERR[^\n]*\n$/.test(s)
    : (s: string) => s.includes('\n');
  return new Promise((resolve, reject) => {
    const s = connect(port, host, () => s.write(`${command}\r\n`));
    let out = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(
        new Error(
          `no complete admin answer to "${command}" from ${host}:${port} within ${timeoutMs} ms; got ${JSON.stringify(out)}`,
        ),
      );
    }, timeoutMs);
    s.on('data', (d: Buffer) => {
      out += d.toString();
      if (complete(out)) {
        clearTimeout(timer);
        s.destroy();
        resolve(out);
      }
    });
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
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
  /** Start on this port (waiting until it is free, e.g. after the last server on it was killed). */
  port?: number;
  extraArgs?: string[];
}

/** Starts gearmand on a free port (or opts.port) and waits until it accepts connections. */
export async function startGearmand(opts: StartOptions = {}): Promise<GearmandHandle> {
  if (opts.port !== undefined) {
    await waitForPortFree(opts.port);
    return launch(opts, opts.port);
  }
  // Another process may take the free port between its release and gearmand's bind: then try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(opts, await freePort());
    } catch (e) {
      if (attempt >= 3 || !(e instanceof PortTaken)) throw e;
    }
  }
}

class PortTaken extends Error {}

function readLog(file: string): string {
  return existsSync(file) ? `\n${readFileSync(file, 'utf8').slice(-2000)}` : '';
}

async function launch(opts: StartOptions, port: number): Promise<GearmandHandle> {
  const kind = opts.kind ?? 'gearmand';
  const dir = mkdtempSync(join(tmpdir(), 'gearmand-'));
  const args =
    kind === 'gearmand'
      ? [
          '--port',
          String(port),
          '--listen',
          '127.0.0.1',
          '--log-file',
          join(dir, 'log'),
          '--pid-file',
          join(dir, 'pid'),
          '--threads',
          '1',
          ...(opts.extraArgs ?? []),
        ]
      : ['--port', String(port), '--listen', '127.0.0.1', ...(opts.extraArgs ?? [])];
  const program = kind === 'gearmand' ? C_GEARMAND : PERL_GEARMAND;
  let proc: ChildProcess | undefined;
  try {
    const started = spawnProgram(program, args, ['ignore', 'ignore', 'pipe']);
    proc = started.proc;
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<void>((r) => proc!.once('exit', () => r()));
    await Promise.race([
      waitForPort(port),
      started.failed,
      exited.then(() => {
        const log = kind === 'gearmand' ? readLog(join(dir, 'log')) : '';
        const why = `${program} exited at start: ${stderr}${log}`.trim();
        throw /bind|in use/i.test(why) ? new PortTaken(why) : new Error(why);
      }),
    ]);
    // The port answered: make sure it is this gearmand and not a process that took the port first.
    if (kind === 'gearmand') {
      const pid = /^OK (\d+)/.exec(await adminLine(port, 'getpid'))?.[1];
      if (Number(pid) !== proc.pid)
        throw new PortTaken(
          `127.0.0.1:${port} is served by pid ${pid}, not by the gearmand just started (${proc.pid})`,
        );
    } else if (proc.exitCode !== null) {
      throw new PortTaken(`${program} exited while another process answered on 127.0.0.1:${port}: ${stderr}`);
    }
    const running = proc;
    const finish = async (signal: NodeJS.Signals) => {
      if (running.exitCode === null && running.signalCode === null) {
        running.kill(signal);
        const t = setTimeout(() => running.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    return {
      host: '127.0.0.1',
      port,
      kind,
      process: running,
      stop: () => finish('SIGTERM'),
      kill: () => finish('SIGKILL'),
    };
  } catch (e) {
    proc?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** A running `gearman -w -f NAME -- cmd` worker. */
export interface CliWorker {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the gearman CLI as a worker for `functions`, running `command` per job. */
export function startCliWorker(port: number, functions: string[], command: string[], host = '127.0.0.1'): CliWorker {
  const fargs = functions.flatMap((f) => ['-f', f]);
  const { proc, failed } = spawnProgram(
    'gearman',
    ['-h', host, '-p', String(port), '-w', ...fargs, '--', ...command],
    ['ignore', 'ignore', 'ignore'],
  );
  failed.catch((e: Error) => console.error(e.message));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    process: proc,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
  };
}
