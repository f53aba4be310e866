// Runs suite/ in VS Code desktop through @vscode/test-electron. VS Code desktop comes
// from its own download site (or VSCODE_EXECUTABLE_PATH); where neither is available
// the caller skips, with the reason electronSkipReason() gives.
import { runTests } from '@vscode/test-electron';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSuite } from './build';

/** The oldest VS Code the extension supports (engines.vscode ^1.100.0). */
export const VSCODE_VERSION = '1.100.3';
/** Where downloaded VS Code builds are kept, outside the repo. */
export const VSCODE_TEST_CACHE = join(
  process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
  'gearman-vscode',
  'vscode-test',
);

const REPO_ROOT = resolve(__dirname, '../..');
const UPDATE_SITE = 'https://update.code.visualstudio.com/api/releases/stable';

function onPath(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

/** Why VS Code desktop cannot be had here, or undefined if it can. */
async function downloadSkipReason(): Promise<string | undefined> {
  if (process.env.VSCODE_EXECUTABLE_PATH) return undefined;
  if (existsSync(join(VSCODE_TEST_CACHE, `vscode-linux-x64-${VSCODE_VERSION}`))) return undefined;
  try {
    const res = await fetch(UPDATE_SITE, { signal: AbortSignal.timeout(5_000) });
    return res.ok
      ? undefined
      : `VS Code ${VSCODE_VERSION} cannot be downloaded: ${UPDATE_SITE} answered ${res.status}; set VSCODE_EXECUTABLE_PATH to a VS Code binary`;
  } catch (e) {
    const why = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    return `VS Code ${VSCODE_VERSION} cannot be downloaded here (${UPDATE_SITE}: ${why}); set VSCODE_EXECUTABLE_PATH to a VS Code binary to run it`;
  }
}

/**
 * What to do when the desktop suite cannot run for REASON (undefined: it can): skip and say why,
 * or, with REQUIRE_DESKTOP=1 (a machine that must run it), fail with the reason.
 */
export function desktopDecision(
  reason: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { run: true } | { run: false; skip: string } {
  if (reason === undefined) return { run: true };
  if (env.REQUIRE_DESKTOP === '1')
    throw new Error(`REQUIRE_DESKTOP=1 is set, but the VS Code desktop suite cannot run here: ${reason}`);
  return { run: false, skip: reason };
}

/**
 * Why the desktop suite cannot run here (all reasons, joined), or undefined if it can. It may
 * ask the download site, so call it from inside the test, never while a test file loads.
 */
export async function electronSkipReason(): Promise<string | undefined> {
  const reasons = [await downloadSkipReason()];
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !onPath('Xvfb')) {
    reasons.push('VS Code desktop needs a display: no DISPLAY is set and Xvfb is not installed (apt-get install xvfb)');
  }
  const found = reasons.filter((r): r is string => r !== undefined);
  return found.length > 0 ? found.join('; ') : undefined;
}

/** Starts Xvfb on an unused display number when there is no display, and waits for its socket. */
async function startXvfb(): Promise<{ display: string; proc: ChildProcess } | undefined> {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return undefined;
  let n = 90 + Math.floor(Math.random() * 400);
  while (existsSync(`/tmp/.X11-unix/X${n}`)) n++;
  const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(`/tmp/.X11-unix/X${n}`)) {
    proc.kill('SIGKILL');
    throw new Error(`Xvfb :${n} did not start within 10 s`);
  }
  return { display: `:${n}`, proc };
}

/** Runs the suite against the extension in this repo (dist/ must be built); rejects if any check fails. */
export async function runElectronTests(workspace: string): Promise<void> {
  const exe = process.env.VSCODE_EXECUTABLE_PATH;
  if (exe && !existsSync(exe)) throw new Error(`VSCODE_EXECUTABLE_PATH=${exe} does not exist`);
  const xvfb = await startXvfb();
  const tmp = mkdtempSync(join(tmpdir(), 'gearman-electron-'));
  try {
    const suite = await buildSuite(join(tmp, 'out'));
    await runTests({
      ...(exe ? { vscodeExecutablePath: exe } : { version: VSCODE_VERSION, cachePath: VSCODE_TEST_CACHE }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suite,
      extensionTestsEnv: xvfb ? { DISPLAY: xvfb.display } : undefined,
      launchArgs: [
        workspace,
        '--user-data-dir',
        join(tmp, 'user-data'),
        '--extensions-dir',
        join(tmp, 'extensions'),
        '--disable-workspace-trust',
        '--disable-gpu',
        '--no-sandbox',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } finally {
    xvfb?.proc.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  }
}
