// Starts a real VS Code (code-server 4.100.3, built by scripts/code-server.sh into a
// cache outside the repo) with the packaged extension installed, on a free port, in
// throw-away user-data and extensions folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { killProcessesMarked, waitUntil } from './processes';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '../../..');
/** The packaged extension the tests install, as users would. */
export const VSIX = join(REPO_ROOT, 'dist/gearman.vsix');
/** The Gearman extension's id (publisher.name). */
export const GEARMAN_EXTENSION_ID = 'gearman-tools.gearman-vscode';

/** Builds code-server into the cache if needed (scripts/code-server.sh) and returns its folder. */
export function ensureCodeServer(): string {
  const r = spawnSync('bash', [join(REPO_ROOT, 'scripts/code-server.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  const dir = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !existsSync(join(dir, 'out/node/entry.js'))) {
    throw new Error(`scripts/code-server.sh failed (exit ${r.status ?? r.signal}); run it by hand to see why`);
  }
  return dir;
}

const PACKAGED_SOURCES = [
  'package.json',
  '.vscodeignore',
  'client/src',
  'server/src',
  'server/queries',
  'syntaxes',
  'media',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/**
 * Returns dist/gearman.vsix, running `npm run package` first if it is missing, or (with
 * rebuildIfStale, as the e2e global setup does once per run) older than its sources.
 */
export function ensureVsix(rebuildIfStale = false): string {
  const built = existsSync(VSIX) ? statSync(VSIX).mtimeMs : 0;
  const sources = rebuildIfStale ? Math.max(...PACKAGED_SOURCES.map((p) => newestMtime(join(REPO_ROOT, p)))) : 0;
  if (built > 0 && built >= sources) return VSIX;
  const r = spawnSync('npm', ['run', '--silent', 'package'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 5 * 60_000,
  });
  if (r.status !== 0 || !existsSync(VSIX))
    throw new Error(`npm run package failed (exit ${r.status ?? r.signal}); dist/gearman.vsix was not built`);
  return VSIX;
}

/** Options for startCodeServer. */
export interface CodeServerOptions {
  /** Folder to open. Copied to a temp folder first unless copyWorkspace is false. */
  workspace: string;
  /** Copy the workspace so tests may change it freely (default true). */
  copyWorkspace?: boolean;
  /** Leave workspace trust on, so the trust dialog shows (default false: trust disabled). */
  workspaceTrust?: boolean;
  /** Extra user settings (User/settings.json), merged over the test defaults. */
  userSettings?: Record<string, unknown>;
  /** Workspace settings written to <workspace>/.vscode/settings.json (merged with what is there). */
  workspaceSettings?: Record<string, unknown>;
  /** .vsix files to install (default: the packaged Gearman extension). */
  extensions?: string[];
  /** Environment for code-server and so for the extension host and the language server. */
  env?: Record<string, string | undefined>;
}

/** A running code-server. */
export interface CodeServer {
  /** Workbench URL with the workspace folder open. */
  url: string;
  port: number;
  /** The folder open in the workbench (the temp copy unless copyWorkspace was false). */
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** Value of GEARMAN_E2E_MARKER in the environment of code-server and everything it starts. */
  marker: string;
  /** code-server's own stdout and stderr so far. */
  output(): string;
  /** All extension host logs so far (logs/<session>/exthost<n>/remoteexthost.log). */
  extensionHostLog(): string;
  /** How many extension hosts have started (one per workbench window that connected). */
  extensionHostsStarted(): number;
  /** Waits until the extension host logs its activation, failing early if activation failed. */
  waitForActivation(extensionId?: string, timeoutMs?: number): Promise<void>;
  /** Extensions installed in extensionsDir, as `id@version` (`code-server --list-extensions`). */
  listExtensions(): string[];
  /** Kills code-server and everything it started, and removes the temp folders. */
  stop(): Promise<void>;
}

/** Settings that keep a fresh profile quiet and predictable under test. */
export const TEST_USER_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.view.alwaysShowHeaderActions': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'window.restoreWindows': 'none',
  // code-server otherwise offers to forward every port a process on the machine opens.
  'remote.autoForwardPorts': false,
};

function writeJson(file: string, extra: Record<string, unknown>): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const old = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...old, ...extra }, null, 2));
}

