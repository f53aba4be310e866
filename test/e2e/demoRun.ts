// Runs scripts/demo.sh as a newcomer would (`npm run demo`), with its own state folder and
// ports, in a terminal (a pseudo-terminal from util-linux `script`, so Ctrl-C is a real
// keystroke) or not, and finds every process it started by a marker in their environment.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/gearmand';
import { GEARMAN_EXTENSION_ID, REPO_ROOT, type CodeServer } from './support/codeServer';
import { processesMarked, waitUntil } from './support/processes';

/** Environment variable every process the demo starts inherits from the test. */
export const MARKER_VAR = 'GEARMAN_DEMO_TEST_MARKER';

/** A running demo. */
export interface DemoRun {
  state: string;
  /** The workbench URL the demo printed. */
  url: string;
  vsCodePort: number;
  gearmanPort: number;
  /** The commands the demo printed to stop and start its gearmand. */
  stopGearmand: string;
  startGearmand: string;
  marker: string;
  /** Everything the demo printed so far. */
  output(): string;
  /** True until the demo's own process has exited. */
  running(): boolean;
  /** Resolves with the exit code (or signal) once the demo has exited. */
  exited: Promise<number | string>;
  /** Presses Ctrl-C in the demo's terminal (terminal runs only). */
  pressCtrlC(): void;
  /** Sends a signal to the demo's process itself (bash scripts/demo.sh). */
  signal(sig: NodeJS.Signals): void;
  /** Pids of live processes carrying this run's marker. */
  processes(): number[];
  /** Runs a shell command the demo printed, with this run's marker; returns its output. */
  run(command: string): string;
  /** A CodeServer view of the demo's code-server, for openWorkbench. */
  codeServer(): CodeServer;
}

/** Starts scripts/demo.sh with the .vsix the e2e global setup built, and waits until it prints its URL. */
export async function startDemo(opts: { state: string; terminal: boolean; timeoutMs?: number }): Promise<DemoRun> {
  const [vsCodePort, gearmanPort] = [await freePort(), await freePort()];
  const marker = randomUUID();
  const env = {
    ...process.env,
    [MARKER_VAR]: marker,
    DEMO_STATE: opts.state,
    DEMO_PORT: String(vsCodePort),
    DEMO_GEARMAN_PORT: String(gearmanPort),
    DEMO_SKIP_BUILD: '1',
  };
  const script = join(REPO_ROOT, 'scripts/demo.sh');
  // `script -qfec CMD /dev/null` runs CMD on a new pseudo-terminal and copies our stdin to it.
  const proc: ChildProcess = opts.terminal
    ? spawn('script', ['-qfec', `bash ${script}`, '/dev/null'], {
        env,
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      })
    : spawn('bash', [script], { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    proc.once('exit', (code, sig) => {
      done = true;
      resolve(code ?? sig ?? 'unknown');
    }),
  );
  // In a terminal, the demo is the child of `script`: find it by its marker and command line.
  const demoPid = (): number | undefined =>
    opts.terminal
      ? processesMarked(MARKER_VAR, marker).find((p) => cmdline(p).join(' ') === `bash ${script}`)
      : proc.pid;

  const url = await waitUntil(`the demo to print its URL (output so far:\n${out})`, opts.timeoutMs ?? 300_000, () => {
    if (done) throw new Error(`the demo exited before it was up:\n${out}`);
    return /VS Code:\s+(http:\/\/\S+)/.exec(out)?.[1];
  });
  const printed = (verb: string) => {
    const m = new RegExp(`${verb}:\\s+(.*demo-gearmand\\.sh ${verb})`).exec(out);
    if (!m) throw new Error(`the demo did not print how to ${verb} its gearmand:\n${out}`);
    return m[1].trim();
  };
  const run: DemoRun = {
    state: opts.state,
    url,
    vsCodePort,
    gearmanPort,
    marker,
    stopGearmand: printed('stop'),
    startGearmand: printed('start'),
    output: () => out,
    running: () => !done,
    exited,
    pressCtrlC: () => {
      if (!opts.terminal) throw new Error('not a terminal run');
      proc.stdin?.write('\x03');
    },
    signal: (sig) => {
      const pid = demoPid();
      if (!pid) throw new Error('the demo process is gone');
      process.kill(pid, sig);
    },
    processes: () => processesMarked(MARKER_VAR, marker),
    run: (command) => {
      const r = spawnSync('bash', ['-c', command], { env, encoding: 'utf8', timeout: 60_000 });
      if (r.status !== 0) throw new Error(`${command} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
      return r.stdout;
    },
    codeServer: () => demoCodeServer(run),
  };
  return run;
}

/** Command line of a process ([] once it is gone). */
export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Describes the marked processes still alive, for a failure message. */
export function describeProcesses(pids: number[]): string {
  return pids.map((p) => `${p} ${cmdline(p).join(' ').slice(0, 160)}`).join('\n');
}

/** Every extension host log of a user-data folder (logs/<session>/exthost<n>/remoteexthost.log). */
function extensionHostLogs(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs)
    .flatMap((session) => {
      const dir = join(logs, session);
      return existsSync(dir) && statSync(dir).isDirectory()
        ? readdirSync(dir)
            .filter((d) => d.startsWith('exthost'))
            .map((h) => join(dir, h, 'remoteexthost.log'))
        : [];
    })
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'));
}

/** The demo's code-server as the e2e harness sees a code-server (what openWorkbench reads). */
function demoCodeServer(demo: DemoRun): CodeServer {
  const userDataDir = join(demo.state, 'user-data');
  const unsupported = (what: string) => () => {
    throw new Error(`${what}: the demo owns its code-server`);
  };
  return {
    url: demo.url,
    port: demo.vsCodePort,
    workspace: join(demo.state, 'workspace'),
    userDataDir,
    extensionsDir: join(demo.state, 'extensions'),
    marker: demo.marker,
    output: () => readFileSync(join(demo.state, 'code-server.log'), 'utf8'),
    extensionHostLog: () => extensionHostLogs(userDataDir).join('\n'),
    extensionHostsStarted: () =>
      extensionHostLogs(userDataDir).filter((l) => /Extension host with pid \d+ started/.test(l)).length,
    waitForActivation: async (id = GEARMAN_EXTENSION_ID, timeoutMs = 60_000) => {
      await waitUntil(`extension ${id} to activate in the demo`, timeoutMs, () =>
        extensionHostLogs(userDataDir).some((l) => l.includes(`_doActivateExtension ${id}`)),
      );
    },
    listExtensions: unsupported('listExtensions'),
    stop: unsupported('stop'),
  };
}
