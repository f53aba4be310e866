// The usual end-to-end setting: a real gearmand with a `count_lines` CLI worker, a workspace
// made of the given files, and code-server with the packaged extension pointed at that gearmand.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startCliWorker, startGearmand, type CliWorker, type GearmandHandle } from '../../support/gearmand';
import { startCodeServer, type CodeServer } from './codeServer';
import { openWorkbench, type WorkbenchSession } from './browser';
import type { Workbench } from './workbench';

/** Everything a test drives, and how to stop it. */
export interface GearmanWorkbench {
  gd: GearmandHandle;
  cli: CliWorker;
  server: CodeServer;
  session: WorkbenchSession;
  wb: Workbench;
  stop(): Promise<void>;
}

/** Starts gearmand, `gearman -w -f count_lines -- wc -l`, and code-server on a workspace of `files` (relative path → text), with extra user settings. */
export async function startGearmanWorkbench(
  files: Record<string, string>,
  userSettings: Record<string, unknown> = {},
): Promise<GearmanWorkbench> {
  const gd = await startGearmand();
  const cli = startCliWorker(gd.port, ['count_lines'], ['wc', '-l']);
  const tmp = mkdtempSync(join(tmpdir(), 'gearman-e2e-'));
  const ws = join(tmp, 'ws');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(ws, name)), { recursive: true });
    writeFileSync(join(ws, name), text);
  }
  const server = await startCodeServer({
    workspace: ws,
    userSettings: {
      'gearman.servers': [{ name: 'local', host: '127.0.0.1', port: gd.port }],
      'gearman.refreshInterval': 1,
      ...userSettings,
    },
  });
  const session = await openWorkbench(server);
  await server.waitForActivation();
  return {
    gd,
    cli,
    server,
    session,
    wb: session.workbench,
    async stop() {
      await session.close();
      await server.stop();
      await cli.stop();
      await gd.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