function codeServerCli(root: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [join(root, 'out/node/entry.js'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0)
    throw new Error(`code-server ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Installs a snapshot of VSIX (`npm run package` replaces it by a rename, so a copy is never half written). */
function installVsix(root: string, dirs: string[], vsix: string, snapshotDir: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(snapshotDir, { recursive: true });
  const copy = join(snapshotDir, basename(vsix));
  cpSync(vsix, copy);
  codeServerCli(root, [...dirs, '--install-extension', copy], env);
}

/** Environment for code-server: the caller's additions, our marker, and no VS Code variables leaking in from a parent editor. */
function serverEnv(tmp: string, marker: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  }
  Object.assign(
    env,
    {
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
      GEARMAN_E2E_MARKER: marker,
    },
    extra,
  );
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
}

function readExtensionHostLogs(userDataDir: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  const out: string[] = [];
  for (const session of readdirSync(logs).sort()) {
    const dir = join(logs, session);
    if (!statSync(dir).isDirectory()) continue;
    for (const host of readdirSync(dir)
      .filter((d) => d.startsWith('exthost'))
      .sort()) {
      const f = join(dir, host, 'remoteexthost.log');
      if (existsSync(f)) out.push(readFileSync(f, 'utf8'));
    }
  }
  return out;
}

/** Starts code-server with the extension(s) installed and the workspace open; resolves once it serves. */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const root = ensureCodeServer();
  const extensions = opts.extensions ?? [ensureVsix()];
  const tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-'));
  const userDataDir = join(tmp, 'user-data');
  const extensionsDir = join(tmp, 'extensions');
  const marker = randomUUID();
  const env = serverEnv(tmp, marker, opts.env);
  let child: ChildProcess | undefined;
  try {
    let workspace = resolve(opts.workspace);
    if (opts.copyWorkspace !== false) {
      const copy = join(tmp, 'workspace');
      cpSync(workspace, copy, { recursive: true });
      workspace = copy;
    }
    if (opts.workspaceSettings) writeJson(join(workspace, '.vscode/settings.json'), opts.workspaceSettings);
    writeJson(join(userDataDir, 'User/settings.json'), {
      ...TEST_USER_SETTINGS,
      ...(opts.workspaceTrust ? {} : { 'security.workspace.trust.enabled': false }),
      ...opts.userSettings,
    });
    const dirs = [
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--config',
      join(tmp, 'config.yaml'),
    ];
    for (const vsix of extensions) installVsix(root, dirs, vsix, join(tmp, 'vsix'), env);

    let output = '';
    child = spawn(
      process.execPath,
      [
        join(root, 'out/node/entry.js'),
        ...dirs,
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        workspace,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const proc = child;
    proc.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
    });

    const base = await waitUntil('code-server to listen', 90_000, () => {
      if (exited) throw new Error(`code-server exited before serving:\n${output}`);
      return /HTTP server listening on (http:\/\/[\d.]+:\d+)\//.exec(output)?.[1];
    });
    await waitUntil('code-server /healthz to answer', 30_000, async () => {
      if (exited) throw new Error(`code-server exited before serving:\n${output}`);
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      return res?.ok;
    });

    let stopped = false;
    const server: CodeServer = {
      url: `${base}/?folder=${encodeURIComponent(workspace)}`,
      port: Number(new URL(base).port),
      workspace,
      userDataDir,
      extensionsDir,
      marker,
      output: () => output,
      extensionHostLog: () => readExtensionHostLogs(userDataDir).join('\n'),
      extensionHostsStarted: () =>
        readExtensionHostLogs(userDataDir).filter((l) => /Extension host with pid \d+ started/.test(l)).length,
      waitForActivation: async (id = GEARMAN_EXTENSION_ID, timeoutMs = 60_000) => {
        await waitUntil(`extension ${id} to activate (see ${userDataDir}/logs)`, timeoutMs, () => {
          const log = server.extensionHostLog();
          const failed = new RegExp(
            `Activating extension '?${id.replace(/\./g, '\\.')}'? failed[^\n]*(\n[^\n]*){0,5}`,
            'i',
          ).exec(log);
          if (failed) throw new Error(`extension ${id} failed to activate:\n${failed[0]}`);
          return log.includes(`_doActivateExtension ${id}`);
        });
      },
      listExtensions: () =>
        codeServerCli(root, [...dirs, '--list-extensions', '--show-versions'], env)
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stopGroup(proc, marker);
        rmSync(tmp, { recursive: true, force: true });
      },
    };
    return server;
  } catch (e) {
    if (child) await stopGroup(child, marker);
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** SIGTERM to code-server's process group, SIGKILL after 5 s, then any straggler carrying our marker (extension hosts, language servers). */
async function stopGroup(proc: ChildProcess, marker: string): Promise<void> {
  const pid = proc.pid;
  if (pid !== undefined && proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000));
    if ((await Promise.race([exited, timer])) === 'timeout') {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited;
    }
  }
  await killProcessesMarked('GEARMAN_E2E_MARKER', marker);
}
